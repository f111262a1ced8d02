/**
 * What one shard job reports: the document uploaded as `<prefix>-results-<shard>/results.json`
 * (and written to the local store by the CLI). The merge role reads N of these. Versioned schema,
 * documented in docs/history-schema.md.
 */
import type { ShardCosts, ShardPhases } from './costs.js';
import type { EstimateReport, Outcome, TestId } from './types.js';

export const SHARD_RESULT_SCHEMA = 'evenshard-shard-result/1';

export interface TestResult {
  id: TestId;
  seconds: number;
  outcome: Outcome;
  /** First line of the failure message, for failed/error outcomes. */
  message?: string;
  /**
   * Part of `seconds` spent setting up fixtures shared beyond this test (module, class,
   * package or session scope): paid for its file, class or shard, so not its own cost.
   */
  fixtureSeconds?: number;
}

export interface ShardResult {
  schema: typeof SHARD_RESULT_SCHEMA;
  /** 1-based shard index and shard count. */
  shard: number;
  shards: number;
  framework: string;
  planFingerprint: string;
  /** The plan's estimate for this shard and for the slowest shard, in seconds. */
  estimatedSeconds: number;
  makespanSeconds: number;
  lowerBoundSeconds: number;
  /** What the plan told this shard to run (whole files and the planned test ids). */
  plannedFiles: string[];
  plannedTests: TestId[];
  /** Test files discovered in the checkout by this shard (the merge checks each one ran somewhere). */
  discoveredFiles: string[];
  /** Fixed cost of this shard: job start (or action start) to the first test, in seconds. */
  overheadSeconds: number | null;
  /** Wall time of the test command, in seconds. */
  testSeconds: number;
  /** Job start → test command exit, in seconds: what `estimatedSeconds` predicts with a cost model. */
  wallSeconds?: number | null;
  /** True when the plan predicted wall time (it had a cost model), not the tests' sum. */
  predictsWall?: boolean;
  /** Runner kind (`RUNNER_OS-RUNNER_ARCH`, plus the user's label) and the speed factor planned with. */
  kind?: string;
  speedFactor?: number;
  /** Where the shard's time went, by phase, in seconds. */
  phases?: ShardPhases;
  /** What it paid beyond its tests' own time: file visits, fixtures, per-test and fixed cost. */
  costs?: ShardCosts;
  /** Exit status of the test command (0 passed, 1 failed, 5 pytest "no tests", ...). */
  exitCode: number;
  estimates: EstimateReport;
  results: TestResult[];
}

export interface ShardCounts {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
}

export function countOutcomes(results: readonly TestResult[]): ShardCounts {
  const counts: ShardCounts = {
    tests: results.length,
    passed: 0,
    failed: 0,
    skipped: 0,
    errors: 0,
  };
  for (const r of results) {
    if (r.outcome === 'passed') counts.passed += 1;
    else if (r.outcome === 'failed') counts.failed += 1;
    else if (r.outcome === 'skipped') counts.skipped += 1;
    else counts.errors += 1;
  }
  return counts;
}
