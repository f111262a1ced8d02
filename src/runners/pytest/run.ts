/**
 * Runs one shard with pytest: writes the selection for the evenshard plugin, starts pytest as an
 * argument vector (never through a shell), and reads back what the plugin recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import type { ShardCollection, ShardStatus, TestResult } from '../../core/shardResult.js';
import type { FileSplit, ShardPlan } from '../../core/types.js';
import {
  pytestCollectionPath,
  readPytestCollection,
  removePytestCollections,
} from './collection.js';
import {
  type PytestResultsDocument,
  type PytestSessionMeasures,
  pytestJournalPath,
  readPytestJournal,
  readPytestResults,
} from './results.js';

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

export interface PytestShardRun extends PytestSessionMeasures {
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
  /** Epoch milliseconds around the child process. */
  spawnedAt: number;
  exitedAt: number;
}

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
  const selectionPath = selectionPathOf(request);
  const pytest = await launchPytest(request, request.selection === null ? null : selectionPath, {
    paths: request.paths ?? [],
    beforeSpawn: async () => {
      if (request.selection !== null) await writeSelection(selectionPath, request);
    },
  });
  return finishPytestRun(request, pytest);
}

/** Environment variable naming the evenshard process a waiting pytest waits for (the plugin). */
export const SELECTION_WAIT_ENV = 'EVENSHARD_SELECTION_WAIT';

/** A pytest process started before its shard's selection exists. */
export interface WaitingPytestShard {
  /** Hands over the selection (written atomically) and waits for the run to end. */
  run(selection: PytestSelection): Promise<PytestShardRun>;
  /** Nothing will be handed over (an empty shard, a failed plan): stops the process. */
  cancel(): Promise<void>;
}

/**
 * Starts pytest at once; it waits at the end of `pytest_configure` until the selection is
 * handed over, so Python's start, the conftest imports and the plugins' set-up overlap whatever
 * the caller does meanwhile (fetching the history, planning). POSIX only: the plugin asks
 * whether this process still exists with signal 0, which Windows does not have. Explicit
 * `paths` are not possible: they must be known when pytest starts.
 */
export function startWaitingPytestShard(
  request: Omit<PytestShardRequest, 'selection' | 'paths'>,
): WaitingPytestShard {
  const selectionPath = selectionPathOf(request);
  const started = launchPytest(request, selectionPath, {
    paths: [],
    wait: true,
    beforeSpawn: () => rm(selectionPath, { force: true }),
  });
  // Only a spawn failure rejects; run() reports it, cancel() has nothing to stop.
  started.catch(() => undefined);
  let handedOver = false;
  return {
    async run(selection) {
      handedOver = true;
      // After the spawn, which first removes any selection left from an earlier run.
      const pytest = await started;
      await writeSelection(selectionPath, { root: request.root, selection });
      return finishPytestRun(request, pytest);
    },
    async cancel() {
      if (handedOver) return;
      handedOver = true;
      const pytest = await started.catch(() => null);
      if (pytest === null) return;
      // A wrapper around pytest (tox, a shell script) may outlive the kill: the selection tells
      // pytest itself to end.
      await writeAtomically(selectionPath, JSON.stringify({ version: 1, cancel: true }));
      pytest.child.kill();
      await pytest.exited;
    },
  };
}

interface LaunchedPytest {
  child: ChildProcess;
  spawnedAt: number;
  exited: Promise<{ exitCode: number; signal: NodeJS.Signals | null; exitedAt: number }>;
}

function selectionPathOf(request: Pick<PytestShardRequest, 'resultsPath' | 'selectionPath'>) {
  return path.resolve(request.selectionPath ?? `${request.resultsPath}.selection.json`);
}

async function writeSelection(
  selectionPath: string,
  request: { root: string; selection: PytestSelection | null },
): Promise<void> {
  const doc = selectionDocument(path.resolve(request.root), request.selection!);
  await writeAtomically(selectionPath, JSON.stringify(doc));
}

/** A waiting pytest polls for the file: it must appear whole or not at all. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

async function launchPytest(
  request: Omit<PytestShardRequest, 'selection' | 'paths'>,
  selectionPath: string | null,
  options: { paths: readonly string[]; wait?: boolean; beforeSpawn: () => Promise<void> },
): Promise<LaunchedPytest> {
  const root = path.resolve(request.root);
  const command = request.command ?? DEFAULT_PYTEST_COMMAND;
  const [program, ...baseArgs] = command;
  if (program === undefined) throw new Error('the pytest command is empty');
  const baseEnv = request.env ?? process.env;
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    PYTHONPATH: [request.pluginDir, baseEnv['PYTHONPATH']].filter(Boolean).join(path.delimiter),
    EVENSHARD_RESULTS: path.resolve(request.resultsPath),
    EVENSHARD_COLLECTION: path.resolve(pytestCollectionPath(request.resultsPath)),
  };
  delete env['EVENSHARD_SELECTION'];
  delete env[SELECTION_WAIT_ENV];
  if (selectionPath !== null) env['EVENSHARD_SELECTION'] = selectionPath;
  if (options.wait) env[SELECTION_WAIT_ENV] = String(process.pid);

  // Files left from an earlier run must never be mistaken for this run's.
  await rm(request.resultsPath, { force: true });
  await rm(pytestJournalPath(request.resultsPath), { force: true });
  await removePytestCollections(request.resultsPath);
  await mkdir(path.dirname(path.resolve(request.resultsPath)), { recursive: true });
  await options.beforeSpawn();

  const args = [...baseArgs, '-p', PYTEST_PLUGIN_MODULE];
  if (request.junitPath !== undefined) {
    args.push(`--junitxml=${path.resolve(request.junitPath)}`, '-o', 'junit_family=xunit1');
  }
  // Absolute, so that a file name starting with '-' is never read as an option.
  for (const file of options.paths) args.push(path.join(root, file));

  const spawnedAt = Date.now();
  const { child, exited } = await spawnChild(program, args, root, env, request.onOutput);
  return { child, spawnedAt, exited };
}

/** Waits for the process and reads what the plugin recorded. */
async function finishPytestRun(
  request: Pick<PytestShardRequest, 'resultsPath'>,
  pytest: LaunchedPytest,
): Promise<PytestShardRun> {
  const { exitCode, signal, exitedAt } = await pytest.exited;
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
    spawnedAt: pytest.spawnedAt,
    exitedAt,
  };
  if (problem !== undefined) run.commandProblem = problem;
  return run;
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

/**
 * Spawns the command (an argument vector, never a shell); resolves once it has started, or
 * rejects when it cannot start (a typo, a tool not installed) with a one-line error.
 */
function spawnChild(
  program: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onOutput: PytestShardRequest['onOutput'],
): Promise<Pick<LaunchedPytest, 'child' | 'exited'>> {
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
    const exited = new Promise<{
      exitCode: number;
      signal: NodeJS.Signals | null;
      exitedAt: number;
    }>((resolveExit) => {
      child.once('close', (code, signal) => {
        const signalNumber = signal ? (constants.signals[signal] ?? 0) : 0;
        resolveExit({ exitCode: code ?? 128 + signalNumber, signal, exitedAt: Date.now() });
      });
    });
    child.once('spawn', () => resolve({ child, exited }));
    child.once('error', (err) => {
      const error = new Error(`cannot start the test command '${program}': ${err.message}`);
      error.name = 'TestCommandError';
      reject(error);
    });
  });
}
