/** The test frameworks evenshard can drive, behind the TestRunner seam. */
import { dirname, join } from 'node:path';
import { countTestsInSource, discoverPytestFiles } from './pytest/discover.js';
import { DEFAULT_PYTEST_COMMAND, pytestSelectionForShard, runPytestShard } from './pytest/run.js';
import { readFile } from 'node:fs/promises';
import type { DiscoveredFile, RunnerRun, RunRequest, TestRunner } from './types.js';
import { CommandRunner } from './command/index.js';
import { jestRunner } from './jest/index.js';
import { vitestRunner } from './vitest/index.js';

export const RUNNER_FRAMEWORKS = ['pytest', 'vitest', 'jest', 'command'] as const;
export type RunnerFramework = (typeof RUNNER_FRAMEWORKS)[number];

export { DEFAULT_PYTHON } from './pytest/run.js';

/**
 * The test command when the user gives none (the action's `command` default, the CLI's too);
 * `command` has none: the user's command is the point.
 */
const DEFAULT_COMMANDS: Record<RunnerFramework, readonly string[] | undefined> = {
  pytest: DEFAULT_PYTEST_COMMAND,
  vitest: ['vitest', 'run'],
  jest: ['jest'],
  command: undefined,
};

export function defaultCommand(framework: RunnerFramework): readonly string[] | undefined {
  return DEFAULT_COMMANDS[framework];
}

export interface RunnerOptions {
  /** Folder holding the pytest plugin (dist/pytest in the bundle). */
  pluginDir: string;
  /** The bundle's folder: the JS runners' reporters live in it (dist/vitest/…). */
  distDir?: string;
  /** The test command; the JS runners also discover with it (`vitest list`, `jest --listTests`). */
  command?: readonly string[];
  /** `framework: command`: globs of the JUnit files the command writes. */
  junit?: readonly string[];
  log?: (message: string) => void;
}

/** evenshard's Vitest reporter, shipped beside the pytest plugin (dist/vitest/, dist/pytest/). */
function vitestReporterPath(options: RunnerOptions): string {
  return join(options.distDir ?? dirname(options.pluginDir), 'vitest', 'evenshard-reporter.mjs');
}

export function runnerFor(framework: string, options: RunnerOptions): TestRunner {
  if (framework === 'pytest') return new PytestRunner(options);
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
  throw new Error(
    `unknown framework ${JSON.stringify(framework)}; expected one of ${RUNNER_FRAMEWORKS.join(', ')}`,
  );
}

class PytestRunner implements TestRunner {
  readonly framework = 'pytest';
  readonly selectsSingleTests = true;

  constructor(private readonly options: RunnerOptions) {}

  async discover(root: string, patterns: readonly string[] | undefined): Promise<DiscoveredFile[]> {
    const found = await discoverPytestFiles(root, patterns ? { patterns } : {});
    for (const warning of found.warnings) this.options.log?.(warning);
    // The test count per file is the planning proxy when there is no history at all.
    return Promise.all(
      found.files.map(async (file) => ({
        file,
        testCountHint: countTestsInSource(await readFile(join(root, file), 'utf8').catch(() => '')),
      })),
    );
  }

  async run(request: RunRequest): Promise<RunnerRun> {
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
      resultsPath: join(request.workDir, 'pytest-results.json'),
      junitPath: join(request.workDir, 'junit.xml'),
      env: request.env,
    });
    return {
      exitCode: run.exitCode,
      ...(run.commandProblem ? { commandProblem: run.commandProblem } : {}),
      status: run.status,
      collection: run.collection,
      results: run.results,
      junitPath: join(request.workDir, 'junit.xml'),
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
