export const id = 41;
export const ids = [41];
export const modules = {

/***/ 6107:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ isInside),
/* harmony export */   U: () => (/* binding */ isWithin)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/**
 * "Is this path inside that folder": the one check every file selection uses, so that a user
 * glob, a recorded path or an untrusted artifact name never reaches outside the checkout.
 * Pure path arithmetic (node:path), no file system: resolve symbolic links before asking.
 */

/** True when `path` lies strictly inside the folder `root` (the folder itself is not inside). */
function isInside(root, path) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(root, path);
    return rel !== '' && isDescendant(rel);
}
/** True when `path` is the folder `root` or lies inside it. */
function isWithin(root, path) {
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_0__.relative)(root, path);
    return rel === '' || isDescendant(rel);
}
function isDescendant(rel) {
    return rel !== '..' && !rel.startsWith('..' + node_path__WEBPACK_IMPORTED_MODULE_0__.sep) && !(0,node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute)(rel);
}


/***/ }),

/***/ 5659:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mW: () => (/* binding */ parseQuarantine),
/* harmony export */   zn: () => (/* binding */ splitQuarantined)
/* harmony export */ });
/* unused harmony exports QuarantineError, quarantineMatcher */
/* harmony import */ var _attempts_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3449);
/* harmony import */ var _identity_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4845);
/* harmony import */ var _order_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2831);
/**
 * Quarantine: a list of test ids the team keeps in a file. Quarantined tests still run and are
 * reported; their failure does not fail the job, and every such failure is named in the summary.
 * Nothing is ever quarantined automatically. Pure.
 */



class QuarantineError extends Error {
    name = 'QuarantineError';
}
/**
 * One test id per line; blank lines and `#` comments (whole-line or after whitespace) are
 * ignored; a leading `./` and backslashes in the file part are normalised like every id.
 */
function parseQuarantine(text, source) {
    const ids = new Set();
    for (const { line, id } of (0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .parseTestIdLines */ .c7)(text)) {
        if (/[\0-\x1f]/.test(id)) {
            throw new QuarantineError(`${source}:${line}: a test id cannot contain control characters`);
        }
        // The same canonical form as every id: file part normalised, the rest verbatim.
        ids.add((0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .testIdFromPytestNodeId */ .oC)(id));
    }
    return { source, ids: [...ids].sort(_order_js__WEBPACK_IMPORTED_MODULE_1__/* .compareCodeUnits */ .U) };
}
/** A predicate over test ids: listed exactly, or in a listed file. */
function quarantineMatcher(quarantine) {
    if (!quarantine || quarantine.ids.length === 0)
        return () => false;
    const ids = new Set(quarantine.ids);
    return (id) => ids.has(id) || ids.has((0,_identity_js__WEBPACK_IMPORTED_MODULE_0__/* .fileOfTestId */ .z)(id));
}
/** Splits the failed results into those that count and those the quarantine list excuses. */
function splitQuarantined(results, quarantine) {
    const matches = quarantineMatcher(quarantine);
    const failing = [];
    const quarantined = [];
    for (const r of results) {
        if (!(0,_attempts_js__WEBPACK_IMPORTED_MODULE_2__/* .isFailure */ .N6)(r.outcome))
            continue;
        (matches(r.id) ? quarantined : failing).push(r);
    }
    return { failing, quarantined };
}


/***/ }),

/***/ 1298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U2: () => (/* binding */ parseShardResultText),
/* harmony export */   XF: () => (/* binding */ countOutcomes),
/* harmony export */   ly: () => (/* binding */ SHARD_RESULT_SCHEMA)
/* harmony export */ });
const SHARD_RESULT_SCHEMA = 'evenshard-shard-result/2';
function countOutcomes(results) {
    const counts = {
        tests: results.length,
        passed: 0,
        failed: 0,
        skipped: 0,
        errors: 0,
    };
    for (const r of results) {
        if (r.outcome === 'passed')
            counts.passed += 1;
        else if (r.outcome === 'failed')
            counts.failed += 1;
        else if (r.outcome === 'skipped')
            counts.skipped += 1;
        else
            counts.errors += 1;
    }
    return counts;
}
/**
 * Parses one shard's results document (an artifact is untrusted input). Returns the document, or
 * a sentence saying what is wrong with it.
 */
function parseShardResultText(text, shard) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        return `shard ${shard}: results.json is not JSON (${error.message})`;
    }
    if (typeof value !== 'object' || value === null)
        return `shard ${shard}: results.json is malformed`;
    if (value.schema !== SHARD_RESULT_SCHEMA) {
        return `shard ${shard}: results schema ${JSON.stringify(value.schema)} is not ${SHARD_RESULT_SCHEMA} (mixed evenshard versions?)`;
    }
    if (!Array.isArray(value.results) ||
        !Array.isArray(value.discoveredFiles) ||
        value.shard !== shard) {
        return `shard ${shard}: results.json is malformed`;
    }
    return value;
}


/***/ }),

/***/ 6058:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ LocalStore),
/* harmony export */   k: () => (/* binding */ consoleLogger)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6455);
/* harmony import */ var _ports_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6467);
/**
 * The CLI's store: a folder that plays the part of the artifacts. Layout (docs/cli.md):
 *   DIR/history.json                   the timing history (what the merge writes)
 *   DIR/run-history.json               the history attempt 1 planned from (later attempts replay it)
 *   DIR/results/shard-<i>/results.json one shard's results (+ junit.xml)
 *   DIR/coverage/shard-<i>/...         one shard's coverage data, paths relative to the root
 */




/** The only code that knows the layout: the CLI's run and merge both go through it. */
class LocalStore {
    dir;
    log;
    constructor(dir, log) {
        this.dir = dir;
        this.log = log;
    }
    get historyPath() {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, _names_js__WEBPACK_IMPORTED_MODULE_2__/* .FILES */ .cn.history);
    }
    shardResultsDir(shard) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'results', `shard-${shard}`);
    }
    shardCoverageDir(shard) {
        return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'coverage', `shard-${shard}`);
    }
    async fetch() {
        try {
            return { text: await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(this.historyPath, 'utf8'), description: this.historyPath };
        }
        catch {
            this.log.warning(`evenshard: no history at ${this.historyPath}; planning without history.`);
            return null;
        }
    }
    /**
     * The history a run attempt plans from. Attempt 1 reads `history.json` and keeps a copy; later
     * attempts read that copy, so a merge in between (which rewrites `history.json`) cannot change
     * the plan of a re-run — as on GitHub, where every attempt sees the history of the run's start.
     */
    historyForAttempt(attempt) {
        const snapshot = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'run-history.json');
        return {
            fetch: async () => {
                if (attempt > 1) {
                    // An empty copy: attempt 1 had no history.
                    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(snapshot, 'utf8').catch(() => null);
                    if (text === '')
                        return null;
                    if (text !== null)
                        return { text, description: `${this.historyPath} (as attempt 1 read it)` };
                }
                const fetched = await this.fetch();
                if (attempt === 1) {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(this.dir, { recursive: true });
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(snapshot, fetched?.text ?? '');
                }
                return fetched;
            },
        };
    }
    /** A shard's results as its last run left them: the previous attempt, for `run --attempt N`. */
    previousAttempt() {
        return {
            fetch: (shard) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.shardResultsDir(shard), _names_js__WEBPACK_IMPORTED_MODULE_2__/* .FILES */ .cn.shardResult), 'utf8').catch(() => null),
        };
    }
    /** Every shard that saved results (or at least a results folder), in shard order. */
    async fetchAll() {
        const uploads = [];
        const names = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.dir, 'results')).catch(() => []);
        for (const name of names) {
            const match = /^shard-(\d+)$/.exec(name);
            if (!match)
                continue;
            const shard = Number(match[1]);
            const resultText = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(this.shardResultsDir(shard), _names_js__WEBPACK_IMPORTED_MODULE_2__/* .FILES */ .cn.shardResult), 'utf8').catch(() => null);
            const coverageDir = this.shardCoverageDir(shard);
            const hasCoverage = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(coverageDir).catch(() => [])).length > 0;
            uploads.push({ shard, resultText, ...(hasCoverage ? { coverageDir } : {}) });
        }
        return uploads.sort((a, b) => a.shard - b.shard);
    }
    /** Where the merge writes the next history; `testDurationsPath` receives the optional export. */
    historySink(testDurationsPath) {
        return {
            save: async (files) => {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(this.dir, { recursive: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(this.historyPath, files.historyJson);
                if (testDurationsPath && files.testDurations)
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(testDurationsPath, files.testDurations);
                return this.historyPath;
            },
        };
    }
    saveResults(shard, dir, files) {
        return this.copyInto(this.shardResultsDir(shard), dir, files);
    }
    saveCoverage(shard, dir, files) {
        return this.copyInto(this.shardCoverageDir(shard), dir, files);
    }
    /** Replaces the target folder, so a re-run of a shard leaves only its latest outputs. */
    async copyInto(target, base, files) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(target, { recursive: true, force: true });
            for (const file of files) {
                const to = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(target, (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(base, file));
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(to), { recursive: true });
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.copyFile)(file, to);
            }
            return target;
        }
        catch (error) {
            this.log.warning(`evenshard: could not save to ${target}: ${error.message}`);
            return null;
        }
    }
}
const consoleLogger = {
    info: (message) => void process.stderr.write((0,_ports_js__WEBPACK_IMPORTED_MODULE_3__/* .logLine */ .B)(message) + '\n'),
    notice: (message) => void process.stderr.write(`notice: ${(0,_ports_js__WEBPACK_IMPORTED_MODULE_3__/* .logLine */ .B)(message)}\n`),
    warning: (message) => void process.stderr.write(`warning: ${(0,_ports_js__WEBPACK_IMPORTED_MODULE_3__/* .logLine */ .B)(message)}\n`),
    error: (message) => void process.stderr.write(`error: ${(0,_ports_js__WEBPACK_IMPORTED_MODULE_3__/* .logLine */ .B)(message)}\n`),
    group: async (title, body) => {
        process.stderr.write(`── ${(0,_ports_js__WEBPACK_IMPORTED_MODULE_3__/* .logLine */ .B)(title)}\n`);
        return body();
    },
};


/***/ }),

/***/ 6455:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bj: () => (/* binding */ COMMAND_PLACEHOLDERS),
/* harmony export */   cn: () => (/* binding */ FILES)
/* harmony export */ });
/* unused harmony exports RUN_INPUTS, RUN_OUTPUTS, RUN_STATE, ARTIFACTS, ARTIFACT_LIMITS, DEFAULT_ARTIFACT_PREFIX, MERGE_INPUTS, MERGE_OUTPUTS, PLAN_INPUTS, PLAN_OUTPUTS */
/**
 * The one place for every name that crosses a boundary: action inputs and outputs (must match
 * action.yml, checked by __tests__/action-yml.test.ts), post-step state, artifact names and the
 * files inside them. Change a name here and nowhere else.
 */
const RUN_INPUTS = {
    shard: 'shard',
    shards: 'shards',
    framework: 'framework',
    command: 'command',
    workingDirectory: 'working-directory',
    tests: 'tests',
    junit: 'junit',
    cache: 'cache',
    cacheDependencyPath: 'cache-dependency-path',
    install: 'install',
    python: 'python',
    coverage: 'coverage',
    coverageFiles: 'coverage-files',
    artifactPrefix: 'artifact-prefix',
    history: 'history',
    historyBranch: 'history-branch',
    retentionDays: 'retention-days',
    runnerLabel: 'runner-label',
    githubToken: 'github-token',
    quarantine: 'quarantine',
    rerun: 'rerun',
};
const RUN_OUTPUTS = {
    tests: 'tests',
    failed: 'failed',
    durationSeconds: 'duration-seconds',
    estimatedSeconds: 'estimated-seconds',
    planFingerprint: 'plan-fingerprint',
    cacheHit: 'cache-hit',
};
/** Saved by the main step for the post step (same action only). */
const RUN_STATE = {
    cache: 'evenshard-cache',
};
const ARTIFACTS = {
    results: (prefix, shard) => `${prefix}-results-${shard}`,
    coverage: (prefix, shard) => `${prefix}-coverage-${shard}`,
    history: (prefix) => `${prefix}-history`,
    plan: (prefix) => `${prefix}-plan`,
};
/** File names inside artifacts and the local store. */
const FILES = {
    history: 'history.json',
    shardResult: 'results.json',
    junit: 'junit.xml',
    plan: 'plan.json',
};
/**
 * Size limits on what comes back from artifacts, which are untrusted: anything larger is refused
 * before it is read (a shard's results for 100,000 tests take about 30 MB).
 */
const ARTIFACT_LIMITS = {
    /** A whole artifact, as the service declares its size, checked before downloading. */
    artifactBytes: 2 * 1024 ** 3,
    /** A shard's results file once unzipped (a small zip can unpack to much more). */
    shardResultBytes: 256 * 1024 ** 2,
    /**
     * One upload or download: past this the service is taken to have stopped answering (a
     * connection reset mid-response leaves the client waiting forever).
     */
    operationSeconds: 600,
};
const DEFAULT_ARTIFACT_PREFIX = 'evenshard';
/** Placeholders in the `command` of `framework: command` (src/runners/command). */
const COMMAND_PLACEHOLDERS = {
    /** The shard's files as separate arguments. */
    files: '{files}',
    /** The path of a file listing the shard's files, one per line. */
    filesList: '{files-list}',
    /** One invocation per file. */
    file: '{file}',
};
const MERGE_INPUTS = {
    shards: 'shards',
    framework: 'framework',
    workingDirectory: 'working-directory',
    coverage: 'coverage',
    failUnder: 'fail-under',
    python: 'python',
    targetMinutes: 'target-minutes',
    maxShards: 'max-shards',
    maxParallel: 'max-parallel',
    artifactPrefix: 'artifact-prefix',
    historyBranch: 'history-branch',
    retentionDays: 'retention-days',
    testDurations: 'test-durations',
    comment: 'comment',
    githubToken: 'github-token',
    quarantine: 'quarantine',
    slowerFactor: 'slower-factor',
    slowerMinSeconds: 'slower-min-seconds',
    flakyFlipRate: 'flaky-flip-rate',
};
const MERGE_OUTPUTS = {
    tests: 'tests',
    failed: 'failed',
    lost: 'lost',
    duplicated: 'duplicated',
    coverage: 'coverage',
    balance: 'balance',
    recommendedShards: 'recommended-shards',
    historyRun: 'history-run',
};
const PLAN_INPUTS = {
    shards: 'shards',
    targetMinutes: 'target-minutes',
    maxShards: 'max-shards',
    maxParallel: 'max-parallel',
    framework: 'framework',
    command: 'command',
    workingDirectory: 'working-directory',
    tests: 'tests',
    artifactPrefix: 'artifact-prefix',
    historyBranch: 'history-branch',
    githubToken: 'github-token',
};
const PLAN_OUTPUTS = {
    matrix: 'matrix',
    shards: 'shards',
    estimatedSeconds: 'estimated-seconds',
    planFingerprint: 'plan-fingerprint',
};


/***/ }),

/***/ 8394:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* reexport safe */ _runners_files_js__WEBPACK_IMPORTED_MODULE_3__.A),
/* harmony export */   J: () => (/* binding */ loadQuarantine)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _core_paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6107);
/* harmony import */ var _runners_files_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8928);
/* harmony import */ var _core_quarantine_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5659);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(3916);
/** Files of the checkout the roles read: user globs and untrusted names never reach outside it. */



// Globbing lives below the roles, where the runners (`tests`, `junit` globs) share it.



/**
 * Reads the quarantine list named by an input (`what`, e.g. "input 'quarantine'"): a file inside
 * the checkout. A configured list that is missing or unreadable is the caller's to fix.
 */
async function loadQuarantine(root, path, what) {
    const full = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, path);
    if (!(0,_core_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .F)(root, full)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ConfigError */ .x(`${what} must name a file inside the working directory (got ${JSON.stringify(path)}).`);
    }
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(full, 'utf8');
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ConfigError */ .x(`${what}: cannot read ${JSON.stringify(path)} (${error.code ?? error.message}). ` +
            'Commit the quarantine list (one test id per line) or leave the input empty.');
    }
    try {
        return (0,_core_quarantine_js__WEBPACK_IMPORTED_MODULE_4__/* .parseQuarantine */ .mW)(text, path);
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ConfigError */ .x(`${what}: ${error.message}`);
    }
}


/***/ }),

/***/ 8928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ findFilesInRoot)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var tinyglobby__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3382);
/* harmony import */ var _core_paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6107);
/**
 * Globbing confined to the checkout: user globs and untrusted names never reach outside it.
 * Below the roles, so that runners (`tests` and `junit` globs) and roles (coverage files) share it.
 */




/**
 * Absolute paths of the files under `root` matching `patterns` (hidden files included, since
 * coverage.py's `.coverage.*` files are hidden). Patterns that are absolute or climb out with
 * `..` are refused, and so is any match whose real path (after symlinks) lies outside the root.
 */
async function findFilesInRoot(root, patterns) {
    for (const pattern of patterns) {
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(pattern) || pattern.split(/[\\/]/).includes('..')) {
            throw new Error(`the glob ${JSON.stringify(pattern)} must be relative to the working directory and stay inside it`);
        }
    }
    const matches = await (0,tinyglobby__WEBPACK_IMPORTED_MODULE_3__/* .glob */ .TI)([...patterns], {
        cwd: root,
        dot: true,
        onlyFiles: true,
        absolute: true,
        followSymbolicLinks: false,
    });
    const realRoot = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(root);
    const inside = [];
    for (const match of matches.sort()) {
        const real = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.realpath)(match).catch(() => undefined);
        if (real !== undefined && (0,_core_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .isInside */ .F)(realRoot, real))
            inside.push((0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(match));
    }
    return inside;
}


/***/ }),

/***/ 2397:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H1: () => (/* reexport */ DEFAULT_PYTHON),
  BM: () => (/* binding */ RUNNER_FRAMEWORKS),
  zE: () => (/* binding */ defaultCommand),
  OZ: () => (/* binding */ runnerFor)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
// EXTERNAL MODULE: ./node_modules/string-argv/index.js
var string_argv = __webpack_require__(8579);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var tinyglobby_dist = __webpack_require__(3382);
// EXTERNAL MODULE: ./src/core/order.ts
var order = __webpack_require__(2831);
;// CONCATENATED MODULE: ./src/runners/pytest/discover.ts
/**
 * Finds pytest test FILES in a checkout without importing anything, the way pytest's own
 * collection walks the tree: the config file pytest would pick, its `testpaths`, `python_files`
 * and `norecursedirs`, virtualenvs and `__pycache__` skipped.
 *
 * What cannot be known without running Python (conftest `collect_ignore`, `--ignore` in
 * `addopts`, plugins that collect other file types) is not modelled: files found here that pytest
 * then ignores simply report no tests.
 */






const DEFAULT_PYTHON_FILES = ['test_*.py', '*_test.py'];
const DEFAULT_NORECURSEDIRS = [
    '*.egg',
    '.*',
    '_darcs',
    'build',
    'CVS',
    'dist',
    'node_modules',
    'venv',
    '{arch}',
];
/** pytest's order of candidate config files in each directory (pytest 9; older ones lack the
 *  `.toml` and dotted names, which they would not find anyway). */
const CONFIG_NAMES = [
    'pytest.toml',
    '.pytest.toml',
    'pytest.ini',
    '.pytest.ini',
    'pyproject.toml',
    'tox.ini',
    'setup.cfg',
];
/**
 * Reads the configuration pytest would use when started in `root`: the first directory from
 * `root` upwards holding a config file with a pytest section wins, and within a directory the
 * first name in pytest's order.
 */
async function readPytestConfig(root) {
    let dir = external_node_path_default().resolve(root);
    for (;;) {
        for (const name of CONFIG_NAMES) {
            const file = external_node_path_default().join(dir, name);
            const text = await readTextIfFile(file);
            if (text === null)
                continue;
            const raw = pytestSection(name, text, file);
            if (raw !== null)
                return toConfig(file, raw);
        }
        const parent = external_node_path_default().dirname(dir);
        if (parent === dir)
            break;
        dir = parent;
    }
    return toConfig(null, {});
}
/** Lists the test files pytest would collect when run without arguments in `root`. */
async function discoverPytestFiles(root, options = {}) {
    const absRoot = external_node_path_default().resolve(root);
    const config = options.config ?? (await readPytestConfig(absRoot));
    const warnings = [];
    const found = new Set();
    const addFile = (abs) => {
        const rel = toPosix(external_node_path_default().relative(absRoot, abs));
        if (rel === '' || rel === '..' || rel.startsWith('../') || external_node_path_default().isAbsolute(rel)) {
            warnings.push(`${toPosix(abs)} is outside ${toPosix(absRoot)}; it is not sharded`);
            return;
        }
        found.add(rel);
    };
    let starts;
    if (options.patterns && options.patterns.length > 0) {
        starts = await expandPatterns(absRoot, options.patterns, false);
        if (starts.length === 0) {
            warnings.push(`no file matches ${options.patterns.join(', ')}`);
        }
        // Explicit globs can reach into node_modules or a virtualenv: keep pytest's exclusions.
        starts = await withoutExcludedDirs(absRoot, starts, config.norecursedirs);
    }
    else {
        // Like pytest: testpaths count only when it runs in the config file's own directory.
        const configDir = config.file === null ? null : external_node_path_default().dirname(config.file);
        const usesTestpaths = config.testpaths.length > 0 && configDir === absRoot;
        starts = usesTestpaths ? await expandPatterns(absRoot, config.testpaths, true) : [];
        if (usesTestpaths && starts.length === 0) {
            warnings.push(`testpaths (${config.testpaths.join(' ')}) matches nothing; searching ${toPosix(absRoot)}`);
        }
        if (starts.length === 0)
            starts = [{ abs: absRoot, isDir: true }];
    }
    for (const start of starts) {
        if (!start.isDir) {
            // A file named directly is collected whatever python_files says (pytest's initial paths).
            if (start.abs.endsWith('.py') && !isPackageFile(start.abs))
                addFile(start.abs);
            continue;
        }
        for (const file of await walk(start.abs, config))
            addFile(file);
    }
    const files = [...found].sort(order/* compareCodeUnits */.U);
    return { files, config, warnings };
}
/**
 * A cheap proxy for the number of tests in a Python source file, for planning without history:
 * the `def test…` / `async def test…` definitions at any indent. Comments and triple-quoted
 * strings are ignored; parametrization is not expanded.
 */
function countTestsInSource(text) {
    const code = text.replace(/("""|''')[\s\S]*?\1/g, '');
    const matches = code.match(/^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(/gm);
    return matches === null ? 0 : matches.length;
}
// ---------------------------------------------------------------------------------------------
async function walk(dir, config) {
    const norecurse = config.norecursedirs.map((p) => fnmatchRegExp(p));
    const pythonFiles = config.pythonFiles.map((p) => ({
        onPath: p.includes('/') || p.includes('\\'),
        re: fnmatchRegExp(p.includes('/') || p.includes('\\') ? `*/${p.replace(/\\/g, '/')}` : p),
    }));
    const entries = await (0,tinyglobby_dist/* glob */.TI)(['**/*.py', ...VENV_MARKERS.map((m) => `**/${m}`)], {
        cwd: dir,
        dot: true,
        braceExpansion: false,
        extglob: false,
        // Prunes big trees early; the exact fnmatch test below decides.
        ignore: ['**/__pycache__/**', ...config.norecursedirs.flatMap(pruneGlob)],
    });
    const venvs = new Set();
    for (const entry of entries) {
        const marker = VENV_MARKERS.find((m) => entry.endsWith(`/${m}`));
        if (marker !== undefined)
            venvs.add(entry.slice(0, -marker.length - 1));
    }
    const files = [];
    for (const entry of entries) {
        if (!entry.endsWith('.py'))
            continue;
        const dirs = entry.split('/').slice(0, -1);
        if (dirs.some((d, i) => excludedDir(d, dirs.slice(0, i + 1).join('/'), norecurse, venvs))) {
            continue;
        }
        const abs = external_node_path_default().join(dir, entry);
        const name = external_node_path_default().posix.basename(entry);
        if (isPackageFile(name))
            continue;
        const absPosix = toPosix(abs);
        if (pythonFiles.some((p) => p.re.test(p.onPath ? absPosix : name)))
            files.push(abs);
    }
    return files;
}
function excludedDir(name, relDir, norecurse, venvs) {
    return name === '__pycache__' || venvs.has(relDir) || norecurse.some((re) => re.test(name));
}
// conftest.py and __init__.py configure collection; evenshard never shards them.
function isPackageFile(file) {
    const name = external_node_path_default().basename(file);
    return name === 'conftest.py' || name === '__init__.py';
}
async function expandPatterns(root, patterns, pythonGlob) {
    const matches = await (0,tinyglobby_dist/* glob */.TI)([...patterns], {
        cwd: root,
        onlyFiles: false,
        expandDirectories: false,
        // testpaths are expanded with Python's glob(), which knows no braces or extglobs.
        braceExpansion: !pythonGlob,
        extglob: !pythonGlob,
        absolute: true,
    });
    const out = [];
    for (const match of matches) {
        const abs = external_node_path_default().resolve(match);
        const info = await (0,promises_.stat)(abs).catch(() => null);
        if (info)
            out.push({ abs, isDir: info.isDirectory() });
    }
    return out.sort((a, b) => (0,order/* compareCodeUnits */.U)(a.abs, b.abs));
}
async function withoutExcludedDirs(root, starts, norecursedirs) {
    const norecurse = norecursedirs.map((p) => fnmatchRegExp(p));
    const kept = [];
    for (const start of starts) {
        const rel = toPosix(external_node_path_default().relative(root, start.abs));
        const parts = rel.split('/');
        const dirs = start.isDir ? parts : parts.slice(0, -1);
        let excluded = false;
        for (let i = 0; i < dirs.length && !excluded; i++) {
            const name = dirs[i] ?? '';
            if (name === '..' || name === '')
                continue;
            const abs = external_node_path_default().join(root, ...dirs.slice(0, i + 1));
            excluded =
                name === '__pycache__' ||
                    norecurse.some((re) => re.test(name)) ||
                    (await isVirtualenv(abs));
        }
        if (!excluded)
            kept.push(start);
    }
    return kept;
}
/**
 * Files that mark a virtualenv, which pytest never searches: pytest >= 8 looks for pyvenv.cfg
 * (and conda's history), pytest 7 for activate scripts. Skipping on either keeps a file pytest
 * would skip out of the plan; one pytest does collect still runs as an "unlisted" item.
 */
const VENV_MARKERS = [
    'pyvenv.cfg',
    'conda-meta/history',
    'bin/activate',
    'Scripts/activate',
    'Scripts/activate.bat',
    'Scripts/Activate.ps1',
];
async function isVirtualenv(dir) {
    for (const marker of VENV_MARKERS) {
        if ((await (0,promises_.stat)(external_node_path_default().join(dir, marker)).catch(() => null))?.isFile())
            return true;
    }
    return false;
}
/**
 * Python's `fnmatch.translate` (`*`, `?`, `[seq]`, `[!seq]`; `*` also matches `/`). Written here
 * because pytest matches `python_files` and `norecursedirs` with exactly these rules, which
 * differ from shell globs (picomatch) in `*` crossing `/` and braces being literal.
 */
function fnmatchRegExp(pattern) {
    let re = '';
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i] ?? '';
        if (c === '*') {
            re += '.*';
        }
        else if (c === '?') {
            re += '.';
        }
        else if (c === '[') {
            let j = i + 1;
            if (pattern[j] === '!')
                j++;
            if (pattern[j] === ']')
                j++;
            while (j < pattern.length && pattern[j] !== ']')
                j++;
            if (j >= pattern.length) {
                re += '\\[';
            }
            else {
                let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
                if (body.startsWith('!'))
                    body = '^' + body.slice(1);
                else if (body.startsWith('^'))
                    body = '\\' + body;
                re += `[${body}]`;
                i = j;
            }
        }
        else {
            re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        }
    }
    // pytest compares with os.path.normcase: case-insensitive on Windows only.
    return new RegExp(`^${re}$`, process.platform === 'win32' ? 'is' : 's');
}
/** A glob that prunes directories matching a simple norecursedirs pattern, when one exists. */
function pruneGlob(pattern) {
    if (!/^[\w.*?\- ]+$/.test(pattern))
        return []; // brackets, braces…: left to the exact test
    return [`**/${pattern}/**`];
}
function pytestSection(name, text, file) {
    if (name.endsWith('.toml')) {
        let doc;
        try {
            doc = (0,dist/* parse */.qg)(text);
        }
        catch (err) {
            throw new Error(`${file}: invalid TOML (${err.message.split('\n')[0]})`);
        }
        if (name === 'pytest.toml' || name === '.pytest.toml') {
            return tomlValues(asTable(doc['pytest']) ?? {});
        }
        const toolPytest = asTable(asTable(doc['tool'])?.['pytest']);
        if (toolPytest === undefined)
            return null;
        const { ini_options: iniOptions, ...native } = toolPytest;
        if (Object.keys(native).length > 0)
            return tomlValues(native);
        const ini = asTable(iniOptions);
        return ini === undefined ? null : tomlValues(ini);
    }
    const sections = parseIni(text, file);
    if (name === 'setup.cfg')
        return sections.get('tool:pytest') ?? null;
    const section = sections.get('pytest');
    if (section)
        return section;
    // pytest.ini is pytest's config even without a [pytest] section; tox.ini is not.
    return name === 'pytest.ini' || name === '.pytest.ini' ? {} : null;
}
function asTable(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}
function tomlValues(table) {
    const out = {};
    for (const [key, value] of Object.entries(table)) {
        if (Array.isArray(value))
            out[key] = value.map(String);
        else if (value !== null && typeof value !== 'object')
            out[key] = String(value);
    }
    return out;
}
/**
 * The INI dialect of pytest's `iniconfig`: `key = value` or `key: value`, indented lines continue
 * the previous value, whole-line `#`/`;` comments, no inline comments, no interpolation. The
 * `ini` npm package does not support continuation lines, which pytest configs use for lists.
 */
function parseIni(text, file = '<ini>') {
    const sections = new Map();
    let current = null;
    let lastKey = null;
    const lines = text.split(/\r\n|\r|\n/);
    lines.forEach((rawLine, index) => {
        const trimmedStart = rawLine.trimStart();
        if (trimmedStart === '' || trimmedStart.startsWith('#') || trimmedStart.startsWith(';')) {
            return;
        }
        const line = rawLine.trimEnd();
        if (line.startsWith('[')) {
            const header = line.split('#')[0].split(';')[0].trimEnd();
            if (!header.endsWith(']'))
                throw new Error(`${file}:${index + 1}: bad section header`);
            current = {};
            sections.set(header.slice(1, -1), current);
            lastKey = null;
            return;
        }
        if (current === null)
            throw new Error(`${file}:${index + 1}: no section header defined`);
        const section = current;
        if (/^\s/.test(line)) {
            if (lastKey === null)
                throw new Error(`${file}:${index + 1}: unexpected continuation`);
            const previous = section[lastKey];
            section[lastKey] = previous ? `${previous}\n${line.trim()}` : line.trim();
            return;
        }
        let eq = line.indexOf('=');
        if (eq === -1 || line.slice(0, eq).includes(':'))
            eq = line.indexOf(':');
        if (eq === -1)
            throw new Error(`${file}:${index + 1}: unexpected line`);
        lastKey = line.slice(0, eq).trim();
        section[lastKey] = line.slice(eq + 1).trim();
    });
    return sections;
}
function toConfig(file, raw) {
    return {
        file,
        testpaths: argsValue(raw['testpaths']) ?? [],
        pythonFiles: argsValue(raw['python_files']) ?? [...DEFAULT_PYTHON_FILES],
        norecursedirs: argsValue(raw['norecursedirs']) ?? [...DEFAULT_NORECURSEDIRS],
    };
}
/** pytest's "args" ini type: a list as is, a string split like a shell (`shlex.split`). The
 *  project's argv splitter handles quotes; backslash escapes, which ini values do not use, are
 *  kept literally. */
function argsValue(value) {
    if (value === undefined)
        return undefined;
    return Array.isArray(value) ? value : (0,string_argv/* default */.A)(value);
}
async function readTextIfFile(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return null;
    }
}
function toPosix(p) {
    return p.split((external_node_path_default()).sep).join('/');
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/runners/pytest/run.ts
/**
 * Runs one shard with pytest: writes the selection for the evenshard plugin, starts pytest as an
 * argument vector (never through a shell), and reads back what the plugin recorded.
 */





/** Module name of the plugin (src/runners/pytest/evenshard_plugin.py, copied into the bundle). */
const PYTEST_PLUGIN_MODULE = 'evenshard_plugin';
/** pytest's exit code for "no tests collected": an empty shard, not a failure. */
const PYTEST_EXIT_NO_TESTS = 5;
/**
 * The Python interpreter evenshard runs when none is given: the action's `python` input default
 * (action.yml), the CLI's too. `python` is what setup-python puts on PATH on every OS.
 */
const DEFAULT_PYTHON = 'python';
const DEFAULT_PYTEST_COMMAND = [DEFAULT_PYTHON, '-m', 'pytest'];
const OUTCOMES = new Set(['passed', 'failed', 'skipped', 'error']);
/**
 * The selection for shard `index` (1-based) of a plan: its own files and splits, `allFiles` from
 * every shard, and unlisted items on shard `unlistedShard` only.
 */
function pytestSelectionForShard(shards, index, unlistedShard = 1) {
    const mine = shards.find((s) => s.index === index);
    if (mine === undefined)
        throw new Error(`the plan has no shard ${index}`);
    const allFiles = new Set();
    for (const shard of shards) {
        for (const file of shard.files)
            allFiles.add(file);
        for (const part of shard.splits)
            allFiles.add(part.file);
    }
    return {
        files: mine.files,
        splits: mine.splits,
        allFiles: [...allFiles].sort(),
        runUnlisted: index === unlistedShard,
    };
}
async function runPytestShard(request) {
    const root = external_node_path_default().resolve(request.root);
    const command = request.command ?? DEFAULT_PYTEST_COMMAND;
    const [program, ...baseArgs] = command;
    if (program === undefined)
        throw new Error('the pytest command is empty');
    const baseEnv = request.env ?? process.env;
    const env = {
        ...baseEnv,
        PYTHONPATH: [request.pluginDir, baseEnv['PYTHONPATH']].filter(Boolean).join((external_node_path_default()).delimiter),
        EVENSHARD_RESULTS: external_node_path_default().resolve(request.resultsPath),
        EVENSHARD_COLLECTION: external_node_path_default().resolve(collectionPath(request.resultsPath)),
    };
    delete env['EVENSHARD_SELECTION'];
    // Files left from an earlier run must never be mistaken for this run's.
    await (0,promises_.rm)(request.resultsPath, { force: true });
    await (0,promises_.rm)(journalPath(request.resultsPath), { force: true });
    await removeCollections(request.resultsPath);
    await (0,promises_.mkdir)(external_node_path_default().dirname(external_node_path_default().resolve(request.resultsPath)), { recursive: true });
    if (request.selection !== null) {
        const selectionPath = request.selectionPath ?? `${request.resultsPath}.selection.json`;
        await (0,promises_.writeFile)(selectionPath, JSON.stringify(selectionDocument(root, request.selection)));
        env['EVENSHARD_SELECTION'] = external_node_path_default().resolve(selectionPath);
    }
    const args = [...baseArgs, '-p', PYTEST_PLUGIN_MODULE];
    if (request.junitPath !== undefined) {
        args.push(`--junitxml=${external_node_path_default().resolve(request.junitPath)}`, '-o', 'junit_family=xunit1');
    }
    // Absolute, so that a file name starting with '-' is never read as an option.
    for (const file of request.paths ?? [])
        args.push(external_node_path_default().join(root, file));
    const spawnedAt = Date.now();
    const { exitCode, signal } = await spawnAndWait(program, args, root, env, request.onOutput);
    const exitedAt = Date.now();
    const doc = await readPytestResults(request.resultsPath);
    // Killed or os._exit-ed before the document: the tests it finished are in the journal.
    const finishedBeforeDying = doc === null ? await readPytestJournal(request.resultsPath) : [];
    const collection = await readPytestCollection(request.resultsPath);
    const problem = commandProblem(exitCode, signal, doc);
    const status = {
        signal,
        finished: doc?.finished ?? false,
        ...(doc?.stopped ? { stopped: doc.stopped } : {}),
        ...(problem !== undefined ? { problem } : {}),
    };
    const run = {
        exitCode,
        signal,
        empty: exitCode === PYTEST_EXIT_NO_TESTS,
        status,
        collection,
        results: doc?.results ?? finishedBeforeDying,
        sessionStart: doc?.sessionStart ?? null,
        firstTestStart: doc?.firstTestStart ?? null,
        sessionEnd: doc?.sessionEnd ?? null,
        collectStart: doc?.collectStart ?? null,
        collectEnd: doc?.collectEnd ?? null,
        collect: doc?.collect ?? {},
        fixtures: doc?.fixtures ?? [],
        spawnedAt,
        exitedAt,
    };
    if (problem !== undefined)
        run.commandProblem = problem;
    return run;
}
function collectionPath(resultsPath) {
    return `${resultsPath}.collection.json`;
}
/** The collection documents of this run: one, or one per pytest-xdist worker. */
async function collectionFiles(resultsPath) {
    const base = external_node_path_default().basename(collectionPath(resultsPath));
    const dir = external_node_path_default().dirname(external_node_path_default().resolve(resultsPath));
    const names = await (0,promises_.readdir)(dir).catch(() => []);
    return names
        .filter((n) => n === base || (n.startsWith(base + '.') && !n.endsWith('.tmp')))
        .sort((a, b) => a.length - b.length || (0,order/* compareCodeUnits */.U)(a, b))
        .map((n) => external_node_path_default().join(dir, n));
}
async function removeCollections(resultsPath) {
    for (const file of await collectionFiles(resultsPath))
        await (0,promises_.rm)(file, { force: true });
}
/**
 * What pytest collected. Under pytest-xdist every worker collects the same items (xdist refuses
 * to run otherwise), so the first document stands for all.
 */
async function readPytestCollection(resultsPath) {
    for (const file of await collectionFiles(resultsPath)) {
        const text = await (0,promises_.readFile)(file, 'utf8').catch(() => null);
        if (text === null)
            continue;
        return parsePytestCollection(text, file);
    }
    return null;
}
function parsePytestCollection(text, source = 'pytest collection') {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch (err) {
        throw new Error(`${source}: not JSON (${err.message})`);
    }
    const doc = raw;
    const ids = (value, what) => {
        if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
            throw new Error(`${source}: "${what}" is not a list of test ids`);
        }
        return value.map(canonicalPytestId);
    };
    if (typeof doc !== 'object' || doc === null || doc['version'] !== 1) {
        throw new Error(`${source}: not an evenshard pytest collection document (version 1)`);
    }
    const filesDoc = doc['files'];
    if (typeof filesDoc !== 'object' || filesDoc === null || Array.isArray(filesDoc)) {
        throw new Error(`${source}: "files" is not an object`);
    }
    const files = [];
    for (const [file, entry] of Object.entries(filesDoc)) {
        const e = entry;
        if (typeof e !== 'object' || e === null || typeof e['fingerprint'] !== 'string') {
            throw new Error(`${source}: malformed entry for ${JSON.stringify(file)}`);
        }
        files.push({
            file: canonicalPytestId(file),
            tests: ids(e['tests'], `files.${file}.tests`),
            fingerprint: e['fingerprint'],
            ...(e['split'] === true ? { split: true } : {}),
        });
    }
    files.sort((a, b) => (0,order/* compareCodeUnits */.U)(a.file, b.file));
    return {
        files,
        selected: ids(doc['selected'], 'selected'),
        deselected: ids(doc['deselected'], 'deselected'),
    };
}
/** The JSON the plugin reads from EVENSHARD_SELECTION. */
function selectionDocument(root, selection) {
    return {
        version: 1,
        root,
        files: selection.files,
        splits: selection.splits.map((s) => ({
            file: s.file,
            tests: s.tests,
            owner: s.owner,
            excluded: s.excluded,
        })),
        ...(selection.allFiles ? { allFiles: selection.allFiles } : {}),
        unlisted: selection.runUnlisted === false ? 'skip' : 'run',
        ...(selection.done?.length ? { done: selection.done } : {}),
    };
}
function journalPath(resultsPath) {
    return `${resultsPath}.journal`;
}
/**
 * The tests a session that never wrote its results document finished (the plugin's journal, one
 * entry per line); a last line cut short by the kill is left out.
 */
async function readPytestJournal(resultsPath) {
    const text = await (0,promises_.readFile)(journalPath(resultsPath), 'utf8').catch(() => '');
    const results = [];
    for (const line of text.split('\n')) {
        try {
            if (line.trim() !== '')
                results.push(JSON.parse(line));
        }
        catch {
            // A line cut short by the kill.
        }
    }
    try {
        return parsePytestResults(JSON.stringify({ version: 1, results }), journalPath(resultsPath))
            .results;
    }
    catch {
        return [];
    }
}
/** Reads the plugin's results document; null when pytest never wrote one. */
async function readPytestResults(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (err) {
        if (err.code === 'ENOENT')
            return null;
        throw err;
    }
    return parsePytestResults(text, file);
}
/** Parses and checks the plugin's results document. Timestamps become epoch milliseconds. */
function parsePytestResults(text, source = 'pytest results') {
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch (err) {
        throw new Error(`${source}: not JSON (${err.message})`);
    }
    const doc = raw;
    if (typeof doc !== 'object' || doc === null || doc['version'] !== 1) {
        throw new Error(`${source}: not an evenshard pytest results document (version 1)`);
    }
    if (!Array.isArray(doc['results']))
        throw new Error(`${source}: "results" is not a list`);
    const byId = new Map();
    for (const entry of doc['results']) {
        const e = entry;
        if (typeof e !== 'object' ||
            e === null ||
            typeof e['id'] !== 'string' ||
            typeof e['outcome'] !== 'string' ||
            !OUTCOMES.has(e['outcome']) ||
            typeof e['seconds'] !== 'number' ||
            !Number.isFinite(e['seconds'])) {
            throw new Error(`${source}: malformed result ${JSON.stringify(entry)}`);
        }
        const result = {
            id: canonicalPytestId(e['id']),
            seconds: Math.max(0, e['seconds']),
            outcome: e['outcome'],
        };
        if (typeof e['message'] === 'string' && e['message'] !== '')
            result.message = e['message'];
        const shared = e['fixtureSeconds'];
        if (typeof shared === 'number' && Number.isFinite(shared) && shared > 0) {
            result.fixtureSeconds = Math.min(shared, result.seconds);
        }
        const attempts = e['attempts'];
        if (Array.isArray(attempts) &&
            attempts.length > 1 &&
            attempts.every((a) => typeof a === 'string' && OUTCOMES.has(a))) {
            // The final outcome decides; the plugin appends it, so the last attempt equals it.
            result.attempts = [...attempts.slice(0, -1), result.outcome];
        }
        byId.set(result.id, result);
    }
    const results = [...byId.values()].sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
    return {
        version: 1,
        pytestVersion: String(doc['pytestVersion'] ?? ''),
        exitStatus: typeof doc['exitStatus'] === 'number' ? doc['exitStatus'] : -1,
        finished: doc['finished'] === true,
        ...(typeof doc['stopped'] === 'string' && doc['stopped'] !== ''
            ? { stopped: doc['stopped'] }
            : {}),
        ...(typeof doc['fatal'] === 'string' && doc['fatal'] !== '' ? { fatal: doc['fatal'] } : {}),
        sessionStart: epochMs(doc['sessionStart']),
        firstTestStart: epochMs(doc['firstTestStart']),
        sessionEnd: epochMs(doc['sessionEnd']),
        collectStart: epochMs(doc['collectStart']),
        collectEnd: epochMs(doc['collectEnd']),
        collect: collectSeconds(doc['collect']),
        fixtures: fixtureCosts(doc['fixtures']),
        results,
    };
}
/** The plugin's per-file collection seconds; anything malformed is left out (costs are advisory). */
function collectSeconds(value) {
    const out = {};
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return out;
    for (const [file, seconds] of Object.entries(value)) {
        if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
            out[canonicalPytestId(file)] = seconds;
        }
    }
    return out;
}
const SHARED_SCOPES = new Set(['module', 'class', 'package', 'session']);
function fixtureCosts(value) {
    if (!Array.isArray(value))
        return [];
    const out = [];
    for (const raw of value) {
        const f = raw;
        if (typeof f === 'object' &&
            f !== null &&
            typeof f['name'] === 'string' &&
            typeof f['scope'] === 'string' &&
            SHARED_SCOPES.has(f['scope']) &&
            typeof f['node'] === 'string' &&
            typeof f['seconds'] === 'number' &&
            Number.isFinite(f['seconds']) &&
            f['seconds'] >= 0) {
            out.push({
                name: f['name'],
                scope: f['scope'],
                node: f['node'] === '' ? '' : canonicalPytestId(f['node']),
                seconds: f['seconds'],
            });
        }
    }
    return out;
}
/**
 * A pytest node id as a canonical test id: the file part in POSIX form without `./`. Only the
 * file part changes: parameter ids may legitimately contain backslashes.
 */
function canonicalPytestId(nodeid) {
    const cut = nodeid.indexOf('::');
    const file = cut === -1 ? nodeid : nodeid.slice(0, cut);
    const rest = cut === -1 ? '' : nodeid.slice(cut);
    return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '') + rest;
}
function epochMs(value) {
    return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;
}
const EXIT_MEANINGS = {
    2: 'pytest was interrupted (a collection error or Ctrl-C)',
    3: 'pytest hit an internal error',
    4: 'pytest reported a usage error (see its output above)',
};
/** Why a shard failed whatever its tests reported, or undefined for a normal end. */
function commandProblem(exitCode, signal, doc) {
    if (signal !== null) {
        return `pytest was killed by ${signal} (the out-of-memory killer, a timeout, or a test that kills its own process)`;
    }
    if (doc?.fatal)
        return `pytest could not start: ${doc.fatal} (exit code ${exitCode})`;
    const meaning = EXIT_MEANINGS[exitCode];
    if (meaning !== undefined)
        return `${meaning} (exit code ${exitCode})`;
    if (exitCode !== 0 && exitCode !== 1 && exitCode !== PYTEST_EXIT_NO_TESTS) {
        return `the test command exited with code ${exitCode}`;
    }
    if (doc === null) {
        return (`the test command exited (code ${exitCode}) without the evenshard pytest plugin's results: ` +
            'a test called os._exit() or the process crashed, or the command did not start pytest with plugins given by -p');
    }
    if (!doc.finished) {
        return `pytest exited (code ${exitCode}) before finishing its session: a test called os._exit() or the process crashed`;
    }
    return undefined;
}
function spawnAndWait(program, args, cwd, env, onOutput) {
    return new Promise((resolve, reject) => {
        const child = (0,external_node_child_process_.spawn)(program, args, {
            cwd,
            env,
            shell: false,
            stdio: ['ignore', onOutput ? 'pipe' : 'inherit', onOutput ? 'pipe' : 'inherit'],
            windowsHide: true,
        });
        if (onOutput) {
            child.stdout?.setEncoding('utf8').on('data', (chunk) => onOutput(chunk, 'stdout'));
            child.stderr?.setEncoding('utf8').on('data', (chunk) => onOutput(chunk, 'stderr'));
        }
        child.once('error', (err) => {
            // The user's to fix (a typo, a tool not installed): a one-line error, no stack trace.
            const error = new Error(`cannot start the test command '${program}': ${err.message}`);
            error.name = 'TestCommandError';
            reject(error);
        });
        child.once('close', (code, signal) => {
            const signalNumber = signal ? (external_node_os_.constants.signals[signal] ?? 0) : 0;
            resolve({ exitCode: code ?? 128 + signalNumber, signal });
        });
    });
}

// EXTERNAL MODULE: ./src/core/identity.ts
var identity = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/formats/junit.ts
var junit = __webpack_require__(1680);
// EXTERNAL MODULE: ./src/names.ts
var names = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/runners/files.ts
var runners_files = __webpack_require__(8928);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/runners/js/packages.ts
/**
 * Finding a JavaScript project's own test runner: the package manager (by its lockfile) and the
 * runner's local binary (`node_modules/.bin/<name>` in the working directory or an ancestor, as
 * npm, yarn's node-modules linker and pnpm lay them out), and the installed runner's version.
 */


/** Lockfile → package manager, in the order a mixed folder is most likely meant. */
const LOCKFILES = [
    ['pnpm-lock.yaml', 'pnpm'],
    ['yarn.lock', 'yarn'],
    ['package-lock.json', 'npm'],
    ['npm-shrinkwrap.json', 'npm'],
];
/** `dir` and its ancestors, nearest first. */
function* upwards(dir) {
    for (let at = external_node_path_default().resolve(dir);; at = external_node_path_default().dirname(at)) {
        yield at;
        if (external_node_path_default().dirname(at) === at)
            return;
    }
}
/** The package manager of the nearest folder (the working directory or an ancestor) with a lockfile. */
function detectPackageManager(root) {
    for (const dir of upwards(root)) {
        for (const [file, manager] of LOCKFILES)
            if ((0,external_node_fs_.existsSync)(external_node_path_default().join(dir, file)))
                return manager;
    }
    return undefined;
}
/** `node_modules/.bin/<name>` in `root` or its nearest ancestor that has one. */
function findLocalBinary(root, name) {
    for (const dir of upwards(root)) {
        const bin = external_node_path_default().join(dir, 'node_modules', '.bin', name);
        if ((0,external_node_fs_.existsSync)(bin))
            return bin;
    }
    return undefined;
}
/** The version of the installed package `name` seen from `root` (node's lookup), if any. */
function installedVersion(root, name) {
    for (const dir of upwards(root)) {
        const manifest = external_node_path_default().join(dir, 'node_modules', name, 'package.json');
        if (!(0,external_node_fs_.existsSync)(manifest))
            continue;
        try {
            const version = JSON.parse((0,external_node_fs_.readFileSync)(manifest, 'utf8')).version;
            return typeof version === 'string' ? version : undefined;
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
/** True when `version` (x.y.z…) is at least `major.minor`. Unreadable versions pass. */
function atLeast(version, major, minor = 0) {
    const match = /^(\d+)\.(\d+)/.exec(version);
    if (!match)
        return true;
    const [have, haveMinor] = [Number(match[1]), Number(match[2])];
    return have > major || (have === major && haveMinor >= minor);
}
/**
 * A command whose program is the bare runner name (`vitest run`) made runnable without a shell:
 * the local binary when installed, else through the package manager (`npx --no-install`,
 * `yarn`, `pnpm exec`), which finds Yarn Plug'n'Play installs too. Other commands are unchanged.
 */
function resolveRunnerCommand(command, root, runner) {
    const [program, ...args] = command;
    if (program !== runner)
        return [...command];
    const local = findLocalBinary(root, runner);
    if (local)
        return [local, ...args];
    switch (detectPackageManager(root)) {
        case 'yarn':
            return ['yarn', runner, ...args];
        case 'pnpm':
            return ['pnpm', 'exec', runner, ...args];
        default:
            return ['npx', '--no-install', runner, ...args];
    }
}
/**
 * Where the runner's own program is in a command: the element naming it (`vitest`,
 * `node_modules/.bin/vitest`, `vitest.mjs`), so that subcommands and options go right after it.
 */
function runnerIndex(command, runner) {
    return command.findIndex((arg) => {
        const base = arg.replace(/\\/g, '/').split('/').pop() ?? '';
        return (base === runner ||
            base === `${runner}.mjs` ||
            base === `${runner}.js` ||
            base === `${runner}.cmd`);
    });
}
// it(…), test(…), it.each(…)(…), test.skip(…), it.concurrent.each`…`(…): one per call site.
const TEST_CALL = /(?:^|[^\w$.])(?:it|test)(?:\.(?:only|skip|todo|fails|concurrent|sequential|each|for))*\s*[(`]/g;
/** Test call sites in a JS/TS source: the planning proxy when there is no history. */
function countJsTests(source) {
    return source.match(TEST_CALL)?.length ?? 0;
}

;// CONCATENATED MODULE: ./src/runners/js/process.ts
/** Child processes of the JS runners: argument vectors, never a shell. */


/**
 * Runs `argv` in `cwd`. Output passes through to this process unless `capture` is set (discovery
 * reads what the runner prints). A program that cannot start rejects with a message naming it.
 */
function runArgv(argv, options) {
    const [program, ...args] = argv;
    if (program === undefined)
        return Promise.reject(new Error('the command is empty'));
    return new Promise((resolve, reject) => {
        const startedAt = Date.now();
        const child = (0,external_node_child_process_.spawn)(program, args, {
            cwd: options.cwd,
            env: options.env,
            shell: false,
            stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
            windowsHide: true,
        });
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
        child.stderr?.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
        child.once('error', (err) => {
            reject(new Error(`cannot start '${program}': ${err.message}`));
        });
        child.once('close', (code, signal) => {
            const signalNumber = signal ? (external_node_os_.constants.signals[signal] ?? 0) : 0;
            resolve({
                exitCode: code ?? 128 + signalNumber,
                signal,
                stdout,
                stderr,
                startedAt,
                endedAt: Date.now(),
            });
        });
    });
}
/** The last lines of captured output, for an error message. */
function tail(text, lines = 15) {
    return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/runners/js/results.ts
/**
 * What the JS runners report → evenshard test results. Shared by the Vitest and Jest adapters:
 * the same ids (file + describe path + name, src/core/identity.ts) whichever runner reported.
 */



/**
 * Ids for the records. (A file's cost outside its tests, its import and collection, is not part
 * of any test: the runners report it as `RunnerCosts.collect`, which the planner charges once
 * per file visit.)
 *
 * Two tests with the same title path in one file (`it('works')` twice) would share an id and
 * look like one test run twice; the second becomes `works [2]`, in the runner's order (source
 * order for both Vitest and Jest), and is reported in `duplicateNames`.
 */
function jsTestResults(records) {
    const seen = new Map();
    const duplicateNames = new Set();
    const results = [];
    for (const r of records) {
        const base = (0,identity/* makeTestId */.WZ)(r.file, r.names);
        const n = (seen.get(base) ?? 0) + 1;
        seen.set(base, n);
        let id = base;
        if (n > 1) {
            duplicateNames.add(base);
            const names = [...r.names];
            names[names.length - 1] = `${names[names.length - 1] ?? ''} [${n}]`;
            id = (0,identity/* makeTestId */.WZ)(r.file, names);
        }
        const result = {
            id,
            seconds: Math.round(Math.max(0, r.seconds) * 1e6) / 1e6,
            outcome: r.outcome,
        };
        if (r.message !== undefined && r.message !== '')
            result.message = r.message;
        if (r.attempts && r.attempts.length > 1)
            result.attempts = [...r.attempts];
        results.push(result);
    }
    results.sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
    return { results, duplicateNames: [...duplicateNames].sort(order/* compareCodeUnits */.U) };
}
/**
 * The attempts of a test the runner retried `retries` times: every retry followed a failure, and
 * the final outcome is the runner's. Undefined when it ran once.
 */
function retriedAttempts(retries, outcome) {
    if (!Number.isInteger(retries) || retries < 1)
        return undefined;
    return [...Array(retries).fill('failed'), outcome];
}
/** Files a runner reported that this shard did not give it, sorted. */
function filesNotGiven(reported, given) {
    const mine = new Set(given);
    return [...new Set(reported)].filter((f) => !mine.has(f)).sort(order/* compareCodeUnits */.U);
}
/** The files of a shard: whole files and the files of its splits (these runners never split). */
function shardFiles(shards, index) {
    const mine = shards.find((s) => s.index === index);
    if (mine === undefined)
        throw new Error(`the plan has no shard ${index}`);
    return [...new Set([...mine.files, ...mine.splits.map((s) => s.file)])].sort(order/* compareCodeUnits */.U);
}
/**
 * The shard's collection record from what the runner reported. Jest and Vitest report every test
 * of a file they loaded, skipped and todo ones too (and a file that failed to load under the
 * file's own id), so what they reported of the shard's files is what they collected. A shard's
 * file they reported nothing of was never collected: it is left out, and the merge names it.
 */
function collectionOf(mine, results) {
    const byFile = new Map();
    for (const r of results) {
        const file = (0,identity/* fileOfTestId */.z)(r.id);
        const ids = byFile.get(file) ?? [];
        if (r.id !== file)
            ids.push(r.id);
        byFile.set(file, ids);
    }
    const files = mine
        .filter((file) => byFile.has(file))
        .map((file) => {
        const tests = [...byFile.get(file)].sort(order/* compareCodeUnits */.U);
        const fingerprint = (0,external_node_crypto_.createHash)('sha256').update(tests.join('\n')).digest('hex').slice(0, 16);
        return { file, tests, fingerprint };
    });
    return { files, selected: [], deselected: [] };
}
/** A message listing at most `max` items. */
function listSome(items, max = 5) {
    const shown = items.slice(0, max).join(', ');
    return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

;// CONCATENATED MODULE: ./src/runners/command/index.ts
/**
 * `framework: command`: any test runner that writes JUnit XML. The user's command gets this
 * shard's files through a placeholder, and the results come from the JUnit files matching the
 * `junit` globs, read with the one JUnit parser (src/formats/junit.ts) and the one identity
 * (src/core/identity.ts). Test files are found with the `tests` globs.
 *
 * Placeholders (whole argv elements, or inside one for `{files-list}`):
 * - `{files}`: the shard's files as separate arguments, one invocation;
 * - `{files-list}`: the path of a file listing them one per line, one invocation;
 * - `{file}`: one invocation per file. For reporters whose JUnit does not say which file a test
 *   is in (node's own junit reporter): every case of that invocation belongs to its file.
 */










/** Which placeholder the command uses; exactly one kind is allowed. */
function commandMode(command) {
    const modes = new Set();
    for (const arg of command) {
        if (arg === names/* COMMAND_PLACEHOLDERS */.bj.files)
            modes.add('files');
        if (arg === names/* COMMAND_PLACEHOLDERS */.bj.file)
            modes.add('file');
        if (arg.includes(names/* COMMAND_PLACEHOLDERS */.bj.filesList))
            modes.add('files-list');
    }
    if (modes.size !== 1) {
        throw new Error(`with 'framework: command' the command must contain exactly one of the placeholders ${names/* COMMAND_PLACEHOLDERS */.bj.files} (the shard's files as arguments), ${names/* COMMAND_PLACEHOLDERS */.bj.filesList} (a file listing them) or ${names/* COMMAND_PLACEHOLDERS */.bj.file} (one run per file)${modes.size ? `, not ${[...modes].map((m) => `{${m}}`).join(' and ')}` : ''}: e.g. 'node --test --test-reporter=junit --test-reporter-destination=junit.xml ${names/* COMMAND_PLACEHOLDERS */.bj.file}'.`);
    }
    return [...modes][0];
}
/** The command with its placeholder filled in. */
function fillCommand(command, files, listPath) {
    return command.flatMap((arg) => {
        if (arg === names/* COMMAND_PLACEHOLDERS */.bj.files || arg === names/* COMMAND_PLACEHOLDERS */.bj.file)
            return [...files];
        return [arg.split(names/* COMMAND_PLACEHOLDERS */.bj.filesList).join(listPath)];
    });
}
const SOURCE_WITH_CALLS = /\.[cm]?[jt]sx?$/;
class CommandRunner {
    options;
    framework = 'command';
    /** A command takes files; nothing says it can select single tests exactly. */
    selectsSingleTests = false;
    constructor(options) {
        this.options = options;
    }
    async discover(root, patterns) {
        if (!patterns?.length) {
            throw new Error("with 'framework: command' set 'tests' to globs of the test files (e.g. 'tests: test/**/*.test.js'): evenshard cannot ask an arbitrary command for them.");
        }
        const files = (await (0,runners_files/* findFilesInRoot */.A)(root, patterns)).map((f) => (0,identity/* normalizePath */.Fd)(f, root));
        return Promise.all(files.map(async (file) => {
            if (!SOURCE_WITH_CALLS.test(file))
                return { file };
            const source = await (0,promises_.readFile)(external_node_path_default().join(root, file), 'utf8').catch(() => '');
            return { file, testCountHint: countJsTests(source) };
        }));
    }
    async run(request) {
        const root = external_node_path_default().resolve(request.root);
        if (this.options.junit.length === 0) {
            throw new Error("with 'framework: command' set 'junit' to the glob of the JUnit XML files the command writes (e.g. 'junit: junit.xml').");
        }
        const mode = commandMode(request.command);
        const mine = shardFiles(request.plan.shards, request.shard);
        const known = new Set(request.plan.shards.flatMap((s) => [...s.files, ...s.splits.map((p) => p.file)]));
        await (0,promises_.mkdir)(request.workDir, { recursive: true });
        const listPath = external_node_path_default().join(request.workDir, 'files.txt');
        await (0,promises_.writeFile)(listPath, mine.join('\n') + '\n');
        const batches = mode === 'file' ? mine.map((f) => [f]) : [mine];
        const startedAt = Date.now();
        let exitCode = 0;
        let signal = null;
        let reports = 0;
        const batchResults = [];
        const fileCases = [];
        for (const [i, batch] of batches.entries()) {
            // A report left from an earlier run must never count as this one's.
            for (const stale of await (0,runners_files/* findFilesInRoot */.A)(root, this.options.junit))
                await (0,promises_.rm)(stale);
            const proc = await runArgv(fillCommand(request.command, batch, listPath), {
                cwd: root,
                env: request.env,
            });
            if (proc.exitCode !== 0 && exitCode === 0)
                exitCode = proc.exitCode;
            signal ??= proc.signal;
            for (const report of await (0,runners_files/* findFilesInRoot */.A)(root, this.options.junit)) {
                reports++;
                await (0,promises_.copyFile)(report, external_node_path_default().join(request.workDir, `junit-${i + 1}-${reports}.xml`));
                const cases = (0,junit/* parseJUnit */.i)(await (0,promises_.readFile)(report, 'utf8'));
                if (mode === 'file') {
                    for (const c of cases)
                        fileCases.push({ file: batch[0], case: c });
                }
                else {
                    batchResults.push(...this.batchResults(cases, known, root));
                }
            }
        }
        const endedAt = Date.now();
        let results;
        if (mode === 'file') {
            const mapped = jsTestResults(fileCases.map(({ file, case: c }) => {
                // The report's own file when it names one of the known files; else the invocation's.
                const id = (0,identity/* testIdFromJUnitCase */.Oo)(c, known, root);
                const inFile = id !== undefined && known.has((0,identity/* fileOfTestId */.z)(id)) && (0,identity/* fileOfTestId */.z)(id) === file;
                const names = inFile
                    ? id.slice(file.length + 2).split('::')
                    : [...c.suites.filter(Boolean), c.name];
                return {
                    file,
                    names,
                    outcome: c.outcome,
                    seconds: c.seconds,
                    ...(c.message ? { message: c.message } : {}),
                };
            }));
            results = mapped.results;
            if (mapped.duplicateNames.length) {
                this.options.log?.(`evenshard: tests with the same name in one file: ${listSome(mapped.duplicateNames)}; the later ones are counted as '… [2]'.`);
            }
        }
        else {
            results = batchResults.sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
        }
        const run = { exitCode, results, startedAt, endedAt };
        if (reports === 1)
            run.junitPath = external_node_path_default().join(request.workDir, 'junit-1-1.xml');
        const problems = [];
        if (signal !== null)
            problems.push(`the test command was killed by ${signal}`);
        if (reports === 0) {
            problems.push(`the test command (exit code ${exitCode}) wrote no JUnit file matching ${JSON.stringify(this.options.junit)} in ${root}: check the 'junit' input and the command's reporter options`);
        }
        if (reports > 0 && results.length === 0) {
            problems.push(`the JUnit report(s) name no test of this shard's files: if the reporter does not say which file a test is in, use the ${names/* COMMAND_PLACEHOLDERS */.bj.file} placeholder`);
        }
        const extra = filesNotGiven(results.map((r) => (0,identity/* fileOfTestId */.z)(r.id)), mine);
        if (extra.length) {
            problems.push(`the test command reported tests of ${extra.length} file(s) this shard was not given: ${listSome(extra)}`);
        }
        const failed = results.some((r) => r.outcome === 'failed' || r.outcome === 'error');
        if (exitCode !== 0 && !failed && problems.length === 0) {
            problems.push(`the test command exited with code ${exitCode} although no test failed`);
        }
        if (problems.length)
            run.commandProblem = problems.join('; ');
        return run;
    }
    /** One invocation's cases → results, by the report's own file attribution. */
    batchResults(cases, known, root) {
        const { entries, unmapped } = (0,junit/* timingsFromJUnitCases */.h)(cases, { knownFiles: known, root });
        if (unmapped > 0) {
            this.options.log?.(`evenshard: ${unmapped} JUnit test case(s) do not say which file they are in, so they are not counted; use the ${names/* COMMAND_PLACEHOLDERS */.bj.file} placeholder to run one file per invocation.`);
        }
        const messages = new Map();
        for (const c of cases) {
            if (c.message === undefined)
                continue;
            const id = (0,identity/* testIdFromJUnitCase */.Oo)(c, known, root);
            if (id !== undefined)
                messages.set(id, c.message);
        }
        return entries.map((e) => ({
            id: e.id,
            seconds: e.seconds,
            outcome: e.outcome ?? 'passed',
            ...(messages.has(e.id) && e.outcome !== 'passed' ? { message: messages.get(e.id) } : {}),
        }));
    }
}

;// CONCATENATED MODULE: ./src/runners/js/runner.ts
/**
 * The skeleton of a JS runner adapter (Jest, Vitest): the command resolved and the installed
 * version checked, discovery through the runner's own listing (or the `tests` globs), the shard's
 * files run as one process, its machine-readable report mapped to results, costs and the
 * collection record. An adapter is a `JsRunnerConfig`: what differs between the runners.
 */








function jsRunner(config, options = {}) {
    const command = options.command?.length ? options.command : config.defaultCommand;
    const log = options.log;
    /** Every file discovery found, for the runners' exclusions. */
    let discovered = [];
    const resolved = (root) => {
        const split = config.splitCommand(resolveRunnerCommand(command, root, config.packageName));
        const version = installedVersion(root, config.packageName);
        const { major, minor } = config.minimum;
        if (version !== undefined && !atLeast(version, major, minor)) {
            throw new Error(`evenshard needs ${config.title} ${major}.${minor} or newer for 'framework: ${config.framework}', but ${root} has ${config.title} ${version}: upgrade ${config.packageName}${config.tooOldHint ? `, ${config.tooOldHint}` : ''}.`);
        }
        return split;
    };
    const listed = async (root) => {
        const files = new Set();
        for (const entry of await config.listFiles(resolved(root), root)) {
            const rel = (0,identity/* normalizePath */.Fd)(entry, root);
            if (!(0,identity/* isInsideRoot */.Xj)(rel)) {
                log?.(`evenshard: ${config.title} lists ${entry}, which is outside the working directory ${root}; it is left out.`);
                continue;
            }
            files.add(rel);
        }
        return [...files].sort(order/* compareCodeUnits */.U);
    };
    return {
        framework: config.framework,
        // Files only: the runners' single-test filters are name regexes (or need source lines the
        // history does not keep), and per-file setup cost argues for whole files anyway.
        selectsSingleTests: false,
        async discover(root, patterns) {
            discovered = patterns?.length
                ? (await (0,runners_files/* findFilesInRoot */.A)(root, patterns)).map((f) => (0,identity/* normalizePath */.Fd)(f, root))
                : await listed(root);
            return Promise.all(discovered.map(async (file) => ({
                file,
                testCountHint: countJsTests(await (0,promises_.readFile)(external_node_path_default().join(root, file), 'utf8').catch(() => '')),
            })));
        },
        async run(request) {
            const root = external_node_path_default().resolve(request.root);
            const split = resolved(root);
            const mine = shardFiles(request.plan.shards, request.shard);
            const everyFile = discovered.length
                ? discovered
                : request.plan.shards.flatMap((s) => [...s.files, ...s.splits.map((p) => p.file)]);
            await (0,promises_.mkdir)(request.workDir, { recursive: true });
            const how = config.invocation({
                command: split,
                root,
                mine,
                everyFile,
                workDir: request.workDir,
            });
            await (0,promises_.rm)(how.reportPath, { force: true });
            if (how.junitPath)
                await (0,promises_.rm)(how.junitPath, { force: true });
            const proc = await runArgv(how.argv, {
                cwd: root,
                env: how.env ? { ...request.env, ...how.env } : request.env,
            });
            const run = {
                exitCode: proc.exitCode,
                results: [],
                ...(how.junitPath ? { junitPath: how.junitPath } : {}),
                startedAt: proc.startedAt,
                endedAt: proc.endedAt,
            };
            const report = await config.readReport(how.reportPath);
            if (report === null) {
                run.commandProblem =
                    proc.signal !== null
                        ? `${config.title} was killed by ${proc.signal}`
                        : config.noReport(proc.exitCode);
                return run;
            }
            const { results, problems, costs } = config.mapReport(report, root, mine);
            if (costs.testsStartedAt !== undefined)
                run.firstTestAt = costs.testsStartedAt;
            run.results = results.results;
            run.costs = costs;
            run.collection = collectionOf(mine, results.results);
            if (results.duplicateNames.length) {
                log?.(`evenshard: tests with the same name in the same describe block: ${listSome(results.duplicateNames)}; the later ones are counted as '… [2]', '… [3]' in source order. Rename them to keep their history stable.`);
            }
            const failed = run.results.some((r) => r.outcome === 'failed' || r.outcome === 'error');
            if (proc.exitCode !== 0 && !failed && problems.length === 0) {
                problems.push(`${config.title} exited with code ${proc.exitCode} although no test failed`);
            }
            if (problems.length)
                run.commandProblem = problems.join('; ');
            return run;
        },
    };
}

;// CONCATENATED MODULE: ./src/runners/jest/index.ts
/**
 * `framework: jest`. Discovery is Jest's own (`jest --listTests --json`), so the config,
 * `projects`, `testMatch`/`testRegex` and `testPathIgnorePatterns` decide what a test file is. A
 * shard runs its files with `--runTestsByPath` (exact paths, never patterns), and durations and
 * outcomes come from Jest's `--json --outputFile` report: no extra reporter to install. Jest's
 * own `--shard` is refused in the command: it would split the shard's files again.
 * Files are the unit: see docs/runners/jest.md.
 */







const DEFAULT_JEST_COMMAND = ['jest'];
/** `--listTests --json`, `--runTestsByPath` and the report's per-file start/end times. */
const JEST_MINIMUM = { major: 27, minor: 0 };
const OUTCOME = { passed: 'passed', failed: 'failed' };
/** The command split around Jest's program; `--shard` refused. */
function splitJestCommand(command) {
    const at = runnerIndex(command, 'jest');
    if (at < 0) {
        throw new Error(`the command ${JSON.stringify(command.join(' '))} does not call jest: with 'framework: jest' the command must run Jest itself (e.g. 'npx jest --ci', 'jest --coverage'), so that evenshard can add the shard's files.`);
    }
    const options = command.slice(at + 1);
    const shard = options.find((o) => o === '--shard' || o.startsWith('--shard='));
    if (shard !== undefined) {
        throw new Error(`the command passes ${shard} to Jest, but evenshard already chose this shard's files: remove --shard from the command.`);
    }
    return { program: command.slice(0, at + 1), options };
}
function firstLine(text) {
    // Jest's messages start with ANSI colour codes and the test's title: keep the first real line.
    const plain = (text ?? '').replace(/\u001b\[[0-9;]*m/g, '');
    const line = plain
        .split(/\r?\n/)
        .map((l) => l.trim())
        .find((l) => l !== '' && !l.startsWith('●'));
    return line === undefined ? undefined : line.slice(0, 1000);
}
/**
 * Jest's report → results and costs. A file's time outside its tests (environment, module
 * loading, the transform: its end − start − its tests' durations) is its `collect` cost. A file
 * that failed outside its tests (syntax error, a throwing beforeAll with no tests) is reported
 * under the file's own id as an error.
 */
function jestResults(report, root, mine) {
    const records = [];
    const collect = {};
    let lastEnd;
    for (const file of report.testResults) {
        const rel = (0,identity/* normalizePath */.Fd)(file.name, root);
        const testSeconds = file.assertionResults.reduce((s, a) => s + (a.duration ?? 0), 0) / 1000;
        const wall = file.startTime !== undefined && file.endTime !== undefined
            ? (file.endTime - file.startTime) / 1000
            : testSeconds;
        collect[rel] = Math.max(0, wall - testSeconds);
        if (file.endTime !== undefined && (lastEnd === undefined || file.endTime > lastEnd)) {
            lastEnd = file.endTime;
        }
        if (file.assertionResults.length === 0 && file.status === 'failed') {
            const message = firstLine(file.message);
            records.push({
                file: rel,
                names: [],
                outcome: 'error',
                seconds: Math.max(0, wall),
                ...(message ? { message } : {}),
            });
        }
        for (const a of file.assertionResults) {
            const message = firstLine(a.failureMessages?.[0]);
            const outcome = OUTCOME[a.status] ?? 'skipped';
            const attempts = retriedAttempts((a.invocations ?? 1) - 1, outcome);
            records.push({
                file: rel,
                names: [...a.ancestorTitles, a.title],
                outcome,
                ...(attempts ? { attempts } : {}),
                seconds: (a.duration ?? 0) / 1000,
                ...(message && a.status === 'failed' ? { message } : {}),
            });
        }
    }
    const problems = [];
    const extra = filesNotGiven(report.testResults.map((f) => (0,identity/* normalizePath */.Fd)(f.name, root)), mine);
    if (extra.length) {
        problems.push(`Jest ran ${extra.length} file(s) this shard was not given: ${listSome(extra)} (check the command for test path arguments)`);
    }
    const costs = { collect, fixtures: [] };
    const starts = report.testResults
        .map((f) => f.startTime)
        .filter((t) => typeof t === 'number');
    if (starts.length)
        costs.testsStartedAt = Math.min(...starts);
    if (lastEnd !== undefined)
        costs.testsEndedAt = lastEnd;
    return { results: jsTestResults(records), problems, costs };
}
/** `framework: jest`: Jest's configuration of the JS runner skeleton (src/runners/js/runner.ts). */
const JEST_RUNNER = {
    framework: 'jest',
    title: 'Jest',
    packageName: 'jest',
    defaultCommand: DEFAULT_JEST_COMMAND,
    minimum: JEST_MINIMUM,
    splitCommand: splitJestCommand,
    async listFiles({ program, options }, root) {
        const argv = [...program, ...options, '--listTests', '--json'];
        const run = await runArgv(argv, { cwd: root, env: process.env, capture: true });
        // The list is the last line that is a JSON array; a config may print other lines first.
        const line = run.stdout
            .split(/\r?\n/)
            .reverse()
            .find((l) => l.trim().startsWith('['));
        let listed;
        try {
            listed = line === undefined ? undefined : JSON.parse(line);
        }
        catch {
            listed = undefined;
        }
        if (run.exitCode !== 0 || !Array.isArray(listed)) {
            throw new Error(`jest --listTests failed (exit code ${run.exitCode}): ${argv.join(' ')}\n${tail(run.stderr || run.stdout)}`);
        }
        return listed.filter((entry) => typeof entry === 'string');
    },
    invocation({ command, root, mine, workDir }) {
        const reportPath = external_node_path_default().join(workDir, 'jest-results.json');
        return {
            argv: [
                ...command.program,
                ...command.options,
                '--json',
                `--outputFile=${reportPath}`,
                '--runTestsByPath',
                ...mine.map((file) => external_node_path_default().join(root, file)),
            ],
            reportPath,
        };
    },
    async readReport(reportPath) {
        try {
            return JSON.parse(await (0,promises_.readFile)(reportPath, 'utf8'));
        }
        catch {
            return null;
        }
    },
    noReport: (exitCode) => `Jest exited with code ${exitCode} before writing its --json report (see its output above)`,
    mapReport: jestResults,
};
function jestRunner(options = {}) {
    return jsRunner(JEST_RUNNER, options);
}

;// CONCATENATED MODULE: ./src/runners/vitest/index.ts
/**
 * `framework: vitest`. Discovery is Vitest's own (`vitest list --filesOnly --json`), so the
 * project's config, `projects`, include/exclude and `--project` filters decide what a test file
 * is. A shard runs its files by absolute path, with every other discovered file that Vitest's
 * substring filter would also match excluded (`--exclude`), and checks afterwards that Vitest ran
 * nothing else. Results and per-file setup times (as `costs.collect`) come from evenshard's reporter
 * (evenshard-reporter.mjs, shipped in dist/vitest/), JUnit from Vitest's own junit reporter.
 * Files are the unit: see docs/runners/vitest.md for why.
 */










const DEFAULT_VITEST_COMMAND = ['vitest', 'run'];
/** The reported-tasks reporter API (onTestRunEnd, diagnostic()) arrived in Vitest 3.0. */
const VITEST_MINIMUM = { major: 3, minor: 0 };
const MINIMUM_TEXT = `${VITEST_MINIMUM.major}.${VITEST_MINIMUM.minor}`;
/** Subcommands the user may have written; evenshard puts its own (`list`, `run`) in their place. */
const SUBCOMMANDS = new Set(['run', 'watch', 'dev', 'list']);
const RESULTS_SCHEMA = 'evenshard-vitest-results/1';
/** The command split around Vitest's program: `[...before, vitest]`, the user's options after. */
function splitVitestCommand(command) {
    const at = runnerIndex(command, 'vitest');
    if (at < 0) {
        throw new Error(`the command ${JSON.stringify(command.join(' '))} does not call vitest: with 'framework: vitest' the command must run Vitest itself (e.g. 'npx vitest run', 'vitest run --coverage'), so that evenshard can add the shard's files and its reporter.`);
    }
    const options = command.slice(at + 1);
    if (options[0] !== undefined && SUBCOMMANDS.has(options[0]))
        options.shift();
    const shard = options.find((o) => o === '--shard' || o.startsWith('--shard='));
    if (shard !== undefined) {
        throw new Error(`the command passes ${shard} to Vitest, but evenshard already chose this shard's files: remove --shard from the command.`);
    }
    return { program: command.slice(0, at + 1), options };
}
/**
 * Extra `--exclude` globs so that the absolute-path filters select exactly `mine`. Vitest keeps a
 * test file when it starts with an absolute filter or its root-relative path contains the
 * filter's (case-insensitively): `tests/sum.test.ts` also matches `tests/checksum.test.ts`'s
 * neighbour `e2e/tests/sum.test.ts` and `tests/sum.test.tsx`. Every other discovered file that
 * some filter matches is excluded by its escaped path.
 */
function vitestExcludes(mine, all) {
    const selected = new Set(mine);
    const lowered = mine.map((f) => f.toLowerCase());
    return all
        .filter((other) => !selected.has(other))
        .filter((other) => {
        const low = other.toLowerCase();
        return mine.some((f, i) => other.startsWith(f) || low.includes(lowered[i]));
    })
        .map((other) => (0,tinyglobby_dist/* escapePath */.ft)(other))
        .sort(order/* compareCodeUnits */.U);
}
const vitest_OUTCOME = {
    passed: 'passed',
    failed: 'failed',
    skipped: 'skipped',
    pending: 'skipped',
};
/** `framework: vitest`: Vitest's configuration of the JS runner skeleton (src/runners/js/runner.ts). */
function vitestRunnerConfig(reporterPath) {
    return {
        framework: 'vitest',
        title: 'Vitest',
        packageName: 'vitest',
        defaultCommand: DEFAULT_VITEST_COMMAND,
        minimum: VITEST_MINIMUM,
        tooOldHint: "for its reporter API, or use 'framework: command' with Vitest's junit reporter",
        splitCommand: splitVitestCommand,
        listFiles: listVitestFiles,
        invocation({ command, root, mine, everyFile, workDir }) {
            const reportPath = external_node_path_default().join(workDir, 'vitest-results.json');
            const junitPath = external_node_path_default().join(workDir, 'junit.xml');
            return {
                argv: [
                    ...command.program,
                    'run',
                    ...command.options,
                    '--reporter=default',
                    `--reporter=${reporterPath}`,
                    '--reporter=junit',
                    `--outputFile.junit=${junitPath}`,
                    ...vitestExcludes(mine, everyFile).map((glob) => `--exclude=${glob}`),
                    ...mine.map((file) => external_node_path_default().join(root, file)),
                ],
                env: { EVENSHARD_VITEST_RESULTS: reportPath },
                reportPath,
                junitPath,
            };
        },
        readReport: readReporterDocument,
        noReport: (exitCode) => `Vitest exited with code ${exitCode} before reporting results (see its output above); evenshard's reporter needs Vitest ${MINIMUM_TEXT} or newer`,
        mapReport: vitestResults,
    };
}
function vitestRunner(options) {
    return jsRunner(vitestRunnerConfig(options.reporterPath), options);
}
/** `vitest list --filesOnly --json=<file>`: the test files as Vitest's config sees them. */
async function listVitestFiles({ program, options }, root) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'evenshard-vitest-list-'));
    const out = external_node_path_default().join(dir, 'files.json');
    try {
        const argv = [...program, 'list', '--filesOnly', `--json=${out}`, ...options];
        const run = await runArgv(argv, { cwd: root, env: process.env, capture: true });
        let text;
        try {
            text = await (0,promises_.readFile)(out, 'utf8');
        }
        catch {
            throw new Error(`vitest list failed (exit code ${run.exitCode}) and listed no test files: ${argv.join(' ')}\n${tail(run.stderr || run.stdout)}`);
        }
        const entries = JSON.parse(text);
        return entries.map((e) => e.file).filter((f) => typeof f === 'string');
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
async function readReporterDocument(file) {
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch {
        return null;
    }
    const doc = JSON.parse(text);
    if (doc.schema !== RESULTS_SCHEMA || !Array.isArray(doc.tests) || !Array.isArray(doc.modules)) {
        throw new Error(`${file} is not an evenshard Vitest results document (${RESULTS_SCHEMA})`);
    }
    return doc;
}
/**
 * The reporter's document → results, and what went wrong besides failing tests (files Vitest
 * ran that the shard did not give it, unhandled errors). A module that failed outside its tests
 * (an import error, a throwing beforeAll) is reported under its file's id as an error.
 */
function vitestResults(doc, root, mine) {
    const problems = [];
    // A file run by two projects is two modules: the project name keeps their tests apart.
    const projectsPerFile = new Map();
    for (const m of doc.modules) {
        const set = projectsPerFile.get(m.file) ?? new Set();
        set.add(m.project);
        projectsPerFile.set(m.file, set);
    }
    const records = [];
    const collect = {};
    for (const m of doc.modules) {
        const file = (0,identity/* normalizePath */.Fd)(m.file, root);
        const setup = (m.environmentSetupMs + m.prepareMs + m.collectMs + m.setupMs) / 1000;
        collect[file] = (collect[file] ?? 0) + Math.max(0, setup);
        if (m.state === 'failed' && m.message !== undefined) {
            records.push({
                file,
                names: [],
                outcome: 'error',
                seconds: Math.max(0, setup + m.durationMs / 1000),
                message: m.message,
            });
        }
    }
    for (const t of doc.tests) {
        const file = (0,identity/* normalizePath */.Fd)(t.file, root);
        const projects = projectsPerFile.get(t.file);
        const names = projects && projects.size > 1 ? [`[${t.project}]`, ...t.names] : t.names;
        const outcome = vitest_OUTCOME[t.state] ?? 'skipped';
        const attempts = retriedAttempts(t.retryCount ?? 0, outcome);
        records.push({
            file,
            names,
            outcome,
            ...(attempts ? { attempts } : {}),
            seconds: t.durationMs / 1000,
            ...(t.message ? { message: t.message } : {}),
        });
    }
    const extra = filesNotGiven(doc.modules.map((m) => (0,identity/* normalizePath */.Fd)(m.file, root)), mine);
    if (extra.length) {
        problems.push(`Vitest ran ${extra.length} file(s) this shard was not given: ${listSome(extra)} (check the command for test file filters)`);
    }
    if (doc.unhandledErrors.length) {
        problems.push(`Vitest reported ${doc.unhandledErrors.length} unhandled error(s): ${doc.unhandledErrors[0] ?? ''}`);
    }
    // Vitest's workers collect while others run tests: no collection phase of the whole process.
    const costs = { collect, fixtures: [] };
    if (doc.startedAt)
        costs.sessionStartedAt = doc.startedAt;
    if (doc.firstTestAt !== null)
        costs.testsStartedAt = doc.firstTestAt;
    if (typeof doc.lastTestEndAt === 'number')
        costs.testsEndedAt = doc.lastTestEndAt;
    return { results: jsTestResults(records), problems, costs };
}

;// CONCATENATED MODULE: ./src/runners/index.ts
/** The test frameworks evenshard can drive, behind the TestRunner seam. */







const RUNNER_FRAMEWORKS = ['pytest', 'vitest', 'jest', 'command'];

/**
 * The test command when the user gives none (the action's `command` default, the CLI's too);
 * `command` has none: the user's command is the point.
 */
const DEFAULT_COMMANDS = {
    pytest: DEFAULT_PYTEST_COMMAND,
    vitest: ['vitest', 'run'],
    jest: ['jest'],
    command: undefined,
};
function defaultCommand(framework) {
    return DEFAULT_COMMANDS[framework];
}
/** evenshard's Vitest reporter, shipped beside the pytest plugin (dist/vitest/, dist/pytest/). */
function vitestReporterPath(options) {
    return (0,external_node_path_.join)(options.distDir ?? (0,external_node_path_.dirname)(options.pluginDir), 'vitest', 'evenshard-reporter.mjs');
}
function runnerFor(framework, options) {
    if (framework === 'pytest')
        return new PytestRunner(options);
    if (framework === 'command') {
        return new CommandRunner({
            junit: options.junit ?? [],
            ...(options.log ? { log: options.log } : {}),
        });
    }
    if (framework === 'jest') {
        return jestRunner({
            ...(options.command ? { command: options.command } : {}),
            ...(options.log ? { log: options.log } : {}),
        });
    }
    if (framework === 'vitest') {
        return vitestRunner({
            ...(options.command ? { command: options.command } : {}),
            reporterPath: vitestReporterPath(options),
            ...(options.log ? { log: options.log } : {}),
        });
    }
    throw new Error(`unknown framework ${JSON.stringify(framework)}; expected one of ${RUNNER_FRAMEWORKS.join(', ')}`);
}
class PytestRunner {
    options;
    framework = 'pytest';
    selectsSingleTests = true;
    constructor(options) {
        this.options = options;
    }
    async discover(root, patterns) {
        const found = await discoverPytestFiles(root, patterns ? { patterns } : {});
        for (const warning of found.warnings)
            this.options.log?.(warning);
        // The test count per file is the planning proxy when there is no history at all.
        return Promise.all(found.files.map(async (file) => ({
            file,
            testCountHint: countTestsInSource(await (0,promises_.readFile)((0,external_node_path_.join)(root, file), 'utf8').catch(() => '')),
        })));
    }
    async run(request) {
        const selection = {
            ...pytestSelectionForShard(request.plan.shards, request.shard),
            ...(request.done?.length ? { done: request.done } : {}),
        };
        const run = await runPytestShard({
            root: request.root,
            command: request.command,
            selection,
            ...(request.explicitFiles
                ? { paths: [...selection.files, ...selection.splits.map((s) => s.file)].sort() }
                : {}),
            pluginDir: this.options.pluginDir,
            resultsPath: (0,external_node_path_.join)(request.workDir, 'pytest-results.json'),
            junitPath: (0,external_node_path_.join)(request.workDir, 'junit.xml'),
            env: request.env,
        });
        return {
            exitCode: run.exitCode,
            ...(run.commandProblem ? { commandProblem: run.commandProblem } : {}),
            status: run.status,
            collection: run.collection,
            results: run.results,
            junitPath: (0,external_node_path_.join)(request.workDir, 'junit.xml'),
            startedAt: run.spawnedAt,
            ...(run.firstTestStart !== null ? { firstTestAt: run.firstTestStart } : {}),
            endedAt: run.exitedAt,
            costs: {
                collect: run.collect,
                fixtures: run.fixtures,
                ...(run.collectStart !== null ? { collectStartedAt: run.collectStart } : {}),
                ...(run.collectEnd !== null ? { collectEndedAt: run.collectEnd } : {}),
                ...(run.firstTestStart !== null ? { testsStartedAt: run.firstTestStart } : {}),
                ...(run.sessionEnd !== null ? { testsEndedAt: run.sessionEnd } : {}),
                ...(run.sessionStart !== null ? { sessionStartedAt: run.sessionStart } : {}),
            },
        };
    }
}


/***/ }),

/***/ 7111:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U8: () => (/* binding */ fitBlocks),
/* harmony export */   _u: () => (/* binding */ DEFAULT_SUMMARY_MAX_BYTES),
/* harmony export */   eu: () => (/* binding */ budgetNote),
/* harmony export */   x9: () => (/* binding */ joinBlocks),
/* harmony export */   y: () => (/* binding */ cost),
/* harmony export */   zV: () => (/* binding */ fitRows)
/* harmony export */ });
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8893);
/**
 * The byte budget both summaries are laid out in. GitHub drops a step summary over 1 MiB, so a
 * summary is built from blocks and lists that are spent from one budget: lists are cut row by row
 * and always keep room to say how many rows they left out, and a note says when anything was.
 * Sizes are UTF-8 bytes; every block costs its bytes plus the blank line that follows it, which
 * also ends an HTML block.
 */

/** What GitHub accepts with room to spare (it drops summaries over 1 MiB = 1,048,576 bytes). */
const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;
/** The bytes a block takes on the page: its own plus the blank line after it. */
function cost(text) {
    return text === '' ? 0 : (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .byteLength */ .dp)(text) + 2;
}
/** The sentence added at the end when the budget left something out; `where` has everything. */
function budgetNote(where) {
    return ("<p><sub>Parts of this summary were left out to stay under GitHub's size limit for job " +
        `summaries; ${where}.</sub></p>`);
}
/**
 * `open`, rows, `close` and the "more" line within `budget` (counting the blank line after it).
 * Room for the widest "more" line is kept back, so any number of omitted rows fits. When not one
 * row fits, the "more" line alone is kept, if it fits.
 */
function fitRows(list, budget) {
    if (list.total === 0)
        return { text: '', cut: false };
    const wanted = Math.min(list.total, list.limit);
    const reserve = Math.max((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .byteLength */ .dp)(list.more(list.total, 0)), (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .byteLength */ .dp)(list.more(list.total, 1))) + 1;
    let used = 2 + (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .byteLength */ .dp)(list.open) + 1 + (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .byteLength */ .dp)(list.close) + reserve;
    const rows = [];
    for (let i = 0; i < wanted; i += 1) {
        const row = list.row(i);
        const size = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .byteLength */ .dp)(row) + 1;
        if (used + size > budget)
            break;
        rows.push(row);
        used += size;
    }
    const cut = rows.length < wanted;
    const more = list.total > rows.length ? list.more(list.total - rows.length, rows.length) : '';
    if (rows.length === 0)
        return cost(more) <= budget ? { text: more, cut } : { text: '', cut };
    return { text: [list.open, ...rows, list.close, ...(more === '' ? [] : [more])].join('\n'), cut };
}
/**
 * The blocks in reading order within `maxBytes`, with `note` at the end when anything was left
 * out. The essential blocks and each list's "more" line are paid for first; then each list gets an
 * even share of what is free, so one long list cannot starve the lists after it, and whatever a
 * list leaves passes on to the next.
 */
function fitBlocks(blocks, maxBytes, note) {
    const floorOf = (list) => list.total === 0 ? 0 : cost(list.more(list.total, 0));
    let reserved = cost(note);
    for (const b of blocks) {
        reserved += b.kind === 'essential' ? cost(b.text) : b.kind === 'list' ? floorOf(b.list) : 0;
    }
    /** Bytes not yet spent or reserved. */
    let free = maxBytes - reserved;
    let listsLeft = blocks.filter((b) => b.kind === 'list' && b.list.total > 0).length;
    let dropped = false;
    const out = [];
    for (const block of blocks) {
        if (block.kind === 'list') {
            if (block.list.total === 0)
                continue;
            const floor = floorOf(block.list);
            const share = Math.floor(Math.max(0, free) / listsLeft);
            listsLeft -= 1;
            const fitted = fitRows(block.list, share + floor);
            dropped ||= fitted.cut;
            if (fitted.text !== '')
                out.push(fitted.text);
            free -= cost(fitted.text) - floor;
        }
        else if (block.text === '') {
            continue;
        }
        else if (block.kind === 'essential') {
            out.push(block.text);
        }
        else if (cost(block.text) <= free) {
            out.push(block.text);
            free -= cost(block.text);
        }
        else {
            dropped = true;
        }
    }
    if (dropped)
        out.push(note);
    return joinBlocks(out, maxBytes);
}
/**
 * Blocks separated by blank lines, ending in a newline. Only a `maxBytes` below the essential
 * blocks' own size is cut here: cut rather than break GitHub's limit.
 */
function joinBlocks(blocks, maxBytes) {
    const text = blocks.filter((b) => b !== '').join('\n\n') + '\n';
    return (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateToBytes */ .Ln)(text, maxBytes);
}


/***/ }),

/***/ 8374:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ failedTestRows),
/* harmony export */   J: () => (/* binding */ failedTestsHeading)
/* harmony export */ });
/* harmony import */ var _core_order_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2831);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8893);
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2594);
/** The failed-test table both summaries show: one row per failed or erroring test, by id. */



function failedTestsHeading(count) {
    return count === 1 ? '#### Failed test' : `#### Failed tests (${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(count)})`;
}
/**
 * The rows, sorted by id (then shard) so the failures of one file sit together and the order is
 * the same every run. `shardColumn` adds where each ran; `hint` says where the full list is.
 */
function failedTestRows(failures, options) {
    const sorted = [...failures].sort((a, b) => (0,_core_order_js__WEBPACK_IMPORTED_MODULE_2__/* .compareCodeUnits */ .U)(a.id, b.id) || (a.shard ?? 0) - (b.shard ?? 0));
    return {
        total: sorted.length,
        limit: options.limit,
        row: (i) => {
            const test = sorted[i];
            const label = test.outcome === 'error' ? ' <sub>(error)</sub>' : '';
            const shard = options.shardColumn ? `<td align="right">${test.shard ?? '?'}</td>` : '';
            return `<tr><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(test.id)}${label}</td>${shard}<td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .messageText */ .Lo)(test.message)}</td></tr>`;
        },
        open: options.shardColumn
            ? (0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .tableOpen */ .B1)(['Test', 'Shard', 'Message (first line)'], [1])
            : (0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .tableOpen */ .B1)(['Test', 'Message (first line)']),
        close: _markup_js__WEBPACK_IMPORTED_MODULE_0__/* .TABLE_CLOSE */ .qY,
        more: (omitted, shown) => (0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .moreLine */ .g0)(omitted, shown, 'failed test', 'failed tests', options.hint),
    };
}


/***/ }),

/***/ 1559:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f3: () => (/* binding */ renderInsightsComment),
/* harmony export */   t$: () => (/* binding */ renderInsightSections)
/* harmony export */ });
/* unused harmony exports DEFAULT_INSIGHT_ROWS, changeText */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8893);
/* harmony import */ var _markup_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2594);


/** Rows per table before "… and N more". */
const DEFAULT_INSIGHT_ROWS = 20;
const HINT = "the step's log and the results artifact have them all";
function renderInsightSections(insights, rows = DEFAULT_INSIGHT_ROWS) {
    const out = [];
    const withShard = [...insights.flakyInRun, ...insights.quarantined].some((r) => r.shard !== undefined);
    if (insights.quarantined.length > 0) {
        const n = insights.quarantined.length;
        const from = insights.quarantineSource ? ` (${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(insights.quarantineSource)})` : '';
        out.push({
            essential: true,
            text: `#### 🔒 Quarantined ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(n, 'failure', 'failures')}: not failing the job\n\n` +
                `<p>${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(n, 'test', 'tests')} on the quarantine list${from} failed. They ran and are reported; ` +
                `fix them and take them off the list.</p>\n` +
                table(insights.quarantined, rows, withShard ? ['Test', 'Shard', 'Message (first line)'] : ['Test', 'Message (first line)'], (r) => `<tr><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(r.id)}</td>${shardCell(r, withShard)}<td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .messageText */ .Lo)(r.message)}</td></tr>`, withShard ? [1] : [], ['quarantined failure', 'quarantined failures']),
        });
    }
    if (insights.flakyInRun.length > 0) {
        const n = insights.flakyInRun.length;
        out.push({
            essential: false,
            text: `#### 🎲 Flaky in this run: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(n, 'test', 'tests')} failed, then passed\n\n` +
                '<p>The final attempt decides the outcome, so these passed; every attempt is kept in the results.</p>\n' +
                table(insights.flakyInRun, rows, withShard
                    ? ['Test', 'Shard', 'Attempts', 'First failure']
                    : ['Test', 'Attempts', 'First failure'], (r) => `<tr><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(r.id)}</td>${shardCell(r, withShard)}<td>${attemptsText(r)}</td><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .messageText */ .Lo)(r.message)}</td></tr>`, withShard ? [1] : [], ['flaky test', 'flaky tests']),
        });
    }
    const across = insights.flakyAcrossRuns ?? [];
    if (across.length > 0) {
        const rule = insights.flakinessRule;
        const ruleText = rule
            ? ` (more than ${Math.round(rule.flipRate * 100)} % of at least ${rule.minRuns} recorded runs flipped)`
            : '';
        out.push({
            essential: false,
            text: `#### 🎲 Flaky across runs: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(across.length, 'test', 'tests')}\n\n` +
                `<p>On the base branch these flip between pass and fail${ruleText}. Oldest run first: ` +
                '<code>P</code> passed, <code>F</code> failed, <code>R</code> passed on a retry.</p>\n' +
                table(across, rows, ['Test', 'Recent runs', 'Flip rate'], (f) => `<tr><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(f.id)}</td><td><code>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSummaryText */ .NU)(f.outcomes)}</code></td>` +
                    `<td align="right">${Math.round(f.rate * 100)} % (${f.flips}/${f.outcomes.length})</td></tr>`, [2], ['flaky test', 'flaky tests']),
        });
    }
    const slower = insights.slower ?? [];
    const faster = insights.faster ?? [];
    const aggregates = insights.aggregates ?? [];
    if (slower.length + faster.length + aggregates.length > 0) {
        const rule = insights.slowdownRule;
        const ruleText = rule
            ? `<p><sub>Rule: at least ${rule.factor}× the median of the last passing runs (at least ${rule.minSamples}) ` +
                `and at least ${formatTime(rule.floorSeconds)} apart; totals need ${formatTime(rule.floorSeconds * 20)}.</sub></p>\n`
            : '';
        const parts = [];
        for (const a of aggregates) {
            parts.push(`<p>${a.verdict === 'slower' ? '🐢' : '🚀'} ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSummaryText */ .NU)(a.id)}: ${changeText(a)}.</p>`);
        }
        if (slower.length > 0) {
            parts.push(`<p>🐢 ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(slower.length, 'test', 'tests')} got slower:</p>\n` +
                changeTable(slower, rows, ['slower test', 'slower tests']));
        }
        if (faster.length > 0) {
            parts.push(`<p>🚀 ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(faster.length, 'test', 'tests')} got faster:</p>\n` +
                changeTable(faster, rows, ['faster test', 'faster tests']));
        }
        out.push({
            essential: false,
            text: `#### ⏱️ Duration changes against the history\n\n${ruleText}${parts.join('\n')}`,
        });
    }
    const attempts = insights.attempts;
    if (attempts && attempts.byAttempt.some((a) => a.attempt > 1)) {
        const counts = attempts.byAttempt
            .map((a) => `attempt ${a.attempt}: ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(a.count, 'result', 'results')}`)
            .join(', ');
        const withShardLater = attempts.later.some((r) => r.shard !== undefined);
        out.push({
            essential: false,
            text: `#### 🔁 Results by attempt\n\n<p>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSummaryText */ .NU)(counts)}. Each test is counted once, with the result of the last attempt that ran it.</p>\n` +
                table(attempts.later, rows, withShardLater
                    ? ['Test', 'Shard', 'From attempt', 'Outcome', 'Attempts']
                    : ['Test', 'From attempt', 'Outcome', 'Attempts'], (r) => `<tr><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(r.id)}</td>${shardCell(r, withShardLater)}<td align="right">${r.runAttempt ?? 1}</td>` +
                    `<td>${r.outcome}</td><td>${attemptsText(r)}</td></tr>`, withShardLater ? [1, 2] : [1], ['result from a later attempt', 'results from later attempts']),
        });
    }
    return out;
}
/**
 * The short form for the pull-request comment: a few Markdown lines, at most `perList` names per
 * kind. Empty when there is nothing to say.
 */
function renderInsightsComment(insights, perList = 5) {
    const lines = [];
    const names = (ids) => {
        const shown = ids.slice(0, perList).map((id) => (0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(id));
        const more = ids.length - shown.length;
        return shown.join(', ') + (more > 0 ? ` and ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(more)} more` : '');
    };
    if (insights.quarantined.length > 0) {
        lines.push(`- 🔒 Quarantined ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(insights.quarantined.length, 'failure', 'failures')} (not failing): ${names(insights.quarantined.map((r) => r.id))}`);
    }
    if (insights.flakyInRun.length > 0) {
        lines.push(`- 🎲 Flaky in this run (failed, then passed): ${names(insights.flakyInRun.map((r) => r.id))}`);
    }
    const across = insights.flakyAcrossRuns ?? [];
    if (across.length > 0) {
        lines.push(`- 🎲 Flaky across runs: ${across
            .slice(0, perList)
            .map((f) => `${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(f.id)} (${Math.round(f.rate * 100)} %)`)
            .join(', ')}${across.length > perList ? ` and ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(across.length - perList)} more` : ''}`);
    }
    for (const a of insights.aggregates ?? []) {
        lines.push(`- ${a.verdict === 'slower' ? '🐢' : '🚀'} ${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSummaryText */ .NU)(a.id)}: ${changeText(a)}`);
    }
    for (const [list, icon, word] of [
        [insights.slower ?? [], '🐢', 'Slower'],
        [insights.faster ?? [], '🚀', 'Faster'],
    ]) {
        if (list.length === 0)
            continue;
        const shown = list.slice(0, perList).map((c) => `${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(c.id)} ${changeText(c)}`);
        const more = list.length - shown.length;
        lines.push(`- ${icon} ${word}: ${shown.join(', ')}${more > 0 ? ` and ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(more)} more` : ''}`);
    }
    return lines.join('\n');
}
function attemptsText(r) {
    const attempts = r.attempts && r.attempts.length > 0 ? r.attempts : [r.outcome];
    return attempts.map((a) => (a === 'failed' || a === 'error' ? `❌ ${a}` : `✅ ${a}`)).join(' → ');
}
function shardCell(r, withShard) {
    return withShard ? `<td align="right">${r.shard ?? ''}</td>` : '';
}
/** Sub-second times in milliseconds: "150 ms → 750 ms" says more than "0.1s → 0.8s". */
function formatTime(seconds) {
    return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : (0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatDuration */ .a3)(seconds);
}
/** "150 ms → 750 ms (5.0×)". */
function changeText(c) {
    // One decimal says enough; past 100× the exact factor is noise.
    const times = (x) => (x >= 100 ? `${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatCount */ .B4)(Math.round(x))}×` : `${x.toFixed(1)}×`);
    const ratio = c.beforeSeconds > 0 && c.afterSeconds > 0
        ? c.afterSeconds >= c.beforeSeconds
            ? ` (${times(c.afterSeconds / c.beforeSeconds)})`
            : ` (${times(c.beforeSeconds / c.afterSeconds)} faster)`
        : '';
    return `${formatTime(c.beforeSeconds)} → ${formatTime(c.afterSeconds)}${ratio}`;
}
function changeTable(changes, rows, noun) {
    return table(changes, rows, ['Test', 'Before (median)', 'Now', 'Change'], (c) => `<tr><td>${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .codeText */ .ph)(c.id)}</td><td align="right">${formatTime(c.beforeSeconds)}</td>` +
        `<td align="right">${formatTime(c.afterSeconds)}</td><td align="right">${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .escapeSummaryText */ .NU)((0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .truncateText */ .EJ)(changeText(c).replace(/^.*\(/, '').replace(/\)$/, ''), 40))}</td></tr>`, [1, 2, 3], noun);
}
function table(items, rows, headers, row, right, noun) {
    const shown = items.slice(0, Math.max(0, rows));
    const body = shown.length > 0
        ? `${(0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .tableOpen */ .B1)(headers, right)}\n${shown.map(row).join('\n')}\n${_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .TABLE_CLOSE */ .qY}`
        : '';
    const omitted = items.length - shown.length;
    const more = omitted > 0 ? (0,_markup_js__WEBPACK_IMPORTED_MODULE_0__/* .moreLine */ .g0)(omitted, shown.length, noun[0], noun[1], HINT) : '';
    return [body, more].filter((x) => x !== '').join('\n');
}


/***/ }),

/***/ 2594:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B1: () => (/* binding */ tableOpen),
/* harmony export */   Lo: () => (/* binding */ messageText),
/* harmony export */   NU: () => (/* binding */ escapeSummaryText),
/* harmony export */   QI: () => (/* binding */ fingerprintCode),
/* harmony export */   QK: () => (/* binding */ labelText),
/* harmony export */   ZH: () => (/* binding */ capitalize),
/* harmony export */   g0: () => (/* binding */ moreLine),
/* harmony export */   hP: () => (/* binding */ MAX_MESSAGE_CHARS),
/* harmony export */   p3: () => (/* binding */ exitCodeText),
/* harmony export */   ph: () => (/* binding */ codeText),
/* harmony export */   qY: () => (/* binding */ TABLE_CLOSE)
/* harmony export */ });
/* unused harmony exports MAX_ID_CHARS, MAX_LABEL_CHARS, SHORT_FINGERPRINT_CHARS, escapeHtml */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8893);
/**
 * The HTML pieces both summaries are built from. A GitHub job summary is Markdown with raw HTML,
 * and test ids, paths, messages and labels are untrusted: every helper here that takes such text
 * caps and escapes it itself, so a caller writes `codeText(id)`, never `<code>${id}</code>`.
 * Untrusted text belongs inside an HTML block with no blank line in it, where Markdown never
 * reads it.
 */

/** Display caps, in code points: one pathological id must not eat the whole budget. */
const MAX_ID_CHARS = 400;
const MAX_MESSAGE_CHARS = 300;
/** Labels such as the framework or where the history came from. */
const MAX_LABEL_CHARS = 200;
const SHORT_FINGERPRINT_CHARS = 12;
/** A fingerprint shown whole (in a tooltip) is cut here: real ones are 64 hex digits. */
const MAX_FINGERPRINT_CHARS = 128;
/** Escapes text for HTML (job summaries are raw HTML: test names are untrusted). */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}
/** The Markdown punctuation GFM acts on inside a line, as numeric character references. */
const MARKDOWN_ENTITIES = {
    '`': '&#96;',
    '|': '&#124;',
    '[': '&#91;',
    ']': '&#93;',
    '*': '&#42;',
    _: '&#95;',
    '~': '&#126;',
    '\\': '&#92;',
    $: '&#36;',
};
/**
 * Escapes untrusted text (test ids, messages, paths) for a GitHub job summary, which is Markdown
 * with raw HTML: the HTML specials via `escapeHtml`, then the Markdown punctuation as character
 * references (Markdown never interprets those), and every line break as a space, because a blank
 * line would end the surrounding HTML block and let the rest be read as Markdown.
 */
function escapeSummaryText(text) {
    return escapeHtml(text.replace(/[\r\n]+/g, ' ')).replace(/[`|[\]*_~\\$]/g, (char) => MARKDOWN_ENTITIES[char] ?? char);
}
/** An id or path as shown in a table cell: capped, escaped, in `<code>`. */
function codeText(text) {
    return `<code>${escapeSummaryText((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateText */ .EJ)(text, MAX_ID_CHARS))}</code>`;
}
/** A short untrusted label (framework, history source), capped and escaped. */
function labelText(text) {
    return escapeSummaryText((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateText */ .EJ)(text, MAX_LABEL_CHARS));
}
/** The first line of a failure message, capped and escaped; "no message" when there is none. */
function messageText(message) {
    const line = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateText */ .EJ)((0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .firstLine */ .TM)(message), MAX_MESSAGE_CHARS);
    return line === '' ? '<em>no message</em>' : escapeSummaryText(line);
}
/**
 * A plan fingerprint by its first 12 characters, in `<code>`; with `title`, the whole fingerprint
 * is the tooltip. An empty fingerprint reads "none".
 */
function fingerprintCode(fingerprint, options = {}) {
    const capped = (0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .truncateText */ .EJ)(fingerprint, MAX_FINGERPRINT_CHARS);
    if (capped === '')
        return '<em>none</em>';
    const short = escapeSummaryText(Array.from(capped).slice(0, SHORT_FINGERPRINT_CHARS).join(''));
    return options.title
        ? `<code title="${escapeSummaryText(capped)}">${short}</code>`
        : `<code>${short}</code>`;
}
/** An exit code as text; "?" when the runner reported none. */
function exitCodeText(exitCode) {
    return Number.isFinite(exitCode) ? String(exitCode) : '?';
}
const TABLE_CLOSE = '</tbody>\n</table>';
/** `<table>` and a header row; `right` lists the right-aligned (numeric) columns. */
function tableOpen(headers, right = []) {
    const cells = headers.map((h, i) => `<th align="${right.includes(i) ? 'right' : 'left'}">${h}</th>`);
    return `<table>\n<thead><tr>${cells.join('')}</tr></thead>\n<tbody>`;
}
/**
 * The line under a list that was cut: "… and 12 more failed tests (hint)." When no row was shown,
 * the count is already in the heading or sentence above, so it says the list did not fit.
 */
function moreLine(omitted, shown, one, many, hint) {
    return shown === 0
        ? `<p>The list did not fit here: ${hint}.</p>`
        : `<p>… and ${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(omitted, `more ${one}`, `more ${many}`)} (${hint}).</p>`;
}
function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}


/***/ })

};
