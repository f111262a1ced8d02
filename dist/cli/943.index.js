export const id = 943;
export const ids = [943];
export const modules = {

/***/ 8943:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseTestsFile: () => (/* binding */ parseTestsFile),
/* harmony export */   planCommand: () => (/* binding */ planCommand),
/* harmony export */   planToJson: () => (/* binding */ planToJson),
/* harmony export */   planToTable: () => (/* binding */ planToTable)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _config_validate_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2526);
/* harmony import */ var _core_identity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4845);
/* harmony import */ var _roles_planSuite_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8048);
/* harmony import */ var _summary_format_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(8893);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6675);
/** `evenshard plan`: a stable contract that other tools call (docs/cli.md). */






async function planCommand(argv, out) {
    const { values } = (0,node_util__WEBPACK_IMPORTED_MODULE_0__.parseArgs)({
        args: argv,
        options: {
            shards: { type: 'string' },
            durations: { type: 'string', multiple: true },
            'tests-file': { type: 'string' },
            'whole-files': { type: 'boolean', default: false },
            'target-minutes': { type: 'string' },
            'overhead-seconds': { type: 'string' },
            'max-shards': { type: 'string' },
            'max-parallel': { type: 'string' },
            json: { type: 'boolean', default: false },
        },
        strict: true,
        allowPositionals: false,
    });
    const shardsFlag = { min: 1, integer: true };
    const fixed = (0,_config_validate_js__WEBPACK_IMPORTED_MODULE_4__/* .optionalNumber */ .WI)(values.shards, '--shards', shardsFlag);
    const targetMinutes = (0,_config_validate_js__WEBPACK_IMPORTED_MODULE_4__/* .optionalNumber */ .WI)(values['target-minutes'], '--target-minutes', { min: 0 });
    if (fixed === undefined && targetMinutes === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e('plan needs --shards N, or --target-minutes M to choose the shard count');
    }
    const durationFiles = values.durations ?? [];
    const testsFile = values['tests-file'];
    if (durationFiles.length === 0 && testsFile === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UsageError */ .e('plan needs --durations FILE (or at least --tests-file FILE)');
    }
    const sources = [];
    for (const name of durationFiles)
        sources.push({ name, text: await (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .readTextFile */ .G)(name, '--durations') });
    const testIds = testsFile === undefined
        ? undefined
        : parseTestsFile(await (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .readTextFile */ .G)(testsFile, '--tests-file'));
    const suite = testIds ? { testIds } : {};
    const maxParallel = (0,_config_validate_js__WEBPACK_IMPORTED_MODULE_4__/* .optionalNumber */ .WI)(values['max-parallel'], '--max-parallel', shardsFlag);
    const result = (0,_roles_planSuite_js__WEBPACK_IMPORTED_MODULE_2__/* .planSuiteChoosingShards */ .hQ)(sources, suite, fixed !== undefined
        ? { shards: fixed }
        : {
            targetMinutes: targetMinutes,
            maxShards: (0,_config_validate_js__WEBPACK_IMPORTED_MODULE_4__/* .parseNumber */ .$J)(values['max-shards'] ?? '64', '--max-shards', shardsFlag),
            overheadSeconds: (0,_config_validate_js__WEBPACK_IMPORTED_MODULE_4__/* .optionalNumber */ .WI)(values['overhead-seconds'], '--overhead-seconds', { min: 0 }) ?? 0,
            ...(maxParallel !== undefined ? { maxParallel } : {}),
        }, { splitFiles: !values['whole-files'] });
    const { advice } = result;
    if (values.json) {
        out(JSON.stringify({ ...planToJson(result), ...(advice ? { advice } : {}) }) + '\n');
    }
    else {
        out(planToTable(result) + (advice ? adviceToText(advice, targetMinutes) : ''));
    }
    return 0;
}
function adviceToText(advice, targetMinutes) {
    const rows = advice.rows.map((r) => `${String(r.shards).padStart(6)}  ${(0,_summary_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(r.wallSeconds).padStart(9)}  ${(0,_summary_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(r.runnerSeconds).padStart(9)}${r.shards === advice.recommended ? '  ←' : ''}${r.queuedShards ? `  (${r.queuedShards} queue: max-parallel ${advice.maxParallel})` : ''}`);
    const verdict = advice.meetsTarget
        ? `${advice.recommended} shards meet the ${targetMinutes}-minute target`
        : `no shard count meets the ${targetMinutes}-minute target; ${advice.recommended} is where more shards stop paying`;
    return [`shards       wall    runner`, ...rows, verdict, ''].join('\n');
}
/** One test id per line; blank lines and `#` comments are ignored. */
function parseTestsFile(text) {
    return (0,_core_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .parseTestIdLines */ .c7)(text).map((entry) => entry.id);
}
function planToJson(result) {
    const { plan } = result;
    return {
        shards: plan.shards.map((shard) => ({
            index: shard.index,
            tests: shard.tests,
            estimatedSeconds: shard.estimatedSeconds,
            files: shard.files,
            splits: shard.splits,
        })),
        lowerBoundSeconds: plan.lowerBoundSeconds,
        makespanSeconds: plan.makespanSeconds,
        totalSeconds: plan.totalSeconds,
        fingerprint: plan.fingerprint,
        splitFiles: plan.splitFiles,
        estimates: result.estimates.counts,
        droppedTimings: result.droppedTimings,
    };
}
function planToTable(result) {
    const { plan } = result;
    const rows = plan.shards.map((s) => [
        String(s.index),
        String(s.tests.length),
        String(s.files.length + s.splits.length),
        (0,_summary_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(s.estimatedSeconds),
    ]);
    const header = ['shard', 'tests', 'files', 'estimated'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
    const counts = result.estimates.counts;
    const estimated = counts.file + counts.directory + counts.suite + counts.proxy;
    return [
        `evenshard plan: ${result.tests.length} tests → ${plan.shards.length} shards`,
        line(header),
        ...rows.map(line),
        `makespan ${(0,_summary_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(plan.makespanSeconds)} · lower bound ${(0,_summary_format_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(plan.lowerBoundSeconds)}` +
            ` (×${ratio(plan).toFixed(3)}) · fingerprint ${plan.fingerprint.slice(0, 12)}`,
        estimated === 0
            ? 'every test had a measured duration'
            : `estimated: ${counts.file} from their file, ${counts.directory} from their folder, ` +
                `${counts.suite} from the suite median, ${counts.proxy} by test count (no history)`,
        plan.splitFiles.length ? `split files: ${plan.splitFiles.join(', ')}` : '',
    ]
        .filter((l) => l !== '')
        .join('\n')
        .concat('\n');
}
function ratio(plan) {
    return plan.lowerBoundSeconds > 0 ? plan.makespanSeconds / plan.lowerBoundSeconds : 1;
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
