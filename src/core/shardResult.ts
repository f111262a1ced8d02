/**
 * What one shard job reports: the document uploaded as `<prefix>-results-<shard>/results.json`
 * (and written to the local store by the CLI). The merge role reads N of these. Versioned schema,
 * documented in docs/history-schema.md.
 */
import type { ShardCosts, ShardPhases } from './costs.js';
import type { HeavyFile } from './floor.js';
import type { EstimateReport, Outcome, TestId } from './types.js';

export const SHARD_RESULT_SCHEMA = 'evenshard-shard-result/2';

export interface TestResult {
  id: TestId;
  seconds: number;
  outcome: Outcome;
  /** First line of the failure message, for failed/error outcomes (kept from the first failing
   *  attempt when a later attempt passed). */
  message?: string;
  /**
   * Part of `seconds` spent setting up fixtures shared beyond this test (module, class,
   * package or session scope): paid for its file, class or shard, so not its own cost.
   */
  fixtureSeconds?: number;
  /**
   * The outcome of every attempt, oldest first, when the test ran more than once in this run
   * (runner retries such as pytest-rerunfailures, or re-run attempts of the job). The last one
   * equals `outcome`, which decides pass or fail. Absent when the test ran once.
   */
  attempts?: Outcome[];
  /** The run attempt (GITHUB_RUN_ATTEMPT, or the CLI's --attempt) whose run gave `outcome`;
   *  absent for attempt 1. */
  runAttempt?: number;
}

/** How the shard's test command ended, beyond its exit code. */
export interface ShardStatus {
  /** The signal that killed the command, if one did. */
  signal: string | null;
  /**
   * True when the runner reached the end of its session and recorded it. False: the command
   * crashed, was killed, called `os._exit`, or never started the session.
   */
  finished: boolean;
  /** The runner's own reason for stopping before running all it collected (`-x`, `--maxfail`). */
  stopped?: string;
  /**
   * Why this shard failed whatever its tests reported (killed, crashed, interrupted, a conftest
   * that does not import). Absent when the command ended normally.
   */
  problem?: string;
}

/** One file as the shard's runner collected it: all its test ids, before the shard's part. */
export interface CollectedFile {
  file: string;
  tests: TestId[];
  /** Digest of the ids and their parameters: differs between processes when ids are unstable. */
  fingerprint: string;
  /** True when the shard ran only its part of this file (the file is split across shards). */
  split?: boolean;
}

/** What the shard collected before running anything: the merge's evidence of what was there. */
export interface ShardCollection {
  /** Every file of the shard's plan that the runner collected (a file with no tests: `tests` []). */
  files: CollectedFile[];
  /** The ids this shard picked from its split files. */
  selected: TestId[];
  /** Ids the shard picked that the test command then deselected (`-k`, `-m`, `--deselect`). */
  deselected: TestId[];
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
  status: ShardStatus;
  /** What the runner collected; null when it cannot say or never got that far. */
  collection: ShardCollection | null;
  estimates: EstimateReport;
  /** Files kept whole that take longer than total ÷ N: the plan's floor (src/core/floor.ts). */
  heavyFiles?: HeavyFile[];
  results: TestResult[];
  /** The run attempt that wrote this document; absent for attempt 1. */
  runAttempt?: number;
  /** Set when this attempt re-ran only what failed (`rerun: failed`) on top of an earlier one. */
  rerun?: RerunRecord;
}

/** What a `rerun: failed` attempt took over from the attempt before it. */
export interface RerunRecord {
  /** The attempt whose results this one started from. */
  fromAttempt: number;
  /** Results kept from earlier attempts without running the tests again (they passed or skipped). */
  carried: number;
  /** Tests this attempt ran: those that failed or did not report in the earlier attempt. */
  ran: number;
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

/**
 * Parses one shard's results document (an artifact is untrusted input). Returns the document, or
 * a sentence saying what is wrong with it.
 */
export function parseShardResultText(text: string, shard: number): ShardResult | string {
  let value: ShardResult;
  try {
    value = JSON.parse(text) as ShardResult;
  } catch (error) {
    return `shard ${shard}: results.json is not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null)
    return `shard ${shard}: results.json is malformed`;
  if (value.schema !== SHARD_RESULT_SCHEMA) {
    return `shard ${shard}: results schema ${JSON.stringify(value.schema)} is not ${SHARD_RESULT_SCHEMA} (mixed evenshard versions?)`;
  }
  if (
    !Array.isArray(value.results) ||
    !Array.isArray(value.discoveredFiles) ||
    value.shard !== shard
  ) {
    return `shard ${shard}: results.json is malformed`;
  }
  return value;
}
