/**
 * The merge's pass/fail decision (mergeVerdict): the reasons the merge role fails the job with, and
 * the status the merge summary's headline shows. One function for both, so they cannot disagree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeShardResults } from '../../src/core/mergeResults.js';
import type { ShardResult, TestResult } from '../../src/core/shardResult.js';
import type { Outcome } from '../../src/core/types.js';
import { belowThreshold, mergeVerdict } from '../../src/core/verdict.js';
import { shardResult } from '../helpers/shardResult.js';

function shard(index: number, shards: number, results: TestResult[]): ShardResult {
  const files = [...new Set(results.map((r) => r.id.split('::')[0]!))].sort();
  return shardResult({
    shard: index,
    shards,
    planFingerprint: 'a'.repeat(64),
    discoveredFiles: files,
    testSeconds: results.length,
    exitCode: 0,
    results,
  });
}

const test = (id: string, outcome: Outcome = 'passed'): TestResult => ({
  id,
  seconds: 1,
  outcome,
});

const green = (): ShardResult[] => [
  shard(1, 2, [test('t/a.py::x'), test('t/a.py::y')]),
  shard(2, 2, [test('t/b.py::z')]),
];

describe('mergeVerdict', () => {
  it('passes a run where every test ran once and passed', () => {
    expect(mergeVerdict(mergeShardResults(green()))).toEqual({ status: 'passed', reasons: [] });
  });

  it('warns, without failing, when the shards ran no test at all', () => {
    const report = mergeShardResults([shard(1, 2, []), shard(2, 2, [])]);
    expect(mergeVerdict(report)).toEqual({ status: 'warning', reasons: [] });
  });

  it('fails when no shard uploaded results', () => {
    const verdict = mergeVerdict(mergeShardResults([], 3));
    expect(verdict.status).toBe('failed');
    expect(verdict.reasons).toEqual([
      'no shard uploaded results: did the test jobs run evenshard, with the same artifact-prefix?',
      'missing: shards 1, 2 and 3 uploaded no results (cancelled, or failed before uploading)',
    ]);
  });

  it('names every problem, upload problems first, in one fixed order', () => {
    const results = green();
    results[0]!.results.push(test('t/b.py::z'), test('t/c.py::w', 'failed'));
    results[0]!.discoveredFiles.push('t/lost.py');
    results[1]!.planFingerprint = 'b'.repeat(64);
    const report = mergeShardResults(results, 3);
    const verdict = mergeVerdict(report, { error: 'no .coverage files' }, [
      'shard 3: results.json is malformed',
    ]);
    expect(verdict.status).toBe('failed');
    expect(verdict.reasons).toEqual([
      'shard 3: results.json is malformed',
      'coverage: no .coverage files',
      'missing: shard 3 uploaded no results (cancelled, or failed before uploading)',
      'lost: 1 test did not run (no reporting shard was given it; shard 3 uploaded no results): t/lost.py (whole file)',
      'duplicated: t/b.py::z ran in shards 1 and 2',
      `plans differ: shard 1 used ${'a'.repeat(12)}; shard 2 used ${'b'.repeat(12)}`,
      '1 test(s) failed',
    ]);
  });

  it('fails an upload problem alone, even when the report looks green', () => {
    const verdict = mergeVerdict(mergeShardResults(green()), undefined, ['shard 5: unreadable']);
    expect(verdict).toEqual({ status: 'failed', reasons: ['shard 5: unreadable'] });
  });

  it('fails coverage below its threshold; at the threshold, or without one, passes', () => {
    const report = mergeShardResults(green());
    expect(mergeVerdict(report, { totalPercent: 84.99, failUnder: 85 })).toEqual({
      status: 'failed',
      reasons: ['coverage 84.99 % is below fail-under 85 %'],
    });
    expect(mergeVerdict(report, { totalPercent: 85, failUnder: 85 }).status).toBe('passed');
    expect(mergeVerdict(report, { totalPercent: 12 }).status).toBe('passed');
  });

  it('fails a coverage total that is not a number when a threshold is set', () => {
    expect(belowThreshold({ totalPercent: Number.NaN, failUnder: 50 })).toBe(true);
    expect(belowThreshold({ totalPercent: Number.NaN })).toBe(false);
    const verdict = mergeVerdict(mergeShardResults(green()), {
      totalPercent: Number.NaN,
      failUnder: 50,
    });
    expect(verdict.status).toBe('failed');
  });

  it('fails exactly when results are missing, exactly-once breaks or a test failed', () => {
    const outcome = fc.constantFrom<Outcome>('passed', 'failed', 'skipped', 'error');
    const run = fc.record({
      shards: fc.array(
        fc.array(fc.record({ n: fc.integer({ min: 0, max: 6 }), outcome }), { maxLength: 4 }),
        { minLength: 0, maxLength: 3 },
      ),
      expected: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(run, ({ shards, expected }) => {
        const results = shards.map((tests, i) =>
          shard(
            i + 1,
            shards.length,
            tests.map((t) => test(`t/f${t.n % 3}.py::t${t.n}`, t.outcome)),
          ),
        );
        const report = mergeShardResults(results, expected);
        const verdict = mergeVerdict(report);
        const shouldFail =
          report.shardLines.length === 0 ||
          !report.exactlyOnce ||
          report.counts.failed + report.counts.errors > 0;
        expect(verdict.status === 'failed').toBe(shouldFail);
        expect(verdict.reasons.length > 0).toBe(shouldFail);
        if (!shouldFail) {
          expect(verdict.status).toBe(report.counts.tests === 0 ? 'warning' : 'passed');
        }
      }),
      { numRuns: 200 },
    );
  });
});
