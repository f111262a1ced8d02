export const id = 158;
export const ids = [158];
export const modules = {

/***/ 5158:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mergeCommand: () => (/* binding */ mergeCommand),
  mergeToJson: () => (/* binding */ mergeToJson)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/config/validate.ts
var validate = __webpack_require__(2526);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 23 modules
var XMLParser = __webpack_require__(1143);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlbuilder/json2xml.js + 4 modules
var json2xml = __webpack_require__(925);
// EXTERNAL MODULE: ./src/core/order.ts
var order = __webpack_require__(2831);
;// CONCATENATED MODULE: ./src/coverage/format.ts
/**
 * The one interface every coverage format implements (`CoverageFormat`), and the pure half of it
 * that the formats evenshard merges itself implement (`MergedFormat`). The registry of formats
 * is `formats.ts`; `combine.ts` finds each shard's data files and hands them to the chosen one.
 *
 * A new format whose data evenshard can add up (line hits per file) is a `MergedFormat`: pure
 * parse / add / report / totals over text, no I/O; `merged.ts` reads and writes the files. A
 * format that only its own tool can combine (coverage.py) implements `CoverageFormat` directly.
 */

/** No usable coverage data at all, or the combining tool failed: the merge must fail. */
class CoverageError extends Error {
    name = 'CoverageError';
}
function percent(covered, total) {
    return total === 0 ? 100 : (covered / total) * 100;
}
function fileTotals(path, covered, total) {
    return { path, percent: percent(covered, total), covered, total };
}
/** How a warning names a data file: `<shard>/<path in the shard folder>`. */
function describeDataFile(shard, file) {
    return `${shard.name}/${(0,external_node_path_.relative)(shard.dir, file).split(external_node_path_.sep).join('/')}`;
}
/**
 * Folders (relative to the project root) that relative paths in a data file may be relative to,
 * deepest first: a report inside a monorepo package records paths relative to that package.
 */
function baseFolders(shardDir, dataFile) {
    const folder = (0,external_node_path_.relative)(shardDir, (0,external_node_path_.dirname)(dataFile))
        .split(external_node_path_.sep)
        .filter((s) => s !== '');
    const bases = [];
    for (let n = folder.length; n > 0; n--)
        bases.push(folder.slice(0, n).join('/'));
    return bases;
}

;// CONCATENATED MODULE: ./src/coverage/paths.ts
/**
 * Mapping the source paths recorded in coverage data onto the merge job's checkout.
 *
 * Shards may run in different checkout folders (self-hosted runners, other OSes, a laptop), so
 * the same source file can be recorded as `/home/runner/work/app/app/src/a.py` by one shard and
 * `D:\a\app\app\src\a.py` by another. A recorded path is matched to the checkout by its longest
 * tail that names an existing file there; what precedes that tail is the shard's checkout prefix,
 * which then also maps the shard's other files. Paths are data: a tail with `..`, `.` or empty
 * segments is never looked up, so no lookup leaves the checkout.
 *
 * Pure: the file system is reached only through the `exists` callback.
 */
const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;
function isAbsoluteAnywhere(path) {
    return path.startsWith('/') || WINDOWS_ABSOLUTE.test(path);
}
/** Segments of a path split on either separator, without a leading `./`. */
function segmentsOf(path) {
    const segments = path.split(/[\\/]/);
    while (segments[0] === '.')
        segments.shift();
    return segments;
}
function isSafeRelative(segments) {
    return segments.length > 0 && segments.every((s) => s !== '' && s !== '.' && s !== '..');
}
/** POSIX form of a root path with no trailing separator, for prefix tests. */
function normaliseRoot(root) {
    const posix = root.replace(/\\/g, '/');
    return posix.length > 1 ? posix.replace(/\/+$/, '') : posix;
}
/**
 * Maps recorded paths to checkout-relative paths. One mapper per shard: the checkout prefixes it
 * learns (see `prefixes`) are the shard's own. `roots` are the merge job's checkout as an
 * absolute path, also in its real-path form when that differs (symlinked work folders).
 */
class PathMapper {
    exists;
    roots;
    learned = [];
    cache = new Map();
    constructor(roots, exists) {
        this.exists = exists;
        this.roots = [...new Set(roots.map(normaliseRoot))];
    }
    /** Checkout prefixes of other machines seen so far, as recorded (original separators). */
    get prefixes() {
        return this.learned;
    }
    /**
     * Maps one recorded path. `bases` are checkout-relative folders to try, in order, before the
     * checkout itself when the recorded path is relative (a report written inside a monorepo
     * package records paths relative to that package).
     */
    map(recorded, bases = []) {
        if (recorded === '')
            return { path: recorded, inRoot: false };
        if (!isAbsoluteAnywhere(recorded))
            return this.mapRelative(recorded, bases);
        const posix = recorded.replace(/\\/g, '/');
        for (const root of this.roots) {
            if (posix.startsWith(root + '/')) {
                const rest = segmentsOf(posix.slice(root.length + 1));
                if (isSafeRelative(rest))
                    return { path: rest.join('/'), inRoot: true };
            }
        }
        for (const prefix of this.learned) {
            if (recorded.startsWith(prefix)) {
                const rest = segmentsOf(recorded.slice(prefix.length));
                if (isSafeRelative(rest) && this.check(rest.join('/'))) {
                    return { path: rest.join('/'), inRoot: true };
                }
            }
        }
        const tail = this.longestExistingTail(recorded);
        if (tail === undefined)
            return { path: recorded, inRoot: false };
        this.learned.push(recorded.slice(0, recorded.length - tail.length));
        return { path: segmentsOf(tail).join('/'), inRoot: true };
    }
    mapRelative(recorded, bases) {
        const segments = segmentsOf(recorded);
        if (!isSafeRelative(segments))
            return { path: recorded, inRoot: false };
        const relative = segments.join('/');
        for (const base of [...bases, '']) {
            const candidate = base === '' ? relative : `${base}/${relative}`;
            if (this.check(candidate))
                return { path: candidate, inRoot: true };
        }
        // Not in this checkout (deleted or generated file): still a checkout-relative name.
        return { path: relative, inRoot: true };
    }
    /** The longest tail of `recorded` (in its own separators) naming a file in the checkout. */
    longestExistingTail(recorded) {
        const separators = [...recorded.matchAll(/[\\/]/g)].map((m) => m.index);
        // Longest tail first: the first separator after the root gives the whole relative path.
        for (const index of separators) {
            const tail = recorded.slice(index + 1);
            const segments = tail.split(/[\\/]/);
            if (isSafeRelative(segments) && this.check(segments.join('/')))
                return tail;
        }
        return undefined;
    }
    check(relative) {
        let known = this.cache.get(relative);
        if (known === undefined) {
            known = this.exists(relative);
            this.cache.set(relative, known);
        }
        return known;
    }
}

;// CONCATENATED MODULE: ./src/coverage/cobertura.ts
/**
 * Cobertura XML (`coverage.xml`, `cobertura-coverage.xml`): merged per (file, line) by summing
 * hits, written back as one document with recomputed rates. Pure: text in, text out.
 *
 * Only `<class><lines>` is read: `<methods>` repeats the same lines. Branches: the covered count
 * of a merged line is exact when every report lists coverage.py's `missing-branches` (the union
 * of covered branches is everything not missing in all of them); otherwise it is the largest
 * covered count of any one report, a lower bound, since counts alone cannot tell which branches
 * were taken.
 */




const parser = new XMLParser/* default */.A({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['source', 'package', 'class', 'line'].includes(name),
});
function asNode(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
        ? value
        : undefined;
}
function asArray(value) {
    return Array.isArray(value) ? value : [];
}
function cobertura_text(value) {
    if (typeof value === 'string')
        return value;
    const node = asNode(value);
    return typeof node?.['#text'] === 'string' ? node['#text'] : undefined;
}
const CONDITION = /\((\d+)\/(\d+)\)/;
function parseLine(node) {
    const number = Number(node['@_number']);
    const hits = Number(node['@_hits']);
    if (!Number.isInteger(number) || !Number.isFinite(hits))
        return undefined;
    const line = { hits: Math.max(0, hits) };
    if (node['@_branch'] === 'true') {
        const match = CONDITION.exec(String(node['@_condition-coverage'] ?? ''));
        const covered = match ? Number(match[1]) : 0;
        const total = match ? Number(match[2]) : 0;
        const missingText = node['@_missing-branches'];
        line.branch = { covered, total };
        if (typeof missingText === 'string') {
            line.branch.missing = new Set(missingText.split(',').filter((s) => s !== ''));
        }
        else if (covered === total) {
            line.branch.missing = new Set();
        }
    }
    return [number, line];
}
/** Reads the classes of one report; throws on text that is not a Cobertura `<coverage>` document. */
function parseCobertura(xml) {
    const document = asNode(parser.parse(xml));
    const coverage = asNode(document?.coverage);
    if (coverage === undefined)
        throw new Error('not a Cobertura report (no <coverage> root element)');
    const sources = asArray(asNode(coverage.sources)?.source)
        .map(cobertura_text)
        .filter((s) => s !== undefined && s.trim() !== '')
        .map((s) => s.trim());
    const classes = [];
    for (const pkg of asArray(asNode(coverage.packages)?.package)) {
        for (const cls of asArray(asNode(asNode(pkg)?.classes)?.class)) {
            const node = asNode(cls);
            const filename = node?.['@_filename'];
            if (node === undefined || typeof filename !== 'string' || filename === '')
                continue;
            const lines = new Map();
            for (const lineNode of asArray(asNode(node.lines)?.line)) {
                const parsed = asNode(lineNode) && parseLine(asNode(lineNode));
                if (parsed)
                    mergeLine(lines, parsed[0], parsed[1]);
            }
            classes.push({ filename, lines });
        }
    }
    return { sources, classes };
}
function mergeLine(lines, number, line) {
    const existing = lines.get(number);
    if (existing === undefined) {
        lines.set(number, {
            hits: line.hits,
            ...(line.branch ? { branch: { ...line.branch, ...copyMissing(line.branch.missing) } } : {}),
        });
        return;
    }
    existing.hits += line.hits;
    if (line.branch === undefined)
        return;
    if (existing.branch === undefined) {
        existing.branch = { ...line.branch, ...copyMissing(line.branch.missing) };
        return;
    }
    const a = existing.branch;
    const b = line.branch;
    const total = Math.max(a.total, b.total);
    if (a.missing !== undefined && b.missing !== undefined) {
        const missing = new Set([...a.missing].filter((m) => b.missing.has(m)));
        existing.branch = { covered: Math.max(0, total - missing.size), total, missing };
    }
    else {
        existing.branch = { covered: Math.max(a.covered, b.covered), total };
    }
}
function copyMissing(missing) {
    return missing ? { missing: new Set(missing) } : {};
}
/** Adds the lines of `lines` into the file `path` of `files`. */
function addCoberturaLines(files, path, lines) {
    let file = files.get(path);
    if (file === undefined) {
        file = { path, lines: new Map() };
        files.set(path, file);
    }
    for (const [number, line] of lines)
        mergeLine(file.lines, number, line);
}
function coberturaLineTotals(file) {
    let covered = 0;
    for (const line of file.lines.values())
        if (line.hits > 0)
            covered++;
    return { covered, total: file.lines.size };
}
function rate(covered, total) {
    return total === 0 ? '1' : String(Math.round((covered / total) * 1e4) / 1e4);
}
function branchTotals(lines) {
    let covered = 0;
    let total = 0;
    for (const line of lines) {
        if (line.branch) {
            covered += line.branch.covered;
            total += line.branch.total;
        }
    }
    return { covered, total };
}
/**
 * One Cobertura document for `files` (paths relative to `source`), grouped into packages by
 * folder like coverage.py does. `timestamp` is milliseconds since the epoch.
 */
function writeCobertura(files, source, timestamp) {
    const sorted = [...files].sort((a, b) => (0,order/* compareCodeUnits */.U)(a.path, b.path));
    const packages = new Map();
    for (const file of sorted) {
        const slash = file.path.lastIndexOf('/');
        const name = slash < 0 ? '.' : file.path.slice(0, slash).replace(/\//g, '.');
        packages.set(name, [...(packages.get(name) ?? []), file]);
    }
    const summarise = (group) => {
        const allLines = group.flatMap((f) => [...f.lines.values()]);
        const lines = {
            covered: allLines.filter((l) => l.hits > 0).length,
            total: allLines.length,
        };
        return { lines, branches: branchTotals(allLines) };
    };
    const total = summarise(sorted);
    const document = {
        '?xml': { '@_version': '1.0' },
        coverage: {
            '@_version': 'evenshard',
            '@_timestamp': String(timestamp),
            '@_lines-valid': String(total.lines.total),
            '@_lines-covered': String(total.lines.covered),
            '@_line-rate': rate(total.lines.covered, total.lines.total),
            '@_branches-valid': String(total.branches.total),
            '@_branches-covered': String(total.branches.covered),
            '@_branch-rate': rate(total.branches.covered, total.branches.total),
            '@_complexity': '0',
            sources: { source: [source] },
            packages: {
                package: [...packages.entries()].map(([name, group]) => {
                    const sum = summarise(group);
                    return {
                        '@_name': name,
                        '@_line-rate': rate(sum.lines.covered, sum.lines.total),
                        '@_branch-rate': rate(sum.branches.covered, sum.branches.total),
                        '@_complexity': '0',
                        classes: {
                            class: group.map((file) => {
                                const lines = [...file.lines.entries()].sort((a, b) => a[0] - b[0]);
                                const fileSum = summarise([file]);
                                return {
                                    '@_name': file.path.slice(file.path.lastIndexOf('/') + 1),
                                    '@_filename': file.path,
                                    '@_complexity': '0',
                                    '@_line-rate': rate(fileSum.lines.covered, fileSum.lines.total),
                                    '@_branch-rate': rate(fileSum.branches.covered, fileSum.branches.total),
                                    methods: '',
                                    lines: {
                                        line: lines.map(([number, line]) => ({
                                            '@_number': String(number),
                                            '@_hits': String(line.hits),
                                            ...(line.branch
                                                ? {
                                                    '@_branch': 'true',
                                                    '@_condition-coverage': `${line.branch.total === 0 ? 100 : Math.round((line.branch.covered / line.branch.total) * 100)}% (${line.branch.covered}/${line.branch.total})`,
                                                    ...(line.branch.missing && line.branch.missing.size > 0
                                                        ? { '@_missing-branches': [...line.branch.missing].join(',') }
                                                        : {}),
                                                }
                                                : {}),
                                        })),
                                    },
                                };
                            }),
                        },
                    };
                }),
            },
        },
    };
    const builder = new json2xml/* default */.A({
        ignoreAttributes: false,
        attributeNamePrefix: '@_',
        format: true,
        suppressEmptyNode: true,
        // Otherwise branch="true" is written as a bare `branch`, which XML parsers reject.
        suppressBooleanAttributes: false,
    });
    return String(builder.build(document));
}
/** A class's `filename` is relative to one of `<sources>` (or absolute): find the checkout file. */
function resolveCoberturaFile(filename, sources, mapper, exists, bases) {
    if (!isAbsoluteAnywhere(filename)) {
        for (const source of sources) {
            if (!isAbsoluteAnywhere(source))
                continue;
            const separator = source.includes('\\') && !source.includes('/') ? '\\' : '/';
            const mapped = mapper.map(source.replace(/[\\/]+$/, '') + separator + filename);
            if (mapped.inRoot && exists(mapped.path))
                return mapped.path;
        }
        const relativeSources = sources
            .filter((s) => !isAbsoluteAnywhere(s) && s !== '.')
            .map((s) => s.replace(/\\/g, '/').replace(/^\.\/|\/+$/g, ''));
        return mapper.map(filename, [...bases, ...relativeSources]).path;
    }
    return mapper.map(filename).path;
}
/** Cobertura as a coverage format: lines merged per checkout file. */
const coberturaFormat = {
    id: 'cobertura',
    dataPatterns: ['**/coverage.xml', '**/cobertura-coverage.xml', '**/cobertura.xml'],
    missingDataHint: 'Make each shard write a Cobertura XML report (coverage xml, jest --coverageReporters=cobertura).',
    reportName: 'coverage.xml',
    parse(xml) {
        let report;
        try {
            report = parseCobertura(xml);
        }
        catch (error) {
            return { problem: `: ${error.message}; skipped.` };
        }
        return report.classes.length === 0
            ? { problem: ' holds no <class> entries; skipped.' }
            : { document: report };
    },
    start: () => new Map(),
    add(merged, report, { mapper, exists, bases }) {
        for (const cls of report.classes) {
            const path = resolveCoberturaFile(cls.filename, report.sources, mapper, exists, bases);
            addCoberturaLines(merged, path, cls.lines);
        }
        return { added: report.classes.length };
    },
    report: (merged, { root }, now) => writeCobertura([...merged.values()], root, now),
    totals: (merged) => [...merged.values()].map((file) => {
        const t = coberturaLineTotals(file);
        return fileTotals(file.path, t.covered, t.total);
    }),
};

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
// EXTERNAL MODULE: ./src/core/paths.ts
var paths = __webpack_require__(6107);
;// CONCATENATED MODULE: ./src/coverage/files.ts
/** The file-system side of the coverage merge: finding shard data and checking checkout paths. */





/**
 * Absolute paths of the files under `dir` matching `patterns`, sorted. Hidden files are included
 * (coverage.py's `.coverage*`), symbolic links are not followed, and a match whose real path lies
 * outside `dir` is dropped: artifact contents are untrusted.
 */
async function findFilesUnder(dir, patterns) {
    const realDir = await (0,promises_.realpath)(dir).catch(() => undefined);
    if (realDir === undefined)
        return [];
    const matches = await (0,dist/* glob */.TI)([...patterns], {
        cwd: dir,
        dot: true,
        onlyFiles: true,
        absolute: true,
        followSymbolicLinks: false,
    });
    const inside = [];
    for (const match of matches) {
        const real = await (0,promises_.realpath)(match).catch(() => undefined);
        if (real !== undefined && (0,paths/* isInside */.F)(realDir, real))
            inside.push((0,external_node_path_.resolve)(match));
    }
    return inside.sort();
}
/** The absolute forms of the checkout to recognise in recorded paths: as given and its real path. */
function rootForms(root) {
    const absolute = (0,external_node_path_.resolve)(root);
    let real = absolute;
    try {
        real = (0,external_node_fs_.realpathSync)(absolute);
    }
    catch {
        // A missing root is reported by the caller; the given form is all there is.
    }
    return real === absolute ? [absolute] : [absolute, real];
}
/** `exists` for PathMapper: a regular file (after symlinks) at a checkout-relative path. */
function fileExistsIn(root) {
    const base = (0,external_node_path_.resolve)(root);
    return (relativePath) => {
        const path = (0,external_node_path_.join)(base, ...relativePath.split('/'));
        if (!(0,paths/* isInside */.F)(base, path))
            return false;
        try {
            return (0,external_node_fs_.statSync)(path).isFile();
        }
        catch {
            return false;
        }
    };
}

;// CONCATENATED MODULE: ./src/coverage/coveragepy.ts
/**
 * coverage.py data files (`.coverage`, `.coverage.<host>.<pid>.<rand>`): combined and reported by
 * coverage.py itself, through its Python API, in the project's checkout.
 *
 * The API rather than the `coverage combine/json/xml` commands, because:
 * - path remapping must ADD to the project's own configuration: a generated rc file with
 *   `[paths]` would replace the project's `.coveragerc`/`pyproject.toml` (omit, exclude_lines,
 *   branch, plugins) and the combined total would no longer equal an unsharded run's;
 *   `Coverage.set_option("paths", ...)` extends it instead;
 * - the report commands exit with status 2 when the project configures `fail_under`, and the
 *   threshold is evenshard's to apply to the combined total.
 * The script is a constant of this module; paths reach it as JSON in argv, never through a shell.
 */






const SCRIPT = String.raw `
import json, sys
request = json.loads(sys.argv[1])
import coverage
if coverage.version_info < (5, 0):
    sys.exit("evenshard needs coverage.py 5.0 or newer to combine coverage; found " + coverage.__version__)
from coverage import CoverageData

if request["mode"] == "measured":
    measured, unreadable = {}, {}
    for path in request["files"]:
        try:
            data = CoverageData(basename=path)
            data.read()
            measured[path] = sorted(data.measured_files())
        except Exception as error:
            unreadable[path] = str(error)
    print("EVENSHARD-RESULT " + json.dumps(
        {"version": coverage.__version__, "measured": measured, "unreadable": unreadable}))
else:
    cov = coverage.Coverage(data_file=request["dataFile"], config_file=True, messages=False)
    if request["aliases"]:
        paths = dict(cov.get_option("paths") or {})
        paths["evenshard-checkouts"] = [request["root"]] + request["aliases"]
        cov.set_option("paths", paths)
    # evenshard's pytest plugin is imported after coverage starts; it is not the project's code.
    omit = cov.get_option("report:omit") or []
    cov.set_option("report:omit", list(omit) + ["*/evenshard_plugin.py"])
    cov.combine(request["files"], strict=True)
    cov.save()
    cov.json_report(outfile=request["json"])
    cov.xml_report(outfile=request["xml"])
    print("EVENSHARD-RESULT " + json.dumps({"version": coverage.__version__}))
`;
const RESULT_MARK = 'EVENSHARD-RESULT ';
class PythonCoverageError extends Error {
    name = 'PythonCoverageError';
}
function runPython(python, cwd, request) {
    return new Promise((resolvePromise, reject) => {
        (0,external_node_child_process_.execFile)(python, ['-c', SCRIPT, JSON.stringify(request)], { cwd, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
            if (error) {
                const code = error.code;
                const detail = code === 'ENOENT'
                    ? `${python} was not found`
                    : stderr.trim().split('\n').slice(-5).join('\n') || error.message;
                reject(new PythonCoverageError(detail));
                return;
            }
            const line = stdout
                .split('\n')
                .reverse()
                .find((l) => l.startsWith(RESULT_MARK));
            if (line === undefined) {
                reject(new PythonCoverageError(`no result from ${python}: ${stderr.trim() || stdout.trim()}`));
                return;
            }
            resolvePromise(JSON.parse(line.slice(RESULT_MARK.length)));
        });
    });
}
/** The source paths recorded in each data file. */
async function readMeasuredFiles(python, cwd, files) {
    return (await runPython(python, cwd, { mode: 'measured', files }));
}
/** Combines `files` into `dataFile` and writes the JSON and XML reports; returns the version. */
async function combineAndReport(python, root, request) {
    return (await runPython(python, root, { mode: 'combine', ...request }));
}
/** Escapes fnmatch's special characters: `[paths]` entries are patterns, recorded paths are not. */
function fnmatchLiteral(path) {
    return path.replace(/[[*?]/g, (c) => `[${c}]`);
}
function parseCoveragePyJson(text) {
    const json = JSON.parse(text);
    if (typeof json.totals?.percent_covered !== 'number' || typeof json.files !== 'object') {
        throw new Error('the coverage.py JSON report has no totals');
    }
    return json;
}
const SQLITE_MAGIC = 'SQLite format 3\0';
async function isSqlite(file) {
    const handle = await (0,promises_.open)(file, 'r');
    try {
        const buffer = Buffer.alloc(SQLITE_MAGIC.length);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return bytesRead === buffer.length && buffer.toString('latin1') === SQLITE_MAGIC;
    }
    finally {
        await handle.close();
    }
}
function nothing() {
    return { files: [], reportFiles: [], usedShards: new Set(), dataFileCount: 0 };
}
/** coverage.py as a coverage format: only coverage.py can combine its data, so it does. */
const coveragePyFormat = {
    id: 'coverage.py',
    dataPatterns: ['**/.coverage', '**/.coverage.*'],
    missingDataHint: 'Make each shard write coverage data (pytest --cov, or coverage run -p -m pytest) and check that the upload kept hidden files (.coverage*).',
    combine: combineCoveragePy,
};
async function combineCoveragePy(context) {
    const { shards, root, outDir, python, log } = context;
    // Every shard's file may be called `.coverage`: copies get unique names in one folder.
    const copiesDir = (0,external_node_path_.join)(outDir, '.evenshard-coverage-data');
    await (0,promises_.rm)(copiesDir, { recursive: true, force: true });
    await (0,promises_.mkdir)(copiesDir, { recursive: true });
    const copies = new Map();
    try {
        for (const shard of shards) {
            const safeName = shard.name.replace(/[^A-Za-z0-9_-]/g, '_');
            for (const [n, file] of shard.files.entries()) {
                if (!(await isSqlite(file))) {
                    log.warning(`evenshard: ${describeDataFile(shard, file)} is not a coverage.py data file (coverage.py 5 or newer writes SQLite); skipped.`);
                    continue;
                }
                const copy = (0,external_node_path_.join)(copiesDir, `.coverage.${safeName}.${n + 1}`);
                await (0,promises_.copyFile)(file, copy);
                copies.set(copy, { shard, original: file });
            }
        }
        if (copies.size === 0)
            return nothing();
        const measured = await callPython(python, () => readMeasuredFiles(python, root, [...copies.keys()]));
        for (const [copy, why] of Object.entries(measured.unreadable)) {
            const source = copies.get(copy);
            log.warning(`evenshard: coverage.py ${measured.version} cannot read ${source ? describeDataFile(source.shard, source.original) : copy} (${why}); skipped.`);
            copies.delete(copy);
        }
        // Shards that ran in another checkout folder recorded other absolute paths: learn each
        // shard's prefix from the files that exist here, and map it onto the checkout with [paths].
        const aliases = new Set();
        const usedShards = new Set();
        const mappers = new Map();
        for (const [copy, { shard }] of copies) {
            usedShards.add(shard.name);
            const mapper = mappers.get(shard.name) ?? new PathMapper(rootForms(root), fileExistsIn(root));
            mappers.set(shard.name, mapper);
            for (const path of measured.measured[copy] ?? [])
                mapper.map(path);
        }
        for (const mapper of mappers.values())
            for (const prefix of mapper.prefixes)
                aliases.add(fnmatchLiteral(prefix));
        const dataFile = (0,external_node_path_.join)(outDir, '.coverage');
        const jsonReport = (0,external_node_path_.join)(outDir, 'coverage.json');
        const xmlReport = (0,external_node_path_.join)(outDir, 'coverage.xml');
        // combine() adds to an existing data file: start from nothing.
        await (0,promises_.rm)(dataFile, { force: true });
        if (copies.size === 0)
            return nothing();
        await callPython(python, () => combineAndReport(python, root, {
            files: [...copies.keys()],
            dataFile,
            aliases: [...aliases].sort(),
            root,
            json: jsonReport,
            xml: xmlReport,
        }));
        if (aliases.size > 0) {
            log.info(`evenshard: mapped coverage.py paths recorded under ${[...aliases].sort().join(', ')} onto ${root}`);
        }
        const report = parseCoveragePyJson(await (0,promises_.readFile)(jsonReport, 'utf8'));
        const files = Object.entries(report.files).map(([path, file]) => ({
            path: path.replace(/\\/g, '/'),
            percent: file.summary.percent_covered,
            covered: file.summary.covered_lines,
            total: file.summary.num_statements,
        }));
        return {
            files,
            totalPercent: report.totals.percent_covered,
            reportFiles: [dataFile, jsonReport, xmlReport],
            usedShards,
            dataFileCount: copies.size,
        };
    }
    finally {
        await (0,promises_.rm)(copiesDir, { recursive: true, force: true });
    }
}
async function callPython(python, call) {
    try {
        return await call();
    }
    catch (error) {
        if (error instanceof PythonCoverageError) {
            throw new CoverageError(`coverage.py could not combine the shards' data with ${python}: ${error.message}. ` +
                'The merge job needs the same coverage.py version as the shards (pip install coverage) ' +
                'and the checkout, since reports read the sources.');
        }
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/istanbul-lib-coverage/index.js
var istanbul_lib_coverage = __webpack_require__(9377);
var istanbul_lib_coverage_default = /*#__PURE__*/__webpack_require__.n(istanbul_lib_coverage);
;// CONCATENATED MODULE: ./src/coverage/istanbul.ts
/**
 * Istanbul coverage JSON (`coverage-final.json`, written by Jest, Vitest, nyc and c8): merged with
 * istanbul-lib-coverage, the library those tools use themselves, so hit counts add up the way
 * `nyc merge` adds them. Pure: parsed JSON in, coverage map out.
 */




function createIstanbulMap() {
    return istanbul_lib_coverage_default().createCoverageMap({});
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/**
 * Adds every file of one parsed coverage-final.json to `map`. `mapPath` turns the recorded path
 * into the path to store it under, so the same source from shards in different checkouts merges.
 */
function addIstanbulJson(map, json, mapPath) {
    const result = { added: 0, rejected: [] };
    if (!isRecord(json)) {
        result.rejected.push('the document is not a JSON object of file coverages');
        return result;
    }
    for (const [key, value] of Object.entries(json)) {
        // Some writers wrap the file coverage as `{ data: {...} }`.
        const entry = isRecord(value) && !('path' in value) && isRecord(value.data) ? value.data : value;
        if (!isRecord(entry)) {
            result.rejected.push(`${key}: not an object`);
            continue;
        }
        const recorded = typeof entry.path === 'string' && entry.path !== '' ? entry.path : key;
        try {
            // The FileCoverage constructor rejects objects without the statement/function/branch maps.
            map.addFileCoverage({ ...entry, path: mapPath(recorded) });
            result.added++;
        }
        catch (error) {
            result.rejected.push(`${key}: ${error.message}`);
        }
    }
    return result;
}
/** Line coverage of one file with istanbul's own semantics (`getLineCoverage`, `toSummary`). */
function istanbulLineTotals(map, path) {
    const lines = map.fileCoverageFor(path).toSummary().lines;
    return { covered: lines.covered, total: lines.total };
}
/** A checkout-relative POSIX path for files under the checkout, else the path as stored. */
function displayPath(roots, path) {
    for (const root of roots) {
        if ((0,paths/* isInside */.F)(root, path))
            return (0,external_node_path_.relative)(root, path).split(external_node_path_.sep).join('/');
    }
    return path.replace(/\\/g, '/');
}
/** Istanbul JSON as a coverage format: one istanbul-lib-coverage map over every shard. */
const istanbulFormat = {
    id: 'istanbul',
    dataPatterns: ['**/coverage-final.json'],
    missingDataHint: 'Make each shard write coverage-final.json (jest --coverage --coverageReporters=json, vitest --coverage.reporter=json, c8 --reporter=json).',
    reportName: 'coverage-final.json',
    parse(text) {
        try {
            return { document: JSON.parse(text) };
        }
        catch (error) {
            return { problem: ` is not valid JSON (${error.message}); skipped.` };
        }
    },
    start: createIstanbulMap,
    add(map, json, { root, mapper, bases }) {
        const { added, rejected } = addIstanbulJson(map, json, (recorded) => {
            const mapped = mapper.map(recorded, bases);
            // Stored under the merge job's checkout, as istanbul reporters expect absolute paths.
            return mapped.inRoot ? (0,external_node_path_.join)(root, ...mapped.path.split('/')) : recorded;
        });
        if (rejected.length === 0)
            return { added };
        const problem = `: skipped ${rejected.length} entr${rejected.length === 1 ? 'y' : 'ies'} ` +
            `that are not istanbul file coverage (${rejected.slice(0, 3).join('; ')}).`;
        return { added, problem };
    },
    report: (map) => JSON.stringify(map.toJSON()),
    totals: (map, { roots }) => map.files().map((path) => {
        const t = istanbulLineTotals(map, path);
        return fileTotals(displayPath(roots, path), t.covered, t.total);
    }),
};

;// CONCATENATED MODULE: ./src/coverage/lcov.ts
/**
 * LCOV tracefiles (`lcov.info`): parse, merge by summing hit counts, write.
 *
 * Hand-written on purpose: the common parser, lcov-parse 1.0, splits function names on commas
 * (so it reads lcov 2's `FN:<line>,<end line>,<name>` as a function named by its end line and
 * breaks C++ names), pairs `FNDA` with the first same-named function only, ignores lcov 2's
 * `FNL`/`FNA` records, and treats any input string that happens to be an existing path as a file
 * to read. The format is a simple line format; the records are documented in geninfo(1).
 *
 * Pure: text in, text out.
 */


function emptyFile(path) {
    return { path, lines: new Map(), functions: new Map(), branches: new Map() };
}
const INTEGER = /^-?\d+$/;
function count(text) {
    if (text === undefined)
        return undefined;
    const trimmed = text.trim();
    if (!INTEGER.test(trimmed))
        return undefined;
    // gcov can report negative counts on overflow; they mean "ran", never "ran -3 times".
    return Math.max(0, Number(trimmed));
}
function functionEntry(file, name, line) {
    let fn = file.functions.get(name);
    if (fn === undefined) {
        fn = { name, line, hits: 0 };
        file.functions.set(name, fn);
    }
    else if (fn.line === 0) {
        fn.line = line;
    }
    return fn;
}
/** Splits `a,b,rest,with,commas` into at most `parts` fields; the last keeps its commas. */
function fields(text, parts) {
    const out = [];
    let rest = text;
    while (out.length < parts - 1) {
        const comma = rest.indexOf(',');
        if (comma < 0)
            break;
        out.push(rest.slice(0, comma));
        rest = rest.slice(comma + 1);
    }
    out.push(rest);
    return out;
}
/**
 * Parses a tracefile into one entry per source file (records of the same `SF` merged). Unknown
 * and malformed records are skipped: a tracefile's summary lines (`LF`, `LH`, ...) are
 * recomputed anyway.
 */
function parseLcov(text) {
    const files = new Map();
    let current;
    // lcov 2 `FNL:<index>,<line>` gives the line that `FNA:<index>,<count>,<name>` refers to.
    let lineOfFunctionIndex = new Map();
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === 'end_of_record') {
            current = undefined;
            continue;
        }
        const colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const tag = line.slice(0, colon);
        const value = line.slice(colon + 1);
        if (tag === 'SF') {
            const path = value.trim();
            if (path === '') {
                current = undefined;
                continue;
            }
            current = files.get(path) ?? emptyFile(path);
            files.set(path, current);
            lineOfFunctionIndex = new Map();
            continue;
        }
        if (current === undefined)
            continue;
        switch (tag) {
            case 'DA': {
                const [lineText, hitsText] = fields(value, 3);
                const lineNumber = count(lineText);
                const hits = count(hitsText);
                if (lineNumber === undefined || hits === undefined)
                    break;
                current.lines.set(lineNumber, (current.lines.get(lineNumber) ?? 0) + hits);
                break;
            }
            case 'FN': {
                // `FN:<line>,<name>` (lcov 1) or `FN:<line>,<end line>,<name>` (lcov 2).
                const [lineText, second, third] = fields(value, 3);
                const lineNumber = count(lineText);
                if (lineNumber === undefined || second === undefined)
                    break;
                const name = third !== undefined && INTEGER.test(second) ? third : fields(value, 2)[1];
                if (name)
                    functionEntry(current, name, lineNumber);
                break;
            }
            case 'FNDA': {
                const [hitsText, name] = fields(value, 2);
                const hits = count(hitsText);
                if (hits === undefined || !name)
                    break;
                functionEntry(current, name, 0).hits += hits;
                break;
            }
            case 'FNL': {
                const [index, lineText] = fields(value, 3);
                const lineNumber = count(lineText);
                if (index !== undefined && lineNumber !== undefined)
                    lineOfFunctionIndex.set(index, lineNumber);
                break;
            }
            case 'FNA': {
                const [index, hitsText, name] = fields(value, 3);
                const hits = count(hitsText);
                if (index === undefined || hits === undefined || !name)
                    break;
                functionEntry(current, name, lineOfFunctionIndex.get(index) ?? 0).hits += hits;
                break;
            }
            case 'BRDA': {
                const [lineText, block, branch, takenText] = fields(value, 4);
                const lineNumber = count(lineText);
                if (lineNumber === undefined || block === undefined || branch === undefined)
                    break;
                if (takenText === undefined)
                    break;
                const taken = takenText.trim() === '-' ? null : count(takenText);
                if (taken === undefined)
                    break;
                addBranch(current, { line: lineNumber, block, branch, taken });
                break;
            }
            default:
                // TN, VER, LF, LH, FNF, FNH, BRF, BRH and unknown records: recomputed or not needed.
                break;
        }
    }
    return [...files.values()];
}
function addBranch(file, branch) {
    const key = `${branch.line},${branch.block},${branch.branch}`;
    const existing = file.branches.get(key);
    if (existing === undefined) {
        file.branches.set(key, { ...branch });
    }
    else if (branch.taken !== null) {
        existing.taken = (existing.taken ?? 0) + branch.taken;
    }
}
/** Adds `source` into `target` (same file): counts are summed, records only in one are kept. */
function mergeLcovFile(target, source) {
    for (const [line, hits] of source.lines) {
        target.lines.set(line, (target.lines.get(line) ?? 0) + hits);
    }
    for (const fn of source.functions.values()) {
        functionEntry(target, fn.name, fn.line).hits += fn.hits;
    }
    for (const branch of source.branches.values())
        addBranch(target, branch);
}
/** Line coverage as lcov counts it (`LH`/`LF`): lines with a `DA` record, covered when hit. */
function lcovLineTotals(file) {
    let covered = 0;
    for (const hits of file.lines.values())
        if (hits > 0)
            covered++;
    return { covered, total: file.lines.size };
}
/** Writes files as one tracefile in a stable order (by path, then line), lcov 1 syntax. */
function writeLcov(files) {
    const out = [];
    const byPath = [...files].sort((a, b) => (0,order/* compareCodeUnits */.U)(a.path, b.path));
    for (const file of byPath) {
        out.push('TN:', `SF:${file.path}`);
        const functions = [...file.functions.values()].sort((a, b) => a.line - b.line || (0,order/* compareCodeUnits */.U)(a.name, b.name));
        for (const fn of functions)
            out.push(`FN:${fn.line},${fn.name}`);
        for (const fn of functions)
            out.push(`FNDA:${fn.hits},${fn.name}`);
        out.push(`FNF:${functions.length}`, `FNH:${functions.filter((f) => f.hits > 0).length}`);
        const branches = [...file.branches.values()].sort((a, b) => a.line - b.line || compareIds(a.block, b.block) || compareIds(a.branch, b.branch));
        if (branches.length > 0) {
            for (const b of branches) {
                out.push(`BRDA:${b.line},${b.block},${b.branch},${b.taken === null ? '-' : b.taken}`);
            }
            out.push(`BRF:${branches.length}`, `BRH:${branches.filter((b) => b.taken !== null && b.taken > 0).length}`);
        }
        const lines = [...file.lines.entries()].sort((a, b) => a[0] - b[0]);
        for (const [line, hits] of lines)
            out.push(`DA:${line},${hits}`);
        const totals = lcovLineTotals(file);
        out.push(`LF:${totals.total}`, `LH:${totals.covered}`, 'end_of_record');
    }
    return out.length ? out.join('\n') + '\n' : '';
}
/** Numeric ids compare as numbers, others as text: `2` before `10`, deterministic either way. */
function compareIds(a, b) {
    const an = Number(a);
    const bn = Number(b);
    if (INTEGER.test(a) && INTEGER.test(b))
        return an - bn;
    return (0,order/* compareCodeUnits */.U)(a, b);
}
/** LCOV as a coverage format: records keyed by their path mapped onto the checkout. */
const lcovFormat = {
    id: 'lcov',
    dataPatterns: ['**/lcov.info', '**/*.lcov'],
    missingDataHint: 'Make each shard write lcov.info (e.g. jest --coverage --coverageReporters=lcov, vitest --coverage.reporter=lcov, node --test --experimental-test-coverage --test-reporter=lcov).',
    reportName: 'lcov.info',
    parse(text) {
        const records = parseLcov(text);
        return records.length === 0
            ? { problem: ' holds no lcov records (no SF: lines); skipped.' }
            : { document: records };
    },
    start: () => new Map(),
    add(merged, records, { mapper, bases }) {
        for (const record of records) {
            const path = mapper.map(record.path, bases).path;
            const target = merged.get(path);
            if (target === undefined)
                merged.set(path, { ...record, path });
            else
                mergeLcovFile(target, record);
        }
        return { added: records.length };
    },
    report: (merged) => writeLcov([...merged.values()]),
    totals: (merged) => [...merged.values()].map((file) => {
        const t = lcovLineTotals(file);
        return fileTotals(file.path, t.covered, t.total);
    }),
};

;// CONCATENATED MODULE: ./src/coverage/merged.ts
/**
 * The I/O edge of the formats evenshard merges itself: reads every shard's data files, feeds
 * them to the format's pure parse/add, and writes its one combined report.
 */





function mergedFormat(format) {
    return {
        id: format.id,
        dataPatterns: format.dataPatterns,
        missingDataHint: format.missingDataHint,
        combine: (context) => combineMerged(format, context),
    };
}
async function combineMerged(format, { shards, root, outDir, log }) {
    const checkout = { root, roots: rootForms(root), exists: fileExistsIn(root) };
    const merged = format.start();
    const usedShards = new Set();
    let dataFileCount = 0;
    for (const shard of shards) {
        // One mapper per shard: the checkout prefix it learns is that shard's.
        const mapper = new PathMapper(checkout.roots, checkout.exists);
        for (const file of shard.files) {
            const where = describeDataFile(shard, file);
            const parsed = format.parse(await (0,promises_.readFile)(file, 'utf8'));
            if ('problem' in parsed) {
                log.warning(`evenshard: ${where}${parsed.problem}`);
                continue;
            }
            const bases = baseFolders(shard.dir, file);
            const { added, problem } = format.add(merged, parsed.document, {
                ...checkout,
                mapper,
                bases,
            });
            if (problem !== undefined)
                log.warning(`evenshard: ${where}${problem}`);
            if (added > 0) {
                dataFileCount++;
                usedShards.add(shard.name);
            }
        }
    }
    const out = (0,external_node_path_.join)(outDir, format.reportName);
    await (0,promises_.writeFile)(out, format.report(merged, checkout, Date.now()));
    return { files: format.totals(merged, checkout), reportFiles: [out], usedShards, dataFileCount };
}

;// CONCATENATED MODULE: ./src/coverage/formats.ts
/**
 * The registry of coverage formats: the value of the `coverage` input → its `CoverageFormat`.
 * A new format implements `MergedFormat` (pure, next to its parser, wrapped by `mergedFormat`)
 * or `CoverageFormat` (when only its own tool can combine it), and gets one line here.
 */





const COVERAGE_FORMATS = {
    'coverage.py': coveragePyFormat,
    lcov: mergedFormat(lcovFormat),
    istanbul: mergedFormat(istanbulFormat),
    cobertura: mergedFormat(coberturaFormat),
};
const COVERAGE_FORMAT_IDS = Object.keys(COVERAGE_FORMATS);
function coverageFormat(id) {
    return COVERAGE_FORMATS[id];
}

;// CONCATENATED MODULE: ./src/coverage/kinds.ts
/**
 * The values of the `coverage` setting (action input and CLI flag): `none` or a format of the
 * registry (formats.ts), and where each tool writes its data by default, relative to the working
 * directory (what the run role uploads when `coverage-files` is blank).
 */

const COVERAGE_KINDS = [
    'none',
    ...COVERAGE_FORMAT_IDS,
];
const DEFAULT_COVERAGE_FILES = {
    'coverage.py': ['.coverage', '.coverage.*'],
    lcov: ['coverage/lcov.info'],
    istanbul: ['coverage/coverage-final.json'],
    cobertura: ['coverage.xml', 'coverage/cobertura-coverage.xml'],
};

;// CONCATENATED MODULE: ./src/core/flakiness.ts

const DEFAULT_FLAKINESS_RULE = { minRuns: 5, flipRate: 0.2 };
function passes(mark) {
    return mark !== 'F';
}
/**
 * Runs that flipped: a run whose pass/fail differs from the run before it (`P`/`R` pass, `F`
 * fails), or that passed only after a failed attempt (`R`, it flipped by itself). At most one per
 * run, so the rate stays within 0…1.
 */
function countFlips(outcomes) {
    let flips = 0;
    for (let i = 0; i < outcomes.length; i++) {
        const mark = outcomes[i];
        if (mark === 'R' || (i > 0 && passes(mark) !== passes(outcomes[i - 1])))
            flips += 1;
    }
    return flips;
}
function flipRate(outcomes) {
    return outcomes.length === 0 ? 0 : countFlips(outcomes) / outcomes.length;
}
/**
 * The tests of `ids` (those this run ran) that the previous history shows as flaky, most flaky
 * first. Reads the base branch's history as it was BEFORE this run, so a pull request that
 * breaks a test does not make that test look flaky.
 */
function flakyAcrossRuns(previous, ids, rule = DEFAULT_FLAKINESS_RULE) {
    if (!previous)
        return [];
    const out = [];
    for (const id of new Set(ids)) {
        const outcomes = previous.tests[id]?.o ?? '';
        if (outcomes.length < rule.minRuns)
            continue;
        const flips = countFlips(outcomes);
        const rate = flips / outcomes.length;
        if (rate > rule.flipRate)
            out.push({ id, outcomes, flips, rate });
    }
    return out.sort((a, b) => b.rate - a.rate || (0,order/* compareCodeUnits */.U)(a.id, b.id));
}

// EXTERNAL MODULE: ./src/core/attempts.ts
var attempts = __webpack_require__(3449);
// EXTERNAL MODULE: ./src/core/history.ts
var core_history = __webpack_require__(8863);
;// CONCATENATED MODULE: ./src/core/slowdowns.ts
/**
 * Slower (and faster) tests: this run's duration against the test's own recent passing runs.
 * Robust rule (docs/flaky-and-slow.md): slower when the new time is at least `factor` × the
 * median of the last samples AND at least `floorSeconds` more, so 3 ms → 7 ms is not news;
 * faster is the mirror image. The suite's test time and the shards' start-up use the same
 * factor with a floor `AGGREGATE_FLOOR_MULTIPLE` times larger. Pure.
 */



const DEFAULT_SLOWDOWN_RULE = { factor: 2, floorSeconds: 0.5, minSamples: 3 };
/** The suite total and the start-up are sums of many tests: their floor is this much larger. */
const AGGREGATE_FLOOR_MULTIPLE = 20;
/** Classifies one measurement against its samples: 'slower', 'faster' or undefined. */
function judgeDuration(samples, after, rule) {
    if (samples.length < rule.minSamples || !Number.isFinite(after) || after < 0)
        return undefined;
    const before = (0,core_history/* estimateFromSamples */.qt)(samples);
    // Durations are rounded to milliseconds: compare the floor at that precision.
    const floor = rule.floorSeconds - 1e-9;
    if (after >= rule.factor * before && after - before >= floor)
        return { verdict: 'slower', before };
    if (before >= rule.factor * after && before - after >= floor)
        return { verdict: 'faster', before };
    return undefined;
}
/**
 * Tests whose time in this run moved past the rule, biggest change first. Only tests that passed
 * in one attempt count: a failure's time (timeouts, early exits) and a retried test's summed
 * time say nothing about its speed.
 */
function testDurationChanges(previous, results, rule = DEFAULT_SLOWDOWN_RULE) {
    const out = { slower: [], faster: [] };
    if (!previous)
        return out;
    for (const r of results) {
        if (r.outcome !== 'passed' || (r.attempts?.some(attempts/* isFailure */.N6) ?? false))
            continue;
        const samples = previous.tests[r.id]?.s;
        if (!samples)
            continue;
        const judged = judgeDuration(samples, r.seconds, rule);
        if (judged)
            out[judged.verdict].push({ id: r.id, beforeSeconds: judged.before, afterSeconds: r.seconds });
    }
    const bySize = (a, b) => Math.abs(b.afterSeconds - b.beforeSeconds) - Math.abs(a.afterSeconds - a.beforeSeconds) ||
        (0,order/* compareCodeUnits */.U)(a.id, b.id);
    out.slower.sort(bySize);
    out.faster.sort(bySize);
    return out;
}
/** One aggregate (suite test time, shard start-up) against its recent values. */
function aggregateChange(label, samples, after, rule = DEFAULT_SLOWDOWN_RULE) {
    if (!samples || after === undefined)
        return undefined;
    const judged = judgeDuration(samples, after, {
        factor: rule.factor,
        floorSeconds: rule.floorSeconds * AGGREGATE_FLOOR_MULTIPLE,
        minSamples: rule.minSamples,
    });
    return judged
        ? { id: label, beforeSeconds: judged.before, afterSeconds: after, verdict: judged.verdict }
        : undefined;
}

// EXTERNAL MODULE: ./src/local/store.ts
var local_store = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/roles/files.ts
var files = __webpack_require__(8394);
;// CONCATENATED MODULE: ./src/coverage/combine.ts
/**
 * Combines the coverage data of every shard into one report whose numbers are those of one
 * unsharded run, so that a threshold is checked once, on the whole suite (never per shard).
 *
 * Each shard's artifact is a folder whose files keep their paths relative to the project root.
 * The data in them is untrusted: files are only looked for inside the shard folders, recorded
 * source paths are only mapped onto the checkout (never followed elsewhere), and everything is
 * written inside `outDir`.
 */








async function combineCoverage(request) {
    const { kind, log } = request;
    const format = coverageFormat(kind);
    const root = (0,external_node_path_.resolve)(request.root);
    const outDir = (0,external_node_path_.resolve)(request.outDir);
    const patterns = request.patterns?.length ? request.patterns : format.dataPatterns;
    const shards = [];
    for (const [index, dir] of request.shardDirs.entries()) {
        const absolute = (0,external_node_path_.resolve)(dir);
        const files = (await findFilesUnder(absolute, patterns)).filter((file) => !(0,paths/* isWithin */.U)(outDir, file));
        shards.push({
            name: uniqueName((0,external_node_path_.basename)(absolute) || `shard-${index + 1}`, shards),
            dir: absolute,
            files,
        });
    }
    const searched = `${patterns.join(', ')} in ${request.shardDirs.length} shard folder(s) (${request.shardDirs.join(', ') || 'none given'})`;
    if (shards.every((s) => s.files.length === 0)) {
        throw new CoverageError(`no ${kind} coverage data found: searched ${searched}. ${format.missingDataHint}`);
    }
    await (0,promises_.mkdir)(outDir, { recursive: true });
    const result = await format.combine({
        shards,
        root,
        outDir,
        python: request.python ?? 'python3',
        log,
    });
    const withoutData = shards.filter((s) => !result.usedShards.has(s.name)).map((s) => s.name);
    if (result.files.length === 0) {
        throw new CoverageError(`no usable ${kind} coverage data: the files found (${searched}) measured no source file. ${format.missingDataHint}`);
    }
    if (withoutData.length > 0) {
        log.warning(`evenshard: no usable ${kind} coverage data from ${withoutData.join(', ')} ` +
            `(searched ${patterns.join(', ')}); the combined coverage lacks what their tests covered.`);
    }
    const files = [...result.files].sort((a, b) => (0,order/* compareCodeUnits */.U)(a.path, b.path));
    const linesCovered = files.reduce((sum, f) => sum + f.covered, 0);
    const linesTotal = files.reduce((sum, f) => sum + f.total, 0);
    const combined = {
        kind,
        totalPercent: result.totalPercent ?? percent(linesCovered, linesTotal),
        linesCovered,
        linesTotal,
        files,
        reportFiles: result.reportFiles,
        shardsWithoutData: withoutData,
        dataFileCount: result.dataFileCount,
    };
    log.info(`evenshard: combined ${result.dataFileCount} ${kind} data file(s) from ` +
        `${shards.length - withoutData.length} of ${shards.length} shard(s): ` +
        `${combined.totalPercent.toFixed(2)}% (${linesCovered}/${linesTotal} lines) → ${result.reportFiles.join(', ')}`);
    return combined;
}
function uniqueName(name, taken) {
    let candidate = name;
    for (let n = 2; taken.some((s) => s.name === candidate); n++)
        candidate = `${name}-${n}`;
    return candidate;
}

;// CONCATENATED MODULE: ./src/roles/coverage.ts
/** Adapts the coverage combiner (src/coverage/) to the merge role's port. */

function coverageCombiner(options) {
    return {
        async combine(shardDirs) {
            const combined = await combineCoverage({ ...options, shardDirs });
            return {
                totalPercent: combined.totalPercent,
                files: combined.files,
                reportFiles: combined.reportFiles,
            };
        },
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/core/advice.ts
var advice = __webpack_require__(7699);
// EXTERNAL MODULE: ./src/core/costs.ts
var core_costs = __webpack_require__(5813);
// EXTERNAL MODULE: ./src/core/estimate.ts
var estimate = __webpack_require__(9889);
// EXTERNAL MODULE: ./src/core/identity.ts
var identity = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/core/shardResult.ts
var shardResult = __webpack_require__(1298);
;// CONCATENATED MODULE: ./src/core/verify.ts
/**
 * Exactly-once checks. `verifyPlan` reads a plan the way the shards execute it and checks that
 * it runs every test once (`findCoverageProblems`); `proveExactlyOnce` is what the merge runs:
 * from the shards' own records of what they were given, collected and ran, every test has exactly
 * one result, or it is named with the shard that should have run it and why.
 */



/**
 * Check that `plan` runs each of `tests` exactly once, reading the plan the way a shard executes
 * it: a whole file runs all its tests, a non-owner split runs the tests it lists, and the owner of
 * a split file runs the file minus its `excluded` tests. The check itself is the merge's:
 * each shard becomes the record it would upload had it run exactly its part.
 */
function verifyPlan(plan, tests) {
    const idsByFile = new Map();
    for (const t of tests) {
        const ids = idsByFile.get(t.file);
        if (ids)
            ids.push(t.id);
        else
            idsByFile.set(t.file, [t.id]);
    }
    const records = [];
    const ownersByFile = new Map();
    const misreported = [];
    for (const shard of plan.shards) {
        // A file nothing is known about still runs (whole, or by its owner): it is reported by name,
        // as unknown.
        const idsOf = (file) => idsByFile.get(file) ?? [file];
        const runs = shard.files.flatMap(idsOf);
        const selected = [];
        for (const split of shard.splits) {
            const owners = ownersByFile.get(split.file) ?? [];
            ownersByFile.set(split.file, owners);
            // Loops, not push(...ids): a spread of a very large file would overflow the stack.
            const part = [];
            if (split.owner) {
                owners.push(shard.index);
                const excluded = new Set(split.excluded);
                for (const id of idsOf(split.file))
                    if (!excluded.has(id))
                        part.push(id);
            }
            else {
                for (const id of split.tests)
                    part.push(id);
            }
            for (const id of part) {
                runs.push(id);
                selected.push(id);
            }
        }
        // As sets: a test a shard runs twice is reported as duplicated below anyway.
        const listed = new Set(shard.tests);
        if (listed.size !== shard.tests.length ||
            listed.size !== new Set(runs).size ||
            runs.some((id) => !listed.has(id))) {
            misreported.push(shard.index);
        }
        const collected = (file, split) => ({
            file,
            tests: idsByFile.get(file) ?? [],
            fingerprint: '',
            split,
        });
        records.push({
            schema: SHARD_RESULT_SCHEMA,
            shard: shard.index,
            shards: plan.shards.length,
            framework: 'plan',
            planFingerprint: plan.fingerprint,
            estimatedSeconds: shard.estimatedSeconds,
            makespanSeconds: plan.makespanSeconds,
            lowerBoundSeconds: plan.lowerBoundSeconds,
            plannedFiles: [...shard.files, ...shard.splits.filter((p) => p.owner).map((p) => p.file)],
            plannedTests: shard.tests,
            discoveredFiles: [],
            overheadSeconds: null,
            testSeconds: 0,
            exitCode: 0,
            status: { signal: null, finished: true },
            collection: {
                files: [
                    ...shard.files.map((f) => collected(f, false)),
                    ...shard.splits.map((p) => collected(p.file, true)),
                ],
                selected,
                deselected: [],
            },
            estimates: {
                counts: { measured: 0, file: 0, directory: 0, suite: 0, proxy: 0 },
                suiteEstimateSeconds: 0,
            },
            results: runs.map((id) => ({ id, seconds: 0, outcome: 'passed' })),
        });
    }
    for (const t of tests) {
        // A test in a file no shard runs: the merge would see the file discovered.
        if (records.length > 0)
            records[0].discoveredFiles.push(t.file);
    }
    const proof = proveExactlyOnce(records, plan.shards.length);
    const expected = new Set(tests.map((t) => t.id));
    const unknown = new Set();
    for (const r of records)
        for (const { id } of r.results)
            if (!expected.has(id))
                unknown.add(id);
    const owners = [...ownersByFile]
        .filter(([, shards]) => shards.length !== 1)
        .map(([file, shards]) => ({ file, shards: shards.sort((a, b) => a - b) }))
        .sort((a, b) => compareCodeUnits(a.file, b.file));
    const missing = proof.lost.flatMap((l) => expected.has(l.id) ? [l.id] : l.id === l.file ? (idsByFile.get(l.file) ?? []) : []);
    const result = {
        missing: [...new Set(missing)].sort(compareCodeUnits),
        duplicated: proof.duplicated,
        unknown: [...unknown].sort(compareCodeUnits),
        owners,
        misreported: misreported.sort((a, b) => a - b),
    };
    const ok = result.missing.length === 0 &&
        result.duplicated.length === 0 &&
        result.unknown.length === 0 &&
        owners.length === 0 &&
        result.misreported.length === 0;
    return { ok, ...result };
}
/**
 * Proves from the shards' own records alone that every test ran exactly once, or names what did
 * not. What should run: every file a shard discovered, collected or was planned, with the ids the
 * shards collected from it (all of them, before each shard took its part) or, where no shard
 * collected it, the ids the plans listed, or else the file as one unit. Each must have exactly
 * one result. A file-level result (a module that failed to import or skipped itself, a runner that
 * reports per file) accounts for every test in that file or folder.
 */
function proveExactlyOnce(shardResults, expectedShards) {
    const sorted = [...shardResults].sort((a, b) => a.shard - b.shard);
    const byShard = new Map(sorted.map((r) => [r.shard, r]));
    const shards = Math.max(expectedShards ?? 0, ...sorted.map((r) => r.shards), 0);
    const missingShards = [];
    for (let i = 1; i <= shards; i++)
        if (!byShard.has(i))
            missingShards.push(i);
    const failedShards = sorted
        .filter((r) => r.status?.problem !== undefined)
        .map((r) => ({ shard: r.shard, problem: r.status.problem }));
    const push = (map, key, value) => {
        const list = map.get(key);
        if (list)
            list.push(value);
        else
            map.set(key, [value]);
    };
    const ranIn = new Map();
    const ranByFile = new Map();
    for (const r of sorted) {
        for (const result of r.results) {
            if (!ranIn.has(result.id))
                push(ranByFile, (0,identity/* fileOfTestId */.z)(result.id), result.id);
            push(ranIn, result.id, r.shard);
        }
    }
    const collections = new Map();
    const selectedBy = new Map();
    const deselectedBy = new Map();
    for (const r of sorted) {
        if (!r.collection)
            continue;
        for (const f of r.collection.files) {
            push(collections, f.file, {
                shard: r.shard,
                tests: new Set(f.tests),
                fingerprint: f.fingerprint,
                split: f.split === true,
            });
        }
        for (const id of r.collection.selected)
            if (!selectedBy.has(id))
                selectedBy.set(id, r.shard);
        for (const id of r.collection.deselected)
            deselectedBy.set(id, r.shard);
    }
    const plannedBy = new Map();
    const plannedByFile = new Map();
    const filePlannedBy = new Map();
    for (const r of sorted) {
        for (const id of r.plannedTests) {
            if (!plannedBy.has(id) && (0,identity/* fileOfTestId */.z)(id) !== id)
                push(plannedByFile, (0,identity/* fileOfTestId */.z)(id), id);
            push(plannedBy, id, r.shard);
        }
        for (const f of r.plannedFiles)
            push(filePlannedBy, f, r.shard);
    }
    const files = new Set();
    for (const r of sorted) {
        for (const f of r.discoveredFiles)
            files.add(f);
        for (const f of r.plannedFiles)
            files.add(f);
    }
    for (const f of collections.keys())
        files.add(f);
    for (const f of plannedByFile.keys())
        files.add(f);
    for (const f of ranByFile.keys())
        files.add(f);
    // A file-level result covers its file, or every file in its folder (a package whose conftest
    // failed to import).
    const covered = (file) => {
        for (let at = file.length; at > 0; at = file.lastIndexOf('/', at - 1)) {
            const ids = ranIn.get(file.slice(0, at));
            if (ids !== undefined)
                return true;
        }
        return false;
    };
    const plansDiffer = new Set(sorted.map((r) => r.planFingerprint)).size > 1;
    const lost = [];
    const unstableFiles = [];
    const gone = [];
    let accounted = 0;
    // The shard whose part a test was: the one that picked it, else the one planned to run it, else
    // the one running its file (whole, or as the owner of a split file: unless the owner's own
    // record shows it left the test to another shard).
    const ownerOf = (id, file) => {
        const picked = selectedBy.get(id) ?? plannedBy.get(id)?.[0];
        if (picked !== undefined)
            return picked;
        for (const shard of filePlannedBy.get(file) ?? []) {
            const mine = collections.get(file)?.find((c) => c.shard === shard);
            if (!mine?.split || !mine.tests.has(id))
                return shard;
        }
        return null;
    };
    const lose = (id, file) => {
        const shard = ownerOf(id, file);
        lost.push({ id, file, shard, ...lostReason(id, file, shard) });
    };
    const lostReason = (id, file, shard) => {
        if (shard === null) {
            if (missingShards.length > 0) {
                return {
                    reason: 'no-results',
                    why: `no reporting shard was given it; ${shardList(missingShards)} uploaded no results`,
                };
            }
            return {
                reason: 'not-selected',
                why: plansDiffer
                    ? 'no shard was given it: the shards ran different plans'
                    : 'no shard was given it',
            };
        }
        const r = byShard.get(shard);
        if (r === undefined) {
            return {
                reason: 'no-results',
                why: `shard ${shard} uploaded no results (cancelled, or it failed before uploading)`,
            };
        }
        const status = r.status;
        if (status?.signal)
            return { reason: 'killed', why: `shard ${shard} was killed by ${status.signal}` };
        if (status?.problem !== undefined) {
            return {
                reason: status.finished ? 'crashed' : 'exited-early',
                why: `shard ${shard} failed: ${status.problem}`,
            };
        }
        if (deselectedBy.get(id) === shard) {
            return {
                reason: 'deselected',
                why: `shard ${shard}'s test command deselected it (-k, -m, --deselect, --lf …)`,
            };
        }
        if (status?.stopped) {
            return { reason: 'stopped-early', why: `shard ${shard} stopped early: ${status.stopped}` };
        }
        const mine = collections.get(file)?.find((c) => c.shard === shard);
        if (r.collection && mine === undefined) {
            return {
                reason: 'not-collected',
                why: `shard ${shard} never collected ${file} (a path in the test command, collect_ignore or python_files leaves it out)`,
            };
        }
        if (mine !== undefined && !mine.tests.has(id)) {
            return { reason: 'not-collected', why: `shard ${shard} did not collect it` };
        }
        if (mine?.split && selectedBy.get(id) === undefined) {
            return {
                reason: 'not-selected',
                why: `shard ${shard} collected it but no shard selected it${plansDiffer ? ': the shards ran different plans' : ''}`,
            };
        }
        return {
            reason: 'not-run',
            why: `shard ${shard} ${r.collection ? 'collected' : 'was given'} it but reported no result for it`,
        };
    };
    for (const file of [...files].sort(order/* compareCodeUnits */.U)) {
        const fileCovered = covered(file);
        const ran = ranByFile.get(file) ?? [];
        const found = collections.get(file);
        let expected;
        if (found !== undefined) {
            const union = new Set();
            for (const c of found)
                for (const id of c.tests)
                    union.add(id);
            const differ = found.length > 1 &&
                found.some((c) => c.fingerprint !== found[0].fingerprint || c.tests.size !== union.size);
            if (differ)
                unstableFiles.push({ file, shards: found.map((c) => c.shard) });
            for (const id of plannedByFile.get(file) ?? []) {
                if (!union.has(id) && !ranIn.has(id))
                    gone.push({ id, shard: plannedBy.get(id)[0] });
            }
            for (const id of ran)
                union.add(id);
            expected = [...union];
        }
        else {
            const planned = plannedByFile.get(file) ?? [];
            const union = new Set([...planned, ...ran]);
            // A shard that cannot tell what it collected, and ended normally, did run the file: its
            // planned tests with no result were deleted or renamed (the same as without records).
            expected = [];
            for (const id of union) {
                const owner = plannedBy.get(id)?.[0];
                const r = owner === undefined ? undefined : byShard.get(owner);
                if (!ranIn.has(id) &&
                    r &&
                    !r.collection &&
                    r.status?.problem === undefined &&
                    ran.length > 0) {
                    gone.push({ id, shard: owner });
                }
                else
                    expected.push(id);
            }
            if (expected.length === 0 && ran.length === 0 && planned.length === 0) {
                accounted += 1;
                if (!fileCovered)
                    lose(file, file);
                continue;
            }
            // Nothing of it ran and no record says what it holds: a missing shard may have had tests
            // of it that no reporting shard knows by name.
            if (ran.length === 0 && missingShards.length > 0 && !fileCovered) {
                lost.push({ id: file, file, shard: null, ...lostReason(file, file, null) });
            }
        }
        for (const id of expected) {
            accounted += 1;
            if (!ranIn.has(id) && !fileCovered)
                lose(id, file);
        }
    }
    const duplicated = [...ranIn]
        .filter(([, s]) => s.length > 1)
        .map(([id, s]) => ({ id, shards: s }))
        .sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
    const hadHistory = sorted.some((r) => r.estimates.counts.measured > 0);
    const newTests = hadHistory
        ? [...ranIn.keys()]
            .filter((id) => !plannedBy.has(id) && (0,identity/* fileOfTestId */.z)(id) !== id)
            .sort(order/* compareCodeUnits */.U)
        : [];
    lost.sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
    gone.sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
    return {
        missingShards,
        failedShards,
        lost,
        duplicated,
        unstableFiles,
        gone,
        newTests,
        accounted,
    };
}
/** "shard 2", "shards 2 and 3", "shards 1, 2 and 4". */
function shardList(shards) {
    if (shards.length === 1)
        return `shard ${shards[0]}`;
    return `shards ${shards.slice(0, -1).join(', ')} and ${shards[shards.length - 1]}`;
}

;// CONCATENATED MODULE: ./src/core/mergeResults.ts
/**
 * N shard results → one verdict. The exactly-once proof is `proveExactlyOnce` (verify.ts); this
 * adds what the run summary shows (per-shard lines, failures, balance). Pure.
 */



function mergeShardResults(shardResults, expectedShards) {
    const sorted = [...shardResults].sort((a, b) => a.shard - b.shard);
    const shards = Math.max(expectedShards ?? 0, ...sorted.map((r) => r.shards), 0);
    const byFingerprint = new Map();
    for (const r of sorted)
        byFingerprint.set(r.planFingerprint, [
            ...(byFingerprint.get(r.planFingerprint) ?? []),
            r.shard,
        ]);
    const fingerprints = [...byFingerprint].map(([fingerprint, s]) => ({ fingerprint, shards: s }));
    const proof = proveExactlyOnce(sorted, expectedShards);
    const firstResult = new Map();
    const failures = [];
    for (const r of sorted) {
        for (const result of r.results) {
            if (!firstResult.has(result.id))
                firstResult.set(result.id, result);
            if (result.outcome === 'failed' || result.outcome === 'error')
                failures.push({ ...result, shard: r.shard });
        }
    }
    const discoveredBy = new Map();
    for (const r of sorted)
        for (const f of r.discoveredFiles)
            discoveredBy.set(f, [...(discoveredBy.get(f) ?? []), r.shard]);
    const lostFiles = proof.lost
        .filter((l) => l.id === l.file)
        .map((l) => ({ file: l.file, discoveredBy: discoveredBy.get(l.file) ?? [] }));
    // Without a record of what they collected, shards on different plans prove nothing.
    const unprovable = fingerprints.length > 1 && sorted.some((r) => !r.collection);
    const shardLines = sorted.map((r) => ({
        shard: r.shard,
        estimatedSeconds: r.estimatedSeconds,
        testSeconds: r.testSeconds,
        overheadSeconds: r.overheadSeconds,
        counts: (0,shardResult/* countOutcomes */.XF)(r.results),
        exitCode: r.exitCode,
        ...(r.predictsWall ? { predictsWall: true, wallSeconds: r.wallSeconds ?? null } : {}),
    }));
    const walls = shardLines.map((l) => l.testSeconds);
    const mean = walls.reduce((a, b) => a + b, 0) / Math.max(walls.length, 1);
    const results = [...firstResult.values()].sort((a, b) => (0,order/* compareCodeUnits */.U)(a.id, b.id));
    return {
        shards,
        shardLines,
        missingShards: proof.missingShards,
        failedShards: proof.failedShards,
        fingerprints,
        lost: proof.lost,
        lostFiles,
        duplicated: proof.duplicated,
        unstableFiles: proof.unstableFiles,
        plannedNotRun: proof.gone,
        newTests: proof.newTests,
        counts: (0,shardResult/* countOutcomes */.XF)(results),
        failures,
        results,
        overheads: sorted.map((r) => r.overheadSeconds).filter((x) => x !== null),
        balance: mean > 0 ? Math.max(...walls) / mean : 1,
        exactlyOnce: proof.missingShards.length === 0 &&
            proof.lost.length === 0 &&
            proof.duplicated.length === 0 &&
            proof.unstableFiles.length === 0 &&
            !unprovable,
    };
}

// EXTERNAL MODULE: ./src/core/quarantine.ts
var quarantine = __webpack_require__(5659);
// EXTERNAL MODULE: ./src/formats/pytestDurations.ts
var pytestDurations = __webpack_require__(9996);
// EXTERNAL MODULE: ./src/formats/detect.ts + 1 modules
var detect = __webpack_require__(6679);
;// CONCATENATED MODULE: ./src/formats/history.ts
/** evenshard's own history document as text (schema: docs/history-schema.md). */

function parseHistoryText(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new core_history/* HistoryError */.tx(`history is not valid JSON: ${error.message}`);
    }
    return (0,core_history/* validateHistory */.XL)(value);
}

;// CONCATENATED MODULE: ./src/core/verdict.ts

/**
 * Fails the merge for: an upload it could not read (`uploadProblems`, already worded), no results
 * at all, coverage that could not be combined, a shard that ended abnormally, a missing shard, a
 * lost test, a test that ran more than once, a file with unstable ids, shards on different plans
 * when the proof does not hold, a failed test, coverage below its threshold.
 * `quarantinedFailures` of the failed tests are on the quarantine list: reported, not failing.
 */
function mergeVerdict(report, coverage, uploadProblems = [], quarantinedFailures = 0) {
    const reasons = [...uploadProblems];
    if (report.shardLines.length === 0) {
        reasons.push('no shard uploaded results: did the test jobs run evenshard, with the same artifact-prefix?');
    }
    if (coverage !== undefined && 'error' in coverage)
        reasons.push(`coverage: ${coverage.error}`);
    for (const failed of report.failedShards)
        reasons.push(`shard ${failed.shard} failed: ${failed.problem}`);
    if (report.missingShards.length > 0) {
        reasons.push(`missing: ${shardList(report.missingShards)} uploaded no results (cancelled, or failed before uploading)`);
    }
    reasons.push(...lostLines(report.lost));
    for (const dup of report.duplicated.slice(0, MAX_LOG_IDS))
        reasons.push(`duplicated: ${dup.id} ran in ${shardList(dup.shards)}`);
    if (report.duplicated.length > MAX_LOG_IDS) {
        reasons.push(`duplicated: ${report.duplicated.length - MAX_LOG_IDS} more (the summary lists them)`);
    }
    for (const unstable of report.unstableFiles) {
        reasons.push(`unstable ids: ${shardList(unstable.shards)} collected ${unstable.file} differently (parametrize over a set, ids from hash() or id()?): ` +
            'its tests may have run twice or never; the next plan keeps it whole');
    }
    // Shards on different plans are fine when the proof holds; without it they explain why not.
    if (report.fingerprints.length > 1 && !report.exactlyOnce) {
        reasons.push(`plans differ: ${report.fingerprints.map((f) => `${shardList(f.shards)} used ${f.fingerprint.slice(0, 12)}`).join('; ')}`);
    }
    const failed = report.counts.failed + report.counts.errors - quarantinedFailures;
    if (failed > 0) {
        const excused = quarantinedFailures > 0 ? ` (and ${quarantinedFailures} quarantined)` : '';
        reasons.push(`${failed} test(s) failed${excused}`);
    }
    if (coverage !== undefined && !('error' in coverage) && belowThreshold(coverage)) {
        reasons.push(`coverage ${coverage.totalPercent.toFixed(2)} % is below fail-under ${coverage.failUnder} %`);
    }
    const status = reasons.length > 0 ? 'failed' : report.counts.tests === 0 ? 'warning' : 'passed';
    return { status, reasons };
}
/** Most ids named in the reasons per kind; the summary and results artifacts have all. */
const MAX_LOG_IDS = 20;
/** Lost tests grouped by shard and reason: one line per group, naming the first ids. */
function lostLines(lost) {
    const groups = new Map();
    for (const l of lost) {
        const list = groups.get(l.why);
        if (list)
            list.push(l);
        else
            groups.set(l.why, [l]);
    }
    const out = [];
    for (const [why, list] of groups) {
        const named = list
            .slice(0, MAX_LOG_IDS)
            .map((l) => (l.id === l.file ? `${l.id} (whole file)` : l.id));
        const more = list.length > named.length ? `, and ${list.length - named.length} more` : '';
        out.push(`lost: ${list.length} test${list.length === 1 ? '' : 's'} did not run (${why}): ${named.join(', ')}${more}`);
    }
    return out;
}
/** Below a set threshold; a coverage that is not a number (NaN) counts as below. */
function belowThreshold(coverage) {
    return coverage.failUnder !== undefined && !(coverage.totalPercent >= coverage.failUnder);
}

// EXTERNAL MODULE: ./src/summary/budget.ts
var budget = __webpack_require__(7111);
// EXTERNAL MODULE: ./src/summary/format.ts
var format = __webpack_require__(8893);
// EXTERNAL MODULE: ./src/summary/insights.ts
var summary_insights = __webpack_require__(1559);
// EXTERNAL MODULE: ./src/summary/markup.ts
var markup = __webpack_require__(2594);
;// CONCATENATED MODULE: ./src/summary/merge/shardNames.ts
/** How the merge summary names shards in its sentences: "shard 4", "shards 1–3 and 5". */

function allShards(shards) {
    return shards === 1 ? 'the one shard' : `all ${(0,format/* formatCount */.B4)(shards)} shards`;
}
/** [1, 2, 3, 5] → "shards 1–3 and 5"; [4] → "shard 4". Ranges keep 64 shards readable. */
function shardNames(shards) {
    const sorted = [...new Set(shards)].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i < sorted.length;) {
        let j = i;
        while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1)
            j += 1;
        if (j - i >= 2)
            parts.push(`${sorted[i]}–${sorted[j]}`);
        else
            for (let k = i; k <= j; k += 1)
                parts.push(String(sorted[k]));
        i = j + 1;
    }
    const single = sorted.length === 1;
    const list = parts.length <= 1
        ? (parts[0] ?? '')
        : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
    return `${single ? 'shard' : 'shards'} ${list}`;
}
/** Where a duplicated test ran: "shards 2 and 3", or "shard 2, twice". */
function ranIn(shards) {
    const unique = new Set(shards);
    if (unique.size === 1) {
        const times = shards.length === 2 ? 'twice' : `${shards.length} times`;
        return `${shardNames(shards)}, ${times}`;
    }
    return shards.length > unique.size
        ? `${shardNames(shards)} (more than once in one)`
        : shardNames(shards);
}

;// CONCATENATED MODULE: ./src/summary/merge/coverage.ts
/**
 * The merge summary's coverage section: the combined total against its threshold, then the files
 * a pull request changes (or, outside one, the least covered files).
 */





const MAX_COVERAGE_FILES = 50;
const LEAST_COVERED_FILES = 5;
function renderCoverage(input) {
    const coverage = input.coverage;
    if (coverage === undefined || 'error' in coverage)
        return [];
    const threshold = coverage.failUnder === undefined
        ? ''
        : belowThreshold(coverage)
            ? ` · ❌ below the required ${formatThreshold(coverage.failUnder)}`
            : ` · required ${formatThreshold(coverage.failUnder)} ✅`;
    const blocks = [
        { kind: 'essential', text: '#### Coverage' },
        {
            kind: 'essential',
            text: `<p><b>${formatCoverage(coverage.totalPercent)}</b> combined over ` +
                `${allShards(input.report.shards)}${threshold}</p>`,
        },
    ];
    const files = coverage.files.filter((f) => Number.isFinite(f.percent));
    let shown;
    let caption;
    if (coverage.changedFiles !== undefined) {
        const changed = new Set(coverage.changedFiles.map(normalizePath));
        shown = files.filter((f) => changed.has(normalizePath(f.path)));
        const unmeasured = changed.size - shown.length;
        if (shown.length === 0) {
            blocks.push({
                kind: 'optional',
                text: changed.size === 0
                    ? '<p>This pull request changes no files.</p>'
                    : `<p>None of the ${(0,format/* plural */.LS)(changed.size, 'changed file has', 'changed files have')} coverage data ` +
                        `(not code, or not measured).</p>`,
            });
            return blocks;
        }
        caption =
            `<p>Files this pull request changes, least covered first` +
                (unmeasured > 0
                    ? ` (${(0,format/* plural */.LS)(unmeasured, 'other changed file has', 'other changed files have')} no coverage data)`
                    : '') +
                ':</p>';
    }
    else {
        shown = files.filter((f) => f.total > 0);
        if (shown.length === 0)
            return blocks;
        caption = '<p>Least covered files:</p>';
    }
    shown.sort((a, b) => a.percent - b.percent || (0,order/* compareCodeUnits */.U)(a.path, b.path));
    const limit = coverage.changedFiles !== undefined ? MAX_COVERAGE_FILES : LEAST_COVERED_FILES;
    blocks.push({ kind: 'optional', text: caption });
    blocks.push({
        kind: 'list',
        list: {
            total: coverage.changedFiles !== undefined ? shown.length : Math.min(shown.length, limit),
            limit,
            row: (i) => {
                const f = shown[i];
                return (`<tr><td>${(0,markup/* codeText */.ph)(f.path)}</td><td align="right">${formatCoverage(f.percent)}</td>` +
                    `<td align="right">${(0,format/* formatCount */.B4)(f.covered)} / ${(0,format/* formatCount */.B4)(f.total)}</td></tr>`);
            },
            open: (0,markup/* tableOpen */.B1)(['File', 'Covered', 'Lines'], [1, 2]),
            close: markup/* TABLE_CLOSE */.qY,
            more: (omitted, shown) => (0,markup/* moreLine */.g0)(omitted, shown, 'changed file', 'changed files', 'the coverage report has them'),
        },
    });
    return blocks;
}
/**
 * One decimal, rounded down: 84.96 must not read "85.0%" next to a failed 85% threshold.
 * The small epsilon keeps 87.3 (stored as 87.29999…) from showing as 87.2.
 */
function formatCoverage(percent) {
    if (!Number.isFinite(percent))
        return '—';
    return `${(Math.floor(percent * 10 + 1e-6) / 10).toFixed(1)}%`;
}
function formatThreshold(percent) {
    return `${Math.round(percent * 100) / 100}%`;
}
function normalizePath(path) {
    return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

// EXTERNAL MODULE: ./src/summary/failedTests.ts
var failedTests = __webpack_require__(8374);
;// CONCATENATED MODULE: ./src/summary/merge/problems.ts
/**
 * The merge summary's first sections, for the pull-request author: one sentence for each problem
 * that fails the run (a failed or missing shard, lost tests with the shard and why, duplicates,
 * unstable ids, different plans, coverage), with
 * the lists behind them, then the failed tests.
 */






/** Caps on the lists: past these, a reader wants the log, not a longer page. */
const MAX_LOST = 50;
const MAX_DUPLICATED = 50;
const MAX_PLANS_SHOWN = 10;
const LOG_HINT = "the merge step's log lists them all";
function renderProblems(input) {
    const { report } = input;
    const blocks = [];
    const problem = (text) => {
        blocks.push({ kind: 'essential', text: `<p>❌ ${text}</p>` });
    };
    if (report.shardLines.length === 0) {
        problem(`<b>No shard uploaded results</b>${report.shards > 0 ? ` (expected ${(0,format/* formatCount */.B4)(report.shards)})` : ''}. ` +
            `Did the test jobs run evenshard, with the same artifact prefix as this merge step?`);
    }
    else if (report.missingShards.length > 0) {
        const one = report.missingShards.length === 1;
        problem(`<b>${(0,markup/* capitalize */.ZH)(shardNames(report.missingShards))} uploaded no results</b>: cancelled or crashed? ` +
            `Nothing proves that ${one ? 'its' : 'their'} tests ran; ${one ? 'its job log has' : 'their job logs have'} the cause.`);
    }
    for (const failed of report.failedShards) {
        problem(`<b>Shard ${failed.shard} failed</b>: ${(0,markup/* escapeSummaryText */.NU)((0,format/* truncateText */.EJ)((0,format/* firstLine */.TM)(failed.problem), markup/* MAX_MESSAGE_CHARS */.hP))}. ` +
            'A shard that ends abnormally fails the run whatever its tests reported.');
    }
    if (report.lost.length > 0) {
        const n = report.lost.length;
        problem(`<b>${(0,format/* plural */.LS)(n, 'test', 'tests')} did not run</b>: ${n === 1 ? 'it was' : 'they were'} in the checkout, ` +
            `but no shard reported ${n === 1 ? 'it' : 'them'}. Each is named with the shard that should have run it and why.`);
        blocks.push({
            kind: 'list',
            list: {
                total: n,
                limit: MAX_LOST,
                row: (i) => {
                    const lost = report.lost[i];
                    const what = lost.id === lost.file ? `${(0,markup/* codeText */.ph)(lost.file)} (whole file)` : (0,markup/* codeText */.ph)(lost.id);
                    const shard = lost.shard === null ? '—' : String(lost.shard);
                    return (`<tr><td>${what}</td><td align="right">${shard}</td>` +
                        `<td>${(0,markup/* escapeSummaryText */.NU)((0,format/* truncateText */.EJ)(lost.why, markup/* MAX_MESSAGE_CHARS */.hP))}</td></tr>`);
                },
                open: (0,markup/* tableOpen */.B1)(['Test', 'Shard', 'Why'], [1]),
                close: markup/* TABLE_CLOSE */.qY,
                more: (omitted, shown) => (0,markup/* moreLine */.g0)(omitted, shown, 'test that did not run', 'tests that did not run', LOG_HINT),
            },
        });
    }
    if (report.unstableFiles.length > 0) {
        const shown = report.unstableFiles
            .slice(0, MAX_PLANS_SHOWN)
            .map((u) => `${(0,markup/* codeText */.ph)(u.file)} (${shardNames(u.shards)})`);
        const rest = report.unstableFiles.length - shown.length;
        problem(`<b>Test ids that differ between processes</b>: the shards collected ${shown.join(', ')}` +
            `${rest > 0 ? ` and ${(0,format/* plural */.LS)(rest, 'more file', 'more files')}` : ''} differently, so a split ` +
            'file may have run some tests twice and others never. Typical causes: parametrize over a set, ids from hash() or id(). ' +
            'The next plan keeps these files whole; sort the parameters (or set PYTHONHASHSEED) to make the ids stable.');
    }
    if (report.duplicated.length > 0) {
        const n = report.duplicated.length;
        problem(`<b>${(0,format/* plural */.LS)(n, 'test', 'tests')} ran more than once</b>: every test must run in exactly one shard.`);
        blocks.push({
            kind: 'list',
            list: {
                total: n,
                limit: MAX_DUPLICATED,
                row: (i) => {
                    const dup = report.duplicated[i];
                    return `<tr><td>${(0,markup/* codeText */.ph)(dup.id)}</td><td>${ranIn(dup.shards)}</td></tr>`;
                },
                open: (0,markup/* tableOpen */.B1)(['Test', 'Ran in']),
                close: markup/* TABLE_CLOSE */.qY,
                more: (omitted, shown) => (0,markup/* moreLine */.g0)(omitted, shown, 'duplicated test', 'duplicated tests', LOG_HINT),
            },
        });
    }
    if (report.fingerprints.length > 1 && !report.exactlyOnce) {
        const shown = report.fingerprints
            .slice(0, MAX_PLANS_SHOWN)
            .map((f) => `${shardNames(f.shards)} used plan ${(0,markup/* fingerprintCode */.QI)(f.fingerprint)}`);
        const rest = report.fingerprints.length - shown.length;
        problem(`<b>The shards ran different plans</b>: ${shown.join('; ')}${rest > 0 ? `; and ${(0,format/* plural */.LS)(rest, 'more plan', 'more plans')}` : ''}. ` +
            `Likely causes: the shards saw different timing history, or a different checkout ` +
            `(another commit, or a step that changes the test files in some shards only).`);
    }
    const coverage = input.coverage;
    if (coverage !== undefined && 'error' in coverage) {
        const error = (0,format/* firstLine */.TM)(coverage.error);
        problem(`<b>Coverage is missing</b>: the shards' coverage could not be combined` +
            (error === '' ? '.' : ` (${(0,markup/* escapeSummaryText */.NU)((0,format/* truncateText */.EJ)(error, markup/* MAX_MESSAGE_CHARS */.hP))}).`));
    }
    else if (coverage !== undefined && belowThreshold(coverage)) {
        problem(`<b>Coverage ${formatCoverage(coverage.totalPercent)} is below the required ` +
            `${formatThreshold(coverage.failUnder)}</b>, combined over ${allShards(report.shards)}.`);
    }
    // Not a failure of the run by itself (the shard job reports it), but worth a look.
    for (const line of report.shardLines) {
        const broken = line.counts.failed + line.counts.errors;
        if (line.exitCode === 0 || broken > 0)
            continue;
        const code = (0,markup/* exitCodeText */.p3)(line.exitCode);
        blocks.push({
            kind: 'essential',
            text: line.counts.tests === 0
                ? `<p>⚠️ Shard ${line.shard} reported no test results, and its test command exited with ` +
                    `code ${code}: its job log has the cause.</p>`
                : `<p>⚠️ Shard ${line.shard}'s test command exited with code ${code} although none of its ` +
                    `tests failed: a collection error, a crash, or a failing fixture? Its job log has the cause.</p>`,
        });
    }
    return blocks;
}
function renderFailures(report, limit) {
    if (report.failures.length === 0)
        return [];
    return [
        { kind: 'essential', text: (0,failedTests/* failedTestsHeading */.J)(report.failures.length) },
        {
            kind: 'list',
            list: (0,failedTests/* failedTestRows */.$)(report.failures, {
                limit,
                shardColumn: true,
                hint: "see each shard's summary and results artifact",
            }),
        },
    ];
}

;// CONCATENATED MODULE: ./src/summary/merge/wall.ts
/** The test job's wall time as the shards measured it: the slowest shard's overhead + tests. */
function runWallSeconds(report) {
    return Math.max(0, ...report.shardLines.map(shardWallSeconds));
}
function shardWallSeconds(line) {
    return (line.overheadSeconds ?? 0) + line.testSeconds;
}

;// CONCATENATED MODULE: ./src/summary/merge/advice.ts



function renderAdvice(input, advice) {
    const current = input.report.shards;
    const target = targetSeconds(input);
    const decimals = Math.max(...advice.rows.map((r) => r.runnerSeconds)) < 100 * 60 ? 1 : 0;
    const rows = advice.rows.map((row) => {
        const notes = [
            ...(row.shards === advice.recommended ? ['⭐ recommended'] : []),
            ...(row.shards === current ? ['this run'] : []),
            ...(target !== undefined && row.wallSeconds <= target ? ['meets target'] : []),
            ...(row.queuedShards
                ? [
                    `${(0,format/* plural */.LS)(row.queuedShards, 'shard queues', 'shards queue')} (max-parallel ${advice.maxParallel})`,
                ]
                : []),
        ];
        const strong = row.shards === advice.recommended;
        const cell = (text) => (strong ? `<b>${text}</b>` : text);
        return (`<tr><td align="right">${cell(String(row.shards))}</td>` +
            `<td align="right">${cell((0,format/* formatDuration */.a3)(row.wallSeconds))}</td>` +
            `<td align="right">${cell(formatRunnerMinutes(row.runnerSeconds, decimals))}</td>` +
            `<td>${notes.join(', ')}</td></tr>`);
    });
    const overhead = advice.costModel
        ? `each shard's fixed cost (${(0,format/* formatDuration */.a3)(advice.overheadSeconds)}) + the imports and module fixtures of every file it visits + its tests`
        : advice.overheadSeconds > 0
            ? `each shard's fixed overhead (${(0,format/* formatDuration */.a3)(advice.overheadSeconds)}, job start to first test) + its tests`
            : "the slowest shard's tests (no overhead measured yet, counted as 0)";
    const queueing = advice.maxParallel !== undefined
        ? ` At most ${(0,format/* plural */.LS)(advice.maxParallel, 'shard runs', 'shards run')} at once (max-parallel); past that, shards queue for a runner and the wall counts the wait.`
        : '';
    return [
        '<details>',
        `<summary><b>Shard count</b>: ${advice.recommended} recommended${current === advice.recommended ? ' (this run)' : ''}</summary>`,
        `<p>Predicted wall: ${overhead}. Runner minutes: all shards together.${queueing}</p>`,
        (0,markup/* tableOpen */.B1)(['Shards', 'Predicted wall', 'Runner minutes', ''], [0, 1, 2]),
        ...rows,
        markup/* TABLE_CLOSE */.qY,
        '</details>',
    ].join('\n');
}
function targetSeconds(input) {
    const t = input.targetMinutes;
    return t !== undefined && Number.isFinite(t) && t > 0 ? t * 60 : undefined;
}
/**
 * One sentence on what changing the shard count would do, comparing the plan's predictions for
 * this run's count and the recommended one (this run's measured wall when its count has no row).
 */
function adviceSentence(input) {
    const advice = input.advice;
    if (!advice || advice.rows.length === 0)
        return '';
    const currentCount = input.report.shards;
    const rec = advice.rows.find((r) => r.shards === advice.recommended);
    if (!rec)
        return '';
    const currentRow = advice.rows.find((r) => r.shards === currentCount);
    const current = currentRow ?? {
        wallSeconds: runWallSeconds(input.report),
        runnerSeconds: input.report.shardLines.reduce((sum, l) => sum + shardWallSeconds(l), 0),
    };
    const target = targetSeconds(input);
    const targetText = target === undefined ? '' : `the ${formatTarget(input.targetMinutes)} target`;
    const runner = runnerDelta(rec.runnerSeconds - current.runnerSeconds);
    const wall = `~${(0,format/* formatDuration */.a3)(rec.wallSeconds)}`;
    const recShards = (0,format/* plural */.LS)(rec.shards, 'shard', 'shards');
    if (target !== undefined && !advice.meetsTarget) {
        return `No shard count meets ${targetText}: the wall time stops improving at about ${recShards} (${wall}).`;
    }
    if (rec.shards === currentCount) {
        if (target !== undefined) {
            return currentCount === 1
                ? `1 shard meets ${targetText}.`
                : `${(0,markup/* capitalize */.ZH)((0,format/* plural */.LS)(currentCount, 'shard meets', 'shards meet'))} ${targetText}; fewer would not.`;
        }
        return `${(0,markup/* capitalize */.ZH)((0,format/* plural */.LS)(currentCount, 'shard is', 'shards are'))} about right: one more would save less than 5% of the wall time.`;
    }
    if (target !== undefined) {
        return `${(0,markup/* capitalize */.ZH)(targetText)} is met from ${recShards} (${wall} wall, ${runner}).`;
    }
    const now = `~${(0,format/* formatDuration */.a3)(current.wallSeconds)}`;
    if (!currentRow)
        return `With ${recShards} the predicted wall time is ${wall} (this run: ${now}), for ${runner}.`;
    return `With ${recShards} the predicted wall time ${rec.shards > currentCount ? 'drops' : 'goes'} from ${now} to ${wall}, for ${runner}.`;
}
function formatTarget(minutes) {
    return `${Math.round(minutes * 100) / 100} min`;
}
/**
 * Runner time in minutes: 45 → "0.8", 600 → "10". One decimal below ten minutes unless
 * `decimals` says otherwise (a table keeps one precision for all its rows).
 */
function formatRunnerMinutes(seconds, decimals) {
    if (!Number.isFinite(seconds))
        return '—';
    const minutes = seconds / 60;
    const places = decimals ?? (minutes < 10 ? 1 : 0);
    if (places === 0)
        return (0,format/* formatCount */.B4)(Math.round(minutes));
    const text = minutes.toFixed(places);
    return decimals === undefined ? text.replace(/\.0$/, '') : text;
}
function runnerDelta(seconds) {
    const text = formatRunnerMinutes(Math.abs(seconds));
    if (text === '0')
        return 'about the same runner minutes';
    const unit = text === '1' ? 'runner minute' : 'runner minutes';
    return seconds > 0 ? `+${text} ${unit}` : `${text} fewer ${unit}`;
}

;// CONCATENATED MODULE: ./src/summary/merge/costs.ts
/**
 * Where the run's time went, for the maintainer deciding what to fix before adding shards: the
 * phases summed over shards (a Pareto), each shard's predicted against actual wall, and the
 * fixtures and imports that cost most across shards (a module fixture is paid by every shard that
 * runs part of its file).
 */



function renderCosts(costs, lines) {
    if (!costs || costs.totalSeconds <= 0)
        return [];
    const pareto = costs.phases
        .filter((p) => p.seconds > 0)
        .map((p) => `${(0,markup/* labelText */.QK)(core_costs/* PHASE_LABELS */.Qw[p.phase])} ${(0,format/* formatPercent */.l9)(p.seconds, costs.totalSeconds)}`)
        .join(', ');
    const blocks = [
        {
            kind: 'optional',
            text: `<p><b>Where the time went</b> (${(0,format/* formatDuration */.a3)(costs.totalSeconds)} over all shards): ${pareto}.</p>`,
        },
    ];
    const predicted = lines.filter((l) => l.predictsWall && l.wallSeconds != null);
    if (predicted.length > 0) {
        const rows = predicted.map((l) => `<tr><td align="right">${l.shard}</td><td align="right">${(0,format/* formatDuration */.a3)(l.estimatedSeconds)}</td>` +
            `<td align="right">${(0,format/* formatDuration */.a3)(l.wallSeconds)}</td>` +
            `<td align="right">${(0,format/* formatDeviation */.vl)(l.wallSeconds, l.estimatedSeconds)}</td></tr>`);
        blocks.push({
            kind: 'optional',
            text: [
                '<details>',
                '<summary><b>Predicted vs actual wall</b> per shard (job start → tests done)</summary>',
                (0,markup/* tableOpen */.B1)(['Shard', 'Predicted wall', 'Actual wall', 'vs plan'], [0, 1, 2, 3]),
                ...rows,
                markup/* TABLE_CLOSE */.qY,
                '</details>',
            ].join('\n'),
        });
    }
    if (costs.paid.length > 0) {
        const rows = costs.paid.map((p) => {
            const what = p.kind === 'import'
                ? `import of ${(0,markup/* codeText */.ph)(p.node)}`
                : `${p.kind} ${(0,markup/* codeText */.ph)(p.name)}${p.node ? ` of ${(0,markup/* codeText */.ph)(p.node)}` : ''}`;
            return `<tr><td>${what}</td><td align="right">${(0,format/* formatDuration */.a3)(p.seconds)}</td><td align="right">${(0,format/* plural */.LS)(p.shards, 'shard', 'shards')}</td></tr>`;
        });
        blocks.push({
            kind: 'optional',
            text: [
                '<details>',
                '<summary><b>Costliest fixtures and imports</b>, paid across shards</summary>',
                (0,markup/* tableOpen */.B1)(['What', 'Paid in total', 'Paid in'], [1, 2]),
                ...rows,
                markup/* TABLE_CLOSE */.qY,
                '<p><sub>A module fixture or import is paid again by every shard that runs part of its file; the planner splits a file only when that pays.</sub></p>',
                '</details>',
            ].join('\n'),
        });
    }
    return blocks;
}

;// CONCATENATED MODULE: ./src/summary/merge/shards.ts






const MAX_TEST_LIST_CHANGES = 10;
/** What the plan's estimate is compared with: the wall when the plan predicted wall time. */
function actualOf(line) {
    return line.predictsWall && line.wallSeconds != null ? line.wallSeconds : line.testSeconds;
}
function renderShards(input, slowestCount) {
    const { report } = input;
    if (report.shardLines.length === 0)
        return [];
    const blocks = [
        {
            kind: 'essential',
            text: Number.isFinite(report.balance)
                ? `#### Shards: balance ${report.balance.toFixed(2)} (${balanceWord(report.balance)})`
                : '#### Shards',
        },
        {
            kind: 'optional',
            text: `<p>${[balanceReading(report), adviceSentence(input)].filter((t) => t !== '').join(' ')}</p>`,
        },
        { kind: 'optional', text: renderChart(report) },
        { kind: 'optional', text: renderShardTable(report) },
        ...renderCosts(input.costs, report.shardLines),
    ];
    if (slowestCount > 0 && input.slowest.length > 0)
        blocks.push(renderSlowest(input, slowestCount));
    blocks.push(...renderTestListChanges(report));
    if (input.advice && input.advice.rows.length > 0) {
        blocks.push({ kind: 'optional', text: renderAdvice(input, input.advice) });
    }
    const history = input.historyDescription.trim();
    if (history !== '') {
        blocks.push({
            kind: 'optional',
            text: `<p><sub>Timing data: ${(0,markup/* labelText */.QK)(history)}</sub></p>`,
        });
    }
    return blocks;
}
function balanceWord(balance) {
    if (!Number.isFinite(balance))
        return 'unknown';
    if (balance <= 1.05)
        return 'even';
    if (balance <= 1.15)
        return 'nearly even';
    if (balance <= 1.35)
        return 'uneven';
    return 'very uneven';
}
/** Slowest ÷ mean of the plan's own estimates: what balance the plan expected. */
function predictedBalance(report) {
    const planned = report.shardLines.map((l) => l.estimatedSeconds);
    const mean = planned.reduce((a, b) => a + b, 0) / Math.max(planned.length, 1);
    return mean > 0 ? Math.max(...planned) / mean : 1;
}
function balanceReading(report) {
    if (report.shardLines.length < 2)
        return 'One shard: nothing to balance.';
    const over = Math.round((report.balance - 1) * 100);
    const slowest = over <= 0
        ? 'All shards took the same time (balance = slowest ÷ mean; 1.00 is perfect).'
        : `The slowest shard took ${over}% longer than the average (balance = slowest ÷ mean; 1.00 is perfect).`;
    // A few percent is runner noise; past that, say whether the plan or the durations were off.
    if (report.balance <= 1.15)
        return slowest;
    const expected = predictedBalance(report);
    const why = expected <= 1.05
        ? `The plan expected ${expected.toFixed(2)}, so durations differed from the history (new or changed tests, or a noisy runner).`
        : `The plan itself expected ${expected.toFixed(2)}: one file or test probably takes longer than an even share.`;
    return `${slowest} ${why}`;
}
/**
 * xychart-beta (Mermaid ≥ 10.5; GitHub renders it) with actual test time as bars and the plan's
 * prediction as a line: two bar series would be drawn on top of each other. Only numbers and fixed
 * words go in here, never a test name. The y axis starts at 0, or near-equal shards would look
 * wildly different.
 */
function renderChart(report) {
    // Missing shards are left out: a bar of 0 would read as "fast", and a line has no gaps.
    const lines = report.shardLines;
    if (lines.length < 2)
        return '';
    const max = Math.max(0, ...lines.flatMap((l) => [actualOf(l), l.estimatedSeconds]));
    const minutes = max >= 120;
    const scale = (seconds) => minutes ? Math.round((seconds / 60) * 100) / 100 : Math.round(seconds * 10) / 10;
    const top = niceCeiling(scale(max) * 1.05);
    const actual = lines.map((l) => scale(actualOf(l)));
    const what = lines.every((l) => l.predictsWall) ? 'Wall' : 'Test time';
    const predicted = lines.map((l) => scale(l.estimatedSeconds));
    const unit = minutes ? 'minutes' : 'seconds';
    return [
        '```mermaid',
        '---',
        'config:',
        '  xyChart:',
        '    height: 300',
        '  themeVariables:',
        '    xyChart:',
        '      plotColorPalette: "#54aeff, #cf222e"',
        '---',
        'xychart-beta',
        `  title "${what} per shard: bars actual, line predicted"`,
        `  x-axis "shard" [${lines.map((l) => `"${Math.trunc(l.shard)}"`).join(', ')}]`,
        `  y-axis "${unit}" 0 --> ${top}`,
        `  bar [${actual.join(', ')}]`,
        `  line [${predicted.join(', ')}]`,
        '```',
    ].join('\n');
}
/** The first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `value`: a round axis top. */
function niceCeiling(value) {
    if (!(value > 0))
        return 1;
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) {
        if (step * power >= value)
            return Number((step * power).toPrecision(12));
    }
    return 10 * power;
}
/** Shards 1…N in order, with the missing ones as rows without a line. */
function shardRows(report) {
    const byShard = new Map(report.shardLines.map((l) => [l.shard, l]));
    const count = Math.max(report.shards, ...report.shardLines.map((l) => l.shard));
    const rows = [];
    for (let shard = 1; shard <= count; shard += 1) {
        const line = byShard.get(shard);
        rows.push(line ? { shard, line } : { shard });
    }
    return rows;
}
function renderShardTable(report) {
    const rows = shardRows(report).map(({ shard, line }) => {
        if (!line)
            return `<tr><td align="right">${shard} ❌</td><td colspan="6"><em>no results</em></td></tr>`;
        const broken = line.counts.failed + line.counts.errors;
        const cells = [
            `${shard}${broken > 0 ? ' ❌' : ''}`,
            (0,format/* formatCount */.B4)(line.counts.tests),
            (0,format/* formatDuration */.a3)(line.estimatedSeconds),
            (0,format/* formatDuration */.a3)(actualOf(line)),
            (0,format/* formatDeviation */.vl)(actualOf(line), line.estimatedSeconds),
            line.overheadSeconds === null ? '—' : (0,format/* formatDuration */.a3)(line.overheadSeconds),
            (0,format/* formatDuration */.a3)(shardWallSeconds(line)),
        ];
        return `<tr>${cells.map((c) => `<td align="right">${c}</td>`).join('')}</tr>`;
    });
    return [
        '<details>',
        '<summary><b>Per shard</b>: the numbers behind the chart</summary>',
        (0,markup/* tableOpen */.B1)(['Shard', 'Tests', 'Predicted', 'Actual', 'vs plan', 'Overhead', 'Wall'], [0, 1, 2, 3, 4, 5, 6]),
        ...rows,
        markup/* TABLE_CLOSE */.qY,
        report.shardLines.every((l) => l.predictsWall)
            ? '<p><sub>Predicted and actual: wall, job start → tests done (the plan modelled each shard’s fixed cost, imports and fixtures). Overhead: job start to first test.</sub></p>'
            : '<p><sub>Predicted and actual: test time. Overhead: job start to first test. Wall: both.</sub></p>',
        '</details>',
    ].join('\n');
}
function renderSlowest(input, count) {
    const top = [...input.slowest]
        .filter((t) => Number.isFinite(t.seconds))
        .sort((a, b) => b.seconds - a.seconds || (0,order/* compareCodeUnits */.U)(a.id, b.id))
        .slice(0, count);
    let total = 0;
    for (const r of input.report.results)
        if (Number.isFinite(r.seconds))
            total += r.seconds;
    const together = top.reduce((sum, t) => sum + t.seconds, 0);
    const share = total > 0 ? `, ${(0,format/* formatPercent */.l9)(together, total)} of all test time` : '';
    return {
        kind: 'list',
        list: {
            total: top.length,
            limit: top.length,
            row: (i) => {
                const t = top[i];
                return (`<tr><td align="right">${i + 1}</td><td>${(0,markup/* codeText */.ph)(t.id)}</td>` +
                    `<td align="right">${t.shard}</td><td align="right">${(0,format/* formatDuration */.a3)(t.seconds)}</td></tr>`);
            },
            open: `<details>\n<summary><b>Slowest ${(0,format/* plural */.LS)(top.length, 'test', 'tests')}</b>: ` +
                `${(0,format/* formatDuration */.a3)(together)} together${share}</summary>\n` +
                (0,markup/* tableOpen */.B1)(['#', 'Test', 'Shard', 'Time'], [0, 2, 3]),
            close: `${markup/* TABLE_CLOSE */.qY}\n</details>`,
            more: () => '',
        },
    };
}
function renderTestListChanges(report) {
    const added = report.newTests;
    const gone = report.plannedNotRun;
    if (added.length === 0 && gone.length === 0)
        return [];
    const parts = [];
    const notes = [];
    if (added.length > 0) {
        parts.push((0,format/* plural */.LS)(added.length, 'new test', 'new tests'));
        notes.push('<b>new</b>: ran, but the plan did not know it (added since the timing history; it got an estimated duration)');
    }
    if (gone.length > 0) {
        parts.push(`${(0,format/* formatCount */.B4)(gone.length)} planned but not run`);
        notes.push('<b>not run</b>: planned, but ran in no shard (probably deleted or renamed)');
    }
    const shownAdded = Math.min(added.length, MAX_TEST_LIST_CHANGES);
    const shownGone = Math.min(gone.length, MAX_TEST_LIST_CHANGES);
    const firstFew = added.length > shownAdded || gone.length > shownGone
        ? ` The first ${MAX_TEST_LIST_CHANGES} of each:`
        : '';
    const row = (i) => {
        if (i < shownAdded)
            return `<tr><td>new</td><td>${(0,markup/* codeText */.ph)(added[i])}</td><td align="right"></td></tr>`;
        const g = gone[i - shownAdded];
        return `<tr><td>not run</td><td>${(0,markup/* codeText */.ph)(g.id)}</td><td align="right">${g.shard}</td></tr>`;
    };
    return [
        {
            kind: 'list',
            list: {
                total: shownAdded + shownGone,
                limit: shownAdded + shownGone,
                row,
                open: `<details>\n<summary><b>Test list changes</b>: ${parts.join(', ')}</summary>\n` +
                    `<p>${notes.join('; ')}.${firstFew}</p>\n` +
                    (0,markup/* tableOpen */.B1)(['', 'Test', 'Planned for shard'], [2]),
                close: `${markup/* TABLE_CLOSE */.qY}\n</details>`,
                more: () => '',
            },
        },
    ];
}

;// CONCATENATED MODULE: ./src/summary/mergeSummary.ts











const DEFAULT_SLOWEST = 10;
const DEFAULT_FAILURES = 50;
const BUDGET_NOTE = (0,budget/* budgetNote */.eu)("the merge step's log and the shards' results artifacts have everything");
function renderMergeSummary(input, options = {}) {
    const maxBytes = options.maxBytes ?? budget/* DEFAULT_SUMMARY_MAX_BYTES */._u;
    const slowestCount = Math.max(0, Math.floor(options.slowest ?? DEFAULT_SLOWEST));
    const failureCount = Math.max(0, Math.floor(options.failures ?? DEFAULT_FAILURES));
    const blocks = [
        { kind: 'essential', text: renderHeadline(input) },
        ...renderProblems(input),
        ...renderFailures(input.report, failureCount),
        ...(input.insights ? (0,summary_insights/* renderInsightSections */.t$)(input.insights) : []).map((x) => ({
            kind: x.essential ? 'essential' : 'optional',
            text: x.text,
        })),
        ...renderCoverage(input),
        ...renderShards(input, slowestCount),
    ];
    return (0,budget/* fitBlocks */.U8)(blocks, maxBytes, BUDGET_NOTE);
}
function renderHeadline(input) {
    const { report } = input;
    const { status } = input;
    const icon = status === 'passed' ? '✅' : status === 'failed' ? '❌' : '⚠️';
    // Exactly-once comes first: a green test count means nothing when tests went missing.
    const broken = [];
    if (report.shardLines.length === 0)
        broken.push('no shard uploaded results');
    else if (report.missingShards.length > 0)
        broken.push(`${shardNames(report.missingShards)} uploaded no results`);
    if (report.failedShards.length > 0) {
        broken.push(`${shardNames(report.failedShards.map((f) => f.shard))} failed`);
    }
    if (report.lost.length > 0) {
        broken.push(`${(0,format/* plural */.LS)(report.lost.length, 'test', 'tests')} did not run`);
    }
    if (report.duplicated.length > 0) {
        broken.push(`${(0,format/* plural */.LS)(report.duplicated.length, 'test', 'tests')} ran more than once`);
    }
    if (report.unstableFiles.length > 0) {
        broken.push(`${(0,format/* plural */.LS)(report.unstableFiles.length, 'file has', 'files have')} unstable test ids`);
    }
    if (report.fingerprints.length > 1 && !report.exactlyOnce) {
        broken.push('the shards ran different plans');
    }
    const c = report.counts;
    const outcomes = [
        `${(0,format/* formatCount */.B4)(c.passed)} passed`,
        `${(0,format/* formatCount */.B4)(c.failed)} failed`,
        ...(c.errors > 0 ? [(0,format/* plural */.LS)(c.errors, 'error', 'errors')] : []),
        ...(c.skipped > 0 ? [`${(0,format/* formatCount */.B4)(c.skipped)} skipped`] : []),
    ].join(', ');
    const facts = [
        `${(0,format/* plural */.LS)(c.tests, 'test', 'tests')} in ${(0,format/* plural */.LS)(report.shards, 'shard', 'shards')}: ${outcomes}`,
    ];
    const coverage = input.coverage;
    if (coverage !== undefined) {
        if ('error' in coverage)
            facts.push('coverage missing');
        else {
            const threshold = coverage.failUnder === undefined
                ? ''
                : belowThreshold(coverage)
                    ? ` (below ${formatThreshold(coverage.failUnder)})`
                    : ` (≥ ${formatThreshold(coverage.failUnder)})`;
            facts.push(`coverage ${formatCoverage(coverage.totalPercent)}${threshold}`);
        }
    }
    if (report.shardLines.length > 0)
        facts.push(`wall ${(0,format/* formatDuration */.a3)(runWallSeconds(report))}`);
    // With no results at all, "0 tests in 4 shards: 0 passed" would only add noise.
    if (report.shardLines.length === 0)
        facts.shift();
    const lead = broken.length > 0 ? `${(0,markup/* capitalize */.ZH)(broken.join(', '))}${facts.length > 0 ? ' — ' : ''}` : '';
    return `### ${icon} ${lead}${facts.join(' · ')}`;
}

;// CONCATENATED MODULE: ./src/roles/mergeRun.ts
/**
 * The merge role: N shard results → proof of exactly-once, the next history, combined coverage,
 * the run summary and shard-count advice. The GitHub entry and the CLI differ only in ports.
 */



















async function mergeRun(config, ports) {
    const { log } = ports;
    const uploads = await ports.uploads.fetchAll();
    const results = [];
    const digests = new Map();
    const uploadProblems = [];
    for (const upload of uploads) {
        const parsed = parseShardResult(upload);
        if (typeof parsed === 'string')
            uploadProblems.push(parsed);
        else {
            results.push(parsed);
            digests.set(parsed.shard, resultDigest(upload.resultText));
        }
    }
    const report = mergeShardResults(results, config.expectedShards);
    const previous = await loadPreviousHistory(ports.previousHistory, log);
    const history = rollShards(previous, results, digests, report, config.now, log);
    // Every result's own time (whether or not its shard was rolled in before), for the insights.
    const kindOfTest = new Map();
    for (const r of results)
        for (const t of r.results)
            if (!kindOfTest.has(t.id))
                kindOfTest.set(t.id, r.kind);
    const timings = (0,core_costs/* ownTimings */.Ai)(report.results, (id) => kindOfTest.get(id), history.costs);
    const historyJson = (0,core_history/* serializeHistory */.ph)(history);
    const testDurations = config.exportTestDurations
        ? (0,pytestDurations/* formatPytestDurations */.gy)((0,core_history/* historyToTimings */.Vm)(history))
        : undefined;
    await ports.historySink.save({ historyJson, ...(testDurations ? { testDurations } : {}) });
    let coverage;
    let coverageError;
    if (ports.coverage) {
        const dirs = uploads.map((u) => u.coverageDir).filter((d) => d !== undefined);
        const without = uploads
            .filter((u) => u.coverageDir === undefined && u.resultText !== null)
            .map((u) => u.shard);
        if (without.length > 0 && dirs.length > 0) {
            log.warning(`evenshard: shard(s) ${without.join(', ')} uploaded no coverage data; the combined coverage leaves out what they ran.`);
        }
        try {
            coverage = await ports.coverage.combine(dirs);
        }
        catch (error) {
            coverageError = error.message;
        }
    }
    const advice = adviseFromHistory(history, report, config, results[0]?.kind);
    const summaryCoverage = coverage
        ? {
            totalPercent: coverage.totalPercent,
            files: coverage.files,
            ...(config.failUnder !== undefined ? { failUnder: config.failUnder } : {}),
            ...(config.changedFiles ? { changedFiles: config.changedFiles } : {}),
        }
        : coverageError !== undefined
            ? { error: coverageError }
            : undefined;
    const insights = historyInsights(previous, report, timings, results, config);
    const verdict = mergeVerdict(report, summaryCoverage, uploadProblems, insights.quarantined.length);
    const slowest = [...report.results]
        .sort((a, b) => b.seconds - a.seconds || (0,order/* compareCodeUnits */.U)(a.id, b.id))
        .slice(0, 10)
        .map((r) => ({ id: r.id, seconds: r.seconds, shard: shardOf(results, r.id) }));
    const runCosts = (0,core_costs/* runCostReport */.bf)(results);
    const input = {
        report,
        status: verdict.status,
        ...(summaryCoverage ? { coverage: summaryCoverage } : {}),
        ...(advice ? { advice } : {}),
        ...(config.targetMinutes !== undefined ? { targetMinutes: config.targetMinutes } : {}),
        historyDescription: previous
            ? `history run ${previous.run} → ${history.run}`
            : `first history (run ${history.run})`,
        slowest,
        ...(runCosts ? { costs: runCosts } : {}),
        insights,
    };
    const summary = renderMergeSummary(input);
    await ports.summary.write(summary);
    for (const q of insights.quarantined) {
        log.warning(`evenshard: quarantined test failed in shard ${q.shard} (does not fail the run): ${q.id}${q.message ? ` — ${q.message}` : ''}`);
    }
    return {
        report,
        history,
        ...(coverage ? { coverage } : {}),
        ...(advice ? { advice } : {}),
        summary,
        insights,
        insightsComment: (0,summary_insights/* renderInsightsComment */.f3)(insights),
        failures: verdict.reasons,
    };
}
/**
 * What the previous history says about this run: flaky tests (within the run and across runs on
 * the base branch), quarantined failures, slower and faster tests, and the attempts results came
 * from. Compared with the history BEFORE this run, so this run cannot vouch for itself.
 */
function historyInsights(previous, report, 
/** The results' own times (fixtures shared beyond a test and runner speed taken out), as the
 *  history keeps them: slower and faster compare like with like. */
timings, shardResults, config) {
    const slowdownRule = config.slowdownRule ?? DEFAULT_SLOWDOWN_RULE;
    const flakinessRule = config.flakinessRule ?? DEFAULT_FLAKINESS_RULE;
    const shardById = new Map();
    for (const r of shardResults)
        for (const t of r.results)
            if (!shardById.has(t.id))
                shardById.set(t.id, r.shard);
    const withShard = (t) => ({ ...t, shard: shardById.get(t.id) ?? 0 });
    const { slower, faster } = testDurationChanges(previous, timings, slowdownRule);
    const suiteSeconds = timings.reduce((sum, r) => sum + Math.max(0, r.seconds), 0);
    const startUp = report.overheads.length > 0 ? (0,core_history/* estimateFromSamples */.qt)(report.overheads) : undefined;
    const aggregates = [
        aggregateChange('suite test time', previous?.suite, report.results.length ? suiteSeconds : undefined, slowdownRule),
        aggregateChange('shard start-up (job start → first test)', previous?.overhead, startUp, slowdownRule),
        // Each phase (install, collection, …) by its median per shard; the tests' own time is the suite's.
        ...core_costs/* SHARD_PHASES */.c1.filter((phase) => phase !== 'tests').map((phase) => {
            const now = shardResults
                .map((r) => r.phases?.[phase])
                .filter((x) => x !== undefined && Number.isFinite(x));
            return aggregateChange(`${core_costs/* PHASE_LABELS */.Qw[phase]} (median per shard)`, previous?.costs.phases[phase], now.length > 0 ? (0,core_history/* estimateFromSamples */.qt)(now) : undefined, slowdownRule);
        }),
    ].filter((a) => a !== undefined);
    const byAttempt = (0,attempts/* resultsByRunAttempt */.e3)(report.results);
    return {
        flakyInRun: (0,attempts/* flakyResults */.w9)(report.results).map(withShard),
        flakyAcrossRuns: flakyAcrossRuns(previous, report.results.map((r) => r.id), flakinessRule),
        flakinessRule,
        quarantined: (0,quarantine/* splitQuarantined */.zn)(report.failures, config.quarantine).quarantined,
        ...(config.quarantine ? { quarantineSource: config.quarantine.source } : {}),
        slower,
        faster,
        aggregates,
        slowdownRule,
        ...(byAttempt.some((a) => a.attempt > 1)
            ? {
                attempts: {
                    byAttempt,
                    later: report.results.filter((r) => (r.runAttempt ?? 1) > 1).map(withShard),
                },
            }
            : {}),
    };
}
function parseShardResult(upload) {
    if (upload.resultText === null)
        return `shard ${upload.shard}: its results artifact has no readable results.json`;
    return (0,shardResult/* parseShardResultText */.U2)(upload.resultText, upload.shard);
}
/** How many shard-result digests the history remembers (a few runs of the largest matrix). */
const MAX_MERGED_DIGESTS = 256;
function resultDigest(text) {
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16);
}
/**
 * Rolls the shards' results into the next history, each shard's results once: a shard whose
 * results the previous history already holds (the same store merged twice, a re-run merge job)
 * adds nothing. Files with unstable ids are kept whole from now on.
 */
function rollShards(previous, results, digests, report, now, log) {
    const seen = new Set(previous?.merged ?? []);
    const fresh = results.filter((r) => !seen.has(digests.get(r.shard)));
    const keepWhole = report.unstableFiles.map((u) => u.file);
    if (previous && results.length > 0 && fresh.length === 0 && keepWhole.length === 0) {
        log.info('evenshard: these shard results are already in the history; it stays as it is.');
        return previous;
    }
    if (fresh.length < results.length) {
        log.info(`evenshard: ${results.length - fresh.length} shard result(s) are already in the history and add no samples.`);
    }
    // Costs first: they learn each runner kind's speed factor, which the tests' samples are scaled by.
    const costs = (0,core_costs/* rollCosts */.Q7)(previous?.costs ?? (0,core_history/* emptyCostHistory */.tW)(), fresh.map(core_costs/* costSampleOf */.bW), (previous?.run ?? 0) + 1);
    const kindOfTest = new Map();
    const firstResults = [];
    for (const r of fresh) {
        for (const t of r.results) {
            if (kindOfTest.has(t.id))
                continue;
            kindOfTest.set(t.id, r.kind);
            firstResults.push(t);
        }
    }
    const timings = (0,core_costs/* ownTimings */.Ai)(firstResults, (id) => kindOfTest.get(id), costs);
    const overheads = fresh.map((r) => r.overheadSeconds).filter((x) => x !== null);
    const history = {
        ...(0,core_history/* rollHistory */.ip)(previous, timings, overheads, { now, keepWhole }),
        costs,
    };
    const merged = [...(previous?.merged ?? []), ...results.map((r) => digests.get(r.shard))];
    history.merged = [...new Set(merged)].slice(-MAX_MERGED_DIGESTS);
    return history;
}
async function loadPreviousHistory(source, log) {
    const fetched = await source.fetch();
    if (!fetched)
        return null;
    try {
        return parseHistoryText(fetched.text);
    }
    catch {
        // A timing file of another format (e.g. a committed .test_durations) seeds the history.
        try {
            const { entries } = (0,detect/* parseTimingText */.Lx)(fetched.text);
            return (0,core_history/* rollHistory */.ip)(null, entries, [], { now: '' });
        }
        catch (error) {
            log.warning(`evenshard: the previous history (${fetched.description}) is unreadable: ${error.message}; starting a new one.`);
            return null;
        }
    }
}
function adviseFromHistory(history, report, config, kind) {
    if (report.results.length === 0)
        return undefined;
    const ran = report.results.map((r) => ({ id: r.id, file: (0,identity/* fileOfTestId */.z)(r.id) }));
    const measured = new Map((0,core_history/* historyToTimings */.Vm)(history).map((t) => [t.id, t.seconds]));
    const { tests: estimated } = (0,estimate/* estimateDurations */.Wi)(ran, measured);
    // The same cost model the next run's plan will use, so the table predicts what it will see.
    const model = (0,core_costs/* costModelFromHistory */.NP)(history.costs, kind);
    const modelled = model ? (0,core_costs/* applyCostModel */.$8)(estimated, model) : undefined;
    return (0,advice/* adviseShardCount */.w2)(modelled?.tests ?? estimated, {
        overheadSeconds: (0,core_history/* overheadEstimate */.Vz)(history) ?? 0,
        splitFiles: config.splitFiles,
        ...(config.targetMinutes !== undefined ? { targetSeconds: config.targetMinutes * 60 } : {}),
        ...(config.maxShards !== undefined ? { maxShards: config.maxShards } : {}),
        ...(modelled ? { costs: modelled.costs } : {}),
        ...(config.maxParallel !== undefined ? { maxParallel: config.maxParallel } : {}),
    });
}
function shardOf(results, id) {
    for (const r of results)
        if (r.results.some((t) => t.id === id))
            return r.shard;
    return 0;
}

// EXTERNAL MODULE: ./src/runners/index.ts + 9 modules
var runners = __webpack_require__(2397);
// EXTERNAL MODULE: ./src/ports.ts
var ports = __webpack_require__(6467);
// EXTERNAL MODULE: ./src/cli/errors.ts
var errors = __webpack_require__(6675);
;// CONCATENATED MODULE: ./src/cli/merge.ts
/** `evenshard merge`: merge the shards' results in a local store into the next history. */













async function mergeCommand(argv, out) {
    const { values } = (0,external_node_util_.parseArgs)({
        args: argv,
        options: {
            store: { type: 'string' },
            shards: { type: 'string' },
            coverage: { type: 'string', default: 'none' },
            'fail-under': { type: 'string' },
            'target-minutes': { type: 'string' },
            root: { type: 'string', default: '.' },
            python: { type: 'string', default: runners/* DEFAULT_PYTHON */.H1 },
            'test-durations': { type: 'string' },
            framework: { type: 'string', default: 'pytest' },
            quarantine: { type: 'string' },
            'slower-factor': { type: 'string' },
            'slower-min-seconds': { type: 'string' },
            'flaky-flip-rate': { type: 'string' },
            json: { type: 'boolean', default: false },
        },
        strict: true,
        allowPositionals: false,
    });
    if (!values.store)
        throw new errors/* UsageError */.e('--store DIR is required (the folder the shards wrote to)');
    const kind = (0,validate/* oneOf */.yL)(values.coverage, COVERAGE_KINDS, '--coverage');
    const framework = (0,validate/* oneOf */.yL)(values.framework, runners/* RUNNER_FRAMEWORKS */.BM, '--framework');
    const expectedShards = (0,validate/* optionalNumber */.WI)(values.shards, '--shards', { min: 1, integer: true });
    const failUnder = (0,validate/* optionalNumber */.WI)(values['fail-under'], '--fail-under', { min: 0, max: 100 });
    const targetMinutes = (0,validate/* optionalNumber */.WI)(values['target-minutes'], '--target-minutes', {
        min: 0,
        max: 10_000,
    });
    const store = new local_store/* LocalStore */.V((0,external_node_path_.resolve)(values.store), local_store/* consoleLogger */.k);
    const root = (0,external_node_path_.resolve)(values.root);
    const testDurations = values['test-durations'];
    const quarantine = values.quarantine
        ? await (0,files/* loadQuarantine */.J)(root, values.quarantine, '--quarantine').catch((error) => {
            throw new errors/* UsageError */.e(error.message);
        })
        : undefined;
    const factor = (0,validate/* optionalNumber */.WI)(values['slower-factor'], '--slower-factor', { min: 1, max: 1_000 });
    const floor = (0,validate/* optionalNumber */.WI)(values['slower-min-seconds'], '--slower-min-seconds', {
        min: 0,
        max: 86_400,
    });
    const flipRate = (0,validate/* optionalNumber */.WI)(values['flaky-flip-rate'], '--flaky-flip-rate', {
        min: 0,
        max: 1,
    });
    const outcome = await mergeRun({
        ...(expectedShards !== undefined ? { expectedShards } : {}),
        ...(failUnder !== undefined ? { failUnder } : {}),
        ...(targetMinutes !== undefined ? { targetMinutes } : {}),
        splitFiles: framework === 'pytest',
        exportTestDurations: testDurations !== undefined,
        now: new Date().toISOString(),
        ...(quarantine ? { quarantine } : {}),
        slowdownRule: {
            ...DEFAULT_SLOWDOWN_RULE,
            ...(factor !== undefined ? { factor } : {}),
            ...(floor !== undefined ? { floorSeconds: floor } : {}),
        },
        flakinessRule: {
            ...DEFAULT_FLAKINESS_RULE,
            ...(flipRate !== undefined ? { flipRate } : {}),
        },
    }, {
        uploads: store,
        previousHistory: store,
        historySink: store.historySink(testDurations),
        ...(kind !== 'none'
            ? {
                coverage: coverageCombiner({
                    kind,
                    root,
                    outDir: (0,external_node_path_.join)(store.dir, 'coverage-combined'),
                    python: values.python,
                    log: local_store/* consoleLogger */.k,
                }),
            }
            : {}),
        summary: {
            write: async (markdown) => {
                if (!values.json)
                    out(markdown.endsWith('\n') ? markdown : markdown + '\n');
            },
        },
        log: local_store/* consoleLogger */.k,
    });
    if (values.json)
        out(JSON.stringify(mergeToJson(outcome, store.historyPath)) + '\n');
    for (const failure of outcome.failures)
        process.stderr.write(`evenshard merge: ${(0,ports/* logLine */.B)(failure)}\n`);
    return outcome.failures.length ? 1 : 0;
}
/**
 * `merge --json`: the verdict and the exactly-once proof as one JSON line, for scripts (the soak
 * reads it). Shape documented in docs/cli.md.
 */
function mergeToJson(outcome, historyPath) {
    const { report } = outcome;
    return {
        passed: outcome.failures.length === 0,
        exactlyOnce: report.exactlyOnce,
        failures: outcome.failures,
        shards: report.shards,
        counts: report.counts,
        missingShards: report.missingShards,
        failedShards: report.failedShards,
        lost: report.lost.map(({ id, file, shard, reason }) => ({ id, file, shard, reason })),
        duplicated: report.duplicated,
        unstableFiles: report.unstableFiles,
        newTests: report.newTests.length,
        history: historyPath,
    };
}


/***/ })

};
