/**
 * The one builder for `ShardResult` fixtures (what a shard job uploads as results.json). Fields
 * that follow from the results are derived from them, as the run role derives them: the planned
 * tests and files are the ones that ran, the test command's time is their sum, and its exit code
 * is 1 when a test failed or errored. Any field can be overridden.
 */
import {
  SHARD_RESULT_SCHEMA,
  type ShardResult,
  type TestResult,
} from '../../src/core/shardResult.js';

/** A fingerprint-shaped placeholder: 64 hex digits, as planFingerprint always is. */
export const FINGERPRINT = 'f'.repeat(64);

export function shardResult(fields: Partial<ShardResult> = {}): ShardResult {
  const results = fields.results ?? [];
  return {
    schema: SHARD_RESULT_SCHEMA,
    shard: 1,
    shards: 1,
    framework: 'pytest',
    planFingerprint: FINGERPRINT,
    estimatedSeconds: 1,
    makespanSeconds: 1,
    lowerBoundSeconds: 1,
    plannedFiles: [...new Set(results.map((r) => fileOf(r.id)))].sort(),
    plannedTests: results.map((r) => r.id),
    discoveredFiles: [],
    overheadSeconds: 10,
    testSeconds: results.reduce((sum, r) => sum + r.seconds, 0),
    exitCode: results.some((r) => r.outcome === 'failed' || r.outcome === 'error') ? 1 : 0,
    status: { signal: null, finished: true },
    collection: null,
    estimates: {
      counts: { measured: results.length, file: 0, directory: 0, suite: 0, proxy: 0 },
      suiteEstimateSeconds: 1,
    },
    ...fields,
    results,
  };
}

/** A passed test result. */
export const passed = (id: string, seconds = 1): TestResult => ({ id, seconds, outcome: 'passed' });

/** A failed test result with its message. */
export const failed = (id: string, message = 'AssertionError', seconds = 1): TestResult => ({
  id,
  seconds,
  outcome: 'failed',
  message,
});

/** The file part of a pytest-style id (`tests/a.py::test_x` → `tests/a.py`). */
function fileOf(id: string): string {
  return id.split('::')[0]!;
}

/**
 * How evenly the shards of `run` divided the work, as max ÷ mean of their loads, with every
 * test and every file visit weighed as `reference` measured it (a test or file it did not see
 * weighs nothing). Both runs are judged on the same numbers, so "the second run's plan is more
 * even" does not depend on how loaded the machine was while each run ran.
 */
export function spreadUnder(
  run: readonly ShardResult[],
  reference: readonly ShardResult[],
): number {
  const testSeconds = new Map<string, number>();
  const visitSeconds = new Map<string, number>();
  for (const shard of reference) {
    for (const t of shard.results) testSeconds.set(t.id, t.seconds);
    for (const [file, visit] of Object.entries(shard.costs?.files ?? {}))
      visitSeconds.set(file, visit.collect + visit.fixtures);
  }
  const loads = run.map((shard) => {
    const files = new Set(shard.results.map((t) => fileOf(t.id)));
    let load = 0;
    for (const t of shard.results) load += testSeconds.get(t.id) ?? 0;
    for (const file of files) load += visitSeconds.get(file) ?? 0;
    return load;
  });
  const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
  return Math.max(...loads) / mean;
}
