/** The seam between the run role and a test framework. One adapter per framework. */
import type { RunnerCosts } from '../core/costs.js';
import type { ShardCollection, ShardStatus, TestResult } from '../core/shardResult.js';
import type { Plan, TestId } from '../core/types.js';

export interface DiscoveredFile {
  /** POSIX path relative to the root. */
  file: string;
  /** Tests counted in the source: the planning proxy when there is no history. */
  testCountHint?: number;
}

export interface RunRequest {
  /** Absolute project root (the working directory). */
  root: string;
  /** The test command as an argument vector, never a shell string. */
  command: readonly string[];
  /** The whole plan (a runner may need to know what the other shards run) and this shard's index. */
  plan: Plan;
  shard: number;
  /** A private scratch folder for this run (selection file, raw results, JUnit). */
  workDir: string;
  env: NodeJS.ProcessEnv;
  /** Tests that already passed or skipped in an earlier attempt of this run: not run again
   *  (`rerun: failed`). Everything else of the shard's selection runs. */
  done?: readonly TestId[];
  /**
   * Name this shard's files on the command line, so the runner collects exactly them (the
   * `tests` globs define the suite) instead of what its own configuration would find.
   */
  explicitFiles?: boolean;
}

export interface RunnerRun {
  exitCode: number;
  /**
   * Set when the command failed for a reason other than failing tests (crash, usage error,
   * interrupted): the job fails with this message even if every reported test passed.
   */
  commandProblem?: string;
  /**
   * How the command ended, when the runner can say more than its exit code; without it the run
   * role derives it from `commandProblem` (`problem` always equals `commandProblem`).
   */
  status?: ShardStatus;
  /** What the runner collected before running, when it can say. */
  collection?: ShardCollection | null;
  results: TestResult[];
  /** Where the framework wrote its JUnit XML, when it did. */
  junitPath?: string;
  /** Epoch milliseconds: command started, first test started, command ended. */
  startedAt: number;
  firstTestAt?: number;
  endedAt: number;
  /** What the runner measured of the shard's costs (collection, shared fixtures, phases). */
  costs?: RunnerCosts;
}

export interface TestRunner {
  readonly framework: string;
  /** True when the runner can run single tests of a file, so the planner may split files. */
  readonly selectsSingleTests: boolean;
  discover(root: string, patterns: readonly string[] | undefined): Promise<DiscoveredFile[]>;
  run(request: RunRequest): Promise<RunnerRun>;
  /**
   * Optional: starts the test process before the plan exists. It waits for its selection, so
   * its start-up overlaps fetching the history and planning. Undefined when the runner cannot
   * (this platform, explicit files); the caller then calls `run` as usual.
   */
  start?(request: StartRequest): StartedRun | undefined;
}

/** What a test process needs before the plan exists. */
export type StartRequest = Pick<
  RunRequest,
  'root' | 'command' | 'workDir' | 'env' | 'explicitFiles'
>;

/** A test process started by `TestRunner.start`, waiting for its selection. */
export interface StartedRun {
  /** Hands over this shard's selection (same request as `TestRunner.run`) and runs it. */
  run(request: RunRequest): Promise<RunnerRun>;
  /** Nothing will run (an empty shard, a failed plan): stops the waiting process. */
  cancel(): Promise<void>;
}
