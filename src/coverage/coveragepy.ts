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
