export const id = 442;
export const ids = [442];
export const modules = {

/***/ 2526:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $J: () => (/* binding */ parseNumber),
/* harmony export */   D0: () => (/* binding */ checkShardIndex),
/* harmony export */   WI: () => (/* binding */ optionalNumber),
/* harmony export */   yL: () => (/* binding */ oneOf)
/* harmony export */ });
/* unused harmony export list */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The validators that turn user text (action inputs, CLI flags) into typed values. Shared by
 * src/github/inputs.ts and src/cli/, so both refuse the same values with the same wording. Each
 * takes a `label` that says how the user spells the setting (`input 'shards'` or `--shards`),
 * and throws a ConfigError naming it and the accepted values. Pure.
 */

/** A required number: blank text is an error naming what to set. */
function parseNumber(raw, label, rule) {
    const value = optionalNumber(raw, label, rule);
    if (value === undefined)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .x(`${label} is required: ${hint(rule)}.`);
    return value;
}
/**
 * An optional number: undefined for blank text. Whole numbers are digits only (no `4.0`, `1e1`
 * or sign), so what the user wrote is what evenshard uses.
 */
function optionalNumber(raw, label, rule) {
    const text = (raw ?? '').trim();
    if (text === '')
        return undefined;
    const n = Number(text);
    const max = rule.max ?? Number.MAX_SAFE_INTEGER;
    const valid = rule.integer
        ? /^\d+$/.test(text) && Number.isSafeInteger(n)
        : /^(\d+\.?\d*|\.\d+)$/.test(text) && Number.isFinite(n);
    if (!valid || n < rule.min || n > max) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .x(`${label} must be ${range(rule)} (got ${JSON.stringify(raw)})${rule.example ? `: ${rule.example}` : ''}.`);
    }
    return n;
}
/** The shard index must name one of the shards. `labels` spell both settings. */
function checkShardIndex(shard, shards, labels) {
    if (shard < 1 || shard > shards) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .x(`${labels.shard} is ${shard} but ${labels.shards} is ${shards}: the shard must be from 1 to the number of shards.`);
    }
}
function oneOf(value, allowed, label) {
    if (allowed.includes(value))
        return value;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .x(`${label} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)}).`);
}
/** Newline- or comma-separated list; blank entries and `#` comments dropped. */
function list(text) {
    return text
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s !== '' && !s.startsWith('#'));
}
function range(rule) {
    const what = rule.integer ? 'a whole number' : 'a number';
    return rule.max === undefined
        ? `${what} ≥ ${rule.min}`
        : `${what} from ${rule.min} to ${rule.max}`;
}
function hint(rule) {
    return rule.example ?? range(rule);
}


/***/ }),

/***/ 7699:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   w2: () => (/* binding */ adviseShardCount)
/* harmony export */ });
/* unused harmony exports CANDIDATE_SHARD_COUNTS, queuedWall */
/* harmony import */ var _planner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4717);
/**
 * How many shards to use. Each shard pays a fixed cost (runner start, checkout, installs,
 * collection) before its first test; that cost is what makes more shards stop paying, so the
 * predicted wall time of N shards is overhead + the plan's makespan, and the runner minutes are
 * N × overhead + the suite's total. With a cost model (`costs`) the plans themselves predict each
 * shard's wall (fixed cost, file visits, tests), so both come from them. Past a concurrency cap
 * (`maxParallel`: a workflow's max-parallel, an organisation's runner limit) shards queue: they
 * start, in order, as earlier ones finish. Pure.
 */

/** Shard counts worth showing: 1…8 one by one, then a few larger ones. */
const CANDIDATE_SHARD_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 48, 64];
function adviseShardCount(tests, options) {
    const maxShards = Math.max(1, options.maxShards ?? 64);
    const cap = options.maxParallel !== undefined && options.maxParallel >= 1
        ? Math.floor(options.maxParallel)
        : undefined;
    const costs = options.costs;
    const overheadSeconds = costs ? (costs.fixedSeconds ?? 0) : options.overheadSeconds;
    const total = tests.reduce((sum, t) => sum + Math.round(t.seconds * 1000), 0) / 1000;
    const cache = new Map();
    const evaluate = (n) => {
        let found = cache.get(n);
        if (!found) {
            const plan = (0,_planner_js__WEBPACK_IMPORTED_MODULE_0__/* .planShards */ .t)(tests, {
                shards: n,
                splitFiles: options.splitFiles,
                ...(costs ? { costs } : {}),
            });
            const shardWalls = plan.shards.map((s) => costs ? s.estimatedSeconds : options.overheadSeconds + s.estimatedSeconds);
            found = {
                row: {
                    shards: n,
                    makespanSeconds: plan.makespanSeconds,
                    wallSeconds: round(queuedWall(shardWalls, cap)),
                    runnerSeconds: round(costs ? shardWalls.reduce((sum, w) => sum + w, 0) : n * overheadSeconds + total),
                    queuedShards: cap !== undefined ? Math.max(0, n - cap) : 0,
                },
                boundByLongestUnit: plan.makespanSeconds <= plan.lowerBoundSeconds &&
                    plan.lowerBoundSeconds - (plan.fixedSeconds ?? 0) > plan.totalSeconds / n,
            };
            cache.set(n, found);
        }
        return found;
    };
    const rows = [];
    for (const n of CANDIDATE_SHARD_COUNTS.filter((c) => c <= maxShards)) {
        const { row, boundByLongestUnit } = evaluate(n);
        rows.push(row);
        // Past the point where the slowest single unit decides the wall time, more shards only cost.
        if (boundByLongestUnit)
            break;
    }
    const advice = (recommended, meetsTarget) => ({
        rows,
        recommended,
        meetsTarget,
        overheadSeconds,
        ...(cap !== undefined ? { maxParallel: cap } : {}),
        ...(costs ? { costModel: true } : {}),
    });
    if (options.targetSeconds !== undefined) {
        const meeting = smallestMeeting(options.targetSeconds, maxShards, (n) => evaluate(n).row);
        if (meeting) {
            if (!rows.some((r) => r.shards === meeting.shards)) {
                rows.push(meeting);
                rows.sort((a, b) => a.shards - b.shards);
            }
            return advice(meeting.shards, true);
        }
    }
    return advice(kneeOf(rows), false);
}
/**
 * The smallest shard count from 1 to `max` whose predicted wall meets the target. The table's
 * candidates skip counts (9, 11, …); the target must not. The slowest shard shrinks as shards are
 * added (up to small heuristic wobbles, which at worst cost one extra shard), so bisection finds
 * the edge with a handful of plans instead of `max`.
 */
function smallestMeeting(targetSeconds, max, rowFor) {
    let best = rowFor(max);
    if (best.wallSeconds > targetSeconds)
        return undefined;
    let missing = 0; // zero shards never meet a target
    let meeting = max;
    while (meeting - missing > 1) {
        const middle = (missing + meeting) >> 1;
        const row = rowFor(middle);
        if (row.wallSeconds <= targetSeconds) {
            meeting = middle;
            best = row;
        }
        else {
            missing = middle;
        }
    }
    return best;
}
/**
 * The wall of shards that start in index order on at most `cap` runners at once (GitHub starts a
 * matrix's jobs in order as runners free up): list scheduling, each on the runner free first.
 */
function queuedWall(shardWalls, cap) {
    if (cap === undefined || shardWalls.length <= cap)
        return Math.max(0, ...shardWalls);
    const freeAt = new Array(cap).fill(0);
    for (const wall of shardWalls) {
        let first = 0;
        for (let i = 1; i < cap; i++)
            if (freeAt[i] < freeAt[first])
                first = i;
        freeAt[first] += wall;
    }
    return Math.max(...freeAt);
}
/** The smallest shard count whose wall time is within 5 % of the fastest in the table: past it, more shards buy little. */
function kneeOf(rows) {
    const fastest = Math.min(...rows.map((r) => r.wallSeconds));
    return rows.find((r) => r.wallSeconds <= fastest * 1.05)?.shards ?? 1;
}
function round(seconds) {
    return Math.round(seconds * 1000) / 1000;
}


/***/ }),

/***/ 3449:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Be: () => (/* binding */ combineRunAttempts),
/* harmony export */   Bf: () => (/* binding */ rerunSkips),
/* harmony export */   N6: () => (/* binding */ isFailure),
/* harmony export */   Tk: () => (/* binding */ withRunAttempt),
/* harmony export */   e3: () => (/* binding */ resultsByRunAttempt),
/* harmony export */   s8: () => (/* binding */ isFlaky),
/* harmony export */   w9: () => (/* binding */ flakyResults)
/* harmony export */ });
/* unused harmony exports attemptsOf, describeAttempts */
/* harmony import */ var _order_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2831);
/**
 * Attempts: a test may run more than once in one workflow run — retried by the runner
 * (pytest-rerunfailures `--reruns`, Jest `retryTimes`, Vitest `retry`) or again in a re-run
 * attempt of the job. Every attempt's outcome is kept; the last one decides pass or fail. A test
 * that failed and then passed is flaky: reported, never hidden, never turned into a failure. Pure.
 */

function isFailure(outcome) {
    return outcome === 'failed' || outcome === 'error';
}
/** Every attempt's outcome, oldest first (one entry when the test ran once). */
function attemptsOf(result) {
    return result.attempts && result.attempts.length > 0 ? [...result.attempts] : [result.outcome];
}
/** Failed (or errored) at least once and then passed or skipped: the final attempt decides. */
function isFlaky(result) {
    return !isFailure(result.outcome) && attemptsOf(result).some(isFailure);
}
/** The flaky results, sorted by id. */
function flakyResults(results) {
    return results.filter(isFlaky).sort((a, b) => (0,_order_js__WEBPACK_IMPORTED_MODULE_0__/* .compareCodeUnits */ .U)(a.id, b.id));
}
/** "failed → passed": the attempts as a reader sees them. */
function describeAttempts(result) {
    return attemptsOf(result).join(' → ');
}
/**
 * What a `rerun: failed` attempt need not run again: the tests whose final outcome in the earlier
 * attempt passed or skipped. Everything else of the shard's plan (failed, errored, never
 * reported, new since the plan) runs again. Sorted.
 */
function rerunSkips(previous) {
    return previous
        .filter((r) => !isFailure(r.outcome))
        .map((r) => r.id)
        .sort(_order_js__WEBPACK_IMPORTED_MODULE_0__/* .compareCodeUnits */ .U);
}
/**
 * One shard's results across two run attempts: a test of `current` supersedes the earlier result
 * of the same id and appends its attempts to the earlier ones; an earlier result `current` does
 * not have is carried over with the attempt it came from (`runAttempt`, absent meaning 1). Every
 * id appears once, sorted.
 *
 * With `carry: false` (a full re-run, not `rerun: failed`) only `current`'s tests are kept: the
 * earlier attempt only lends them its attempts, so a flake across attempts is still seen.
 */
function combineRunAttempts(previous, current, currentAttempt, { carry = true } = {}) {
    const earlierById = new Map(previous.map((r) => [r.id, r]));
    const byId = new Map();
    if (carry)
        for (const r of previous)
            byId.set(r.id, { ...r });
    for (const r of current) {
        const earlier = earlierById.get(r.id);
        const next = { ...r };
        if (earlier) {
            next.attempts = [...attemptsOf(earlier), ...attemptsOf(r)];
            // The first failure explains the flake when the last attempt passed.
            if (next.message === undefined && earlier.message !== undefined)
                next.message = earlier.message;
        }
        byId.set(r.id, withRunAttempt(next, r.runAttempt ?? currentAttempt));
    }
    return [...byId.values()].sort((a, b) => (0,_order_js__WEBPACK_IMPORTED_MODULE_0__/* .compareCodeUnits */ .U)(a.id, b.id));
}
/** Stamps the run attempt on a result (nothing for attempt 1). */
function withRunAttempt(result, attempt) {
    if (attempt > 1)
        result.runAttempt = attempt;
    else
        delete result.runAttempt;
    return result;
}
/** How many results came from each run attempt, ascending by attempt. */
function resultsByRunAttempt(results) {
    const counts = new Map();
    for (const r of results)
        counts.set(r.runAttempt ?? 1, (counts.get(r.runAttempt ?? 1) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([attempt, count]) => ({ attempt, count }));
}


/***/ }),

/***/ 5813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $8: () => (/* binding */ applyCostModel),
/* harmony export */   Ai: () => (/* binding */ ownTimings),
/* harmony export */   NP: () => (/* binding */ costModelFromHistory),
/* harmony export */   Q7: () => (/* binding */ rollCosts),
/* harmony export */   Qw: () => (/* binding */ PHASE_LABELS),
/* harmony export */   Ve: () => (/* binding */ measureShardCosts),
/* harmony export */   bW: () => (/* binding */ costSampleOf),
/* harmony export */   bf: () => (/* binding */ runCostReport),
/* harmony export */   c1: () => (/* binding */ SHARD_PHASES)
/* harmony export */ });
/* unused harmony exports ownSeconds, speedFactorOf */
/* harmony import */ var _history_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8863);
/* harmony import */ var _order_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2831);
/**
 * What a shard really costs beyond its tests' own time, and how the history learns it: each file
 * a shard visits costs its import and its module fixtures, each class its class fixtures, each
 * test the runner's own bookkeeping, and each shard a fixed cost (job start, installs, process
 * start, session fixtures). Measured per shard (`measureShardCosts`), rolled into the history by
 * the merge (`rollCosts`), turned into the planner's cost model (`costModelFromHistory`). Pure.
 */


/**
 * The phases of one shard job, in seconds, in the order they happen. `beforeEvenshard` is the
 * runner, checkout and setup steps (job start → this action); `processStart` the test command's
 * start up to its session; `collection` importing the shard's files; `tests` first test → last;
 * `processExit` the command's reporting and exit; `uploads` what the shard uploads besides its
 * results (their own upload cannot be in them).
 */
const SHARD_PHASES = [
    'beforeEvenshard',
    'cacheRestore',
    'install',
    'historyFetch',
    'planning',
    'processStart',
    'collection',
    'tests',
    'processExit',
    'uploads',
];
const PHASE_LABELS = {
    beforeEvenshard: 'setup steps (runner, checkout, …)',
    cacheRestore: 'cache restore',
    install: 'install',
    historyFetch: 'history fetch',
    planning: 'discovery and planning',
    processStart: 'test process start',
    collection: 'collection (imports)',
    tests: 'tests',
    processExit: 'test process exit',
    uploads: 'uploads',
};
/** A test's own seconds: what it costs wherever it runs. */
function ownSeconds(test) {
    return Math.max(0, test.seconds - (test.fixtureSeconds ?? 0));
}
const MAX_FIXTURES = 50;
/**
 * One shard's costs from what it ran. `wallSeconds` is job start → test command exit. The fixed
 * cost is what is left of the wall once every file visit, every test's own time and the runner's
 * per-test overhead are taken out, so the planner's prediction adds up to the wall by definition.
 */
function measureShardCosts(tests, runner, wallSeconds) {
    const files = {};
    const classes = {};
    let sessionFixtures = 0;
    const byFixture = new Map();
    for (const [file, seconds] of Object.entries(runner?.collect ?? {})) {
        files[file] = { collect: (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(seconds), fixtures: 0 };
    }
    for (const f of runner?.fixtures ?? []) {
        if (f.scope === 'module') {
            const slot = (files[f.node] ??= { collect: 0, fixtures: 0 });
            slot.fixtures += f.seconds;
        }
        else if (f.scope === 'class') {
            classes[f.node] = (classes[f.node] ?? 0) + f.seconds;
        }
        else {
            sessionFixtures += f.seconds;
        }
        const key = JSON.stringify([f.scope, f.node, f.name]);
        const seen = byFixture.get(key);
        if (seen)
            seen.seconds += f.seconds;
        else
            byFixture.set(key, { ...f });
    }
    for (const slot of Object.values(files))
        slot.fixtures = (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(slot.fixtures);
    for (const key of Object.keys(classes))
        classes[key] = (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(classes[key]);
    const raw = tests.reduce((sum, t) => sum + t.seconds, 0);
    const own = tests.reduce((sum, t) => sum + ownSeconds(t), 0);
    let perTestSeconds = null;
    if (runner?.testsStartedAt !== undefined && runner.testsEndedAt !== undefined && tests.length) {
        const testsPhase = (runner.testsEndedAt - runner.testsStartedAt) / 1000;
        perTestSeconds = Math.max(0, (testsPhase - raw) / tests.length);
    }
    let fixedSeconds = null;
    if (wallSeconds !== null && tests.length > 0) {
        const visits = Object.values(files).reduce((sum, f) => sum + f.collect + f.fixtures, 0);
        const classTotal = Object.values(classes).reduce((sum, s) => sum + s, 0);
        fixedSeconds = Math.max(0, wallSeconds - visits - classTotal - own - (perTestSeconds ?? 0) * tests.length);
    }
    const fixtures = [...byFixture.values()]
        .map((f) => ({ ...f, seconds: (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(f.seconds) }))
        .sort((a, b) => b.seconds - a.seconds || (0,_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U)(a.node + a.name, b.node + b.name))
        .slice(0, MAX_FIXTURES);
    return {
        files,
        classes,
        sessionFixtures: (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(sessionFixtures),
        perTestSeconds: perTestSeconds === null ? null : Math.round(perTestSeconds * 1e6) / 1e6,
        fixedSeconds: fixedSeconds === null ? null : (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(fixedSeconds),
        fixtures,
    };
}
/** How many samples a cost keeps (more than a test's: shards measure them every run). */
const MAX_COST_SAMPLES = 9;
/** A file or class unseen for this many merges is dropped. */
const AGE_OUT_RUNS = 10;
/**
 * Rolls this run's shard costs into the history's. Speed factors first: a shard of a kind whose
 * factor is known measures in that kind's seconds, so its samples are divided by the factor
 * before they join the others.
 */
function rollCosts(previous, shards, run) {
    const next = {
        collect: ageOut(previous.collect, run),
        moduleFixtures: ageOut(previous.moduleFixtures, run),
        classFixtures: ageOut(previous.classFixtures, run),
        fixed: [...previous.fixed],
        perTest: [...previous.perTest],
        phases: Object.fromEntries(Object.entries(previous.phases).map(([k, v]) => [k, [...v]])),
        speed: Object.fromEntries(Object.entries(previous.speed).map(([k, v]) => [k, [...v]])),
    };
    for (const shard of shards) {
        if (!shard.kind || !shard.predictedWallSeconds || !shard.wallSeconds)
            continue;
        const ratio = (shard.wallSeconds / shard.predictedWallSeconds) * (shard.speedFactor ?? 1);
        if (Number.isFinite(ratio) && ratio > 0)
            push(next.speed, shard.kind, Math.round(ratio * 1000) / 1000);
    }
    for (const shard of shards) {
        const costs = shard.costs;
        const scale = 1 / speedFactorOf(next, shard.kind);
        for (const [file, paid] of Object.entries(costs?.files ?? {})) {
            pushSample(next.collect, file, paid.collect * scale, run);
            pushSample(next.moduleFixtures, file, paid.fixtures * scale, run);
        }
        for (const [id, seconds] of Object.entries(costs?.classes ?? {})) {
            pushSample(next.classFixtures, id, seconds * scale, run);
        }
        if (costs?.fixedSeconds !== null && costs?.fixedSeconds !== undefined) {
            next.fixed = [...next.fixed, (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(costs.fixedSeconds * scale)].slice(-MAX_COST_SAMPLES * 4);
        }
        if (costs?.perTestSeconds !== null && costs?.perTestSeconds !== undefined) {
            const perTest = Math.round(costs.perTestSeconds * scale * 1e6) / 1e6;
            next.perTest = [...next.perTest, perTest].slice(-MAX_COST_SAMPLES * 4);
        }
        for (const [phase, seconds] of Object.entries(shard.phases ?? {})) {
            if (typeof seconds === 'number' && seconds >= 0)
                push(next.phases, phase, (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(seconds));
        }
    }
    return next;
}
/** The speed factor of a runner kind: its shards' median actual ÷ predicted wall, else 1. */
function speedFactorOf(costs, kind) {
    const samples = kind ? costs.speed[kind] : undefined;
    return samples?.length ? (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .estimateFromSamples */ .qt)(samples) : 1;
}
/** Undefined when the history has no cost samples (an evenshard-history/1, or a first run). */
function costModelFromHistory(costs, kind) {
    if (costs.fixed.length === 0 && Object.keys(costs.collect).length === 0)
        return undefined;
    const medians = (record) => new Map(Object.entries(record)
        .filter(([, v]) => v.s.length > 0)
        .map(([k, v]) => [k, (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .estimateFromSamples */ .qt)(v.s)]));
    const collectSeconds = medians(costs.collect);
    const known = [...collectSeconds.values()].sort((a, b) => a - b);
    return {
        speedFactor: speedFactorOf(costs, kind),
        fixedSeconds: costs.fixed.length ? (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .estimateFromSamples */ .qt)(costs.fixed) : 0,
        perTestSeconds: costs.perTest.length ? (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .estimateFromSamples */ .qt)(costs.perTest) : 0,
        collectSeconds,
        moduleFixtureSeconds: medians(costs.moduleFixtures),
        classFixtureSeconds: medians(costs.classFixtures),
        defaultCollectSeconds: known.length ? known[(known.length - 1) >> 1] : 0,
    };
}
/**
 * Applies a cost model to estimated tests: each test gets the runner's per-test overhead and its
 * share of its class's fixtures, everything is scaled to the runner kind, and the planner gets
 * each file's visit cost and the fixed cost per shard.
 */
function applyCostModel(tests, model) {
    const speed = model.speedFactor;
    const perClass = new Map();
    const classOf = (id) => {
        const cut = id.lastIndexOf('::');
        const owner = cut > 0 ? id.slice(0, cut) : '';
        return owner.includes('::') && model.classFixtureSeconds.has(owner) ? owner : undefined;
    };
    for (const t of tests) {
        const owner = classOf(t.id);
        if (owner)
            perClass.set(owner, (perClass.get(owner) ?? 0) + 1);
    }
    const adjusted = tests.map((t) => {
        const owner = classOf(t.id);
        const share = owner ? model.classFixtureSeconds.get(owner) / perClass.get(owner) : 0;
        return { ...t, seconds: (t.seconds + model.perTestSeconds + share) * speed };
    });
    const fileVisitSeconds = new Map();
    for (const t of tests) {
        if (fileVisitSeconds.has(t.file))
            continue;
        const collect = model.collectSeconds.get(t.file) ?? model.defaultCollectSeconds;
        fileVisitSeconds.set(t.file, (collect + (model.moduleFixtureSeconds.get(t.file) ?? 0)) * speed);
    }
    return {
        tests: adjusted,
        costs: { fileVisitSeconds, fixedSeconds: model.fixedSeconds * speed },
    };
}
function ageOut(record, run) {
    const out = {};
    for (const [key, entry] of Object.entries(record)) {
        if (run - entry.seen < AGE_OUT_RUNS)
            out[key] = { s: [...entry.s], seen: entry.seen };
    }
    return out;
}
function pushSample(record, key, seconds, run) {
    const entry = record[key] ?? { s: [], seen: run };
    entry.s = [...entry.s, (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(seconds)].slice(-MAX_COST_SAMPLES);
    entry.seen = run;
    record[key] = entry;
}
function push(record, key, value) {
    record[key] = [...(record[key] ?? []), value].slice(-MAX_COST_SAMPLES * 4);
}
/** What the merge reads of a shard result to learn costs. */
function costSampleOf(result) {
    return {
        ...(result.costs ? { costs: result.costs } : {}),
        ...(result.phases ? { phases: result.phases } : {}),
        ...(result.kind !== undefined ? { kind: result.kind } : {}),
        ...(result.speedFactor !== undefined ? { speedFactor: result.speedFactor } : {}),
        ...(result.predictsWall ? { predictedWallSeconds: result.estimatedSeconds } : {}),
        wallSeconds: result.wallSeconds ?? null,
    };
}
/**
 * The timings a merge rolls into the history: each test's own seconds (shared fixtures taken
 * out), in the reference kind's seconds (divided by the speed factor of the kind it ran on).
 */
function ownTimings(results, kindOf, costs) {
    return results.map((r) => {
        const speed = speedFactorOf(costs, kindOf(r.id));
        const seconds = ownSeconds(r) / speed;
        return seconds === r.seconds ? r : { ...r, seconds };
    });
}
/** Where a run's time went, from its shards' phases and costs; undefined when none measured them. */
function runCostReport(shards, top = 10) {
    const phaseTotals = new Map();
    const paid = new Map();
    const add = (cost) => {
        const key = JSON.stringify([cost.kind, cost.node, cost.name]);
        const slot = paid.get(key);
        if (slot) {
            slot.seconds += cost.seconds;
            slot.shards += 1;
        }
        else
            paid.set(key, { ...cost, shards: 1 });
    };
    let measured = false;
    for (const shard of shards) {
        for (const phase of SHARD_PHASES) {
            const seconds = shard.phases?.[phase];
            if (seconds === undefined)
                continue;
            measured = true;
            phaseTotals.set(phase, (phaseTotals.get(phase) ?? 0) + seconds);
        }
        for (const f of shard.costs?.fixtures ?? []) {
            add({ kind: `${f.scope} fixture`, name: f.name, node: f.node, seconds: f.seconds });
        }
        for (const [file, visit] of Object.entries(shard.costs?.files ?? {})) {
            if (visit.collect > 0)
                add({ kind: 'import', name: '', node: file, seconds: visit.collect });
        }
    }
    if (!measured)
        return undefined;
    const phases = [...phaseTotals]
        .map(([phase, seconds]) => ({ phase, seconds: (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(seconds) }))
        .sort((a, b) => b.seconds - a.seconds || SHARD_PHASES.indexOf(a.phase) - SHARD_PHASES.indexOf(b.phase));
    return {
        phases,
        totalSeconds: (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(phases.reduce((sum, p) => sum + p.seconds, 0)),
        paid: [...paid.values()]
            .map((p) => ({ ...p, seconds: (0,_history_js__WEBPACK_IMPORTED_MODULE_0__/* .roundSeconds */ .UR)(p.seconds) }))
            .sort((a, b) => b.seconds - a.seconds ||
            (0,_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U)(a.kind + a.node + a.name, b.kind + b.node + b.name))
            .slice(0, top),
    };
}


/***/ }),

/***/ 9889:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wi: () => (/* binding */ estimateDurations),
/* harmony export */   h7: () => (/* binding */ estimateMeasured)
/* harmony export */ });
/* unused harmony exports MIN_ESTIMATE_SECONDS, PROXY_SECONDS_PER_TEST */
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4845);
/* harmony import */ var _order_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2831);
/**
 * Duration estimates for planning: measured history first; a test with no history of its own gets
 * the mean of its file, then of the nearest folder that has measurements, then the suite median;
 * a whole file of unknown content gets the same chain at file level. With no history at all the
 * proxy is the number of tests in the file (from its source), which beats splitting by name.
 */


/** Estimates are never zero: a zero would let the planner pile unknown work onto one shard. */
const MIN_ESTIMATE_SECONDS = 0.001;
/** Proxy seconds per test when nothing at all was measured (only the ratios matter then). */
const PROXY_SECONDS_PER_TEST = 1;
function estimateDurations(suite, measured) {
    const stats = new Stats(measured);
    const counts = {
        measured: 0,
        file: 0,
        directory: 0,
        suite: 0,
        proxy: 0,
    };
    const tests = [];
    for (const entry of suite) {
        const known = measured.get(entry.id);
        if (known !== undefined) {
            // The usual case, first and without a result object: 100,000 tests come through here.
            counts.measured += 1;
            tests.push({ id: entry.id, file: entry.file, seconds: known, source: 'measured' });
            continue;
        }
        const estimate = estimateOne(entry, measured, stats);
        counts[estimate.source] += 1;
        tests.push({
            id: entry.id,
            file: entry.file,
            seconds: estimate.seconds,
            source: estimate.source,
        });
    }
    (0,_order_js__WEBPACK_IMPORTED_MODULE_1__/* .sortByCodeUnits */ .e)(tests, (t) => t.id);
    return { tests, report: { counts, suiteEstimateSeconds: stats.suitePerTest } };
}
/**
 * estimateDurations for a suite that is exactly the measured tests, given as timing entries in
 * strictly ascending id order (one timing file, no suite of its own): every estimate is the
 * measurement, so no map is built or looked up. Undefined when the ids are not in that order.
 */
function estimateMeasured(entries) {
    for (let i = 1; i < entries.length; i++) {
        if (!(entries[i - 1].id < entries[i].id))
            return undefined;
    }
    const tests = [];
    let file = '';
    for (const { id, seconds } of entries) {
        file = (0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .fileOfTestIdSharing */ .vB)(id, file);
        tests.push({ id, file, seconds, source: 'measured' });
    }
    const perTest = new Float64Array(entries.length);
    entries.forEach((e, i) => (perTest[i] = e.seconds));
    perTest.sort();
    return {
        tests,
        report: {
            counts: { measured: entries.length, file: 0, directory: 0, suite: 0, proxy: 0 },
            suiteEstimateSeconds: Math.max(median(perTest), MIN_ESTIMATE_SECONDS),
        },
    };
}
/**
 * What estimates of unmeasured tests need, computed once on first use: a suite that is all
 * measured (the usual case) only needs the suite median for its report.
 */
class Stats {
    measured;
    suitePerTest;
    any;
    #byFile;
    constructor(measured) {
        this.measured = measured;
        // A typed array sorts numerically without calling back into JS.
        const perTest = new Float64Array(measured.size);
        let i = 0;
        for (const seconds of measured.values())
            perTest[i++] = seconds;
        perTest.sort();
        this.suitePerTest = Math.max(median(perTest), MIN_ESTIMATE_SECONDS);
        this.any = measured.size > 0;
    }
    get byFile() {
        return (this.#byFile ??= fileStats(this.measured));
    }
}
function fileStats(measured) {
    const perFile = new Map();
    for (const [id, seconds] of measured) {
        const file = (0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .fileOfTestId */ .z)(id);
        const slot = perFile.get(file) ?? { sum: 0, count: 0 };
        slot.sum += seconds;
        slot.count += 1;
        perFile.set(file, slot);
    }
    const perDir = new Map();
    const files = [...perFile.keys()].sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U);
    for (const file of files) {
        const { sum, count } = perFile.get(file);
        for (const dir of ancestors(file)) {
            const slot = perDir.get(dir) ?? { testSum: 0, testCount: 0, files: new Set(), fileSum: 0 };
            slot.testSum += sum;
            slot.testCount += count;
            slot.files.add(file);
            slot.fileSum += sum;
            perDir.set(dir, slot);
        }
    }
    const perFileTotals = Float64Array.from(files, (f) => perFile.get(f).sum).sort();
    return {
        perFile,
        perDir,
        suitePerFile: Math.max(median(perFileTotals), MIN_ESTIMATE_SECONDS),
    };
}
function estimateOne(entry, measured, stats) {
    const known = measured.get(entry.id);
    if (known !== undefined)
        return { seconds: known, source: 'measured' };
    const wholeFile = entry.id === entry.file;
    const hint = wholeFile ? Math.max(entry.testCountHint ?? 1, 1) : 1;
    if (!stats.any)
        return { seconds: hint * PROXY_SECONDS_PER_TEST, source: 'proxy' };
    const { perFile, perDir, suitePerFile } = stats.byFile;
    const file = perFile.get(entry.file);
    if (file && !wholeFile)
        return clamp(file.sum / file.count, 'file');
    for (const dir of ancestors(entry.file)) {
        const slot = perDir.get(dir);
        if (!slot)
            continue;
        if (wholeFile && entry.testCountHint === undefined) {
            return clamp(slot.fileSum / slot.files.size, 'directory');
        }
        return clamp((hint * slot.testSum) / slot.testCount, 'directory');
    }
    if (wholeFile && entry.testCountHint === undefined)
        return clamp(suitePerFile, 'suite');
    return clamp(hint * stats.suitePerTest, 'suite');
}
function clamp(seconds, source) {
    return { seconds: Math.max(seconds, MIN_ESTIMATE_SECONDS), source };
}
/** Folders containing `file`, nearest first; the root is left to the suite-wide estimate. */
function ancestors(file) {
    const out = [];
    let at = file.lastIndexOf('/');
    while (at > 0) {
        out.push(file.slice(0, at));
        at = file.lastIndexOf('/', at - 1);
    }
    return out;
}
function median(sorted) {
    if (sorted.length === 0)
        return 0;
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}


/***/ }),

/***/ 8863:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   UR: () => (/* binding */ roundSeconds),
/* harmony export */   Vm: () => (/* binding */ historyToTimings),
/* harmony export */   Vz: () => (/* binding */ overheadEstimate),
/* harmony export */   XL: () => (/* binding */ validateHistory),
/* harmony export */   ip: () => (/* binding */ rollHistory),
/* harmony export */   ph: () => (/* binding */ serializeHistory),
/* harmony export */   qt: () => (/* binding */ estimateFromSamples),
/* harmony export */   tW: () => (/* binding */ emptyCostHistory),
/* harmony export */   tx: () => (/* binding */ HistoryError)
/* harmony export */ });
/* unused harmony exports HISTORY_SCHEMA, READABLE_HISTORY_SCHEMAS, DEFAULT_MAX_SAMPLES, DEFAULT_AGE_OUT_RUNS, DEFAULT_MAX_OUTCOMES, INFRASTRUCTURE_FAILURE_SHARE, emptyHistory, outcomeMark, looksLikeInfrastructureFailure */
/* harmony import */ var _attempts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3449);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4845);
/* harmony import */ var _order_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2831);
/**
 * The timing history: what evenshard remembers between runs. Schema documented in
 * docs/history-schema.md. Pure: callers pass the clock and read/write the text.
 */



const HISTORY_SCHEMA = 'evenshard-history/3';
/**
 * Older schemas still read: /1 has no cost fields, which read as empty; /1 and /2 have no
 * outcomes or suite totals, which read as none yet.
 */
const READABLE_HISTORY_SCHEMAS = [
    'evenshard-history/1',
    'evenshard-history/2',
    HISTORY_SCHEMA,
];
/** How many recent samples each test keeps: enough for a median that ignores one noisy run. */
const DEFAULT_MAX_SAMPLES = 5;
/** A test not seen in this many consecutive merges is dropped (deleted or renamed tests). */
const DEFAULT_AGE_OUT_RUNS = 10;
/** How many recent outcomes each test keeps for flakiness across runs. */
const DEFAULT_MAX_OUTCOMES = 20;
/** A run where more than this share of the tests failed says the infrastructure was down, not
 *  that the tests flipped: its outcomes are not recorded. */
const INFRASTRUCTURE_FAILURE_SHARE = 0.5;
/** How many recent suite totals the history keeps. */
const MAX_SUITE_SAMPLES = 20;
function emptyCostHistory() {
    return {
        collect: {},
        moduleFixtures: {},
        classFixtures: {},
        fixed: [],
        perTest: [],
        phases: {},
        speed: {},
    };
}
class HistoryError extends Error {
    name = 'HistoryError';
}
function emptyHistory() {
    return {
        schema: HISTORY_SCHEMA,
        run: 0,
        updatedAt: '',
        tests: {},
        overhead: [],
        costs: emptyCostHistory(),
    };
}
/**
 * The planning estimate of a test: the lower median of its recent samples. One slow run among
 * three or more cannot move it, and with two samples the smaller wins, so a single noisy run
 * never doubles an estimate.
 */
function estimateFromSamples(samples) {
    if (samples.length === 0)
        return 0;
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[(sorted.length - 1) >> 1];
}
/** Tests with at least one duration sample (a test that only ever failed has outcomes only). */
function historyToTimings(history) {
    return Object.keys(history.tests)
        .filter((id) => history.tests[id].s.length > 0)
        .sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U)
        .map((id) => ({ id, seconds: estimateFromSamples(history.tests[id].s) }));
}
/** Median per-shard fixed overhead in seconds, or undefined when never measured. */
function overheadEstimate(history) {
    return history.overhead.length > 0 ? estimateFromSamples(history.overhead) : undefined;
}
/** The mark a run leaves for a test, or undefined when it leaves none (skipped, unknown). */
function outcomeMark(result) {
    if (result.outcome === undefined || result.outcome === 'skipped')
        return undefined;
    if ((0,_attempts_js__WEBPACK_IMPORTED_MODULE_2__/* .isFailure */ .N6)(result.outcome))
        return 'F';
    return (0,_attempts_js__WEBPACK_IMPORTED_MODULE_2__/* .isFlaky */ .s8)({
        outcome: result.outcome,
        ...(result.attempts ? { attempts: result.attempts } : {}),
    })
        ? 'R'
        : 'P';
}
/** True when most of the run's tests failed: an outage, not evidence about any test. */
function looksLikeInfrastructureFailure(results) {
    const judged = results.filter((r) => r.outcome !== undefined && r.outcome !== 'skipped');
    if (judged.length === 0)
        return false;
    const failed = judged.filter((r) => (0,_attempts_js__WEBPACK_IMPORTED_MODULE_2__/* .isFailure */ .N6)(r.outcome)).length;
    return failed / judged.length > INFRASTRUCTURE_FAILURE_SHARE;
}
/**
 * Rolls one run's results into the next history. Only tests that ran and passed or were skipped
 * contribute: a failing test's time (timeouts, early exits) says little about its cost, and a test
 * that did not run keeps what it had. Tests unseen for `ageOutRuns` merges are dropped. Every
 * test that passed or failed also leaves an outcome mark, unless most of the run failed.
 */
function rollHistory(previous, results, overheadSeconds, options) {
    const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
    const ageOutRuns = options.ageOutRuns ?? DEFAULT_AGE_OUT_RUNS;
    const maxOutcomes = options.maxOutcomes ?? DEFAULT_MAX_OUTCOMES;
    const prev = previous ?? emptyHistory();
    const run = prev.run + 1;
    const tests = {};
    for (const id of Object.keys(prev.tests)) {
        const entry = prev.tests[id];
        if (run - entry.seen < ageOutRuns)
            tests[id] = { ...entry, s: [...entry.s] };
    }
    // An outage says nothing about any test: its outcomes (and suite total) are left out.
    const outage = looksLikeInfrastructureFailure(results);
    for (const result of results) {
        const mark = outage ? undefined : outcomeMark(result);
        if (mark !== undefined) {
            const entry = tests[result.id] ?? { s: [], seen: run };
            entry.o = ((entry.o ?? '') + mark).slice(-maxOutcomes);
            entry.seen = run;
            tests[result.id] = entry;
        }
        if (result.outcome === 'failed' || result.outcome === 'error')
            continue;
        if (!Number.isFinite(result.seconds) || result.seconds < 0)
            continue;
        const entry = tests[result.id] ?? { s: [], seen: run };
        entry.s = [...entry.s, roundSeconds(result.seconds)].slice(-maxSamples);
        entry.seen = run;
        tests[result.id] = entry;
    }
    const overhead = [
        ...prev.overhead,
        ...overheadSeconds.filter((x) => x >= 0).map(roundSeconds),
    ].slice(-maxSamples * 4);
    const suiteSeconds = results.reduce((sum, r) => sum + (Number.isFinite(r.seconds) && r.seconds > 0 ? r.seconds : 0), 0);
    const suite = outage || results.length === 0
        ? [...(prev.suite ?? [])]
        : [...(prev.suite ?? []), roundSeconds(suiteSeconds)].slice(-MAX_SUITE_SAMPLES);
    const next = {
        schema: HISTORY_SCHEMA,
        run,
        updatedAt: options.now,
        tests: sortKeys(tests),
        overhead,
        costs: prev.costs,
        ...(suite.length ? { suite } : {}),
    };
    // A file stays whole while it has tests in the history.
    const files = new Set(Object.keys(tests).map(_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .fileOfTestId */ .z));
    const keepWhole = [...new Set([...(prev.keepWhole ?? []), ...(options.keepWhole ?? [])])]
        .filter((f) => files.has(f))
        .sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U);
    if (keepWhole.length > 0)
        next.keepWhole = keepWhole;
    return next;
}
/** Milliseconds are plenty for planning and keep the history compact. */
function roundSeconds(seconds) {
    return Math.round(seconds * 1000) / 1000;
}
/** Validates an already JSON-parsed value as a history document. */
function validateHistory(value) {
    if (!isRecord(value))
        throw new HistoryError('history is not a JSON object');
    if (typeof value.schema !== 'string' || !READABLE_HISTORY_SCHEMAS.includes(value.schema)) {
        throw new HistoryError(`history schema is ${JSON.stringify(value.schema)}, expected "${HISTORY_SCHEMA}" (or an older ${READABLE_HISTORY_SCHEMAS.slice(0, -1).join(', ')})`);
    }
    const run = value.run;
    if (typeof run !== 'number' || !Number.isInteger(run) || run < 0) {
        throw new HistoryError('history "run" must be a non-negative integer');
    }
    if (!isRecord(value.tests))
        throw new HistoryError('history "tests" must be an object');
    const tests = {};
    for (const [id, raw] of Object.entries(value.tests)) {
        if (!isRecord(raw) || !Array.isArray(raw.s) || typeof raw.seen !== 'number') {
            throw new HistoryError(`history entry ${JSON.stringify(id)} must be {"s": [...], "seen": n}`);
        }
        const samples = raw.s.filter((x) => typeof x === 'number' && Number.isFinite(x));
        if (samples.length !== raw.s.length || samples.some((x) => x < 0)) {
            throw new HistoryError(`history entry ${JSON.stringify(id)} has a sample that is not a duration`);
        }
        const entry = { s: samples, seen: raw.seen };
        // Outcomes are advisory: an unreadable string is dropped rather than failing the history.
        if (typeof raw.o === 'string' && /^[PFR]+$/.test(raw.o))
            entry.o = raw.o;
        tests[id] = entry;
    }
    const overhead = Array.isArray(value.overhead)
        ? value.overhead.filter((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
        : [];
    const updatedAt = typeof value.updatedAt === 'string' ? value.updatedAt : '';
    const costs = isRecord(value.costs) ? validateCosts(value.costs) : emptyCostHistory();
    const suite = Array.isArray(value.suite)
        ? value.suite.filter((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
        : [];
    const history = {
        schema: HISTORY_SCHEMA,
        run,
        updatedAt,
        tests,
        overhead,
        costs,
        ...(suite.length ? { suite } : {}),
    };
    // Advisory lists: a malformed one is dropped, never a reason to refuse the history.
    const strings = (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')
        ? v
        : undefined;
    const keepWhole = strings(value.keepWhole);
    if (keepWhole)
        history.keepWhole = keepWhole;
    const merged = strings(value.merged);
    if (merged)
        history.merged = merged;
    return history;
}
/** Cost fields are advisory: a malformed one is dropped, never a reason to refuse the history. */
function validateCosts(raw) {
    const durations = (value) => Array.isArray(value)
        ? value.filter((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
        : [];
    const perKey = (value) => {
        const out = {};
        if (!isRecord(value))
            return out;
        for (const [key, entry] of Object.entries(value)) {
            if (isRecord(entry) && typeof entry.seen === 'number') {
                out[key] = { s: durations(entry.s), seen: entry.seen };
            }
        }
        return out;
    };
    const lists = (value) => {
        const out = {};
        if (isRecord(value))
            for (const [key, list] of Object.entries(value))
                out[key] = durations(list);
        return out;
    };
    return {
        collect: perKey(raw.collect),
        moduleFixtures: perKey(raw.moduleFixtures),
        classFixtures: perKey(raw.classFixtures),
        fixed: durations(raw.fixed),
        perTest: durations(raw.perTest),
        phases: lists(raw.phases),
        speed: lists(raw.speed),
    };
}
/** Byte-for-byte stable serialization: keys sorted by code unit, one test per line. */
function serializeHistory(history) {
    const ids = Object.keys(history.tests).sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U);
    const lines = ids.map((id) => {
        const entry = history.tests[id];
        const outcomes = entry.o ? `, "o": ${JSON.stringify(entry.o)}` : '';
        return `    ${JSON.stringify(id)}: {"s": ${JSON.stringify(entry.s)}, "seen": ${entry.seen}${outcomes}}`;
    });
    return ('{\n' +
        `  "schema": ${JSON.stringify(history.schema)},\n` +
        `  "run": ${history.run},\n` +
        `  "updatedAt": ${JSON.stringify(history.updatedAt)},\n` +
        `  "overhead": ${JSON.stringify(history.overhead)},\n` +
        (history.suite ? `  "suite": ${JSON.stringify(history.suite)},\n` : '') +
        `  "costs": ${serializeCosts(history.costs)},\n` +
        (history.keepWhole?.length ? `  "keepWhole": ${JSON.stringify(history.keepWhole)},\n` : '') +
        (history.merged?.length ? `  "merged": ${JSON.stringify(history.merged)},\n` : '') +
        `  "tests": {${lines.length ? '\n' + lines.join(',\n') + '\n  ' : ''}}\n` +
        '}\n');
}
/** One line per file or class, keys sorted, like the tests. */
function serializeCosts(costs) {
    const perKey = (record) => {
        const keys = Object.keys(record).sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U);
        if (keys.length === 0)
            return '{}';
        const rows = keys.map((key) => `      ${JSON.stringify(key)}: {"s": ${JSON.stringify(record[key].s)}, "seen": ${record[key].seen}}`);
        return `{\n${rows.join(',\n')}\n    }`;
    };
    const lists = (record) => JSON.stringify(sortKeys(record)).replace(/\],"/g, '], "');
    return ('{\n' +
        `    "fixed": ${JSON.stringify(costs.fixed)},\n` +
        `    "perTest": ${JSON.stringify(costs.perTest)},\n` +
        `    "phases": ${lists(costs.phases)},\n` +
        `    "speed": ${lists(costs.speed)},\n` +
        `    "collect": ${perKey(costs.collect)},\n` +
        `    "moduleFixtures": ${perKey(costs.moduleFixtures)},\n` +
        `    "classFixtures": ${perKey(costs.classFixtures)}\n` +
        '  }');
}
function sortKeys(record) {
    const out = {};
    for (const key of Object.keys(record).sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U))
        out[key] = record[key];
    return out;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ }),

/***/ 4845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fd: () => (/* binding */ normalizePath),
/* harmony export */   Oo: () => (/* binding */ testIdFromJUnitCase),
/* harmony export */   WZ: () => (/* binding */ makeTestId),
/* harmony export */   Xj: () => (/* binding */ isInsideRoot),
/* harmony export */   c7: () => (/* binding */ parseTestIdLines),
/* harmony export */   oC: () => (/* binding */ testIdFromPytestNodeId),
/* harmony export */   vB: () => (/* binding */ fileOfTestIdSharing),
/* harmony export */   z: () => (/* binding */ fileOfTestId)
/* harmony export */ });
const SEPARATOR = '::';
/** `file::name::name…`; empty names (a test outside any describe block) are left out. */
function makeTestId(file, names) {
    return [file, ...names.filter((name) => name !== '')].join(SEPARATOR);
}
/**
 * The file part of an id. The file always comes first, so the first '::' ends it even when a
 * parameter holds '::' (`t.py::test[a::b]` → `t.py`) or the path holds brackets
 * (`app/[id]/page.test.ts::x`).
 */
function fileOfTestId(id) {
    const at = id.indexOf(SEPARATOR);
    return at < 0 ? id : id.slice(0, at);
}
/**
 * fileOfTestId(id), as the very string `previous` when that is the answer: ids walked in order
 * then share one string per file instead of one per test, which maps keyed by file hash once.
 */
function fileOfTestIdSharing(id, previous) {
    const at = id.indexOf(SEPARATOR);
    if (at < 0)
        return id;
    return at === previous.length && id.startsWith(previous) ? previous : id.slice(0, at);
}
// `C:` alone or `C:x` is drive-relative on Windows: no less outside the project than `C:/x`.
const DRIVE = /^[A-Za-z]:/;
function isAbsolute(posixPath) {
    return posixPath.startsWith('/') || DRIVE.test(posixPath);
}
/** Backslashes, absolute or drive paths, '//', and '.' or '..' segments. */
const NEEDS_NORMALIZING = /\\|^\/|^[A-Za-z]:|\/\/|\/$|(^|\/)\.\.?(\/|$)/;
/** Resolves '.', '..' and repeated '/' without touching the file system. */
function collapse(posixPath) {
    const prefix = posixPath.startsWith('/') ? '/' : (/^[A-Za-z]:\/?/.exec(posixPath)?.[0] ?? '');
    const out = [];
    for (const segment of posixPath.slice(prefix.length).split('/')) {
        if (segment === '' || segment === '.')
            continue;
        if (segment === '..') {
            if (out.length > 0 && out[out.length - 1] !== '..')
                out.pop();
            // A relative path keeps its leading '..' so that callers see it escape; '/..' is '/'.
            else if (prefix === '')
                out.push('..');
            continue;
        }
        out.push(segment);
    }
    return prefix + out.join('/');
}
/** `path` relative to the absolute `root`, or undefined when it is not under it. */
function relativeTo(path, root) {
    const base = root.endsWith('/') ? root : `${root}/`;
    // Windows paths compare case-insensitively (drive letters differ in case between tools).
    const windows = DRIVE.test(root);
    const head = path.slice(0, base.length);
    const same = windows ? head.toLowerCase() === base.toLowerCase() : head === base;
    if (same)
        return path.slice(base.length);
    const equal = windows ? path.toLowerCase() === root.toLowerCase() : path === root;
    return equal ? '' : undefined;
}
/**
 * A path as a POSIX path relative to the project: backslashes become '/', './' and '//' go,
 * '.' and '..' segments are resolved, and an absolute path under `root` (POSIX or Windows style)
 * loses that prefix. Anything else is returned as it is, so an absolute path or one starting
 * with '../' stays visible to isInsideRoot.
 */
function normalizePath(path, root) {
    // Fast path for the common case (100,000 ids per timing file): already a clean relative path.
    if (!NEEDS_NORMALIZING.test(path))
        return path;
    const posix = collapse(path.replace(/\\/g, '/'));
    if (!root || !isAbsolute(posix))
        return posix;
    const rootPosix = collapse(root.replace(/\\/g, '/'));
    if (!isAbsolute(rootPosix))
        return posix;
    return relativeTo(posix, rootPosix) ?? posix;
}
/** False for '', absolute paths and paths that escape the root with '..'. */
function isInsideRoot(relPath) {
    const posix = relPath.replace(/\\/g, '/');
    if (isAbsolute(posix))
        return false;
    const collapsed = collapse(posix);
    return collapsed !== '' && collapsed !== '..' && !collapsed.startsWith('../');
}
/** A pytest node id with its file part normalized; the rest is kept verbatim. */
function testIdFromPytestNodeId(nodeid, root) {
    const at = nodeid.indexOf(SEPARATOR);
    if (at < 0)
        return normalizePath(nodeid, root);
    return normalizePath(nodeid.slice(0, at), root) + nodeid.slice(at);
}
const indexCache = new WeakMap();
function baseName(path) {
    return path.slice(path.lastIndexOf('/') + 1);
}
function stem(fileName) {
    const dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.slice(0, dot) : fileName;
}
/** `tests/test_mod.py` → `tests.test_mod`: how pytest and rspec name a module in `classname`. */
function dottedForm(file) {
    const slash = file.lastIndexOf('/');
    return (file.slice(0, slash + 1) + stem(file.slice(slash + 1))).replace(/\//g, '.');
}
function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
function indexOf(files) {
    if (!files || files.size === 0)
        return undefined;
    const cached = indexCache.get(files);
    // A set that grew or shrank since it was indexed is indexed again.
    if (cached && cached.size === files.size)
        return cached;
    const index = {
        files,
        size: files.size,
        byBase: new Map(),
        byStem: new Map(),
        dotted: new Map(),
        goDirs: new Set(),
    };
    for (const file of files) {
        const base = baseName(file);
        push(index.byBase, base, file);
        push(index.byStem, stem(base), file);
        index.dotted.set(file, dottedForm(file));
        if (base.endsWith('.go'))
            index.goDirs.add(file.slice(0, Math.max(0, file.lastIndexOf('/'))));
    }
    indexCache.set(files, index);
    return index;
}
/**
 * The known file a reported path means: itself; else the one known file ending with it (runners
 * report paths relative to their own root: Playwright's testDir, a pytest rootdir below the
 * repository); else, for an absolute path, the longest known file it ends with (a checkout at
 * another place). Unmatched paths come back unchanged.
 */
function resolvePath(path, index) {
    if (!index || index.files.has(path))
        return path;
    const sameBase = index.byBase.get(baseName(path)) ?? [];
    if (isAbsolute(path)) {
        let best;
        for (const file of sameBase) {
            if (path.endsWith(`/${file}`) && (best === undefined || file.length > best.length))
                best = file;
        }
        return best ?? path;
    }
    const ending = sameBase.filter((file) => file.endsWith(`/${path}`));
    return ending.length === 1 ? ending[0] : path;
}
/**
 * A dotted name (pytest module + classes, rspec module, Java class) resolved against the known
 * files: the longest prefix whose dotted form is exactly one known file, else ends exactly one
 * known file's dotted form (Java's src/test/java/…, a pytest rootdir below the repository).
 */
function resolveDotted(dotted, index) {
    const segments = dotted.split('.');
    for (let n = segments.length; n >= 1; n--) {
        const candidates = index.byStem.get(segments[n - 1]);
        if (!candidates)
            continue;
        const module = segments.slice(0, n).join('.');
        const exact = candidates.filter((file) => index.dotted.get(file) === module);
        const found = exact.length > 0
            ? exact
            : candidates.filter((file) => index.dotted.get(file).endsWith(`.${module}`));
        if (found.length === 1)
            return { file: found[0], rest: segments.slice(n) };
    }
    return undefined;
}
// Source files of the runners that write JUnit; a classname or suite name ending so is a path.
const FILE_EXTENSION = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kts?|groovy|scala|php|cs|fs|vb|feature|vue|svelte|rs|exs?|swift|dart|lua|robot|bats)$/i;
const GO_TEST_NAME = /^(?:Test|Benchmark|Example|Fuzz)(?![a-z])/;
const DOTTED_NAME = /^[^\s./\\]+(?:\.[^\s./\\]+)*$/;
const CAPITALISED = /^\p{Lu}/u;
/** Vitest joins describe titles with ' > ', Playwright with ' › '. */
function splitTitlePath(name) {
    return name.split(name.includes(' › ') ? ' › ' : ' > ');
}
/** pytest classname segments that are classes: from the first Capitalised one on. */
function pytestClasses(segments) {
    const first = segments.findIndex((segment) => CAPITALISED.test(segment));
    return first < 0 ? [] : segments.slice(first);
}
/** The names of a case whose file is known, by what its classname says about that file. */
function namesInFile(c, file) {
    const classname = c.classname;
    const module = dottedForm(file);
    // pytest (module, then classes) and rspec (module only).
    if (classname === module)
        return [c.name];
    if (classname.startsWith(`${module}.`)) {
        return [...classname.slice(module.length + 1).split('.'), c.name];
    }
    if (normalizePath(classname) === file)
        return splitTitlePath(c.name);
    if (file.endsWith('.py'))
        return [...pytestClasses(classname.split('.')), c.name];
    // jest-junit's default templates put the whole title path in both attributes.
    if (classname.trim() === '' || classname === c.name)
        return [c.name.trim()];
    // PHPUnit and JVM runners: the class is the file.
    const lastSegment = classname.slice(Math.max(classname.lastIndexOf('.'), classname.lastIndexOf('\\')) + 1);
    if (lastSegment === stem(baseName(file)))
        return [c.name];
    // jest-junit with classname "{classname}": the describe blocks.
    return [...classname.split(' › '), c.name];
}
/** A Go import path's directory in the project, when the known files show one. */
function goPackage(importPath, index) {
    if (!index)
        return importPath;
    const segments = importPath.split('/');
    for (let k = 0; k < segments.length; k++) {
        const tail = segments.slice(k).join('/');
        if (index.files.has(tail) || index.goDirs.has(tail))
            return tail;
    }
    return importPath;
}
function looksLikeGoPackage(c) {
    const classname = c.classname;
    if (classname === '' || /\s/.test(classname) || FILE_EXTENSION.test(classname))
        return false;
    return classname.includes('/') || (GO_TEST_NAME.test(c.name) && !classname.includes('.'));
}
/**
 * The canonical id of a JUnit case (table above), or undefined when the report does not say
 * which file the case is in. `knownFiles` (project-relative paths of the test files, or Go
 * package directories) resolve dotted class names and complete partial paths; `root` (the
 * absolute project directory the report was written in) relativizes absolute file attributes.
 * The known files are indexed once per set: pass a set that no longer changes.
 */
function testIdFromJUnitCase(c, knownFiles, root) {
    const index = indexOf(knownFiles);
    const { classname } = c;
    if (c.file !== undefined && c.file !== '') {
        const reported = normalizePath(c.file, root);
        return makeTestId(resolvePath(reported, index), namesInFile(c, reported));
    }
    // Vitest and Playwright: the suite and the classname are both the file.
    const suite = c.suites[c.suites.length - 1] ?? '';
    if (classname !== '' && classname === suite && FILE_EXTENSION.test(classname)) {
        return makeTestId(resolvePath(normalizePath(classname, root), index), splitTitlePath(c.name));
    }
    // jest-junit with suiteNameTemplate "{filepath}". Its default suite name is the first describe
    // title, which may end in '.js' too: with known files, only a suite that is one counts.
    if (suite !== classname && FILE_EXTENSION.test(suite)) {
        const reported = normalizePath(suite, root);
        const file = resolvePath(reported, index);
        if (!index || index.files.has(file))
            return makeTestId(file, namesInFile(c, reported));
    }
    if (index && DOTTED_NAME.test(classname)) {
        // Surefire names nested classes Outer$Inner.
        const resolved = resolveDotted(classname.replace(/\$/g, '.'), index);
        if (resolved)
            return makeTestId(resolved.file, [...resolved.rest, c.name]);
    }
    if (looksLikeGoPackage(c))
        return makeTestId(goPackage(classname, index), [c.name]);
    // pytest xunit2 without a matching known file: guess the module from the classname.
    if (DOTTED_NAME.test(classname)) {
        const segments = classname.split('.');
        const classes = pytestClasses(segments);
        const moduleSegments = segments.slice(0, segments.length - classes.length);
        // pytest collects test* functions by default; JUnit 4/5 method names rarely start so.
        if (moduleSegments.length > 0 && c.name.startsWith('test')) {
            const file = resolvePath(`${moduleSegments.join('/')}.py`, index);
            return makeTestId(file, [...classes, c.name]);
        }
    }
    return undefined;
}
/**
 * A list of test ids kept in a file (`plan --tests-file`, the quarantine list): one per line;
 * blank lines, `#` comment lines and trailing ` # comments` are ignored. Line numbers are 1-based.
 */
function parseTestIdLines(text) {
    const out = [];
    text.split(/\r?\n/).forEach((raw, index) => {
        const id = raw.replace(/(^|\s)#.*$/, '').trim();
        if (id !== '')
            out.push({ line: index + 1, id });
    });
    return out;
}


/***/ }),

/***/ 2831:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ compareCodeUnits),
/* harmony export */   e: () => (/* binding */ sortByCodeUnits)
/* harmony export */ });
/** Locale-independent string order: plans must come out the same on every machine and locale. */
function compareCodeUnits(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Sorts `items` in place, stably, by a string key in code-unit order. Timing files of 100,000
 * tests pass through several stages that each want id order; they usually arrive sorted
 * (pytest-split writes sorted keys), so an O(n) check skips the sort.
 */
function sortByCodeUnits(items, key) {
    for (let i = 1; i < items.length; i++) {
        if (key(items[i - 1]) > key(items[i])) {
            return items.sort((a, b) => compareCodeUnits(key(a), key(b)));
        }
    }
    return items;
}


/***/ }),

/***/ 4717:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  t: () => (/* binding */ planShards)
});

// UNUSED EXPORTS: SPLIT_TOLERANCE

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/fingerprint.ts

/**
 * Bump when the planner's output for the same inputs changes, so shards planned by different
 * evenshard versions never look as if they agree.
 */
const PLANNER_VERSION = 'evenshard-planner/1';
/**
 * sha256 (hex) of everything a plan depends on. `testsInIdOrder` must be sorted by id (code unit
 * order), as the planner keeps them, so the same inputs in any order give the same fingerprint;
 * arrays only, so no object key order leaks in. `file` is part of it because the planner groups
 * tests by it.
 */
function planFingerprint(shards, splitFiles, testsInIdOrder, costs, keptWhole = []) {
    // Runs of consecutive tests in one file, [file, id, ms, id, ms, …]: each file is named once and
    // no array is made per test, which keeps 100,000 tests cheap to hash.
    const runs = [];
    let run = [];
    for (const t of testsInIdOrder) {
        if (run[0] !== t.file)
            runs.push((run = [t.file]));
        run.push(t.id, t.ms);
    }
    // Without a cost model the canonical form is the one older versions hashed.
    const parts = [PLANNER_VERSION, shards, splitFiles, runs];
    if (costs)
        parts.push(costs.fixedMs, costs.visits);
    // Files kept whole change the plan; nothing is added when there are none.
    if (keptWhole.length > 0)
        parts.push(['keepWhole', [...keptWhole].sort()]);
    return sha256OfJson(parts, 3);
}
/**
 * sha256 (hex) of JSON.stringify(parts), hashed piece by piece: the array at `parts[large]` (one
 * element per file of the suite) is written one element at a time, so the text of 100,000 tests
 * is never one string.
 */
function sha256OfJson(parts, large) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const items = parts[large];
    const before = JSON.stringify(parts.slice(0, large));
    const after = JSON.stringify(parts.slice(large + 1));
    hash.update(`${before.slice(0, -1)}${large > 0 ? ',' : ''}[`);
    // Batches of about 64 KiB: fewer calls into the hash, no string of the whole.
    let batch = '';
    items.forEach((item, index) => {
        batch += (index > 0 ? ',' : '') + JSON.stringify(item);
        if (batch.length >= 65_536) {
            hash.update(batch);
            batch = '';
        }
    });
    hash.update(`${batch}]${after.length > 2 ? ',' : ''}${after.slice(1)}`);
    return hash.digest('hex');
}

// EXTERNAL MODULE: ./src/core/order.ts
var order = __webpack_require__(2831);
;// CONCATENATED MODULE: ./src/core/planning/model.ts
function maxTestMs(suite, file) {
    return file.tests.reduce((max, t) => Math.max(max, suite.tests[t].ms), 0);
}
/**
 * Every unit a plan may use, heaviest first: each file whole and, `withTests`, each test of a
 * splittable file. Equal weights put whole files first, then go by name (files and tests are
 * already in name order, so their positions are the tie-break). The units of any one plan keep
 * this order, so the sort is done once.
 */
function unitTable(suite, withTests) {
    const units = [];
    suite.files.forEach((f, file) => {
        units.push({ ms: f.ms + f.visitMs, file, test: -1 });
        if (withTests && f.splittable) {
            for (const test of f.tests)
                units.push({ ms: suite.tests[test].ms, file, test });
        }
    });
    return sortUnits(units, suite.files.length, suite.tests.length);
}
const byWeightThenName = (a, b) => b.ms - a.ms || a.test - b.test || a.file - b.file;
const INDEX_BITS = 2 ** 21;
const MAX_SORTABLE_MS = 2 ** 31;
/**
 * `units` in byWeightThenName order. That order is total and its keys are small integers, so
 * when they fit they are packed into one number per unit, (MAX - ms, whole file before test,
 * index), which a typed array sorts natively: several times faster than calling the comparator
 * for each of 100,000 tests.
 */
function sortUnits(units, fileCount, testCount) {
    const packable = fileCount < INDEX_BITS &&
        testCount < INDEX_BITS &&
        units.every((u) => Number.isInteger(u.ms) && u.ms >= 0 && u.ms < MAX_SORTABLE_MS);
    if (!packable)
        return units.sort(byWeightThenName);
    const keys = new Float64Array(units.length);
    const wholeOf = [];
    const testOf = [];
    units.forEach((u, at) => {
        const slot = u.test < 0 ? u.file : INDEX_BITS + u.test;
        keys[at] = (MAX_SORTABLE_MS - 1 - u.ms) * 2 * INDEX_BITS + slot;
        if (u.test < 0)
            wholeOf[u.file] = u;
        else
            testOf[u.test] = u;
    });
    keys.sort();
    return Array.from(keys, (key) => {
        const slot = key % (2 * INDEX_BITS);
        return slot < INDEX_BITS ? wholeOf[slot] : testOf[slot - INDEX_BITS];
    });
}
/** Fewer empty shards, then shorter makespan, then fewer split files. */
function better(a, b) {
    const order = a.emptyShards - b.emptyShards || a.makespan - b.makespan || a.splitCount - b.splitCount;
    return order <= 0 ? a : b;
}
function toCandidate(suite, units, shardOf, splitCount) {
    const shardOfTest = new Int32Array(suite.tests.length);
    units.forEach((unit, index) => {
        const shard = shardOf[index];
        if (unit.test >= 0)
            shardOfTest[unit.test] = shard;
        else
            for (const test of suite.files[unit.file].tests)
                shardOfTest[test] = shard;
    });
    return finish(suite, shardOfTest, splitCount);
}
/**
 * An assignment's loads under the cost model, computed afresh: the searches keep approximate
 * loads (a test moved onto a shard does not know whether that shard already pays its file's
 * visit), the candidate is judged by the exact ones.
 */
function finish(suite, shardOfTest, splitCount) {
    const loads = new Array(suite.shards).fill(0);
    const fileSeen = new Int32Array(suite.shards).fill(-1);
    let visits = 0;
    let extraVisitMs = 0;
    suite.files.forEach((file, index) => {
        extraVisitMs -= file.visitMs;
        for (const test of file.tests) {
            const shard = shardOfTest[test];
            loads[shard] += suite.tests[test].ms;
            if (fileSeen[shard] !== index) {
                fileSeen[shard] = index;
                loads[shard] += file.visitMs;
                extraVisitMs += file.visitMs;
                visits += 1;
            }
        }
    });
    // Every file is visited at least once, so a shard never seen ends with -1.
    const emptyShards = fileSeen.filter((file) => file < 0).length;
    return {
        splitCount,
        shardOfTest,
        loads,
        makespan: Math.max(0, ...loads),
        emptyShards,
        extraVisits: visits - suite.files.length,
        extraVisitMs,
    };
}

;// CONCATENATED MODULE: ./src/core/planning/balance.ts
/**
 * The greedy core: longest first onto the least-loaded shard, then a local search of moves and
 * swaps that lowers the heaviest shard. Works on whole-millisecond weights sorted heaviest first.
 */

/** Longest first, then refinement, over `units` (sorted heaviest first). */
function scatter(suite, units, splitCount) {
    const weights = units.map((u) => u.ms);
    const loads = new Array(suite.shards).fill(0);
    const shardOf = longestFirst(weights, loads, new Uint8Array(suite.shards));
    refine(weights, shardOf, loads, floorMs(weights, suite.shards));
    return toCandidate(suite, units, shardOf, splitCount);
}
/**
 * The shard whose load passes `allowed` and is preferred by `prefer` over all others (the lowest
 * index on ties), or -1.
 */
function indexOfBest(loads, allowed, prefer) {
    let best = -1;
    loads.forEach((load, shard) => {
        if (allowed(load, shard) && (best < 0 || prefer(load, loads[best])))
            best = shard;
    });
    return best;
}
/** Whole milliseconds: no placement of `weights` beats ceil(total / N) or its heaviest unit. */
function floorMs(weights, shards) {
    const totalMs = weights.reduce((sum, w) => sum + w, 0);
    return Math.max(Math.ceil(totalMs / shards), weights[0] ?? 0);
}
/**
 * Longest first onto the least-loaded shard (LPT), adding to `loads` and marking `occupied`;
 * `weights` sorted heaviest first. Returns each unit's shard. Among equally loaded shards an empty
 * one wins, so zero-weight units do not pile onto one shard while another stays empty.
 */
function longestFirst(weights, loads, occupied) {
    const shards = loads.length;
    const shardOf = new Int32Array(weights.length);
    // Binary min-heap of shard indices by (load, occupied, index): O(log N) per unit, not a scan.
    const heap = loads.map((_, shard) => shard);
    const lighter = (a, b) => loads[a] - loads[b] || occupied[a] - occupied[b] || a - b;
    const siftDown = (start) => {
        let at = start;
        for (;;) {
            const left = 2 * at + 1;
            const right = left + 1;
            let least = at;
            if (left < shards && lighter(heap[left], heap[least]) < 0)
                least = left;
            if (right < shards && lighter(heap[right], heap[least]) < 0)
                least = right;
            if (least === at)
                return;
            [heap[at], heap[least]] = [heap[least], heap[at]];
            at = least;
        }
    };
    for (let at = Math.floor(shards / 2) - 1; at >= 0; at--)
        siftDown(at);
    weights.forEach((weight, unit) => {
        const shard = heap[0];
        shardOf[unit] = shard;
        loads[shard] += weight;
        occupied[shard] = 1;
        siftDown(0);
    });
    return shardOf;
}
/**
 * Local search after LPT: repeatedly take the heaviest shard and apply the single move or swap
 * of `weights`' units with another shard that lowers it most, until none helps or `stopAtMs` is
 * reached. `loads` may include work that stays put. Each step lowers the heaviest load without
 * raising any shard to it, so the loop ends.
 */
function refine(weights, shardOf, loads, stopAtMs) {
    // Each shard's units by index, which is heaviest first: lets the searches below bisect.
    const members = loads.map(() => []);
    shardOf.forEach((shard, unit) => members[shard].push(unit));
    const transfer = (unit, from, to) => {
        const source = members[from];
        source.splice(insertionPoint(source, unit), 1);
        const target = members[to];
        target.splice(insertionPoint(target, unit), 0, unit);
        shardOf[unit] = to;
        loads[from] -= weights[unit];
        loads[to] += weights[unit];
    };
    for (;;) {
        const heavy = indexOfBest(loads, () => true, (a, b) => a > b);
        if (loads[heavy] <= stopAtMs)
            return;
        const step = bestStep(weights, members, loads, heavy);
        if (!step)
            return;
        transfer(step.out, heavy, step.other);
        if (step.back >= 0)
            transfer(step.back, step.other, heavy);
    }
}
function bestStep(weights, members, loads, heavy) {
    const from = members[heavy];
    let best;
    const consider = (other, gap, out, back) => {
        if (out === undefined)
            return;
        const delta = weights[out] - (back >= 0 ? weights[back] : 0);
        if (delta <= 0 || delta >= gap)
            return;
        const gain = Math.min(delta, gap - delta);
        if (!best || gain > best.gain)
            best = { other, out, back, gain };
    };
    // Moves first: a swap is searched over every unit of the other shards, so only when no move helps.
    for (const withSwaps of [false, true]) {
        for (let other = 0; other < loads.length; other++) {
            if (other === heavy)
                continue;
            const gap = loads[heavy] - loads[other];
            // Whole-millisecond weights: with a gap below 2 nothing can land strictly between.
            if (gap < 2)
                continue;
            const half = gap / 2;
            if (!withSwaps) {
                // Move: the heavy shard's unit closest to half the gap.
                const at = firstAtMost(weights, from, half, 0);
                consider(other, gap, from[at - 1], -1);
                consider(other, gap, from[at], -1);
                continue;
            }
            // Swap: for each distinct weight on the other shard, the heavy unit closest to it plus half
            // the gap. Both lists are heaviest first, so the search position only moves forward.
            let cursor = 0;
            let previous = -1;
            for (const back of members[other]) {
                if (weights[back] === previous)
                    continue;
                previous = weights[back];
                cursor = firstAtMost(weights, from, previous + half, cursor);
                consider(other, gap, from[cursor - 1], back);
                consider(other, gap, from[cursor], back);
            }
        }
        if (best)
            return best;
    }
    return undefined;
}
/** First position in `units` (heaviest first), at or after `start`, whose weight is ≤ `limit`. */
function firstAtMost(weights, units, limit, start) {
    let low = start;
    let high = units.length;
    while (low < high) {
        const middle = (low + high) >>> 1;
        if (weights[units[middle]] <= limit)
            high = middle;
        else
            low = middle + 1;
    }
    return low;
}
function insertionPoint(sorted, value) {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
        const middle = (low + high) >>> 1;
        if (sorted[middle] < value)
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

;// CONCATENATED MODULE: ./src/core/planning/splits.ts
/**
 * Split-file decisions: which heavy files to break into single tests, and how to pour a split
 * file's tests over as few shards as balance allows (each extra shard pays its visit cost again).
 */


/**
 * A plan within this fraction of the lower bound is good enough: splitting more files to get
 * closer would make more shards pay those files' module fixtures.
 */
const SPLIT_TOLERANCE = 0.002;
/**
 * Keep files whole unless balance needs otherwise: let the heaviest splittable files be broken
 * into tests, as few as reach the target (within SPLIT_TOLERANCE of the lower bound), trying
 * 1, 2, 4 … files and then bisecting. Each choice is placed four ways (see `pour`), and the way
 * that reaches the target with the fewest extra file visits wins.
 */
function chooseSplits(suite, lowerBoundMs) {
    const { files, shards } = suite;
    const splitOrder = files
        .map((_, index) => index)
        .filter((index) => files[index].splittable)
        .sort((a, b) => files[b].ms - files[a].ms || a - b);
    const finestCount = files.reduce((sum, f) => sum + (f.splittable ? f.tests.length : 1), 0);
    const fewestEmpty = Math.max(0, shards - finestCount);
    let target = Math.max(Math.ceil(lowerBoundMs), Math.floor(lowerBoundMs * (1 + SPLIT_TOLERANCE)));
    const acceptable = (c) => c.emptyShards <= fewestEmpty && c.makespan <= target;
    // Of two plans splitting the same files: one that reaches the target, then fewer extra visits.
    const preferable = (a, b) => {
        if (acceptable(a) !== acceptable(b))
            return acceptable(a) ? a : b;
        if (!acceptable(a))
            return better(a, b);
        return (a.extraVisits - b.extraVisits || a.makespan - b.makespan) <= 0 ? a : b;
    };
    const wholeFilesOnly = scatter(suite, unitTable(suite, false), 0);
    if (splitOrder.length === 0)
        return wholeFilesOnly;
    // Whole files at the lower bound already reach any target: no need to place single tests.
    if (wholeFilesOnly.emptyShards <= fewestEmpty &&
        wholeFilesOnly.makespan <= Math.ceil(lowerBoundMs)) {
        return wholeFilesOnly;
    }
    const table = unitTable(suite, true);
    const testsByWeight = new Map();
    for (const unit of table) {
        if (unit.test < 0)
            continue;
        const tests = testsByWeight.get(unit.file);
        if (tests)
            tests.push(unit.test);
        else
            testsByWeight.set(unit.file, [unit.test]);
    }
    const choose = (count) => {
        const isSplit = new Uint8Array(files.length);
        for (const file of splitOrder.slice(0, count))
            isSplit[file] = 1;
        const units = table.filter((u) => u.test >= 0 === (isSplit[u.file] === 1));
        const whole = [];
        units.forEach((u, index) => u.test < 0 && whole.push(index));
        return {
            files: splitOrder.slice(0, count),
            units,
            weights: units.map((u) => u.ms),
            whole,
            testsByWeight,
        };
    };
    // Never worse than plain longest-first over single tests: the finest plan (every splittable
    // file split, then refined) is at least that good, so the target is never above it.
    const finest = scatter(suite, choose(splitOrder.length).units, splitOrder.length);
    target = Math.min(target, Math.max(finest.makespan, Math.ceil(lowerBoundMs)));
    if (acceptable(wholeFilesOnly))
        return wholeFilesOnly;
    const cache = new Map();
    const evaluate = (count) => {
        let found = cache.get(count);
        if (!found) {
            const choice = choose(count);
            const pourAt = (capacity) => [false, true].map((wholeFilesFirst) => pour(suite, choice, capacity, wholeFilesFirst, target));
            found = [target, Math.ceil(lowerBoundMs)].flatMap(pourAt).reduce(preferable);
            // Split files pay their visit cost again on every extra shard: room for what the last
            // pour paid lets the next one cut them into fewer, larger parts.
            for (let round = 0; round < 2 && found.extraVisitMs > 0; round++) {
                const capacity = Math.ceil((suite.totalMs + found.extraVisitMs) / suite.shards);
                found = [found, ...pourAt(capacity)].reduce(preferable);
            }
            cache.set(count, found);
        }
        return found;
    };
    let best = wholeFilesOnly;
    let failedCount = 0;
    for (let count = 1;; count = Math.min(count * 2, splitOrder.length)) {
        const next = evaluate(count);
        if (acceptable(next)) {
            // Makespan is not strictly monotone in the count; bisecting still finds a smaller one that works.
            let found = next;
            while (found.splitCount - failedCount > 1) {
                const middle = evaluate(Math.floor((failedCount + found.splitCount) / 2));
                if (acceptable(middle))
                    found = middle;
                else
                    failedCount = middle.splitCount;
            }
            return found;
        }
        best = better(best, next);
        failedCount = count;
        if (count === splitOrder.length)
            break;
    }
    // Nothing reached the target: the finest plan is never worse than plain longest-first.
    return better(best, finest);
}
/**
 * Keep the split files' tests together: each split file, heaviest first, goes whole into the
 * tightest room below `capacityMs` that holds it, else fills the roomiest shard and overflows into
 * the next (McNaughton's wrap-around rule), so it touches about as few shards as its weight
 * allows. Filling up to the target needs the fewest pieces; up to the lower bound, the least time. The whole files go longest first onto the least-loaded shards either after that, which
 * keeps the split files on few shards, or before it (`wholeFilesFirst`), which lets the split files
 * fill the gaps coarse whole files leave. Refinement then moves and swaps whole files as far as
 * that helps, and single tests only as far as the target needs.
 */
function pour(suite, choice, capacityMs, wholeFilesFirst, targetMs) {
    const loads = new Array(suite.shards).fill(0);
    const occupied = new Uint8Array(suite.shards);
    // A whole file's shard is kept on its first test until the end.
    const shardOfTest = new Int32Array(suite.tests.length);
    const firstTest = (unit) => unit.test >= 0 ? unit.test : suite.files[unit.file].tests[0];
    const placeLongestFirst = (units) => {
        const shards = longestFirst(units.map((u) => u.ms), loads, occupied);
        units.forEach((unit, index) => (shardOfTest[firstTest(unit)] = shards[index]));
    };
    const put = (test, shard) => {
        shardOfTest[test] = shard;
        loads[shard] += suite.tests[test].ms;
        occupied[shard] = 1;
    };
    // The shard last given part of a split file pays the file's visit cost once.
    let visiting = new Uint8Array(suite.shards);
    const visit = (shard, visitMs) => {
        if (visiting[shard] === 0)
            loads[shard] += visitMs;
        visiting[shard] = 1;
    };
    const { units, weights, whole } = choice;
    const wholeUnits = whole.map((index) => units[index]);
    if (wholeFilesFirst)
        placeLongestFirst(wholeUnits);
    const overflow = new Uint8Array(suite.tests.length);
    for (const file of choice.files) {
        const group = suite.files[file];
        visiting = new Uint8Array(suite.shards);
        const tightest = indexOfBest(loads, (load) => capacityMs - load >= group.ms + group.visitMs, (a, b) => a > b);
        if (tightest >= 0) {
            visit(tightest, group.visitMs);
            for (const test of group.tests)
                put(test, tightest);
            continue;
        }
        const tests = heaviestFitting(choice.testsByWeight.get(file), (test) => suite.tests[test].ms);
        for (;;) {
            const shard = indexOfBest(loads, (_, at) => visiting[at] === 0, (a, b) => a < b);
            if (shard < 0)
                break;
            // Nothing fitting the roomiest shard means nothing fits anywhere.
            const room = capacityMs - loads[shard] - group.visitMs;
            if (tests.take(room, (test) => put(test, shard)) === 0)
                break;
            visit(shard, group.visitMs);
        }
        for (const test of tests.left())
            overflow[test] = 1;
    }
    if (!wholeFilesFirst)
        placeLongestFirst(wholeUnits);
    placeLongestFirst(units.filter((u) => u.test >= 0 && overflow[u.test] === 1));
    const shardOf = new Int32Array(units.length);
    units.forEach((unit, index) => (shardOf[index] = shardOfTest[firstTest(unit)]));
    const floor = floorMs(weights, suite.shards);
    const wholeWeights = whole.map((index) => weights[index]);
    // Moving whole files never makes a shard visit one more file, so that goes as far as it can,
    // before and after moving single tests, which goes only as far as the target needs.
    const refineWholeFiles = () => {
        const wholeShardOf = new Int32Array(whole.map((index) => shardOf[index]));
        refine(wholeWeights, wholeShardOf, loads, floor);
        wholeShardOf.forEach((shard, i) => (shardOf[whole[i]] = shard));
    };
    refineWholeFiles();
    refine(weights, shardOf, loads, targetMs);
    refineWholeFiles();
    return toCandidate(suite, units, shardOf, choice.files.length);
}
/**
 * A heaviest-first list to pour from. `take(room, put)` removes the heaviest test that fits the
 * room, then the heaviest that fits what is left, and so on, and returns how many it took. A test
 * that does not fit is skipped by bisection, taken ones through path-compressed links, so pouring
 * a file costs O(n log n) however many shards it spreads over.
 */
function heaviestFitting(tests, msOf) {
    const ms = new Float64Array(tests.map(msOf));
    // nextLeft[i]: the first position at or after i not taken yet (tests.length when none).
    const nextLeft = new Int32Array(tests.length + 1).map((_, i) => i);
    const firstLeft = (position) => {
        let root = position;
        while (nextLeft[root] !== root)
            root = nextLeft[root];
        for (let at = position; at !== root;) {
            const up = nextLeft[at];
            nextLeft[at] = root;
            at = up;
        }
        return root;
    };
    const firstFitting = (from, room) => {
        let low = from;
        let high = tests.length;
        while (low < high) {
            const middle = (low + high) >>> 1;
            if (ms[middle] <= room)
                high = middle;
            else
                low = middle + 1;
        }
        return firstLeft(low);
    };
    return {
        take(room, put) {
            let taken = 0;
            for (let at = firstLeft(0); at < tests.length; at = firstLeft(at + 1)) {
                if (ms[at] > room)
                    at = firstFitting(at, room);
                if (at === tests.length)
                    break;
                put(tests[at]);
                room -= ms[at];
                nextLeft[at] = at + 1;
                taken += 1;
            }
            return taken;
        },
        left() {
            const left = [];
            for (let at = firstLeft(0); at < tests.length; at = firstLeft(at + 1))
                left.push(tests[at]);
            return left;
        },
    };
}

;// CONCATENATED MODULE: ./src/core/planner.ts
/**
 * The planner: tests with estimated durations → N shards of even predicted wall time. This module
 * normalises the input, bounds it, picks the plan and describes it; the greedy core is in
 * planning/balance.ts, the split-file search in planning/splits.ts, the shared model and the
 * cost-model judging in planning/model.ts.
 */






/**
 * Split `tests` into `options.shards` shards of even estimated duration.
 *
 * Durations are rounded to whole milliseconds once, so every sum is exact and independent of
 * order, and every tie is broken by code-unit order of ids and file names: the same tests in any
 * order give the same plan on every machine.
 */
function planShards(tests, options) {
    const { shards, splitFiles } = options;
    if (!Number.isInteger(shards) || shards < 1) {
        throw new RangeError(`shards must be a positive integer, got ${shards}`);
    }
    const weighted = toWeighted(tests);
    const files = groupByFile(weighted);
    const keepWhole = new Set(options.keepWhole ?? []);
    for (const f of files)
        if (keepWhole.has(f.name))
            f.splittable = false;
    const fixedMs = toMs(options.costs?.fixedSeconds ?? 0, 'the fixed cost per shard');
    const visits = options.costs?.fileVisitSeconds;
    if (visits) {
        for (const f of files)
            f.visitMs = toMs(visits.get(f.name) ?? 0, `file ${f.name}'s visit cost`);
    }
    const suite = {
        tests: weighted,
        files,
        shards,
        totalMs: files.reduce((sum, f) => sum + f.ms + f.visitMs, 0),
    };
    const lowerBoundMs = lowerBoundOf(suite, splitFiles);
    const plan = (s, bound) => splitFiles ? chooseSplits(s, bound) : scatter(s, unitTable(s, false), 0);
    let chosen = plan(suite, lowerBoundMs);
    if (files.some((f) => f.visitMs > 0)) {
        // Never worse than the plan that ignores visit costs, judged by the cost model.
        const plain = { ...suite, files: files.map((f) => ({ ...f, visitMs: 0 })) };
        plain.totalMs = plain.files.reduce((sum, f) => sum + f.ms, 0);
        const ignoring = plan(plain, lowerBoundOf(plain, splitFiles));
        const judged = finish(suite, ignoring.shardOfTest, ignoring.splitCount);
        if (judged.makespan < chosen.makespan)
            chosen = judged;
    }
    const shardPlans = describeShards(suite, chosen, fixedMs);
    return {
        shards: shardPlans,
        totalSeconds: suite.totalMs / 1000,
        makespanSeconds: (chosen.makespan + fixedMs) / 1000,
        lowerBoundSeconds: (Math.round(lowerBoundMs) + fixedMs) / 1000,
        ...(options.costs ? { fixedSeconds: fixedMs / 1000 } : {}),
        fingerprint: planFingerprint(shards, splitFiles, weighted, visits || fixedMs > 0
            ? { fixedMs, visits: files.filter((f) => f.visitMs > 0).map((f) => [f.name, f.visitMs]) }
            : undefined, files.filter((f) => keepWhole.has(f.name)).map((f) => f.name)),
        splitFiles: shardPlans
            .flatMap((s) => s.splits.filter((split) => split.owner).map((split) => split.file))
            .sort(order/* compareCodeUnits */.U),
    };
}
/** max(total / N, longest unit): a file visited once, at best, or its heaviest single test. */
function lowerBoundOf(suite, splitFiles) {
    const longestUnitMs = suite.files.reduce((max, f) => Math.max(max, f.visitMs + (splitFiles && f.splittable ? maxTestMs(suite, f) : f.ms)), 0);
    return Math.max(suite.totalMs / suite.shards, longestUnitMs);
}
function toMs(seconds, what) {
    if (!Number.isFinite(seconds) || seconds < 0) {
        throw new RangeError(`${what} is not a duration: ${seconds}`);
    }
    return Math.round(seconds * 1000);
}
function toWeighted(tests) {
    const weighted = tests.map((t) => {
        if (!Number.isFinite(t.seconds) || t.seconds < 0) {
            throw new RangeError(`test ${JSON.stringify(t.id)} has an invalid duration: ${t.seconds}`);
        }
        return { id: t.id, file: t.file, ms: Math.round(t.seconds * 1000) };
    });
    // Strictly ascending ids (the usual input) are sorted and unique: one pass checks both.
    let ascending = true;
    for (let i = 1; ascending && i < weighted.length; i++) {
        ascending = weighted[i - 1].id < weighted[i].id;
    }
    if (ascending)
        return weighted;
    (0,order/* sortByCodeUnits */.e)(weighted, (t) => t.id);
    for (let i = 1; i < weighted.length; i++) {
        // An id listed twice would be planned twice; its durations could also disagree.
        if (weighted[i].id === weighted[i - 1].id) {
            throw new RangeError(`test ${JSON.stringify(weighted[i].id)} is listed twice`);
        }
    }
    return weighted;
}
function groupByFile(weighted) {
    const byName = new Map();
    weighted.forEach((t, index) => {
        let group = byName.get(t.file);
        if (!group) {
            group = { name: t.file, ms: 0, visitMs: 0, tests: [], splittable: true };
            byName.set(t.file, group);
        }
        group.ms += t.ms;
        group.tests.push(index);
        if (t.id === t.file)
            group.splittable = false;
    });
    const files = [...byName.values()].sort((a, b) => (0,order/* compareCodeUnits */.U)(a.name, b.name));
    for (const f of files)
        if (f.tests.length < 2)
            f.splittable = false;
    return files;
}
/**
 * Turn an assignment into shard plans. A file whose tests all landed on one shard is listed whole.
 * A file spread over several shards gets one owner: the least-loaded of them, because the owner
 * also runs tests added since the history was written and so has the most room for them.
 */
function describeShards(suite, chosen, fixedMs) {
    const { shardOfTest, loads } = chosen;
    const plans = loads.map((ms, shard) => ({
        index: shard + 1,
        estimatedSeconds: (ms + fixedMs) / 1000,
        files: [],
        splits: [],
        tests: [],
    }));
    const idsOf = (tests) => tests.map((t) => suite.tests[t].id);
    // Files and tests are visited in code-unit order, so every list below comes out sorted.
    for (const file of suite.files) {
        const holders = [...new Set(file.tests.map((t) => shardOfTest[t]))].sort((a, b) => a - b);
        if (holders.length === 1) {
            plans[holders[0]].files.push(file.name);
            continue;
        }
        const owner = holders.reduce((least, shard) => (loads[shard] < loads[least] ? shard : least));
        for (const shard of holders) {
            const split = {
                file: file.name,
                tests: idsOf(file.tests.filter((t) => shardOfTest[t] === shard)),
                owner: shard === owner,
                excluded: shard === owner ? idsOf(file.tests.filter((t) => shardOfTest[t] !== shard)) : [],
            };
            plans[shard].splits.push(split);
        }
    }
    suite.tests.forEach((t, index) => plans[shardOfTest[index]].tests.push(t.id));
    return plans;
}


/***/ }),

/***/ 6679:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Lx: () => (/* binding */ parseTimingText)
});

// UNUSED EXPORTS: TimingFormatError, detectTimingFormat

// EXTERNAL MODULE: ./src/core/history.ts
var core_history = __webpack_require__(8863);
// EXTERNAL MODULE: ./src/formats/errors.ts
var errors = __webpack_require__(6289);
// EXTERNAL MODULE: ./src/formats/junit.ts
var junit = __webpack_require__(1680);
// EXTERNAL MODULE: ./src/core/identity.ts
var identity = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/core/order.ts
var order = __webpack_require__(2831);
;// CONCATENATED MODULE: ./src/formats/knapsack.ts
/**
 * Knapsack reports: the knapsack gem's `knapsack_*_report.json` (`{"spec/a_spec.rb": 1.23}`) and
 * Knapsack Pro's list of test files (`[{"path": "spec/a_spec.rb", "time_execution": 1.23}]`, as
 * its queue mode writes them under tmp/knapsack_pro/queue/). Ids are files; an RSpec example id
 * that Knapsack Pro writes when it splits a file by examples (`spec/a_spec.rb[1:2]`) becomes
 * `spec/a_spec.rb::[1:2]`, so that its file part stays the file.
 */



const EXAMPLE_ID = /^(.+?)(\[\d+(?::\d+)*(?:,\d+(?::\d+)*)*\])$/;
function idOfPath(path) {
    const example = EXAMPLE_ID.exec(path);
    if (example)
        return (0,identity/* makeTestId */.WZ)((0,identity/* normalizePath */.Fd)(example[1]), [example[2]]);
    return (0,identity/* normalizePath */.Fd)(path);
}
function checkedSeconds(path, value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new errors/* TimingFormatError */.A(`Knapsack report: ${JSON.stringify(path)} has time ${JSON.stringify(value) ?? String(value)}; expected a finite number of seconds >= 0`);
    }
    return value;
}
/** Entries sorted by id; a path listed twice keeps its last time. */
function parseKnapsackReport(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new TimingFormatError(`Knapsack report is not valid JSON: ${error.message}`);
    }
    return knapsackReportFromJson(value);
}
/** The same, from already parsed JSON (the format detector parses once). */
function knapsackReportFromJson(value) {
    const byId = new Map();
    if (Array.isArray(value)) {
        value.forEach((item, i) => {
            const file = typeof item === 'object' && item !== null ? item : {};
            if (typeof file.path !== 'string') {
                throw new errors/* TimingFormatError */.A(`Knapsack Pro report: item ${i} is ${JSON.stringify(item)}; expected {"path": "...", "time_execution": seconds}`);
            }
            byId.set(idOfPath(file.path), checkedSeconds(file.path, file.time_execution));
        });
    }
    else if (typeof value === 'object' && value !== null) {
        for (const [path, seconds] of Object.entries(value)) {
            byId.set(idOfPath(path), checkedSeconds(path, seconds));
        }
    }
    else {
        throw new errors/* TimingFormatError */.A('Knapsack report: expected a JSON object of {"test file": seconds} or a list of {"path", "time_execution"} objects');
    }
    return (0,order/* sortByCodeUnits */.e)([...byId].map(([id, seconds]) => ({ id, seconds })), (entry) => entry.id);
}

// EXTERNAL MODULE: ./src/formats/pytestDurations.ts
var pytestDurations = __webpack_require__(9996);
;// CONCATENATED MODULE: ./src/formats/detect.ts
/**
 * Any supported timing text → timing entries, the format read from the content rather than the
 * file name (artifacts and caches rename files):
 * - starts with '<'                                   → JUnit XML
 * - JSON object with "schema": "evenshard-history/…"   → evenshard's own history
 * - JSON object with a key holding '::' or naming a .py file, or a list of pairs → pytest-split
 *   (a .py key alone is a file-level pytest-split entry)
 * - any other JSON object, or a list of {"path": …}    → Knapsack / Knapsack Pro
 */






const EXPECTED = 'expected JUnit XML, an evenshard history, a pytest-split .test_durations or a Knapsack report';
/** What formatOfJson decides for an object with these keys. */
function formatOfKeys(keys) {
    if (keys.includes('schema') || (keys.includes('tests') && keys.includes('run'))) {
        return 'evenshard-history';
    }
    if (keys.some((key) => key.includes('::') || key.endsWith('.py')))
        return 'pytest-split';
    return 'knapsack';
}
function formatOfJson(value) {
    if (Array.isArray(value)) {
        const first = value[0];
        if (first === undefined || Array.isArray(first))
            return 'pytest-split';
        if (typeof first === 'object' && first !== null && 'path' in first)
            return 'knapsack';
        throw new errors/* TimingFormatError */.A(`${EXPECTED}; got a JSON list whose first item is ${JSON.stringify(first).slice(0, 80)}`);
    }
    if (typeof value === 'object' && value !== null) {
        // A history with a wrong or missing schema still goes to the history parser, whose error
        // names the problem, instead of being misread as a Knapsack report of files "run" and "tests".
        return formatOfKeys(Object.keys(value));
    }
    throw new errors/* TimingFormatError */.A(`${EXPECTED}; got the JSON value ${JSON.stringify(value).slice(0, 80)}`);
}
function withoutBom(text) {
    return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
function detectTimingFormat(text) {
    return sniff(text).format;
}
/**
 * The format, and for JSON formats the parsed value, so that big files are parsed once; a
 * pytest-split object is read without JSON.parse when that gives the same entries.
 */
function sniff(text) {
    const start = withoutBom(text).trimStart();
    if (start.startsWith('<'))
        return { format: 'junit' };
    if (start.startsWith('{')) {
        const members = (0,pytestDurations/* scanNumberObject */.Y)(start);
        if (members && formatOfKeys(members.keys) === 'pytest-split') {
            const entries = (0,pytestDurations/* pytestDurationsFromMembers */.GN)(members);
            if (entries)
                return { format: 'pytest-split', entries };
        }
    }
    if (start.startsWith('{') || start.startsWith('[')) {
        let json;
        try {
            json = JSON.parse(start);
        }
        catch (error) {
            throw new errors/* TimingFormatError */.A(`${EXPECTED}; the text looks like JSON but is not valid: ${error.message}`);
        }
        return { format: formatOfJson(json), json };
    }
    if (start === '')
        throw new errors/* TimingFormatError */.A(`${EXPECTED}; the text is empty`);
    throw new errors/* TimingFormatError */.A(`${EXPECTED}; got text starting with ${JSON.stringify(start.slice(0, 20))}`);
}
/**
 * Detects the format and reads the entries. `knownFiles` and `root` help map JUnit cases to ids
 * (see testIdFromJUnitCase); the other formats carry ids already.
 */
function parseTimingText(text, options = {}) {
    const { format, json, entries } = sniff(text);
    switch (format) {
        case 'junit':
            return { format, ...(0,junit/* timingsFromJUnitCases */.h)((0,junit/* parseJUnit */.i)(withoutBom(text)), options) };
        case 'evenshard-history': {
            const history = (0,core_history/* validateHistory */.XL)(json);
            return { format, entries: (0,core_history/* historyToTimings */.Vm)(history), unmapped: 0, history };
        }
        case 'pytest-split':
            return { format, entries: entries ?? (0,pytestDurations/* pytestDurationsFromJson */.tS)(json), unmapped: 0 };
        case 'knapsack':
            return { format, entries: knapsackReportFromJson(json), unmapped: 0 };
    }
}


/***/ }),

/***/ 6289:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ TimingFormatError)
/* harmony export */ });
/** A timing text that is not in the format it claims or was detected as. The message says what was expected. */
class TimingFormatError extends Error {
    name = 'TimingFormatError';
}


/***/ }),

/***/ 1680:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ timingsFromJUnitCases),
/* harmony export */   i: () => (/* binding */ parseJUnit)
/* harmony export */ });
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1143);
/* harmony import */ var fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5824);
/* harmony import */ var _core_identity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4845);
/* harmony import */ var _core_order_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2831);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6289);
/**
 * JUnit XML → test cases → timing entries. Covers the flavours in the table of
 * src/core/identity.ts: `<testsuites>` or bare `<testsuite>` roots, suites nested to any depth
 * (Jest, Vitest, PHPUnit, Playwright), cases straight under `<testsuites>`.
 *
 * Reports are untrusted input (they come from artifacts). A DOCTYPE or any other markup
 * declaration is refused before parsing, so no entity can be declared, let alone expanded
 * ("billion laughs", external entities); only the predefined XML entities and numeric character
 * references are decoded, because test names contain `&lt;`, `&amp;` and `&#10;`.
 */




const REPEATED = new Set(['testsuites', 'testsuite', 'testcase', 'failure', 'error', 'skipped']);
const parser = new fast_xml_parser__WEBPACK_IMPORTED_MODULE_1__/* ["default"] */ .A({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // With no DOCTYPE (refused below) only predefined entities exist. fast-xml-parser v5 decodes
    // numeric character references only with htmlEntities; the HTML names it adds (&nbsp;) are
    // never written by an XML writer.
    processEntities: true,
    htmlEntities: true,
    // Captured output can be megabytes: kept as raw text, never walked.
    stopNodes: ['*.system-out', '*.system-err'],
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(name),
});
function asNode(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : {};
}
function children(node, name) {
    const value = node[name];
    return Array.isArray(value) ? value : value === undefined ? [] : [value];
}
function attribute(node, name) {
    const value = node[`@_${name}`];
    return typeof value === 'string' ? value : undefined;
}
function lineAt(text, offset) {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1))
        line++;
    return line;
}
/** Refuses `<!DOCTYPE`, `<!ENTITY` and the like anywhere outside CDATA sections and comments. */
function refuseDeclarations(xml) {
    for (const match of xml.matchAll(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<!(?!\[CDATA\[|--)/g)) {
        if (match[0] === '<!') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TimingFormatError */ .A(`JUnit XML must not contain a DOCTYPE or other markup declaration (line ${lineAt(xml, match.index)}): entity declarations are refused for safety`);
        }
    }
}
/**
 * Seconds from a `time` attribute: missing, empty or unreadable → 0. Also reads "1,234.5"
 * (thousands separators, seen from JVM runners), "1.234,5" and "0,5" (decimal commas).
 */
function parseJUnitSeconds(time) {
    let text = (time ?? '').trim();
    if (/^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/.test(text) && !text.startsWith('0')) {
        text = text.replace(/,/g, '');
    }
    else if (/^\d{1,3}(?:\.\d{3})+,\d+$/.test(text)) {
        text = text.replace(/\./g, '').replace(',', '.');
    }
    else if (/^\d+,\d+$/.test(text)) {
        text = text.replace(',', '.');
    }
    if (!/^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text))
        return 0;
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds : 0;
}
// A first line can be a whole minified stack trace: enough to recognise it, not more.
const MAX_MESSAGE = 1000;
function firstLine(text) {
    const line = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .find((l) => l !== '');
    if (line === undefined)
        return undefined;
    return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE)}…` : line;
}
function messageOf(detail) {
    if (typeof detail === 'string')
        return firstLine(detail);
    const node = asNode(detail);
    const fromAttribute = firstLine(attribute(node, 'message') ?? '');
    if (fromAttribute !== undefined)
        return fromAttribute;
    const text = node['#text'];
    return typeof text === 'string' ? firstLine(text) : undefined;
}
function toCase(value, suites, suiteFile) {
    const node = asNode(value);
    const file = attribute(node, 'file') ?? suiteFile;
    // A failure is the test's own verdict; an error may come from a fixture around it.
    const failure = children(node, 'failure');
    const error = children(node, 'error');
    let outcome = 'passed';
    let message;
    if (failure.length > 0) {
        outcome = 'failed';
        message = messageOf(failure[0]);
    }
    else if (error.length > 0) {
        outcome = 'error';
        message = messageOf(error[0]);
    }
    else if (children(node, 'skipped').length > 0) {
        outcome = 'skipped';
    }
    return {
        classname: attribute(node, 'classname') ?? '',
        name: attribute(node, 'name') ?? '',
        ...(file === undefined ? {} : { file }),
        suites,
        seconds: parseJUnitSeconds(attribute(node, 'time')),
        outcome,
        ...(message === undefined ? {} : { message }),
    };
}
function collect(node, suites, file, out) {
    for (const testcase of children(node, 'testcase'))
        out.push(toCase(testcase, suites, file));
    for (const child of children(node, 'testsuite')) {
        const suite = asNode(child);
        collect(suite, [...suites, attribute(suite, 'name') ?? ''], attribute(suite, 'file') ?? file, out);
    }
}
/** Every test case of a JUnit XML report, in document order per suite. */
function parseJUnit(xml) {
    const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
    const start = text.trimStart();
    if (!start.startsWith('<')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TimingFormatError */ .A(`expected JUnit XML (a <testsuites> or <testsuite> element), got text starting with ${JSON.stringify(start.slice(0, 20))}`);
    }
    refuseDeclarations(text);
    const valid = fast_xml_parser__WEBPACK_IMPORTED_MODULE_3__/* .XMLValidator */ .iI.validate(text);
    if (valid !== true) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TimingFormatError */ .A(`expected JUnit XML, but it is not well-formed: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
    }
    let parsed;
    try {
        parsed = parser.parse(text);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TimingFormatError */ .A(`could not read the JUnit XML: ${error.message}`);
    }
    const document = asNode(parsed);
    const roots = Object.keys(document);
    if (roots.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TimingFormatError */ .A('expected JUnit XML, found no root element');
    const cases = [];
    for (const root of roots) {
        if (root === 'testsuites') {
            for (const node of children(document, root))
                collect(asNode(node), [], undefined, cases);
        }
        else if (root === 'testsuite') {
            collect(document, [], undefined, cases);
        }
        else {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .TimingFormatError */ .A(`expected a JUnit report with a <testsuites> or <testsuite> root element, found <${root}>`);
        }
    }
    return cases;
}
const GO_SUBTEST = /^((?:Test|Benchmark|Example|Fuzz)[^/]*)\//;
/**
 * Timing entries from JUnit cases, sorted by id. Rules:
 * - A case reported more than once under one id (pytest-rerunfailures writes one `<testcase>`
 *   per attempt; several reports of one run) keeps its LAST record: the final attempt's time
 *   and outcome, not the sum of attempts.
 * - A Go subtest (`TestX/case`) whose parent `TestX` is reported too is left out: the parent's
 *   time already includes it, and `go test -run` selects the parent.
 * - Cases whose file the report does not name are counted in `unmapped`, not guessed.
 * Skipped, failed and errored cases are kept with their outcome; callers decide what to trust.
 */
function timingsFromJUnitCases(cases, options = {}) {
    const reported = new Set(cases.map((c) => `${c.classname}\u0000${c.name}`));
    const byId = new Map();
    let unmapped = 0;
    for (const c of cases) {
        const parent = GO_SUBTEST.exec(c.name)?.[1];
        if (parent !== undefined && reported.has(`${c.classname}\u0000${parent}`))
            continue;
        const id = (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .testIdFromJUnitCase */ .Oo)(c, options.knownFiles, options.root);
        if (id === undefined) {
            unmapped++;
            continue;
        }
        byId.set(id, { id, seconds: c.seconds, outcome: c.outcome });
    }
    const entries = [...byId.values()].sort((a, b) => (0,_core_order_js__WEBPACK_IMPORTED_MODULE_4__/* .compareCodeUnits */ .U)(a.id, b.id));
    return { entries, unmapped };
}


/***/ }),

/***/ 9996:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GN: () => (/* binding */ pytestDurationsFromMembers),
/* harmony export */   Y: () => (/* binding */ scanNumberObject),
/* harmony export */   gy: () => (/* binding */ formatPytestDurations),
/* harmony export */   tS: () => (/* binding */ pytestDurationsFromJson)
/* harmony export */ });
/* unused harmony export parsePytestDurations */
/* harmony import */ var _core_identity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4845);
/* harmony import */ var _core_order_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2831);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6289);
/**
 * pytest-split's `.test_durations`: `{"<node id>": seconds}` as pytest-split writes it
 * (json.dump with sort_keys and indent=4), or the list of `[node id, seconds]` pairs that early
 * versions wrote.
 */



function checkedSeconds(id, value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TimingFormatError */ .A(`.test_durations: ${JSON.stringify(id)} has duration ${JSON.stringify(value) ?? String(value)}; expected a finite number of seconds >= 0`);
    }
    return value;
}
/** Entries sorted by id; node ids get their file part normalized; a repeated id keeps its last value. */
function parsePytestDurations(text) {
    const members = scanNumberObject(text);
    const fast = members && pytestDurationsFromMembers(members);
    if (fast)
        return fast;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new TimingFormatError(`.test_durations is not valid JSON: ${error.message}`);
    }
    return pytestDurationsFromJson(value);
}
/** The same, from already parsed JSON (the format detector parses once). */
function pytestDurationsFromJson(value) {
    const byId = new Map();
    if (Array.isArray(value)) {
        value.forEach((pair, i) => {
            if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TimingFormatError */ .A(`.test_durations: item ${i} is ${JSON.stringify(pair)}; expected a ["node id", seconds] pair`);
            }
            byId.set((0,_core_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .testIdFromPytestNodeId */ .oC)(pair[0]), checkedSeconds(pair[0], pair[1]));
        });
    }
    else if (typeof value === 'object' && value !== null) {
        // for…in over the parsed object: no array of 100,000 [key, value] pairs to allocate.
        const record = value;
        for (const nodeid in record)
            byId.set((0,_core_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .testIdFromPytestNodeId */ .oC)(nodeid), checkedSeconds(nodeid, record[nodeid]));
    }
    else {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TimingFormatError */ .A('.test_durations: expected a JSON object of {"node id": seconds} or a list of ["node id", seconds] pairs');
    }
    return (0,_core_order_js__WEBPACK_IMPORTED_MODULE_2__/* .sortByCodeUnits */ .e)([...byId].map(([id, seconds]) => ({ id, seconds })), (entry) => entry.id);
}
/**
 * One `"key": number` member of a JSON object and the `,` or `}` after it, in strict JSON syntax
 * (RFC 8259: JSON whitespace, escapes and number grammar only).
 */
const MEMBER = /[ \t\n\r]*"([^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*)"[ \t\n\r]*:[ \t\n\r]*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)[ \t\n\r]*([,}])/y;
/**
 * Reads a non-empty JSON object whose values are all numbers straight from its text (leading
 * whitespace allowed), or returns undefined for any other text, valid or not: JSON.parse then
 * reads it and reports any error. For 100,000 tests this is several times faster than
 * JSON.parse, which builds an object of 100,000 properties only for it to be walked once.
 */
function scanNumberObject(text) {
    const open = /^[ \t\n\r]*\{/.exec(text);
    if (!open)
        return undefined;
    const keys = [];
    const values = [];
    MEMBER.lastIndex = open[0].length;
    for (;;) {
        const member = MEMBER.exec(text);
        if (!member)
            return undefined;
        const key = member[1];
        keys.push(key.includes('\\') ? JSON.parse(`"${key}"`) : key);
        values.push(Number(member[2]));
        if (member[3] === '}')
            break;
    }
    return /^[ \t\n\r]*$/.test(text.slice(MEMBER.lastIndex)) ? { keys, values } : undefined;
}
/**
 * pytestDurationsFromJson's entries from scanned members, or undefined when that needs the
 * parsed object's exact semantics: a node id whose file part needs normalizing (two ids may
 * then become one, and which value wins depends on the object's key order) or a value that is
 * not a duration (the error names the first in that order). A file already in id order, as
 * pytest-split writes it, needs neither a map nor a sort.
 */
function pytestDurationsFromMembers({ keys, values, }) {
    let ordered = true;
    for (let i = 0; i < keys.length; i++) {
        const seconds = values[i];
        if (!(seconds >= 0) || seconds === Infinity)
            return undefined;
        if (ordered && i > 0 && !(keys[i - 1] < keys[i]))
            ordered = false;
    }
    let ids = keys;
    let byId;
    if (!ordered) {
        // Out of order or repeated: the last value of each id wins, as in the parsed object. Keys
        // cut out of the text compare several times slower than fresh strings, and a JSON round
        // trip makes fresh ones in far less time than sorting the cut ones would lose.
        const fresh = JSON.parse(JSON.stringify(keys));
        byId = new Map();
        for (let i = 0; i < fresh.length; i++)
            byId.set(fresh[i], values[i]);
        // The default sort compares strings by code units, without calling back into JS.
        ids = [...byId.keys()].sort();
    }
    // In id order a file's tests come one after another, so each file's path is checked once:
    // testIdFromPytestNodeId(id) !== id exactly when the file part needs normalizing.
    let cleanFile = '';
    for (const id of ids) {
        const file = (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .fileOfTestIdSharing */ .vB)(id, cleanFile);
        if (file === cleanFile)
            continue;
        if ((0,_core_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .normalizePath */ .Fd)(file) !== file)
            return undefined;
        cleanFile = file;
    }
    return byId
        ? ids.map((id) => ({ id, seconds: byId.get(id) }))
        : ids.map((id, i) => ({ id, seconds: values[i] }));
}
/** Python's json.dump escapes everything outside printable ASCII (ensure_ascii); so do we. */
function escapeNonAscii(json) {
    return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
/**
 * A float as Python's repr writes it (json.dump uses it): the same shortest digits as JavaScript,
 * but exponents outside [1e-4, 1e16) as "5.5e-05" / "1e+16", and integral values as "5.0".
 */
function pythonFloat(value) {
    const [mantissa, exponentText] = value.toExponential().split('e');
    const exponent = Number(exponentText);
    if (exponent < -4 || exponent >= 16) {
        return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    }
    const fixed = String(value);
    return fixed.includes('.') ? fixed : `${fixed}.0`;
}
/**
 * The text pytest-split writes, byte for byte: one object, keys sorted, 4-space indent,
 * non-ASCII escaped, Python float syntax; plus a trailing newline. A repeated id keeps its last entry; outcomes are not part of the format.
 */
function formatPytestDurations(entries) {
    const byId = new Map();
    for (const entry of entries)
        byId.set(entry.id, checkedSeconds(entry.id, entry.seconds));
    if (byId.size === 0)
        return '{}\n';
    // Written by hand, not via an object: objects put integer-like keys first and treat
    // "__proto__" specially.
    const lines = [...byId.keys()]
        .sort(_core_order_js__WEBPACK_IMPORTED_MODULE_2__/* .compareCodeUnits */ .U)
        .map((id) => `    ${JSON.stringify(id)}: ${pythonFloat(byId.get(id))}`);
    return `${escapeNonAscii(`{\n${lines.join(',\n')}\n}`)}\n`;
}


/***/ }),

/***/ 8893:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B4: () => (/* binding */ formatCount),
/* harmony export */   EJ: () => (/* binding */ truncateText),
/* harmony export */   LS: () => (/* binding */ plural),
/* harmony export */   Ln: () => (/* binding */ truncateToBytes),
/* harmony export */   TM: () => (/* binding */ firstLine),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   dp: () => (/* binding */ byteLength),
/* harmony export */   l9: () => (/* binding */ formatPercent),
/* harmony export */   vl: () => (/* binding */ formatDeviation)
/* harmony export */ });
/** Small, locale-independent formatting of numbers and text, shared by every summary and the CLI. */
/** 0.4 → "0.4s", 83.2 → "1m 23s", 4000 → "1h 06m". */
function formatDuration(seconds) {
    if (!Number.isFinite(seconds))
        return '—';
    if (seconds < 60)
        return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
    const total = Math.round(seconds);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}
/** 1234567 → "1,234,567", whatever the machine's locale (`toLocaleString` is not). */
function formatCount(count) {
    if (!Number.isFinite(count))
        return '—';
    const [whole = '', fraction] = String(Math.abs(count)).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${count < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}
/** `part / whole` as a whole percentage: (1, 3) → "33%"; a zero whole gives "—". */
function formatPercent(part, whole) {
    if (!(whole > 0) || !Number.isFinite(part))
        return '—';
    return `${Math.round((part / whole) * 100)}%`;
}
/** How far `actual` is from `expected`, signed: (110, 100) → "+10%", (95, 100) → "−5%". */
function formatDeviation(actual, expected) {
    if (!(expected > 0) || !Number.isFinite(actual))
        return '—';
    const percent = Math.round(((actual - expected) / expected) * 100);
    return percent === 0 ? '±0%' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
}
/** UTF-8 size: the unit of GitHub's 1 MiB step-summary limit. */
function byteLength(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Cuts `text` to at most `maxChars` code points, marking the cut with "…". */
function truncateText(text, maxChars) {
    if (text.length <= maxChars)
        return text;
    // Array.from splits by code point, so a cut never leaves half a surrogate pair.
    const points = Array.from(text);
    return points.length <= maxChars
        ? text
        : `${points.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
}
/**
 * The first line of a (failure) message; an empty or missing message gives ''.
 * Leading blank lines are skipped: some runners start their message with one.
 */
function firstLine(text) {
    if (!text)
        return '';
    for (const line of text.split(/\r\n|\r|\n/)) {
        const trimmed = line.trim();
        if (trimmed !== '')
            return trimmed;
    }
    return '';
}
/** "1 test", "1,234 tests": a count with the right noun. */
function plural(count, one, many) {
    return `${formatCount(count)} ${count === 1 ? one : many}`;
}
/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a code-point boundary: the last resort that
 * keeps a summary under GitHub's limit when even its essential lines do not fit.
 */
function truncateToBytes(text, maxBytes) {
    if (byteLength(text) <= maxBytes)
        return text;
    const bytes = Buffer.from(text, 'utf8').subarray(0, Math.max(0, maxBytes));
    // A cut inside a multi-byte character decodes to U+FFFD (3 bytes); drop it instead.
    let cut = bytes.toString('utf8');
    while (cut.endsWith('\uFFFD') || byteLength(cut) > maxBytes)
        cut = cut.slice(0, -1);
    return cut;
}


/***/ })

};
