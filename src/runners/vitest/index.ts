/**
 * `framework: vitest`. Discovery is Vitest's own (`vitest list --filesOnly --json`), so the
 * project's config, `projects`, include/exclude and `--project` filters decide what a test file
 * is. A shard runs its files by absolute path, with every other discovered file that Vitest's
 * substring filter would also match excluded (`--exclude`), and checks afterwards that Vitest ran
 * nothing else. Results and per-file setup times (as `costs.collect`) come from evenshard's reporter
 * (evenshard-reporter.mjs, shipped in dist/vitest/), JUnit from Vitest's own junit reporter.
 * Files are the unit: see docs/runners/vitest.md for why.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapePath } from 'tinyglobby';
import { isInsideRoot, normalizePath } from '../../core/identity.js';
import { compareCodeUnits } from '../../core/order.js';
import type { RunnerCosts } from '../../core/costs.js';
import type { Outcome } from '../../core/types.js';
import { findFilesInRoot } from '../files.js';
import {
  atLeast,
  countJsTests,
  installedVersion,
  resolveRunnerCommand,
  runnerIndex,
} from '../js/packages.js';
import { runArgv, tail } from '../js/process.js';
import {
  filesNotGiven,
  jsTestResults,
  listSome,
  shardFiles,
  type JsTestRecord,
} from '../js/results.js';
import type { DiscoveredFile, RunnerRun, RunRequest, TestRunner } from '../types.js';

export const DEFAULT_VITEST_COMMAND: readonly string[] = ['vitest', 'run'];
/** The reported-tasks reporter API (onTestRunEnd, diagnostic()) arrived in Vitest 3.0. */
export const VITEST_MINIMUM = { major: 3, minor: 0 } as const;
const MINIMUM_TEXT = `${VITEST_MINIMUM.major}.${VITEST_MINIMUM.minor}`;
/** Subcommands the user may have written; evenshard puts its own (`list`, `run`) in their place. */
const SUBCOMMANDS = new Set(['run', 'watch', 'dev', 'list']);
const RESULTS_SCHEMA = 'evenshard-vitest-results/1';

export interface VitestRunnerOptions {
  /** The test command (`vitest run --coverage`, `npx vitest --project unit`…). */
  command?: readonly string[];
  /** Absolute path of evenshard-reporter.mjs. */
  reporterPath: string;
  log?: (message: string) => void;
}

/** The reporter's document, as written by evenshard-reporter.mjs. */
export interface VitestReporterDocument {
  schema: typeof RESULTS_SCHEMA;
  vitestVersion: string;
  startedAt?: number | null;
  firstTestAt: number | null;
  lastTestEndAt?: number | null;
  unhandledErrors: string[];
  modules: {
    file: string;
    project: string;
    state: string;
    environmentSetupMs: number;
    prepareMs: number;
    collectMs: number;
    setupMs: number;
    durationMs: number;
    message?: string;
  }[];
  tests: {
    file: string;
    project: string;
    names: string[];
    state: string;
    durationMs: number;
    message?: string;
  }[];
}

/** The command split around Vitest's program: `[...before, vitest]`, the user's options after. */
export function splitVitestCommand(command: readonly string[]): {
  program: string[];
  options: string[];
} {
  const at = runnerIndex(command, 'vitest');
  if (at < 0) {
    throw new Error(
      `the command ${JSON.stringify(command.join(' '))} does not call vitest: with 'framework: vitest' the command must run Vitest itself (e.g. 'npx vitest run', 'vitest run --coverage'), so that evenshard can add the shard's files and its reporter.`,
    );
  }
  const options = command.slice(at + 1);
  if (options[0] !== undefined && SUBCOMMANDS.has(options[0])) options.shift();
  const shard = options.find((o) => o === '--shard' || o.startsWith('--shard='));
  if (shard !== undefined) {
    throw new Error(
      `the command passes ${shard} to Vitest, but evenshard already chose this shard's files: remove --shard from the command.`,
    );
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
export function vitestExcludes(mine: readonly string[], all: readonly string[]): string[] {
  const selected = new Set(mine);
  const lowered = mine.map((f) => f.toLowerCase());
  return all
    .filter((other) => !selected.has(other))
    .filter((other) => {
      const low = other.toLowerCase();
      return mine.some((f, i) => other.startsWith(f) || low.includes(lowered[i]!));
    })
    .map((other) => escapePath(other))
    .sort(compareCodeUnits);
}

const OUTCOME: Record<string, Outcome> = {
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  pending: 'skipped',
};

export class VitestRunner implements TestRunner {
  readonly framework = 'vitest';
  /**
   * Files only: Vitest's `-t` is a name regex and `file:line` filters need the tests' lines,
   * which evenshard's history does not keep; per-file setup cost also argues for whole files.
   */
  readonly selectsSingleTests = false;
  private readonly command: readonly string[];
  /** Every file discovery found, for the exclusions that make selection exact. */
  private discovered: string[] = [];

  constructor(private readonly options: VitestRunnerOptions) {
    this.command = options.command?.length ? options.command : DEFAULT_VITEST_COMMAND;
  }

  private resolved(root: string): { program: string[]; options: string[] } {
    const split = splitVitestCommand(resolveRunnerCommand(this.command, root, 'vitest'));
    const version = installedVersion(root, 'vitest');
    if (version !== undefined && !atLeast(version, VITEST_MINIMUM.major, VITEST_MINIMUM.minor)) {
      throw new Error(
        `evenshard needs Vitest ${MINIMUM_TEXT} or newer for 'framework: vitest' (its reporter API), but ${root} has Vitest ${version}: upgrade vitest, or use 'framework: command' with Vitest's junit reporter.`,
      );
    }
    return split;
  }

  async discover(root: string, patterns: readonly string[] | undefined): Promise<DiscoveredFile[]> {
    let files: string[];
    if (patterns?.length) {
      files = (await findFilesInRoot(root, patterns)).map((f) => normalizePath(f, root));
    } else {
      files = await this.list(root);
    }
    this.discovered = files;
    return Promise.all(
      files.map(async (file) => ({
        file,
        testCountHint: countJsTests(await readFile(path.join(root, file), 'utf8').catch(() => '')),
      })),
    );
  }

  /** `vitest list --filesOnly --json=<file>`: the test files as Vitest's config sees them. */
  private async list(root: string): Promise<string[]> {
    const { program, options } = this.resolved(root);
    const dir = await mkdtemp(path.join(tmpdir(), 'evenshard-vitest-list-'));
    const out = path.join(dir, 'files.json');
    try {
      const argv = [...program, 'list', '--filesOnly', `--json=${out}`, ...options];
      const run = await runArgv(argv, { cwd: root, env: process.env, capture: true });
      let text: string;
      try {
        text = await readFile(out, 'utf8');
      } catch {
        throw new Error(
          `vitest list failed (exit code ${run.exitCode}) and listed no test files: ${argv.join(' ')}\n${tail(run.stderr || run.stdout)}`,
        );
      }
      const entries = JSON.parse(text) as { file?: unknown }[];
      const files = new Set<string>();
      for (const entry of entries) {
        if (typeof entry.file !== 'string') continue;
        const rel = normalizePath(entry.file, root);
        if (!isInsideRoot(rel)) {
          this.options.log?.(
            `evenshard: Vitest lists ${entry.file}, which is outside the working directory ${root}; it is left out.`,
          );
          continue;
        }
        files.add(rel);
      }
      return [...files].sort(compareCodeUnits);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async run(request: RunRequest): Promise<RunnerRun> {
    const root = path.resolve(request.root);
    const { program, options } = this.resolved(root);
    const mine = shardFiles(request.plan.shards, request.shard);
    const everyFile = this.discovered.length
      ? this.discovered
      : request.plan.shards.flatMap((s) => [...s.files, ...s.splits.map((p) => p.file)]);
    const resultsPath = path.join(request.workDir, 'vitest-results.json');
    const junitPath = path.join(request.workDir, 'junit.xml');
    await mkdir(request.workDir, { recursive: true });
    await rm(resultsPath, { force: true });
    await rm(junitPath, { force: true });
    const argv = [
      ...program,
      'run',
      ...options,
      '--reporter=default',
      `--reporter=${this.options.reporterPath}`,
      '--reporter=junit',
      `--outputFile.junit=${junitPath}`,
      ...vitestExcludes(mine, everyFile).map((glob) => `--exclude=${glob}`),
      ...mine.map((file) => path.join(root, file)),
    ];
    const env = { ...request.env, EVENSHARD_VITEST_RESULTS: resultsPath };
    const proc = await runArgv(argv, { cwd: root, env });

    const doc = await readReporterDocument(resultsPath);
    const run: RunnerRun = {
      exitCode: proc.exitCode,
      results: [],
      junitPath,
      startedAt: proc.startedAt,
      endedAt: proc.endedAt,
    };
    if (doc === null) {
      run.commandProblem =
        proc.signal !== null
          ? `Vitest was killed by ${proc.signal}`
          : `Vitest exited with code ${proc.exitCode} before reporting results (see its output above); evenshard's reporter needs Vitest ${MINIMUM_TEXT} or newer`;
      return run;
    }
    if (doc.firstTestAt !== null) run.firstTestAt = doc.firstTestAt;
    const { results, problems, costs } = vitestResults(doc, root, mine);
    run.results = results.results;
    run.costs = costs;
    if (results.duplicateNames.length) {
      this.options.log?.(
        `evenshard: tests with the same name in the same describe block: ${listSome(results.duplicateNames)}; the later ones are counted as '… [2]', '… [3]' in source order. Rename them to keep their history stable.`,
      );
    }
    const failed = run.results.some((r) => r.outcome === 'failed' || r.outcome === 'error');
    if (proc.exitCode !== 0 && !failed && problems.length === 0) {
      problems.push(`Vitest exited with code ${proc.exitCode} although no test failed`);
    }
    if (problems.length) run.commandProblem = problems.join('; ');
    return run;
  }
}

async function readReporterDocument(file: string): Promise<VitestReporterDocument | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const doc = JSON.parse(text) as VitestReporterDocument;
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
export function vitestResults(
  doc: VitestReporterDocument,
  root: string,
  mine: readonly string[],
): { results: ReturnType<typeof jsTestResults>; problems: string[]; costs: RunnerCosts } {
  const problems: string[] = [];
  // A file run by two projects is two modules: the project name keeps their tests apart.
  const projectsPerFile = new Map<string, Set<string>>();
  for (const m of doc.modules) {
    const set = projectsPerFile.get(m.file) ?? new Set<string>();
    set.add(m.project);
    projectsPerFile.set(m.file, set);
  }
  const records: JsTestRecord[] = [];
  const collect: Record<string, number> = {};
  for (const m of doc.modules) {
    const file = normalizePath(m.file, root);
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
    const file = normalizePath(t.file, root);
    const projects = projectsPerFile.get(t.file);
    const names = projects && projects.size > 1 ? [`[${t.project}]`, ...t.names] : t.names;
    records.push({
      file,
      names,
      outcome: OUTCOME[t.state] ?? 'skipped',
      seconds: t.durationMs / 1000,
      ...(t.message ? { message: t.message } : {}),
    });
  }
  const extra = filesNotGiven(
    doc.modules.map((m) => normalizePath(m.file, root)),
    mine,
  );
  if (extra.length) {
    problems.push(
      `Vitest ran ${extra.length} file(s) this shard was not given: ${listSome(extra)} (check the command for test file filters)`,
    );
  }
  if (doc.unhandledErrors.length) {
    problems.push(
      `Vitest reported ${doc.unhandledErrors.length} unhandled error(s): ${doc.unhandledErrors[0] ?? ''}`,
    );
  }
  // Vitest's workers collect while others run tests: no collection phase of the whole process.
  const costs: RunnerCosts = { collect, fixtures: [] };
  if (doc.startedAt) costs.sessionStartedAt = doc.startedAt;
  if (doc.firstTestAt !== null) costs.testsStartedAt = doc.firstTestAt;
  if (typeof doc.lastTestEndAt === 'number') costs.testsEndedAt = doc.lastTestEndAt;
  return { results: jsTestResults(records), problems, costs };
}
