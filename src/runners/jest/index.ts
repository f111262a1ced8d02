/**
 * `framework: jest`. Discovery is Jest's own (`jest --listTests --json`), so the config,
 * `projects`, `testMatch`/`testRegex` and `testPathIgnorePatterns` decide what a test file is. A
 * shard runs its files with `--runTestsByPath` (exact paths, never patterns), and durations and
 * outcomes come from Jest's `--json --outputFile` report: no extra reporter to install. Jest's
 * own `--shard` is refused in the command: it would split the shard's files again.
 * Files are the unit: see docs/runners/jest.md.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizePath } from '../../core/identity.js';
import type { RunnerCosts } from '../../core/costs.js';
import { emptyRecord } from '../../core/records.js';
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
} from '../js/runner.js';
import type { TestRunner } from '../types.js';

export const DEFAULT_JEST_COMMAND: readonly string[] = ['jest'];
/** `--listTests --json`, `--runTestsByPath` and the report's per-file start/end times. */
export const JEST_MINIMUM = { major: 27, minor: 0 } as const;

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
      /** Runs of the test: more than one when `jest.retryTimes` retried it. */
      invocations?: number;
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
): MappedReport {
  const records: JsTestRecord[] = [];
  const collect = emptyRecord<number>();
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

/** `framework: jest`: Jest's configuration of the JS runner skeleton (src/runners/js/runner.ts). */
export const JEST_RUNNER: JsRunnerConfig<JestReport> = {
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
    return listed.filter((entry): entry is string => typeof entry === 'string');
  },
  invocation({ command, root, mine, workDir }) {
    const reportPath = path.join(workDir, 'jest-results.json');
    return {
      argv: [
        ...command.program,
        ...command.options,
        '--json',
        `--outputFile=${reportPath}`,
        '--runTestsByPath',
        ...mine.map((file) => path.join(root, file)),
      ],
      reportPath,
    };
  },
  async readReport(reportPath) {
    try {
      return JSON.parse(await readFile(reportPath, 'utf8')) as JestReport;
    } catch {
      return null;
    }
  },
  noReport: (exitCode) =>
    `Jest exited with code ${exitCode} before writing its --json report (see its output above)`,
  mapReport: jestResults,
};

export function jestRunner(options: JsRunnerOptions = {}): TestRunner {
  return jsRunner(JEST_RUNNER, options);
}
