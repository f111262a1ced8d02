/**
 * `framework: vitest`. Discovery is Vitest's own (`vitest list --filesOnly --json`), so the
 * project's config, `projects`, include/exclude and `--project` filters decide what a test file
 * is. A shard runs its files by absolute path, with every other discovered file that Vitest's
 * substring filter would also match excluded (`--exclude`), and checks afterwards that Vitest ran
 * nothing else. Results and per-file setup times (as `costs.collect`) come from evenshard's reporter
 * (evenshard-reporter.mjs, shipped in dist/vitest/), JUnit from Vitest's own junit reporter.
 * Files are the unit: see docs/runners/vitest.md for why.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { escapePath } from 'tinyglobby';
import { normalizePath } from '../../core/identity.js';
import { compareCodeUnits } from '../../core/order.js';
import { emptyRecord } from '../../core/records.js';
import type { RunnerCosts } from '../../core/costs.js';
import type { Outcome } from '../../core/types.js';
import { runnerIndex } from '../js/packages.js';
import { runArgv, tail } from '../js/process.js';
import {
  filesNotGiven,
  jsTestResults,
  listSome,
  retriedAttempts,
  type JsTestRecord,
} from '../js/results.js';
import {
  jsRunner,
  type JsRunnerConfig,
  type JsRunnerOptions,
  type MappedReport,
  type SplitCommand,
} from '../js/runner.js';
import type { TestRunner } from '../types.js';

export const DEFAULT_VITEST_COMMAND: readonly string[] = ['vitest', 'run'];
/** The reported-tasks reporter API (onTestRunEnd, diagnostic()) arrived in Vitest 3.0. */
export const VITEST_MINIMUM = { major: 3, minor: 0 } as const;
const MINIMUM_TEXT = `${VITEST_MINIMUM.major}.${VITEST_MINIMUM.minor}`;
/** Subcommands the user may have written; evenshard puts its own (`list`, `run`) in their place. */
const SUBCOMMANDS = new Set(['run', 'watch', 'dev', 'list']);
const RESULTS_SCHEMA = 'evenshard-vitest-results/1';

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
    /** Attempts beyond the first (`retry`); absent from reporters before evenshard read it. */
    retryCount?: number;
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

/** `framework: vitest`: Vitest's configuration of the JS runner skeleton (src/runners/js/runner.ts). */
export function vitestRunnerConfig(reporterPath: string): JsRunnerConfig<VitestReporterDocument> {
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
      const reportPath = path.join(workDir, 'vitest-results.json');
      const junitPath = path.join(workDir, 'junit.xml');
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
          ...mine.map((file) => path.join(root, file)),
        ],
        env: { EVENSHARD_VITEST_RESULTS: reportPath },
        reportPath,
        junitPath,
      };
    },
    readReport: readReporterDocument,
    noReport: (exitCode) =>
      `Vitest exited with code ${exitCode} before reporting results (see its output above); evenshard's reporter needs Vitest ${MINIMUM_TEXT} or newer`,
    mapReport: vitestResults,
  };
}

export interface VitestRunnerOptions extends JsRunnerOptions {
  /** Absolute path of evenshard-reporter.mjs. */
  reporterPath: string;
}

export function vitestRunner(options: VitestRunnerOptions): TestRunner {
  return jsRunner(vitestRunnerConfig(options.reporterPath), options);
}

/** `vitest list --filesOnly --json=<file>`: the test files as Vitest's config sees them. */
async function listVitestFiles(
  { program, options }: SplitCommand,
  root: string,
): Promise<string[]> {
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
    return entries.map((e) => e.file).filter((f): f is string => typeof f === 'string');
  } finally {
    await rm(dir, { recursive: true, force: true });
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
): MappedReport {
  const problems: string[] = [];
  // A file run by two projects is two modules: the project name keeps their tests apart.
  const projectsPerFile = new Map<string, Set<string>>();
  for (const m of doc.modules) {
    const set = projectsPerFile.get(m.file) ?? new Set<string>();
    set.add(m.project);
    projectsPerFile.set(m.file, set);
  }
  const records: JsTestRecord[] = [];
  const collect = emptyRecord<number>();
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
    const outcome = OUTCOME[t.state] ?? 'skipped';
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
