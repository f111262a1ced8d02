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
import { execFile } from 'node:child_process';
import { copyFile, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileExistsIn, rootForms } from './files.js';
import {
  CoverageError,
  describeDataFile,
  type CombineContext,
  type CoverageFormat,
  type FormatCombined,
  type ShardData,
} from './format.js';
import { PathMapper } from './paths.js';

const SCRIPT = String.raw`
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

export class PythonCoverageError extends Error {
  override name = 'PythonCoverageError';
}

function runPython(python: string, cwd: string, request: object): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      python,
      ['-c', SCRIPT, JSON.stringify(request)],
      { cwd, maxBuffer: 64 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          const detail =
            code === 'ENOENT'
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
          reject(
            new PythonCoverageError(`no result from ${python}: ${stderr.trim() || stdout.trim()}`),
          );
          return;
        }
        resolvePromise(JSON.parse(line.slice(RESULT_MARK.length)));
      },
    );
  });
}

export interface MeasuredFiles {
  version: string;
  /** Data file → source paths it measured, as recorded. */
  measured: Record<string, string[]>;
  /** Data file → why coverage.py could not read it. */
  unreadable: Record<string, string>;
}

/** The source paths recorded in each data file. */
export async function readMeasuredFiles(
  python: string,
  cwd: string,
  files: readonly string[],
): Promise<MeasuredFiles> {
  return (await runPython(python, cwd, { mode: 'measured', files })) as MeasuredFiles;
}

export interface CombineRequest {
  files: readonly string[];
  dataFile: string;
  /** Checkout prefixes of other machines, mapped onto `root` with `[paths]`. */
  aliases: readonly string[];
  root: string;
  json: string;
  xml: string;
}

/** Combines `files` into `dataFile` and writes the JSON and XML reports; returns the version. */
export async function combineAndReport(
  python: string,
  root: string,
  request: CombineRequest,
): Promise<{ version: string }> {
  return (await runPython(python, root, { mode: 'combine', ...request })) as { version: string };
}

/** Escapes fnmatch's special characters: `[paths]` entries are patterns, recorded paths are not. */
export function fnmatchLiteral(path: string): string {
  return path.replace(/[[*?]/g, (c) => `[${c}]`);
}

/** What we read from coverage.py's JSON report. */
export interface CoveragePyJson {
  totals: { covered_lines: number; num_statements: number; percent_covered: number };
  files: Record<
    string,
    { summary: { covered_lines: number; num_statements: number; percent_covered: number } }
  >;
}

export function parseCoveragePyJson(text: string): CoveragePyJson {
  const json = JSON.parse(text) as Partial<CoveragePyJson>;
  if (typeof json.totals?.percent_covered !== 'number' || typeof json.files !== 'object') {
    throw new Error('the coverage.py JSON report has no totals');
  }
  return json as CoveragePyJson;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

async function isSqlite(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_MAGIC.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === buffer.length && buffer.toString('latin1') === SQLITE_MAGIC;
  } finally {
    await handle.close();
  }
}

function nothing(): FormatCombined {
  return { files: [], reportFiles: [], usedShards: new Set(), dataFileCount: 0 };
}

/** coverage.py as a coverage format: only coverage.py can combine its data, so it does. */
export const coveragePyFormat: CoverageFormat = {
  id: 'coverage.py',
  dataPatterns: ['**/.coverage', '**/.coverage.*'],
  missingDataHint:
    'Make each shard write coverage data (pytest --cov, or coverage run -p -m pytest) and check that the upload kept hidden files (.coverage*).',
  combine: combineCoveragePy,
};

async function combineCoveragePy(context: CombineContext): Promise<FormatCombined> {
  const { shards, root, outDir, python, log } = context;
  // Every shard's file may be called `.coverage`: copies get unique names in one folder.
  const copiesDir = join(outDir, '.evenshard-coverage-data');
  await rm(copiesDir, { recursive: true, force: true });
  await mkdir(copiesDir, { recursive: true });
  const copies = new Map<string, { shard: ShardData; original: string }>();
  try {
    for (const shard of shards) {
      const safeName = shard.name.replace(/[^A-Za-z0-9_-]/g, '_');
      for (const [n, file] of shard.files.entries()) {
        if (!(await isSqlite(file))) {
          log.warning(
            `evenshard: ${describeDataFile(shard, file)} is not a coverage.py data file (coverage.py 5 or newer writes SQLite); skipped.`,
          );
          continue;
        }
        const copy = join(copiesDir, `.coverage.${safeName}.${n + 1}`);
        await copyFile(file, copy);
        copies.set(copy, { shard, original: file });
      }
    }
    if (copies.size === 0) return nothing();

    const measured = await callPython(python, () =>
      readMeasuredFiles(python, root, [...copies.keys()]),
    );
    for (const [copy, why] of Object.entries(measured.unreadable)) {
      const source = copies.get(copy);
      log.warning(
        `evenshard: coverage.py ${measured.version} cannot read ${source ? describeDataFile(source.shard, source.original) : copy} (${why}); skipped.`,
      );
      copies.delete(copy);
    }

    // Shards that ran in another checkout folder recorded other absolute paths: learn each
    // shard's prefix from the files that exist here, and map it onto the checkout with [paths].
    const aliases = new Set<string>();
    const usedShards = new Set<string>();
    const mappers = new Map<string, PathMapper>();
    for (const [copy, { shard }] of copies) {
      usedShards.add(shard.name);
      const mapper = mappers.get(shard.name) ?? new PathMapper(rootForms(root), fileExistsIn(root));
      mappers.set(shard.name, mapper);
      for (const path of measured.measured[copy] ?? []) mapper.map(path);
    }
    for (const mapper of mappers.values())
      for (const prefix of mapper.prefixes) aliases.add(fnmatchLiteral(prefix));

    const dataFile = join(outDir, '.coverage');
    const jsonReport = join(outDir, 'coverage.json');
    const xmlReport = join(outDir, 'coverage.xml');
    // combine() adds to an existing data file: start from nothing.
    await rm(dataFile, { force: true });
    if (copies.size === 0) return nothing();
    await callPython(python, () =>
      combineAndReport(python, root, {
        files: [...copies.keys()],
        dataFile,
        aliases: [...aliases].sort(),
        root,
        json: jsonReport,
        xml: xmlReport,
      }),
    );
    if (aliases.size > 0) {
      log.info(
        `evenshard: mapped coverage.py paths recorded under ${[...aliases].sort().join(', ')} onto ${root}`,
      );
    }

    const report = parseCoveragePyJson(await readFile(jsonReport, 'utf8'));
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
  } finally {
    await rm(copiesDir, { recursive: true, force: true });
  }
}

async function callPython<T>(python: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PythonCoverageError) {
      throw new CoverageError(
        `coverage.py could not combine the shards' data with ${python}: ${error.message}. ` +
          'The merge job needs the same coverage.py version as the shards (pip install coverage) ' +
          'and the checkout, since reports read the sources.',
      );
    }
    throw error;
  }
}
