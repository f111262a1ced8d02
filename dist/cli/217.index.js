export const id = 217;
export const ids = [217];
export const modules = {

/***/ 8217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCommand: () => (/* binding */ runCommand)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/core/shardResult.ts
var shardResult = __webpack_require__(1298);
// EXTERNAL MODULE: ./src/config/validate.ts
var validate = __webpack_require__(2526);
// EXTERNAL MODULE: ./src/local/store.ts
var local_store = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/roles/files.ts
var roles_files = __webpack_require__(8394);
// EXTERNAL MODULE: ./src/core/attempts.ts
var attempts = __webpack_require__(3449);
// EXTERNAL MODULE: ./src/core/costs.ts
var costs = __webpack_require__(5813);
// EXTERNAL MODULE: ./src/core/order.ts
var order = __webpack_require__(2831);
;// CONCATENATED MODULE: ./src/core/floor.ts
/**
 * The plan's floor: a file kept whole (its runner cannot select single tests, or the history keeps
 * it whole) whose own time is more than the suite's total ÷ N. No plan can share it, so the
 * slowest shard takes at least that long, however many shards there are. Pure.
 */

/** Heaviest first (ties by path); at most `max`. */
function heavyFiles(plan, tests, visits, max = 5) {
    const shards = plan.shards.length;
    if (shards < 2)
        return [];
    const shareSeconds = plan.totalSeconds / shards;
    const whole = new Map();
    for (const shard of plan.shards)
        for (const file of shard.files)
            whole.set(file, shard.index);
    const seconds = new Map();
    for (const t of tests) {
        if (whole.has(t.file))
            seconds.set(t.file, (seconds.get(t.file) ?? 0) + t.seconds);
    }
    const heavy = [];
    for (const [file, testSeconds] of seconds) {
        const total = testSeconds + (visits?.get(file) ?? 0);
        // A millisecond of slack: the planner rounds every test to whole milliseconds.
        if (total > shareSeconds + 0.001) {
            heavy.push({ file, seconds: total, shareSeconds, shard: whole.get(file) });
        }
    }
    return heavy
        .sort((a, b) => b.seconds - a.seconds || (0,order/* compareCodeUnits */.U)(a.file, b.file))
        .slice(0, max);
}
/** "+45% (+12.3 s)": how far a heavy file is over the even share. */
function overShare(file) {
    return {
        percent: file.shareSeconds > 0 ? (file.seconds / file.shareSeconds - 1) * 100 : Infinity,
        seconds: file.seconds - file.shareSeconds,
    };
}

// EXTERNAL MODULE: ./src/core/quarantine.ts
var quarantine = __webpack_require__(5659);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/storedPlan.ts
/**
 * A plan computed once (by the plan role) and replayed by every shard, including re-runs of a
 * single shard: `<prefix>-plan/plan.json`. Pure helpers to validate it and to place files that
 * the plan does not know (a checkout that gained a file after planning) deterministically.
 */

const STORED_PLAN_SCHEMA = 'evenshard-plan/1';
function validateStoredPlan(value) {
    const v = value;
    if (!v ||
        v.schema !== STORED_PLAN_SCHEMA ||
        !v.plan ||
        !Array.isArray(v.plan.shards) ||
        !Array.isArray(v.discoveredFiles)) {
        throw new Error(`not an ${STORED_PLAN_SCHEMA} document`);
    }
    return v;
}
/**
 * Shard (1-based) for a file the plan does not contain: a hash of its path, so every shard
 * computes the same owner without talking to the others.
 */
function shardForUnplannedFile(file, shards) {
    const digest = (0,external_node_crypto_.createHash)('sha256').update(file).digest();
    return (digest.readUInt32BE(0) % shards) + 1;
}

// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/summary/insights.ts
var summary_insights = __webpack_require__(1559);
// EXTERNAL MODULE: ./src/summary/budget.ts
var summary_budget = __webpack_require__(7111);
// EXTERNAL MODULE: ./src/summary/failedTests.ts
var failedTests = __webpack_require__(8374);
// EXTERNAL MODULE: ./src/summary/format.ts
var format = __webpack_require__(8893);
// EXTERNAL MODULE: ./src/summary/markup.ts
var markup = __webpack_require__(2594);
;// CONCATENATED MODULE: ./src/summary/shardSummary.ts
/**
 * The job summary one shard job writes (GITHUB_STEP_SUMMARY): GitHub-flavoured Markdown with raw
 * HTML. Read top to bottom it answers, in order: did my shard pass (headline), what broke
 * (failures), was the plan right (plan vs actual), where the time went (slowest tests) and how
 * good the timing data was (estimates).
 *
 * Every untrusted string goes through the escaping helpers of `markup.ts` and sits inside an HTML
 * block (a block that starts with `<table>`, `<details>` or `<p>` and has no blank line inside), so
 * Markdown never reads it. The text stays under `maxBytes` (`budget.ts`): GitHub drops step
 * summaries over 1 MiB.
 */









const DEFAULT_SLOWEST = 10;
const DEFAULT_FAILURES = 50;
const ARTIFACT_HINT = 'see the uploaded results artifact';
const BUDGET_NOTE = (0,summary_budget/* budgetNote */.eu)('the uploaded results artifact has everything');
function renderShardSummary(result, options = {}) {
    const maxBytes = options.maxBytes ?? summary_budget/* DEFAULT_SUMMARY_MAX_BYTES */._u;
    const slowestCount = Math.max(0, Math.floor(options.slowest ?? DEFAULT_SLOWEST));
    const failureCount = Math.max(0, Math.floor(options.failures ?? DEFAULT_FAILURES));
    const counts = (0,shardResult/* countOutcomes */.XF)(result.results);
    const empty = result.plannedTests.length === 0 &&
        result.plannedFiles.length === 0 &&
        result.results.length === 0;
    const head = empty ? renderEmptyHeadline(result) : renderHeadline(result, counts);
    const plan = renderPlan(result);
    const estimates = renderEstimates(result, options.historySource);
    // Sections are spent from one budget in order of importance; the page keeps reading order.
    // Each section costs its bytes plus the blank line ("\n\n") that separates it from the next.
    let remaining = maxBytes - (0,summary_budget/* cost */.y)(head) - (0,summary_budget/* cost */.y)(BUDGET_NOTE);
    let dropped = false;
    const failed = result.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
    let failures = '';
    if (failed.length > 0) {
        // Failures may not starve the small plan and estimates sections unless they cannot fit at all.
        const reserved = (0,summary_budget/* cost */.y)(plan) + (0,summary_budget/* cost */.y)(estimates);
        let list = renderFailures(failed, failureCount, remaining - reserved);
        if (list.text === '')
            list = renderFailures(failed, failureCount, remaining);
        failures = list.text;
        dropped ||= list.cut;
        remaining -= (0,summary_budget/* cost */.y)(failures);
    }
    const keep = (section) => {
        if (section === '')
            return '';
        if ((0,summary_budget/* cost */.y)(section) > remaining) {
            dropped = true;
            return '';
        }
        remaining -= (0,summary_budget/* cost */.y)(section);
        return section;
    };
    const insights = (0,summary_insights/* renderInsightSections */.t$)(shardInsights(result, options));
    for (const section of insights.filter((x) => x.essential))
        remaining -= (0,summary_budget/* cost */.y)(section.text);
    const keptInsights = insights.map((x) => (x.essential ? x.text : keep(x.text)));
    const keptPlan = keep(plan);
    const keptEstimates = keep(estimates);
    let slowest = '';
    if (slowestCount > 0 && result.results.length > 0) {
        const list = renderSlowest(result.results, slowestCount, remaining);
        slowest = list.text;
        dropped ||= list.cut;
    }
    const sections = [
        head,
        failures,
        ...keptInsights,
        keptPlan,
        slowest,
        keptEstimates,
        dropped ? BUDGET_NOTE : '',
    ];
    return (0,summary_budget/* joinBlocks */.x9)(sections, maxBytes);
}
/** Flaky tests, quarantined failures and attempts of one shard. */
function shardInsights(result, options) {
    const quarantined = new Set(options.quarantined ?? []);
    const later = result.results.filter((r) => (r.runAttempt ?? 1) > 1);
    return {
        flakyInRun: (0,attempts/* flakyResults */.w9)(result.results),
        quarantined: result.results.filter((r) => quarantined.has(r.id)),
        ...(options.quarantineSource ? { quarantineSource: options.quarantineSource } : {}),
        ...((result.runAttempt ?? 1) > 1
            ? { attempts: { byAttempt: (0,attempts/* resultsByRunAttempt */.e3)(result.results), later } }
            : {}),
    };
}
function renderHeadline(result, counts) {
    const broken = counts.failed + counts.errors;
    const noResults = counts.tests === 0;
    const icon = broken > 0 || result.exitCode !== 0 ? '❌' : noResults ? '⚠️' : '✅';
    const outcomes = [
        `${(0,format/* formatCount */.B4)(counts.passed)} passed`,
        `${(0,format/* formatCount */.B4)(counts.failed)} failed`,
        ...(counts.errors > 0 ? [(0,format/* plural */.LS)(counts.errors, 'error', 'errors')] : []),
        `${(0,format/* formatCount */.B4)(counts.skipped)} skipped`,
    ].join(', ');
    const lines = [
        `### ${icon} Shard ${(0,format/* formatCount */.B4)(result.shard)} of ${(0,format/* formatCount */.B4)(result.shards)} — ` +
            `${(0,format/* plural */.LS)(counts.tests, 'test', 'tests')}: ${outcomes} · ` +
            `${(0,format/* formatDuration */.a3)(actualOf(result))} (planned ${(0,format/* formatDuration */.a3)(result.estimatedSeconds)})`,
    ];
    if (noResults) {
        const planned = result.plannedTests.length;
        lines.push(`<p>⚠️ No test results were found, although the plan gave this shard ` +
            `${planned > 0 ? (0,format/* plural */.LS)(planned, 'test', 'tests') : (0,format/* plural */.LS)(result.plannedFiles.length, 'file', 'files')}` +
            ` (exit code ${(0,markup/* exitCodeText */.p3)(result.exitCode)}). The job log has the cause: often the ` +
            `test command did not start, or wrote its report somewhere else.</p>`);
    }
    else if (broken === 0 && result.exitCode !== 0) {
        lines.push(`<p>⚠️ The test command exited with code ${(0,markup/* exitCodeText */.p3)(result.exitCode)} although no ` +
            `test failed. The job log has the cause: often a collection or import error, a failing ` +
            `fixture outside any test, or a crash.</p>`);
    }
    return lines.join('\n\n');
}
function renderEmptyHeadline(result) {
    const title = `Shard ${(0,format/* formatCount */.B4)(result.shard)} of ${(0,format/* formatCount */.B4)(result.shards)} — nothing to run`;
    if (result.discoveredFiles.length === 0) {
        return (`### ⚠️ ${title}\n\n` +
            `<p>No test files were found in the checkout, so no shard has anything to run. If that is ` +
            `unexpected, check the <code>framework</code> input and where the tests live.</p>`);
    }
    return (`### ✅ ${title}\n\n` +
        `<p>There were more shards (${(0,format/* formatCount */.B4)(result.shards)}) than test units to hand out, so ` +
        `this shard got none. <b>This is fine</b>: it is planned that way, and the job passes. ` +
        `Every test still runs exactly once, in the other shards; fewer shards would save this ` +
        `runner.</p>`);
}
/** The failed tests under their heading; nothing at all when not even the heading fits. */
function renderFailures(failed, limit, budget) {
    const heading = (0,failedTests/* failedTestsHeading */.J)(failed.length);
    const list = (0,failedTests/* failedTestRows */.$)(failed, { limit, shardColumn: false, hint: ARTIFACT_HINT });
    const fitted = (0,summary_budget/* fitRows */.zV)(list, budget - (0,summary_budget/* cost */.y)(heading));
    return fitted.text === ''
        ? { text: '', cut: true }
        : { text: `${heading}\n\n${fitted.text}`, cut: fitted.cut };
}
/** Off by more than this (and by more than a few seconds), the plan deserves a look. */
const SURPRISE_RATIO = 0.25;
const SURPRISE_SECONDS = 10;
/** What the plan's estimate is compared with: the wall when the plan predicted wall time. */
function actualOf(result) {
    return result.predictsWall && result.wallSeconds != null
        ? result.wallSeconds
        : result.testSeconds;
}
function renderPlan(result) {
    const planned = result.estimatedSeconds;
    const actual = actualOf(result);
    const wall = actual !== result.testSeconds;
    const ran = result.results.length > 0 || actual > 0;
    const surprising = ran &&
        Math.abs(actual - planned) > SURPRISE_SECONDS &&
        Math.abs(actual - planned) > SURPRISE_RATIO * planned;
    const nothingPlanned = result.plannedTests.length === 0 && result.plannedFiles.length === 0;
    const testTime = nothingPlanned && !ran
        ? '<em>nothing to run</em>'
        : ran
            ? `${(0,format/* formatDuration */.a3)(planned)} → <b>${(0,format/* formatDuration */.a3)(actual)}</b> ` +
                `(${(0,format/* formatDeviation */.vl)(actual, planned)}${surprising ? ' ⚠️ stale timings or a changed test?' : ''})`
            : `${(0,format/* formatDuration */.a3)(planned)} → <em>did not run</em>`;
    const overhead = result.overheadSeconds === null
        ? '<em>not measured</em>'
        : (0,format/* formatDuration */.a3)(result.overheadSeconds);
    const gap = (0,format/* formatDeviation */.vl)(result.makespanSeconds, result.lowerBoundSeconds);
    const makespan = `${(0,format/* formatDuration */.a3)(result.makespanSeconds)}, ` +
        `${gap === '±0%' ? 'at' : `${gap} over`} the lower bound of ` +
        `${(0,format/* formatDuration */.a3)(result.lowerBoundSeconds)} <sub>max(total ÷ ${(0,format/* formatCount */.B4)(result.shards)} ` +
        `shards, longest unit)</sub>`;
    const floor = (result.heavyFiles ?? []).map((h) => {
        const over = overShare(h);
        return (`<br>The plan's floor: ${(0,markup/* codeText */.ph)(h.file)} runs whole and takes ${(0,format/* formatDuration */.a3)(h.seconds)}, ` +
            `<b>${Math.round(over.percent)}% (${(0,format/* formatDuration */.a3)(over.seconds)}) over</b> total ÷ ${(0,format/* formatCount */.B4)(result.shards)} shards ` +
            `(${(0,format/* formatDuration */.a3)(h.shareSeconds)}): split the file to go faster`);
    });
    const plan = `${(0,markup/* fingerprintCode */.QI)(result.planFingerprint, { title: true })} · ${(0,markup/* labelText */.QK)(result.framework)} · ` +
        `${(0,format/* plural */.LS)(result.plannedTests.length, 'planned test', 'planned tests')}, ` +
        `${(0,format/* plural */.LS)(result.plannedFiles.length, 'whole file', 'whole files')}`;
    const row = (label, value) => `<tr><td>${label}</td><td>${value}</td></tr>`;
    return [
        '#### Plan vs actual',
        '',
        '<table>',
        '<tbody>',
        row(wall
            ? "This shard's wall (job start → tests done), planned → actual"
            : "This shard's test time, planned → actual", testTime),
        row('Fixed overhead, job start → first test', overhead),
        row("Plan's slowest shard (makespan)", makespan + floor.join('')),
        row('Plan', plan),
        '</tbody>',
        '</table>',
    ].join('\n');
}
/** The `count` slowest results, slowest first (ties by id), without sorting all of them. */
function slowestResults(results, count) {
    const top = [];
    const slower = (a, b) => a.seconds > b.seconds || (a.seconds === b.seconds && (0,order/* compareCodeUnits */.U)(a.id, b.id) < 0);
    for (const r of results) {
        if (!Number.isFinite(r.seconds))
            continue;
        if (top.length === count && !slower(r, top[top.length - 1]))
            continue;
        let i = top.length;
        while (i > 0 && slower(r, top[i - 1]))
            i -= 1;
        top.splice(i, 0, r);
        if (top.length > count)
            top.pop();
    }
    return top;
}
const OUTCOME_ICON = {
    passed: '',
    failed: ' ❌',
    error: ' ❌',
    skipped: ' ⏭️',
};
function renderSlowest(results, count, budget) {
    const top = slowestResults(results, count);
    if (top.length === 0)
        return { text: '', cut: false };
    let inTests = 0;
    for (const r of results)
        if (Number.isFinite(r.seconds))
            inTests += r.seconds;
    const topSeconds = top.reduce((sum, r) => sum + r.seconds, 0);
    const summary = `<summary><b>Slowest ${(0,format/* plural */.LS)(top.length, 'test', 'tests')}</b> — ${(0,format/* formatDuration */.a3)(topSeconds)} ` +
        `together, ${(0,format/* formatPercent */.l9)(topSeconds, inTests)} of the time spent in tests</summary>`;
    const rows = {
        total: top.length,
        limit: top.length,
        row: (i) => {
            const r = top[i];
            return `<tr><td align="right">${i + 1}</td><td>${(0,markup/* codeText */.ph)(r.id)}${OUTCOME_ICON[r.outcome]}</td><td align="right">${(0,format/* formatDuration */.a3)(r.seconds)}</td></tr>`;
        },
        open: `<details>\n${summary}\n<table>\n<thead><tr><th>#</th><th align="left">Test</th><th align="right">Time</th></tr></thead>\n<tbody>`,
        close: `${markup/* TABLE_CLOSE */.qY}\n</details>`,
        more: (omitted, shown) => (0,markup/* moreLine */.g0)(omitted, shown, 'slow test', 'slow tests', ARTIFACT_HINT),
    };
    const list = (0,summary_budget/* fitRows */.zV)(rows, budget);
    // A "more" line with no table above it says nothing useful here.
    return list.text.startsWith('<details>') ? list : { text: '', cut: true };
}
const SOURCE_LABELS = {
    measured: 'Measured in earlier runs',
    file: 'Estimated from other tests in the same file',
    directory: 'Estimated from tests in the same folder',
    suite: 'Suite-wide estimate',
    proxy: 'No history: by test count in the source',
};
const SOURCE_ORDER = ['measured', 'file', 'directory', 'suite', 'proxy'];
function renderEstimates(result, historySource) {
    const { counts, suiteEstimateSeconds } = result.estimates;
    const total = SOURCE_ORDER.reduce((sum, source) => sum + (counts[source] ?? 0), 0);
    const history = historySource === undefined
        ? 'history source not reported'
        : historySource.trim().toLowerCase() === 'none'
            ? 'no timing history was found'
            : `history from ${(0,markup/* labelText */.QK)(historySource)}`;
    const measured = counts.measured ?? 0;
    const gist = total === 0
        ? 'nothing was planned'
        : measured === total
            ? `all ${(0,format/* formatCount */.B4)(total)} tests in the plan had measured durations`
            : `${(0,format/* formatCount */.B4)(measured)} of ${(0,format/* formatCount */.B4)(total)} tests in the plan had measured durations ` +
                `(${(0,format/* formatPercent */.l9)(measured, total)})`;
    const rows = SOURCE_ORDER.map((source) => {
        const label = source === 'suite' && (counts.suite ?? 0) > 0
            ? `${SOURCE_LABELS.suite} (${(0,format/* formatDuration */.a3)(suiteEstimateSeconds)} each)`
            : SOURCE_LABELS[source];
        return `<tr><td>${label}</td><td align="right">${(0,format/* formatCount */.B4)(counts[source] ?? 0)}</td></tr>`;
    });
    return [
        '<details>',
        `<summary><b>Estimates</b> — ${gist} · ${history}</summary>`,
        '<table>',
        '<thead><tr><th align="left">Where a planned duration came from</th><th align="right">Tests (all shards)</th></tr></thead>',
        '<tbody>',
        ...rows,
        `<tr><td><b>Total</b></td><td align="right"><b>${(0,format/* formatCount */.B4)(total)}</b></td></tr>`,
        '</tbody>',
        '</table>',
        '</details>',
    ].join('\n');
}

// EXTERNAL MODULE: ./src/roles/planSuite.ts
var planSuite = __webpack_require__(8048);
;// CONCATENATED MODULE: ./src/roles/runShard.ts
/**
 * The run role: fetch history → discover → plan → run this shard → record → upload → summarize.
 * Thin orchestration over the ports; the GitHub entry (src/github/runAction.ts) and the CLI
 * (src/cli/run.ts) differ only in the ports they pass in.
 */















async function runShard(config, ports) {
    const { log, runner } = ports;
    (0,validate/* checkShardIndex */.D0)(config.shard, config.shards, { shard: 'shard', shards: 'shards' });
    const fetchStarted = Date.now();
    const stored = ports.plan ? await ports.plan.fetch() : null;
    const fetched = stored ? null : await ports.history.fetch();
    const planningStarted = Date.now();
    const discovered = await runner.discover(config.root, config.testPatterns);
    if (discovered.length === 0) {
        const where = config.testPatterns?.length
            ? `the 'tests' globs ${JSON.stringify(config.testPatterns)}`
            : `${runner.framework}'s configuration`;
        throw new errors/* ConfigError */.x(`no test files found in ${config.root} using ${where}. Set 'tests' to globs that match your test files, or 'working-directory' to the project folder.`);
    }
    const { plan, estimates, heavy } = stored
        ? { ...replayStoredPlan(stored, discovered, config, log), heavy: [] }
        : planFromHistory(fetched, discovered, config, runner, log);
    const mine = plan.shards[config.shard - 1];
    const planned = Date.now();
    log.info(`evenshard: shard ${config.shard}/${config.shards} runs ${mine.files.length} whole files and ${mine.splits.length} split files ` +
        `(${mine.tests.length} planned tests, ~${(0,format/* formatDuration */.a3)(mine.estimatedSeconds)}; slowest shard ~${(0,format/* formatDuration */.a3)(plan.makespanSeconds)}, ` +
        `lower bound ${(0,format/* formatDuration */.a3)(plan.lowerBoundSeconds)}); plan ${plan.fingerprint.slice(0, 12)}.`);
    // The shard that runs a file too heavy to share says so (once per run, not once per shard).
    for (const file of heavy.filter((h) => h.shard === config.shard)) {
        log.notice(heavyFileNotice(file, config.shards));
    }
    const attempt = config.runAttempt ?? 1;
    const previous = attempt > 1 ? await previousAttempt(config, ports, plan.fingerprint) : null;
    const done = config.rerunFailed && previous ? (0,attempts/* rerunSkips */.Bf)(previous.results) : undefined;
    if (previous && done) {
        log.info(`evenshard: re-run attempt ${attempt} with rerun: failed: ${done.length} tests that passed or skipped in attempt ` +
            `${previous.runAttempt ?? 1} are not run again; the rest of the shard's plan runs.`);
    }
    await (0,promises_.mkdir)(config.workDir, { recursive: true });
    const empty = mine.files.length === 0 && mine.splits.length === 0;
    let run;
    if (empty) {
        log.notice(`evenshard: shard ${config.shard} has nothing to run: there are more shards (${config.shards}) than test units. ` +
            'This is fine; lower `shards` to save runner minutes.');
        const now = Date.now();
        run = {
            exitCode: 0,
            status: { signal: null, finished: true },
            collection: { files: [], selected: [], deselected: [] },
            results: [],
            startedAt: now,
            endedAt: now,
        };
    }
    else {
        run = await log.group(`evenshard: ${runner.framework} shard ${config.shard}/${config.shards}`, () => runner.run({
            root: config.root,
            command: config.command,
            plan,
            shard: config.shard,
            workDir: config.workDir,
            env: config.env,
            ...(done ? { done } : {}),
            // The 'tests' globs are the suite: name the files so pytest collects exactly them.
            explicitFiles: (config.testPatterns?.length ?? 0) > 0,
        }));
        warnAboutUncollected(mine, run.collection ?? null, log);
    }
    const ran = run.results.map((r) => (0,attempts/* withRunAttempt */.Tk)({ ...r }, attempt));
    const results = previous
        ? (0,attempts/* combineRunAttempts */.Be)(previous.results, ran, attempt, { carry: done !== undefined })
        : ran;
    const seconds = (from, to) => from === undefined || to === undefined ? undefined : roundMs(Math.max(0, to - from) / 1000);
    const measured = run.costs;
    const beforeAction = config.actionStartedAt !== undefined && config.actionStartedAt > config.jobStartedAt
        ? seconds(config.jobStartedAt, config.actionStartedAt)
        : undefined;
    const phaseList = [
        ['beforeEvenshard', beforeAction],
        ['cacheRestore', config.preparation?.cacheRestore],
        ['install', config.preparation?.install],
        ['historyFetch', seconds(fetchStarted, planningStarted)],
        ['planning', seconds(planningStarted, planned)],
    ];
    if (!empty) {
        const sessionAt = measured?.sessionStartedAt ?? measured?.collectStartedAt;
        phaseList.push(['processStart', seconds(run.startedAt, sessionAt ?? run.firstTestAt)], ['collection', seconds(sessionAt, run.firstTestAt)], ['tests', seconds(run.firstTestAt, measured?.testsEndedAt)], ['processExit', seconds(measured?.testsEndedAt ?? run.firstTestAt, run.endedAt)]);
    }
    const phases = {};
    for (const [phase, value] of phaseList)
        if (value !== undefined)
            phases[phase] = value;
    const wallSeconds = empty ? null : roundMs((run.endedAt - config.jobStartedAt) / 1000);
    // Coverage goes up before the result is written, so the result can say what uploading cost.
    if (config.coveragePatterns?.length) {
        const uploadStarted = Date.now();
        await saveCoverage(config, ports);
        phases.uploads = roundMs((Date.now() - uploadStarted) / 1000);
    }
    const result = {
        schema: shardResult/* SHARD_RESULT_SCHEMA */.ly,
        shard: config.shard,
        shards: config.shards,
        framework: runner.framework,
        planFingerprint: plan.fingerprint,
        estimatedSeconds: mine.estimatedSeconds,
        makespanSeconds: plan.makespanSeconds,
        lowerBoundSeconds: plan.lowerBoundSeconds,
        plannedFiles: plannedFiles(mine),
        plannedTests: mine.tests,
        discoveredFiles: discovered.map((d) => d.file),
        overheadSeconds: empty
            ? null
            : roundMs(((run.firstTestAt ?? run.endedAt) - config.jobStartedAt) / 1000),
        testSeconds: roundMs((run.endedAt - run.startedAt) / 1000),
        wallSeconds,
        predictsWall: plan.fixedSeconds !== undefined,
        ...(config.kind !== undefined ? { kind: config.kind } : {}),
        ...(plan.speedFactor !== undefined ? { speedFactor: plan.speedFactor } : {}),
        phases,
        costs: (0,costs/* measureShardCosts */.Ve)(run.results, measured, wallSeconds),
        // A re-run that found nothing left to run (every test passed earlier) is not a failed command.
        exitCode: done && ran.length === 0 && !run.commandProblem ? 0 : run.exitCode,
        status: shardStatus(run),
        collection: run.collection ?? null,
        estimates,
        ...(heavy.length ? { heavyFiles: heavy } : {}),
        results,
        ...(attempt > 1 ? { runAttempt: attempt } : {}),
        ...(previous && done
            ? {
                rerun: {
                    fromAttempt: previous.runAttempt ?? 1,
                    carried: results.length - ran.length,
                    ran: ran.length,
                },
            }
            : {}),
    };
    const resultsDir = (0,external_node_path_.join)(config.workDir, 'results');
    await (0,promises_.mkdir)(resultsDir, { recursive: true });
    const resultFiles = [(0,external_node_path_.join)(resultsDir, names/* FILES */.cn.shardResult)];
    await (0,promises_.writeFile)(resultFiles[0], JSON.stringify(result) + '\n');
    if (run.junitPath) {
        try {
            await (0,promises_.copyFile)(run.junitPath, (0,external_node_path_.join)(resultsDir, names/* FILES */.cn.junit));
            resultFiles.push((0,external_node_path_.join)(resultsDir, names/* FILES */.cn.junit));
        }
        catch {
            log.info('evenshard: the test command wrote no JUnit file.');
        }
    }
    await ports.outputs.saveResults(config.shard, resultsDir, resultFiles);
    const counts = (0,shardResult/* countOutcomes */.XF)(result.results);
    const { failing, quarantined } = (0,quarantine/* splitQuarantined */.zn)(result.results, config.quarantine);
    await ports.summary.write(renderShardSummary(result, {
        historySource: stored
            ? `the run's plan ${stored.plan.fingerprint.slice(0, 12)}`
            : (fetched?.description ?? 'none'),
        ...(config.quarantine
            ? { quarantined: quarantined.map((r) => r.id), quarantineSource: config.quarantine.source }
            : {}),
    }));
    for (const r of quarantined) {
        log.warning(`evenshard: quarantined test failed (does not fail the job): ${r.id}${r.message ? ` — ${r.message}` : ''}`);
    }
    if (run.commandProblem)
        return { result, exitCode: 1, failure: run.commandProblem };
    if (failing.length > 0) {
        const excused = quarantined.length ? ` (${quarantined.length} more are quarantined)` : '';
        return {
            result,
            exitCode: 1,
            failure: `${failing.length} of ${counts.tests} tests failed in shard ${config.shard}${excused}.`,
        };
    }
    return { result, exitCode: 0 };
}
/**
 * This shard's results from the previous attempt, when they belong to the same plan: a re-run
 * that planned differently cannot tell which of its tests already ran, so it runs them all.
 */
async function previousAttempt(config, ports, fingerprint) {
    const text = ports.previousAttempt ? await ports.previousAttempt.fetch(config.shard) : null;
    if (text === null) {
        if (config.rerunFailed)
            ports.log.info(`evenshard: no results of an earlier attempt of shard ${config.shard}; running its whole plan.`);
        return null;
    }
    const parsed = (0,shardResult/* parseShardResultText */.U2)(text, config.shard);
    if (typeof parsed === 'string') {
        ports.log.warning(`evenshard: the earlier attempt's results are unusable (${parsed}); running the whole plan.`);
        return null;
    }
    if (parsed.planFingerprint !== fingerprint) {
        ports.log.warning(`evenshard: the earlier attempt of shard ${config.shard} used plan ${parsed.planFingerprint.slice(0, 12)}, this one ${fingerprint.slice(0, 12)}; running the whole plan.`);
        return null;
    }
    return parsed;
}
function planFromHistory(fetched, discovered, config, runner, log) {
    const options = {
        shards: config.shards,
        splitFiles: runner.selectsSingleTests,
        ...(config.kind !== undefined ? { kind: config.kind } : {}),
    };
    let planned;
    try {
        const sources = fetched ? [{ name: fetched.description, text: fetched.text }] : [];
        planned = (0,planSuite/* planSuite */.Y0)(sources, { files: discovered }, options);
    }
    catch (error) {
        if (!fetched)
            throw error;
        log.warning(`evenshard: the history from ${fetched.description} is unreadable (${error.message}); planning without it.`);
        planned = (0,planSuite/* planSuite */.Y0)([], { files: discovered }, options);
    }
    return {
        plan: planned.plan,
        estimates: planned.estimates,
        heavy: heavyFiles(planned.plan, planned.tests, planned.planCosts?.fileVisitSeconds),
    };
}
/** The file (quoted: it is untrusted), its time and how far that is over total ÷ N. */
function heavyFileNotice(file, shards) {
    const over = overShare(file);
    return (`evenshard: ${JSON.stringify(file.file)} takes ~${(0,format/* formatDuration */.a3)(file.seconds)} and runs whole: ` +
        `${Math.round(over.percent)}% (${(0,format/* formatDuration */.a3)(over.seconds)}) over the suite's total ÷ ${shards} shards ` +
        `(${(0,format/* formatDuration */.a3)(file.shareSeconds)}). No plan can make the slowest shard shorter than this file; ` +
        'split it into smaller files to go faster.');
}
/**
 * Uses the run's stored plan. A discovered file the plan does not know (the checkout changed
 * after planning) goes whole to a shard chosen by hashing its path, so it still runs exactly once.
 */
function replayStoredPlan(stored, discovered, config, log) {
    if (stored.plan.shards.length !== config.shards) {
        throw new errors/* ConfigError */.x(`the run's plan has ${stored.plan.shards.length} shards but 'shards' is ${config.shards}: use the plan job's 'shards' output for both the matrix and 'shards'.`);
    }
    const known = new Set(stored.discoveredFiles);
    const extra = discovered.filter((d) => !known.has(d.file)).map((d) => d.file);
    if (extra.length === 0)
        return { plan: stored.plan, estimates: stored.estimates };
    log.warning(`evenshard: ${extra.length} test file(s) are not in the run's plan (the checkout changed after planning); they run whole, placed by a hash of their path.`);
    const shards = stored.plan.shards.map((shard) => ({ ...shard, files: [...shard.files] }));
    for (const file of extra)
        shards[shardForUnplannedFile(file, config.shards) - 1].files.push(file);
    for (const shard of shards)
        shard.files.sort();
    return { plan: { ...stored.plan, shards }, estimates: stored.estimates };
}
async function saveCoverage(config, ports) {
    const files = await (0,roles_files/* findFilesInRoot */.A)(config.root, config.coveragePatterns);
    if (files.length === 0) {
        ports.log.warning(`evenshard: 'coverage' is set but no coverage data matched ${JSON.stringify(config.coveragePatterns)} in ${config.root}. ` +
            'Make the test command write coverage (e.g. pytest --cov, coverage run -m pytest) or set coverage-files.');
        return;
    }
    await ports.outputs.saveCoverage(config.shard, config.root, files);
}
/** How the command ended: the runner's account, its problem always the run's commandProblem. */
function shardStatus(run) {
    const status = run.status ?? {
        signal: null,
        finished: run.commandProblem === undefined,
    };
    if (run.commandProblem !== undefined)
        return { ...status, problem: run.commandProblem };
    return status;
}
/**
 * Planned ids of split files that the runner did not collect. One shard cannot tell a deleted
 * test from an id that means something else in each process (parametrize over a set, ids from
 * hash()); the merge compares the shards' collections and decides. Here it is named early.
 */
function warnAboutUncollected(shard, collection, log) {
    if (collection === null)
        return;
    const collected = new Map(collection.files.map((f) => [f.file, new Set(f.tests)]));
    for (const split of shard.splits) {
        const ids = collected.get(split.file);
        if (ids === undefined)
            continue;
        const planned = split.owner ? split.excluded : split.tests;
        const absent = planned.filter((id) => !ids.has(id));
        if (absent.length === 0)
            continue;
        log.warning(`evenshard: ${split.file}: ${absent.length} of its planned test ids were not collected ` +
            `(e.g. ${absent[0]}): deleted or renamed since the history, or ids that differ between ` +
            'processes (parametrize over a set, ids from hash() or id()). The merge compares what the shards collected.');
    }
}
function plannedFiles(shard) {
    return [...shard.files, ...shard.splits.filter((s) => s.owner).map((s) => s.file)].sort();
}
function roundMs(seconds) {
    return Math.round(seconds * 1000) / 1000;
}

// EXTERNAL MODULE: ./src/runners/index.ts + 9 modules
var runners = __webpack_require__(2397);
// EXTERNAL MODULE: ./src/ports.ts
var ports = __webpack_require__(6467);
// EXTERNAL MODULE: ./src/cli/errors.ts
var cli_errors = __webpack_require__(6675);
;// CONCATENATED MODULE: ./src/cli/run.ts
/** `evenshard run`: run one shard with history and results kept in a local folder. */












async function runCommand(argv, out, context) {
    const { values, positionals } = (0,external_node_util_.parseArgs)({
        args: argv,
        options: {
            shards: { type: 'string' },
            shard: { type: 'string' },
            store: { type: 'string' },
            framework: { type: 'string', default: 'pytest' },
            tests: { type: 'string', multiple: true },
            root: { type: 'string', default: '.' },
            'coverage-files': { type: 'string', multiple: true },
            attempt: { type: 'string', default: '1' },
            rerun: { type: 'string', default: 'all' },
            quarantine: { type: 'string' },
            junit: { type: 'string', multiple: true },
        },
        strict: true,
        allowPositionals: true,
    });
    const shards = (0,validate/* parseNumber */.$J)(values.shards, '--shards', { min: 1, integer: true });
    const shard = (0,validate/* parseNumber */.$J)(values.shard, '--shard', { min: 1, integer: true });
    (0,validate/* checkShardIndex */.D0)(shard, shards, { shard: '--shard', shards: '--shards' });
    if (!values.store)
        throw new cli_errors/* UsageError */.e('--store DIR is required (the folder that keeps history and results)');
    const framework = (0,validate/* oneOf */.yL)(values.framework, runners/* RUNNER_FRAMEWORKS */.BM, '--framework');
    const fallback = (0,runners/* defaultCommand */.zE)(framework);
    const command = positionals.length > 0 ? positionals : fallback && [...fallback];
    if (command === undefined) {
        throw new cli_errors/* UsageError */.e(`--framework ${framework} needs the test command after --, with {files}, {files-list} or {file} where the shard's files go`);
    }
    const root = (0,external_node_path_.resolve)(values.root);
    const attempt = (0,validate/* parseNumber */.$J)(values.attempt, '--attempt', { min: 1, integer: true });
    const rerun = (0,validate/* oneOf */.yL)(values.rerun, ['all', 'failed'], '--rerun');
    const quarantine = values.quarantine
        ? await (0,roles_files/* loadQuarantine */.J)(root, values.quarantine, '--quarantine').catch((error) => {
            throw new cli_errors/* UsageError */.e(error.message);
        })
        : undefined;
    const store = new local_store/* LocalStore */.V((0,external_node_path_.resolve)(values.store), local_store/* consoleLogger */.k);
    const workDir = (0,external_node_path_.join)(store.dir, 'work', `shard-${shard}`);
    let summaryMarkdown = '';
    const outcome = await runShard({
        shard,
        shards,
        root,
        command,
        ...(values.tests ? { testPatterns: values.tests } : {}),
        workDir,
        ...(values['coverage-files'] ? { coveragePatterns: values['coverage-files'] } : {}),
        // The CLI's "job" is this process: its wall includes Node's start-up.
        jobStartedAt: Math.round(performance.timeOrigin),
        env: process.env,
        runAttempt: attempt,
        rerunFailed: rerun === 'failed',
        ...(quarantine ? { quarantine } : {}),
    }, {
        runner: (0,runners/* runnerFor */.OZ)(framework, {
            pluginDir: (0,external_node_path_.join)(context.distDir, 'pytest'),
            distDir: context.distDir,
            command,
            junit: values.junit ?? [],
            log: local_store/* consoleLogger */.k.info,
        }),
        history: store.historyForAttempt(attempt),
        outputs: store,
        previousAttempt: store.previousAttempt(),
        summary: { write: async (markdown) => void (summaryMarkdown = markdown) },
        log: local_store/* consoleLogger */.k,
    });
    const summaryPath = (0,external_node_path_.join)(store.dir, 'summaries', `shard-${shard}.md`);
    await (0,promises_.mkdir)((0,external_node_path_.join)(store.dir, 'summaries'), { recursive: true });
    await (0,promises_.writeFile)(summaryPath, summaryMarkdown);
    const { result } = outcome;
    const counts = (0,shardResult/* countOutcomes */.XF)(result.results);
    // With no history at all the plan's units are test counts, not seconds.
    const byCount = result.estimates.counts.proxy > 0 && result.estimates.counts.measured === 0;
    const planned = byCount
        ? 'planned by test count, no history yet'
        : `planned ${(0,format/* formatDuration */.a3)(result.estimatedSeconds)}`;
    // The plan predicts the tests' own time; the command's wall adds start-up and collection.
    const testTime = result.results.reduce((sum, r) => sum + r.seconds, 0);
    out(`shard ${shard}/${shards}: ${counts.tests} tests, ${counts.passed} passed, ${counts.failed + counts.errors} failed, ` +
        `${counts.skipped} skipped; tests ${(0,format/* formatDuration */.a3)(testTime)} (${planned}), command wall ` +
        `${(0,format/* formatDuration */.a3)(result.testSeconds)}; summary: ${summaryPath}\n`);
    if (outcome.failure)
        process.stderr.write(`evenshard run: ${(0,ports/* logLine */.B)(outcome.failure)}\n`);
    return outcome.exitCode;
}


/***/ }),

/***/ 8048:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y0: () => (/* binding */ planSuite),
/* harmony export */   hQ: () => (/* binding */ planSuiteChoosingShards)
/* harmony export */ });
/* unused harmony export TimingSourceError */
/* harmony import */ var _core_advice_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7699);
/* harmony import */ var _core_costs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5813);
/* harmony import */ var _core_estimate_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9889);
/* harmony import */ var _core_identity_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4845);
/* harmony import */ var _core_order_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2831);
/* harmony import */ var _core_planner_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4717);
/* harmony import */ var _formats_detect_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6679);
/**
 * From timing texts and the current suite to a plan: the one path that the CLI, the run role and
 * the plan role share, so that they can never disagree. Pure: callers read the files.
 */







class TimingSourceError extends Error {
    name = 'TimingSourceError';
}
function planSuite(sources, suite, options) {
    const knownFiles = new Set([
        ...(suite.files ?? []).map((f) => f.file),
        ...(suite.testIds ?? []).map(_core_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .fileOfTestId */ .z),
    ]);
    const parsed = sources.map((source) => {
        try {
            return (0,_formats_detect_js__WEBPACK_IMPORTED_MODULE_5__/* .parseTimingText */ .Lx)(source.text, { knownFiles });
        }
        catch (error) {
            throw new TimingSourceError(`${source.name}: ${error.message}`);
        }
    });
    const history = parsed.findLast((p) => p.history)?.history;
    // One timing file and no suite of its own (`evenshard plan --durations FILE`): the suite is
    // that file's tests, every one measured, and its ids are already unique and in order.
    const onlyTimed = !suite.testIds && !suite.files && parsed.length === 1
        ? (0,_core_estimate_js__WEBPACK_IMPORTED_MODULE_2__/* .estimateMeasured */ .h7)(parsed[0].entries)
        : undefined;
    const { tests: estimated, report, droppedTimings, } = onlyTimed ? { ...onlyTimed, droppedTimings: 0 } : estimateSuite(parsed, suite, knownFiles);
    const model = history ? (0,_core_costs_js__WEBPACK_IMPORTED_MODULE_1__/* .costModelFromHistory */ .NP)(history.costs, options.kind) : undefined;
    const { tests, plan, costs } = planWithModel(estimated, model, {
        ...options,
        ...(history?.keepWhole ? { keepWhole: history.keepWhole } : {}),
    });
    return {
        plan,
        tests,
        estimates: report,
        droppedTimings,
        ...(model && costs ? { costModel: model, planCosts: costs } : {}),
    };
}
/** Estimates for the suite from all the timings, and how many timings it no longer has. */
function estimateSuite(parsed, suite, knownFiles) {
    // Later sources win for the same id: pass the freshest timings last.
    const measured = new Map();
    for (const { entries } of parsed) {
        for (const entry of entries)
            measured.set(windowsIdToPosix(entry.id, knownFiles), entry.seconds);
    }
    const entries = suiteEntries(suite, measured);
    let droppedTimings = 0;
    // With no suite given, the suite is the timed tests: none is dropped.
    if (suite.testIds || suite.files) {
        const inSuite = new Set(entries.map((e) => e.id));
        for (const id of measured.keys())
            if (!inSuite.has(id))
                droppedTimings += 1;
    }
    return { ...(0,_core_estimate_js__WEBPACK_IMPORTED_MODULE_2__/* .estimateDurations */ .Wi)(entries, measured), droppedTimings };
}
/** Plans with the cost model when the history has one: the estimates then predict wall time. */
function planWithModel(estimated, model, options) {
    // Files whose ids are not stable across processes (the history says which) stay whole.
    const planOptions = {
        shards: options.shards,
        splitFiles: options.splitFiles,
        ...(options.keepWhole ? { keepWhole: options.keepWhole } : {}),
    };
    if (!model)
        return { tests: estimated, plan: (0,_core_planner_js__WEBPACK_IMPORTED_MODULE_4__/* .planShards */ .t)(estimated, planOptions) };
    const { tests, costs } = (0,_core_costs_js__WEBPACK_IMPORTED_MODULE_1__/* .applyCostModel */ .$8)(estimated, model);
    const plan = (0,_core_planner_js__WEBPACK_IMPORTED_MODULE_4__/* .planShards */ .t)(tests, { ...planOptions, costs });
    return { tests, plan: { ...plan, speedFactor: model.speedFactor }, costs };
}
/**
 * planSuite with the shard count fixed or chosen: the smallest N whose overhead + slowest shard
 * meets the target (core/advice.ts). The plan role and `evenshard plan` both call this.
 */
function planSuiteChoosingShards(sources, suite, choice, options) {
    if ('shards' in choice) {
        return {
            ...planSuite(sources, suite, { ...options, shards: choice.shards }),
            shards: choice.shards,
        };
    }
    const probe = planSuite(sources, suite, { ...options, shards: 1 });
    const advice = (0,_core_advice_js__WEBPACK_IMPORTED_MODULE_0__/* .adviseShardCount */ .w2)(probe.tests, {
        ...(probe.planCosts ? { costs: probe.planCosts } : {}),
        ...(choice.maxParallel !== undefined ? { maxParallel: choice.maxParallel } : {}),
        overheadSeconds: choice.overheadSeconds,
        splitFiles: options.splitFiles,
        targetSeconds: choice.targetMinutes * 60,
        maxShards: choice.maxShards,
    });
    const shards = advice.recommended;
    return { ...planSuite(sources, suite, { ...options, shards }), shards, advice };
}
function suiteEntries(suite, measured) {
    if (suite.testIds) {
        const unique = [...new Set(suite.testIds)].sort(_core_order_js__WEBPACK_IMPORTED_MODULE_6__/* .compareCodeUnits */ .U);
        return unique.map((id) => ({ id, file: (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .fileOfTestId */ .z)(id) }));
    }
    if (suite.files) {
        const byFile = new Map();
        for (const id of measured.keys()) {
            const file = (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .fileOfTestId */ .z)(id);
            const list = byFile.get(file);
            if (list)
                list.push(id);
            else
                byFile.set(file, [id]);
        }
        const out = [];
        for (const { file, testCountHint } of suite.files) {
            const known = byFile.get(file);
            if (known)
                for (const id of known)
                    out.push({ id, file });
            else
                out.push({ id: file, file, ...(testCountHint === undefined ? {} : { testCountHint }) });
        }
        return out;
    }
    const out = [];
    let file = '';
    for (const id of measured.keys()) {
        file = (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .fileOfTestIdSharing */ .vB)(id, file);
        out.push({ id, file });
    }
    return out;
}
/**
 * A history written on Windows may name files with backslashes: the id of a known file in POSIX
 * form. Only the file part changes (parameter ids may hold backslashes), and only when the POSIX
 * form is a file of the suite, so an id that merely contains a backslash stays as it is.
 */
function windowsIdToPosix(id, knownFiles) {
    if (!id.includes('\\'))
        return id;
    const file = (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_3__/* .fileOfTestId */ .z)(id);
    if (!file.includes('\\'))
        return id;
    const posix = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    return knownFiles.has(posix) ? posix + id.slice(file.length) : id;
}


/***/ })

};
