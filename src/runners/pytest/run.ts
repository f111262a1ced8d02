/**
 * Runs one shard with pytest: writes the selection for the evenshard plugin, starts pytest as an
 * argument vector (never through a shell), and reads back what the plugin recorded.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import type { FixtureCost } from '../../core/costs.js';
import { compareCodeUnits } from '../../core/order.js';
import type {
  CollectedFile,
  ShardCollection,
  ShardStatus,
  TestResult,
} from '../../core/shardResult.js';
import type { FileSplit, Outcome, ShardPlan } from '../../core/types.js';

/** Module name of the plugin (src/runners/pytest/evenshard_plugin.py, copied into the bundle). */
export const PYTEST_PLUGIN_MODULE = 'evenshard_plugin';

/** pytest's exit code for "no tests collected": an empty shard, not a failure. */
export const PYTEST_EXIT_NO_TESTS = 5;

/**
 * The Python interpreter evenshard runs when none is given: the action's `python` input default
 * (action.yml), the CLI's too. `python` is what setup-python puts on PATH on every OS.
 */
export const DEFAULT_PYTHON = 'python';
export const DEFAULT_PYTEST_COMMAND: readonly string[] = [DEFAULT_PYTHON, '-m', 'pytest'];

/**
 * What one shard runs, plus the plan-wide facts the plugin needs. Build it with
 * {@link pytestSelectionForShard} so that `allFiles` and `runUnlisted` are right.
 */
export interface PytestSelection {
  /** Files run whole (POSIX, relative to the root). */
  files: readonly string[];
  splits: readonly FileSplit[];
  /**
   * Every file that some shard's selection names (whole or split). The plugin then drops only
   * files it knows another shard runs, and anything else (a file discovery missed) runs as an
   * unlisted item. Without it the plugin drops every `.py` file matching `python_files`.
   */
  allFiles?: readonly string[];
  /**
   * Whether this shard runs items from files outside `allFiles` (doctests of library modules,
   * non-Python test items, files discovery missed). Set true on exactly one shard so they run
   * once. Default true: duplicates show up in the merge, lost tests would not.
   */
  runUnlisted?: boolean;
  /** Test ids that already passed in an earlier attempt of this run: deselected. */
  done?: readonly string[];
}

export interface PytestShardRequest {
  /** Absolute project root: pytest runs here and test ids are relative to it. */
  root: string;
  /** Argument vector of the test command. Default `python -m pytest`. */
  command?: readonly string[];
  /** The shard's selection, or null to run what pytest collects unfiltered (results only). */
  selection: PytestSelection | null;
  /** Folder holding evenshard_plugin.py; prepended to PYTHONPATH. */
  pluginDir: string;
  /** Where the plugin writes its results document (and `<resultsPath>.collection.json`). */
  resultsPath: string;
  /**
   * Files (relative to the root) to name on pytest's command line: pytest then collects exactly
   * these (whatever `testpaths` and `python_files` say). None: pytest's own configuration.
   */
  paths?: readonly string[];
  /** Where pytest writes JUnit XML (xunit1, which keeps file and line); none when omitted. */
  junitPath?: string;
  /** Where the selection document is written. Default `<resultsPath>.selection.json`. */
  selectionPath?: string;
  /** Base environment of the child. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Receive output instead of passing it through to this process's stdout/stderr. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export interface PytestShardRun {
  /** pytest's exit code (128 + signal number when it was killed). */
  exitCode: number;
  signal: NodeJS.Signals | null;
  /** True when pytest collected nothing to run (exit code 5): a legitimately empty shard. */
  empty: boolean;
  /** Why the run failed other than by failing tests (usage error, crash, interruption). */
  commandProblem?: string;
  status: ShardStatus;
  /** What pytest collected (null when it never finished collecting). */
  collection: ShardCollection | null;
  /** One entry per test id, sorted by id; a collector that failed (import error) or skipped
   *  itself appears under its own id (the file, for a module). */
  results: TestResult[];
  /** Epoch milliseconds measured by the plugin; null when pytest never got that far. */
  sessionStart: number | null;
  firstTestStart: number | null;
  sessionEnd: number | null;
  /** Epoch milliseconds bracketing collection; null under xdist (workers collect). */
  collectStart: number | null;
  collectEnd: number | null;
  /** Per test file: collection (import) seconds. */
  collect: Record<string, number>;
  /** Setups of fixtures shared beyond one test (module, class, package, session scope). */
  fixtures: FixtureCost[];
  /** Epoch milliseconds around the child process. */
  spawnedAt: number;
  exitedAt: number;
}

/** The plugin's results document, as parsed. */
export interface PytestResultsDocument {
  version: 1;
  pytestVersion: string;
  exitStatus: number;
  /** The session reached its end (pytest_sessionfinish). */
  finished: boolean;
  /** pytest's reason for stopping early (-x, --maxfail), if it did. */
  stopped?: string;
  /** Why pytest could not start the session (a conftest that fails to import). */
  fatal?: string;
  sessionStart: number | null;
  firstTestStart: number | null;
  sessionEnd: number | null;
  collectStart: number | null;
  collectEnd: number | null;
  collect: Record<string, number>;
  fixtures: FixtureCost[];
  results: TestResult[];
}

const OUTCOMES: ReadonlySet<string> = new Set<Outcome>(['passed', 'failed', 'skipped', 'error']);

/**
 * The selection for shard `index` (1-based) of a plan: its own files and splits, `allFiles` from
 * every shard, and unlisted items on shard `unlistedShard` only.
 */
export function pytestSelectionForShard(
  shards: readonly Pick<ShardPlan, 'index' | 'files' | 'splits'>[],
  index: number,
  unlistedShard = 1,
): PytestSelection {
  const mine = shards.find((s) => s.index === index);
  if (mine === undefined) throw new Error(`the plan has no shard ${index}`);
  const allFiles = new Set<string>();
  for (const shard of shards) {
    for (const file of shard.files) allFiles.add(file);
    for (const part of shard.splits) allFiles.add(part.file);
  }
  return {
    files: mine.files,
    splits: mine.splits,
    allFiles: [...allFiles].sort(),
    runUnlisted: index === unlistedShard,
  };
}

export async function runPytestShard(request: PytestShardRequest): Promise<PytestShardRun> {
  const root = path.resolve(request.root);
  const command = request.command ?? DEFAULT_PYTEST_COMMAND;
  const [program, ...baseArgs] = command;
  if (program === undefined) throw new Error('the pytest command is empty');
  const baseEnv = request.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PYTHONPATH: [request.pluginDir, baseEnv['PYTHONPATH']].filter(Boolean).join(path.delimiter),
    EVENSHARD_RESULTS: path.resolve(request.resultsPath),
    EVENSHARD_COLLECTION: path.resolve(collectionPath(request.resultsPath)),
  };
  delete env['EVENSHARD_SELECTION'];

  // Files left from an earlier run must never be mistaken for this run's.
  await rm(request.resultsPath, { force: true });
  await rm(journalPath(request.resultsPath), { force: true });
  await removeCollections(request.resultsPath);
  await mkdir(path.dirname(path.resolve(request.resultsPath)), { recursive: true });
  if (request.selection !== null) {
    const selectionPath = request.selectionPath ?? `${request.resultsPath}.selection.json`;
    await writeFile(selectionPath, JSON.stringify(selectionDocument(root, request.selection)));
    env['EVENSHARD_SELECTION'] = path.resolve(selectionPath);
  }

  const args = [...baseArgs, '-p', PYTEST_PLUGIN_MODULE];
  if (request.junitPath !== undefined) {
    args.push(`--junitxml=${path.resolve(request.junitPath)}`, '-o', 'junit_family=xunit1');
  }
  // Absolute, so that a file name starting with '-' is never read as an option.
  for (const file of request.paths ?? []) args.push(path.join(root, file));

  const spawnedAt = Date.now();
  const { exitCode, signal } = await spawnAndWait(program, args, root, env, request.onOutput);
  const exitedAt = Date.now();

  const doc = await readPytestResults(request.resultsPath);
  // Killed or os._exit-ed before the document: the tests it finished are in the journal.
  const finishedBeforeDying = doc === null ? await readPytestJournal(request.resultsPath) : [];
  const collection = await readPytestCollection(request.resultsPath);
  const problem = commandProblem(exitCode, signal, doc);
  const status: ShardStatus = {
    signal,
    finished: doc?.finished ?? false,
    ...(doc?.stopped ? { stopped: doc.stopped } : {}),
    ...(problem !== undefined ? { problem } : {}),
  };
  const run: PytestShardRun = {
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
  if (problem !== undefined) run.commandProblem = problem;
  return run;
}

function collectionPath(resultsPath: string): string {
  return `${resultsPath}.collection.json`;
}

/** The collection documents of this run: one, or one per pytest-xdist worker. */
async function collectionFiles(resultsPath: string): Promise<string[]> {
  const base = path.basename(collectionPath(resultsPath));
  const dir = path.dirname(path.resolve(resultsPath));
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n === base || (n.startsWith(base + '.') && !n.endsWith('.tmp')))
    .sort((a, b) => a.length - b.length || compareCodeUnits(a, b))
    .map((n) => path.join(dir, n));
}

async function removeCollections(resultsPath: string): Promise<void> {
  for (const file of await collectionFiles(resultsPath)) await rm(file, { force: true });
}

/**
 * What pytest collected. Under pytest-xdist every worker collects the same items (xdist refuses
 * to run otherwise), so the first document stands for all.
 */
export async function readPytestCollection(resultsPath: string): Promise<ShardCollection | null> {
  for (const file of await collectionFiles(resultsPath)) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue;
    return parsePytestCollection(text, file);
  }
  return null;
}

export function parsePytestCollection(text: string, source = 'pytest collection'): ShardCollection {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${(err as Error).message})`);
  }
  const doc = raw as Record<string, unknown> | null;
  const ids = (value: unknown, what: string): string[] => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new Error(`${source}: "${what}" is not a list of test ids`);
    }
    return (value as string[]).map(canonicalPytestId);
  };
  if (typeof doc !== 'object' || doc === null || doc['version'] !== 1) {
    throw new Error(`${source}: not an evenshard pytest collection document (version 1)`);
  }
  const filesDoc = doc['files'];
  if (typeof filesDoc !== 'object' || filesDoc === null || Array.isArray(filesDoc)) {
    throw new Error(`${source}: "files" is not an object`);
  }
  const files: CollectedFile[] = [];
  for (const [file, entry] of Object.entries(filesDoc as Record<string, unknown>)) {
    const e = entry as Record<string, unknown> | null;
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
  files.sort((a, b) => compareCodeUnits(a.file, b.file));
  return {
    files,
    selected: ids(doc['selected'], 'selected'),
    deselected: ids(doc['deselected'], 'deselected'),
  };
}

/** The JSON the plugin reads from EVENSHARD_SELECTION. */
export function selectionDocument(root: string, selection: PytestSelection): object {
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

function journalPath(resultsPath: string): string {
  return `${resultsPath}.journal`;
}

/**
 * The tests a session that never wrote its results document finished (the plugin's journal, one
 * entry per line); a last line cut short by the kill is left out.
 */
export async function readPytestJournal(resultsPath: string): Promise<TestResult[]> {
  const text = await readFile(journalPath(resultsPath), 'utf8').catch(() => '');
  const results: unknown[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line.trim() !== '') results.push(JSON.parse(line));
    } catch {
      // A line cut short by the kill.
    }
  }
  try {
    return parsePytestResults(JSON.stringify({ version: 1, results }), journalPath(resultsPath))
      .results;
  } catch {
    return [];
  }
}

/** Reads the plugin's results document; null when pytest never wrote one. */
export async function readPytestResults(file: string): Promise<PytestResultsDocument | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parsePytestResults(text, file);
}

/** Parses and checks the plugin's results document. Timestamps become epoch milliseconds. */
export function parsePytestResults(text: string, source = 'pytest results'): PytestResultsDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${(err as Error).message})`);
  }
  const doc = raw as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || doc['version'] !== 1) {
    throw new Error(`${source}: not an evenshard pytest results document (version 1)`);
  }
  if (!Array.isArray(doc['results'])) throw new Error(`${source}: "results" is not a list`);
  const byId = new Map<string, TestResult>();
  for (const entry of doc['results'] as unknown[]) {
    const e = entry as Record<string, unknown>;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e['id'] !== 'string' ||
      typeof e['outcome'] !== 'string' ||
      !OUTCOMES.has(e['outcome']) ||
      typeof e['seconds'] !== 'number' ||
      !Number.isFinite(e['seconds'])
    ) {
      throw new Error(`${source}: malformed result ${JSON.stringify(entry)}`);
    }
    const result: TestResult = {
      id: canonicalPytestId(e['id']),
      seconds: Math.max(0, e['seconds']),
      outcome: e['outcome'] as Outcome,
    };
    if (typeof e['message'] === 'string' && e['message'] !== '') result.message = e['message'];
    const shared = e['fixtureSeconds'];
    if (typeof shared === 'number' && Number.isFinite(shared) && shared > 0) {
      result.fixtureSeconds = Math.min(shared, result.seconds);
    }
    const attempts = e['attempts'];
    if (
      Array.isArray(attempts) &&
      attempts.length > 1 &&
      attempts.every((a) => typeof a === 'string' && OUTCOMES.has(a))
    ) {
      // The final outcome decides; the plugin appends it, so the last attempt equals it.
      result.attempts = [...(attempts as Outcome[]).slice(0, -1), result.outcome];
    }
    byId.set(result.id, result);
  }
  const results = [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
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
function collectSeconds(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [file, seconds] of Object.entries(value as Record<string, unknown>)) {
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
      out[canonicalPytestId(file)] = seconds;
    }
  }
  return out;
}

const SHARED_SCOPES: ReadonlySet<string> = new Set(['module', 'class', 'package', 'session']);

function fixtureCosts(value: unknown): FixtureCost[] {
  if (!Array.isArray(value)) return [];
  const out: FixtureCost[] = [];
  for (const raw of value as unknown[]) {
    const f = raw as Record<string, unknown>;
    if (
      typeof f === 'object' &&
      f !== null &&
      typeof f['name'] === 'string' &&
      typeof f['scope'] === 'string' &&
      SHARED_SCOPES.has(f['scope']) &&
      typeof f['node'] === 'string' &&
      typeof f['seconds'] === 'number' &&
      Number.isFinite(f['seconds']) &&
      f['seconds'] >= 0
    ) {
      out.push({
        name: f['name'],
        scope: f['scope'] as FixtureCost['scope'],
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
export function canonicalPytestId(nodeid: string): string {
  const cut = nodeid.indexOf('::');
  const file = cut === -1 ? nodeid : nodeid.slice(0, cut);
  const rest = cut === -1 ? '' : nodeid.slice(cut);
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '') + rest;
}

function epochMs(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;
}

const EXIT_MEANINGS: Record<number, string> = {
  2: 'pytest was interrupted (a collection error or Ctrl-C)',
  3: 'pytest hit an internal error',
  4: 'pytest reported a usage error (see its output above)',
};

/** Why a shard failed whatever its tests reported, or undefined for a normal end. */
function commandProblem(
  exitCode: number,
  signal: NodeJS.Signals | null,
  doc: PytestResultsDocument | null,
): string | undefined {
  if (signal !== null) {
    return `pytest was killed by ${signal} (the out-of-memory killer, a timeout, or a test that kills its own process)`;
  }
  if (doc?.fatal) return `pytest could not start: ${doc.fatal} (exit code ${exitCode})`;
  const meaning = EXIT_MEANINGS[exitCode];
  if (meaning !== undefined) return `${meaning} (exit code ${exitCode})`;
  if (exitCode !== 0 && exitCode !== 1 && exitCode !== PYTEST_EXIT_NO_TESTS) {
    return `the test command exited with code ${exitCode}`;
  }
  if (doc === null) {
    return (
      `the test command exited (code ${exitCode}) without the evenshard pytest plugin's results: ` +
      'a test called os._exit() or the process crashed, or the command did not start pytest with plugins given by -p'
    );
  }
  if (!doc.finished) {
    return `pytest exited (code ${exitCode}) before finishing its session: a test called os._exit() or the process crashed`;
  }
  return undefined;
}

function spawnAndWait(
  program: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onOutput: PytestShardRequest['onOutput'],
): Promise<{ exitCode: number; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      cwd,
      env,
      shell: false,
      stdio: ['ignore', onOutput ? 'pipe' : 'inherit', onOutput ? 'pipe' : 'inherit'],
      windowsHide: true,
    });
    if (onOutput) {
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => onOutput(chunk, 'stdout'));
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => onOutput(chunk, 'stderr'));
    }
    child.once('error', (err) => {
      // The user's to fix (a typo, a tool not installed): a one-line error, no stack trace.
      const error = new Error(`cannot start the test command '${program}': ${err.message}`);
      error.name = 'TestCommandError';
      reject(error);
    });
    child.once('close', (code, signal) => {
      const signalNumber = signal ? (constants.signals[signal] ?? 0) : 0;
      resolve({ exitCode: code ?? 128 + signalNumber, signal });
    });
  });
}
