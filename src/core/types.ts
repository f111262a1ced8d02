/**
 * Shared vocabulary of the pure core. Everything here is plain data: no I/O, no classes.
 *
 * A test id is canonical: `<file>::<name>[::<name>...]`, where `<file>` is a POSIX path relative
 * to the project root (no leading `./`, forward slashes) and the names are the runner's own
 * (pytest: `Class::test_x[param]`; Jest/Vitest: `describe block::test name`). A file-level entry
 * (Knapsack reports, runners that cannot select single tests) is just `<file>`.
 */
export type TestId = string;

export type Outcome = 'passed' | 'failed' | 'skipped' | 'error';

/** One measured duration, as read from any timing format. */
export interface TimingEntry {
  id: TestId;
  seconds: number;
  outcome?: Outcome;
}

/**
 * Measured durations as two columns, ids strictly ascending in code-unit order (so unique):
 * how a big timing file is read without an object per test. `seconds[i]` belongs to `ids[i]`.
 */
export interface TimingColumns {
  ids: readonly TestId[];
  seconds: ArrayLike<number>;
}

/** One test case as a JUnit XML file reports it, before it is mapped to a canonical id. */
export interface JUnitCase {
  /** `classname` attribute ('' when absent). */
  classname: string;
  /** `name` attribute. */
  name: string;
  /** `file` attribute of the case, else of the nearest enclosing suite that has one. */
  file?: string;
  /** Names of the enclosing `<testsuite>` elements, outermost first. */
  suites: string[];
  seconds: number;
  outcome: Outcome;
  /** Failure or error message (first line), when the case failed. */
  message?: string;
}

/** Which timing format a text was detected as. */
export type TimingFormat = 'evenshard-history' | 'pytest-split' | 'knapsack' | 'junit';

/** How a test's planned duration was obtained. */
export type EstimateSource = 'measured' | 'file' | 'directory' | 'suite' | 'proxy';

export interface EstimatedTest {
  id: TestId;
  /** The file the test lives in (equal to `id` for a file-level entry). */
  file: string;
  seconds: number;
  source: EstimateSource;
}

/**
 * Estimated tests as columns: what the planner reads, 100,000 tests without an object each.
 * `files[i]` and `seconds[i]` belong to `ids[i]`; a file-level entry has `files[i] === ids[i]`.
 * Estimates come in code-unit id order; the planner sorts any other order itself and refuses an
 * id listed twice.
 */
export interface EstimatedColumns {
  ids: readonly TestId[];
  files: readonly string[];
  seconds: ArrayLike<number>;
}

export interface EstimateReport {
  /** Count of tests per estimate source. */
  counts: Record<EstimateSource, number>;
  /** Seconds given to a test with no history of its own and no sibling in its file or folder. */
  suiteEstimateSeconds: number;
}

/**
 * A part of a file that one shard runs when the file is split across shards. The `owner` of a
 * split file runs the file minus the tests the other shards run, so tests added since the
 * history was written still run exactly once.
 */
export interface FileSplit {
  file: string;
  /** The planned tests of this file that this shard runs. */
  tests: TestId[];
  /** When true this shard runs every test of the file not listed by another shard's split. */
  owner: boolean;
  /** For the owner: the tests of this file that other shards run (to exclude). */
  excluded: TestId[];
}

export interface ShardPlan {
  /** 1-based shard index. */
  index: number;
  /** Predicted wall: the fixed cost, each visited file's visit cost and the tests' own time. */
  estimatedSeconds: number;
  /** Files this shard runs whole, sorted. */
  files: string[];
  /** Files this shard runs part of, sorted by file. */
  splits: FileSplit[];
  /** Every planned test id this shard runs, expanded and sorted. */
  tests: TestId[];
}

export interface Plan {
  shards: ShardPlan[];
  totalSeconds: number;
  /** The slowest shard's estimate. */
  makespanSeconds: number;
  /**
   * Set when the plan had a cost model, so shard estimates predict wall time: the fixed cost
   * included in every shard's estimate.
   */
  fixedSeconds?: number;
  /** With a cost model: the runner kind's speed factor the estimates are scaled by. */
  speedFactor?: number;
  /** max(total / N, longest unit): no split can do better. */
  lowerBoundSeconds: number;
  /** Hash of the planner version and its canonical inputs. Equal fingerprints ⇔ same plan. */
  fingerprint: string;
  /** Files whose tests were spread over several shards. */
  splitFiles: string[];
}
