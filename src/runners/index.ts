/** The test frameworks evenshard can drive, behind the TestRunner seam. */
import { dirname, join } from 'node:path';
import { countTestsInSource, discoverPytestFiles } from './pytest/discover.js';
import {
  DEFAULT_PYTEST_COMMAND,
  type PytestShardRun,
  pytestSelectionForShard,
  runPytestShard,
  startWaitingPytestShard,
} from './pytest/run.js';
import { readFile } from 'node:fs/promises';
import type {
  DiscoveredFile,
  RunnerRun,
  RunRequest,
  StartedRun,
  StartRequest,
  TestRunner,
} from './types.js';
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
    const selection = this.selection(request);
    const run = await runPytestShard({
      ...this.processRequest(request),
      selection,
      ...(request.explicitFiles
        ? { paths: [...selection.files, ...selection.splits.map((s) => s.file)].sort() }
        : {}),
    });
    return runnerRun(run, request.workDir);
  }

  /** Not on Windows (the plugin cannot ask whether evenshard still runs), nor with explicit
   *  files (pytest must be given them when it starts). */
  start(request: StartRequest): StartedRun | undefined {
    if (process.platform === 'win32' || request.explicitFiles) return undefined;
    const waiting = startWaitingPytestShard(this.processRequest(request));
    return {
      run: async (run) => runnerRun(await waiting.run(this.selection(run)), run.workDir),
      cancel: () => waiting.cancel(),
    };
  }

  private selection(request: RunRequest) {
    return {
      ...pytestSelectionForShard(request.plan.shards, request.shard),
      ...(request.done?.length ? { done: request.done } : {}),
    };
  }

  private processRequest(request: StartRequest) {
    return {
      root: request.root,
      command: request.command,
      pluginDir: this.options.pluginDir,
      resultsPath: join(request.workDir, 'pytest-results.json'),
      junitPath: join(request.workDir, 'junit.xml'),
      env: request.env,
    };
  }
}

function runnerRun(run: PytestShardRun, workDir: string): RunnerRun {
  return {
    exitCode: run.exitCode,
    ...(run.commandProblem ? { commandProblem: run.commandProblem } : {}),
    status: run.status,
    collection: run.collection,
    results: run.results,
    junitPath: join(workDir, 'junit.xml'),
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
