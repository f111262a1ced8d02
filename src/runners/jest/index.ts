/**
 * `framework: jest`. Discovery is Jest's own (`jest --listTests --json`), so the config,
 * `projects`, `testMatch`/`testRegex` and `testPathIgnorePatterns` decide what a test file is. A
 * shard runs its files with `--runTestsByPath` (exact paths, never patterns), and durations and
 * outcomes come from Jest's `--json --outputFile` report: no extra reporter to install. Jest's
 * own `--shard` is refused in the command: it would split the shard's files again.
 * Files are the unit: see docs/runners/jest.md.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
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

export const DEFAULT_JEST_COMMAND: readonly string[] = ['jest'];
/** `--listTests --json`, `--runTestsByPath` and the report's per-file start/end times. */
export const JEST_MINIMUM = { major: 27, minor: 0 } as const;

export interface JestRunnerOptions {
  command?: readonly string[];
  log?: (message: string) => void;
}

/** The parts of Jest's `--json` report evenshard reads. */
export interface JestReport {
  success?: boolean;
  testResults: {
    name: string;
    status?: string;
    message?: string;
    startTime?: number;
    endTime?: number;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      duration?: number | null;
      failureMessages?: string[];
    }[];
  }[];
}

const OUTCOME: Record<string, Outcome> = { passed: 'passed', failed: 'failed' };

/** The command split around Jest's program; `--shard` refused. */
export function splitJestCommand(command: readonly string[]): {
  program: string[];
  options: string[];
} {
  const at = runnerIndex(command, 'jest');
  if (at < 0) {
    throw new Error(
      `the command ${JSON.stringify(command.join(' '))} does not call jest: with 'framework: jest' the command must run Jest itself (e.g. 'npx jest --ci', 'jest --coverage'), so that evenshard can add the shard's files.`,
    );
  }
  const options = command.slice(at + 1);
  const shard = options.find((o) => o === '--shard' || o.startsWith('--shard='));
  if (shard !== undefined) {
    throw new Error(
      `the command passes ${shard} to Jest, but evenshard already chose this shard's files: remove --shard from the command.`,
    );
  }
  return { program: command.slice(0, at + 1), options };
}

function firstLine(text: string | undefined): string | undefined {
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
export function jestResults(
  report: JestReport,
  root: string,
  mine: readonly string[],
): { results: ReturnType<typeof jsTestResults>; problems: string[]; costs: RunnerCosts } {
  const records: JsTestRecord[] = [];
  const collect: Record<string, number> = {};
  let lastEnd: number | undefined;
  for (const file of report.testResults) {
    const rel = normalizePath(file.name, root);
    const testSeconds = file.assertionResults.reduce((s, a) => s + (a.duration ?? 0), 0) / 1000;
    const wall =
      file.startTime !== undefined && file.endTime !== undefined
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
      records.push({
        file: rel,
        names: [...a.ancestorTitles, a.title],
        outcome: OUTCOME[a.status] ?? 'skipped',
        seconds: (a.duration ?? 0) / 1000,
        ...(message && a.status === 'failed' ? { message } : {}),
      });
    }
  }
  const problems: string[] = [];
  const extra = filesNotGiven(
    report.testResults.map((f) => normalizePath(f.name, root)),
    mine,
  );
  if (extra.length) {
    problems.push(
      `Jest ran ${extra.length} file(s) this shard was not given: ${listSome(extra)} (check the command for test path arguments)`,
    );
  }
  const costs: RunnerCosts = { collect, fixtures: [] };
  const starts = report.testResults
    .map((f) => f.startTime)
    .filter((t): t is number => typeof t === 'number');
  if (starts.length) costs.testsStartedAt = Math.min(...starts);
  if (lastEnd !== undefined) costs.testsEndedAt = lastEnd;
  return { results: jsTestResults(records), problems, costs };
}

export class JestRunner implements TestRunner {
  readonly framework = 'jest';
  /** Files only: `-t` is a name regex over the whole file and can match other tests. */
  readonly selectsSingleTests = false;
  private readonly command: readonly string[];

  constructor(private readonly options: JestRunnerOptions = {}) {
    this.command = options.command?.length ? options.command : DEFAULT_JEST_COMMAND;
  }

  private resolved(root: string): { program: string[]; options: string[] } {
    const split = splitJestCommand(resolveRunnerCommand(this.command, root, 'jest'));
    const version = installedVersion(root, 'jest');
    if (version !== undefined && !atLeast(version, JEST_MINIMUM.major, JEST_MINIMUM.minor)) {
      throw new Error(
        `evenshard needs Jest ${JEST_MINIMUM.major}.${JEST_MINIMUM.minor} or newer for 'framework: jest', but ${root} has Jest ${version}: upgrade jest.`,
      );
    }
    return split;
  }

  async discover(root: string, patterns: readonly string[] | undefined): Promise<DiscoveredFile[]> {
    let files: string[];
    if (patterns?.length) {
      files = (await findFilesInRoot(root, patterns)).map((f) => normalizePath(f, root));
    } else {
      files = await this.listTests(root);
    }
    return Promise.all(
      files.map(async (file) => ({
        file,
        testCountHint: countJsTests(await readFile(path.join(root, file), 'utf8').catch(() => '')),
      })),
    );
  }

  private async listTests(root: string): Promise<string[]> {
    const { program, options } = this.resolved(root);
    const argv = [...program, ...options, '--listTests', '--json'];
    const run = await runArgv(argv, { cwd: root, env: process.env, capture: true });
    // The list is the last line that is a JSON array; a config may print other lines first.
    const line = run.stdout
      .split(/\r?\n/)
      .reverse()
      .find((l) => l.trim().startsWith('['));
    let listed: unknown;
    try {
      listed = line === undefined ? undefined : JSON.parse(line);
    } catch {
      listed = undefined;
    }
    if (run.exitCode !== 0 || !Array.isArray(listed)) {
      throw new Error(
        `jest --listTests failed (exit code ${run.exitCode}): ${argv.join(' ')}\n${tail(run.stderr || run.stdout)}`,
      );
    }
    const files = new Set<string>();
    for (const entry of listed) {
      if (typeof entry !== 'string') continue;
      const rel = normalizePath(entry, root);
      if (!isInsideRoot(rel)) {
        this.options.log?.(
          `evenshard: Jest lists ${entry}, which is outside the working directory ${root}; it is left out.`,
        );
        continue;
      }
      files.add(rel);
    }
    return [...files].sort(compareCodeUnits);
  }

  async run(request: RunRequest): Promise<RunnerRun> {
    const root = path.resolve(request.root);
    const { program, options } = this.resolved(root);
    const mine = shardFiles(request.plan.shards, request.shard);
    const reportPath = path.join(request.workDir, 'jest-results.json');
    await mkdir(request.workDir, { recursive: true });
    await rm(reportPath, { force: true });
    const argv = [
      ...program,
      ...options,
      '--json',
      `--outputFile=${reportPath}`,
      '--runTestsByPath',
      ...mine.map((file) => path.join(root, file)),
    ];
    const proc = await runArgv(argv, { cwd: root, env: request.env });
    const run: RunnerRun = {
      exitCode: proc.exitCode,
      results: [],
      startedAt: proc.startedAt,
      endedAt: proc.endedAt,
    };
    let report: JestReport;
    try {
      report = JSON.parse(await readFile(reportPath, 'utf8')) as JestReport;
    } catch {
      run.commandProblem =
        proc.signal !== null
          ? `Jest was killed by ${proc.signal}`
          : `Jest exited with code ${proc.exitCode} before writing its --json report (see its output above)`;
      return run;
    }
    const { results, problems, costs } = jestResults(report, root, mine);
    if (costs.testsStartedAt !== undefined) run.firstTestAt = costs.testsStartedAt;
    run.results = results.results;
    run.costs = costs;
    if (results.duplicateNames.length) {
      this.options.log?.(
        `evenshard: tests with the same name in the same describe block: ${listSome(results.duplicateNames)}; the later ones are counted as '… [2]', '… [3]' in source order. Rename them to keep their history stable.`,
      );
    }
    const failed = run.results.some((r) => r.outcome === 'failed' || r.outcome === 'error');
    if (proc.exitCode !== 0 && !failed && problems.length === 0) {
      problems.push(`Jest exited with code ${proc.exitCode} although no test failed`);
    }
    if (problems.length) run.commandProblem = problems.join('; ');
    return run;
  }
}
