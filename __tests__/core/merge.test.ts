/**
 * The merges: N shard results → one verdict (mergeShardResults), and a run's timings → the next
 * history (rollHistory). Unit tests for each rule, property tests for the guarantees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adviseShardCount, queuedWall } from '../../src/core/advice.js';
import { estimateDurations, estimateMeasured } from '../../src/core/estimate.js';
import { estimatedColumns, timingColumns } from '../../src/core/timingColumns.js';
import { fileOfTestId } from '../../src/core/identity.js';
import {
  emptyHistory,
  estimateFromSamples,
  rollHistory,
  serializeHistory,
  validateHistory,
  type History,
} from '../../src/core/history.js';
import { mergeShardResults } from '../../src/core/mergeResults.js';
import type { ShardResult, TestResult } from '../../src/core/shardResult.js';
import type { TimingEntry } from '../../src/core/types.js';
import { parseHistoryText } from '../../src/formats/history.js';
import { shardResult } from '../helpers/shardResult.js';

function shard(
  index: number,
  shards: number,
  results: TestResult[],
  extra: Partial<ShardResult> = {},
): ShardResult {
  return shardResult({ shard: index, shards, results, ...extra });
}

const pass = (id: string, seconds = 1): TestResult => ({ id, seconds, outcome: 'passed' });

describe('mergeShardResults', () => {
  const all = ['t/a.py::x', 't/a.py::y', 't/b.py::z', 't/c.py::w'];
  const discovered = { discoveredFiles: ['t/a.py', 't/b.py', 't/c.py'] };

  it('proves exactly-once for a consistent run', () => {
    const report = mergeShardResults(
      [
        shard(1, 2, [pass(all[0]!), pass(all[1]!)], discovered),
        shard(2, 2, [pass(all[2]!), pass(all[3]!)], discovered),
      ],
      2,
    );
    expect(report.exactlyOnce).toBe(true);
    expect(report.counts).toMatchObject({ tests: 4, passed: 4, failed: 0 });
    expect(report.duplicated).toEqual([]);
    expect(report.lostFiles).toEqual([]);
  });

  it('names a duplicated test with the shards it ran in', () => {
    const report = mergeShardResults([
      shard(1, 2, [pass(all[0]!), pass(all[2]!)]),
      shard(2, 2, [pass(all[2]!), pass(all[3]!)]),
    ]);
    expect(report.exactlyOnce).toBe(false);
    expect(report.duplicated).toEqual([{ id: 't/b.py::z', shards: [1, 2] }]);
    expect(report.counts.tests).toBe(3);
  });

  it('names a file that some shard discovered but no shard ran', () => {
    const report = mergeShardResults([
      shard(1, 2, [pass(all[0]!), pass(all[1]!)], discovered),
      shard(2, 2, [pass(all[2]!)], { discoveredFiles: [...discovered.discoveredFiles, 't/d.py'] }),
    ]);
    expect(report.lostFiles).toEqual([
      { file: 't/c.py', discoveredBy: [1, 2] },
      { file: 't/d.py', discoveredBy: [2] },
    ]);
    expect(report.exactlyOnce).toBe(false);
  });

  it('names missing shards and disagreeing fingerprints', () => {
    const report = mergeShardResults(
      [
        shard(1, 4, [pass(all[0]!)]),
        shard(3, 4, [pass(all[1]!)], { planFingerprint: 'a'.repeat(64) }),
      ],
      4,
    );
    expect(report.missingShards).toEqual([2, 4]);
    expect(report.fingerprints).toEqual([
      { fingerprint: 'f'.repeat(64), shards: [1] },
      { fingerprint: 'a'.repeat(64), shards: [3] },
    ]);
    expect(report.exactlyOnce).toBe(false);
  });

  it('lists failures with their shard, new tests, and planned tests that did not run', () => {
    const failed: TestResult = { id: 't/b.py::z', seconds: 2, outcome: 'failed', message: 'boom' };
    const report = mergeShardResults([
      shard(1, 2, [pass(all[0]!), pass('t/a.py::brand_new')], {
        plannedTests: [all[0]!, 't/a.py::deleted'],
      }),
      shard(2, 2, [failed]),
    ]);
    expect(report.failures).toEqual([{ ...failed, shard: 2 }]);
    expect(report.newTests).toEqual(['t/a.py::brand_new']);
    expect(report.plannedNotRun).toEqual([{ id: 't/a.py::deleted', shard: 1 }]);
  });

  it('on a first run (no history) calls no test new and no whole-file unit unrun', () => {
    const noHistory = {
      estimates: {
        counts: { measured: 0, file: 0, directory: 0, suite: 0, proxy: 2 },
        suiteEstimateSeconds: 1,
      },
    };
    const report = mergeShardResults([
      shard(1, 1, [pass(all[0]!), pass(all[2]!)], {
        ...noHistory,
        plannedTests: ['t/a.py', 't/b.py'],
      }),
    ]);
    expect(report.newTests).toEqual([]);
    expect(report.plannedNotRun).toEqual([]);
  });

  it('property: any partition of a suite is exactly-once; running any test twice is named', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-c]\/[a-e]\.py::t[0-9]{1,2}$/), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: 6 }),
        fc.nat(),
        (ids, shards, seed) => {
          const parts: TestResult[][] = Array.from({ length: shards }, () => []);
          ids.forEach((id, i) => parts[(i * 7 + seed) % shards]!.push(pass(id)));
          const results = parts.map((p, i) => shard(i + 1, shards, p));
          expect(mergeShardResults(results, shards).exactlyOnce).toBe(true);
          const victim = ids[seed % ids.length]!;
          const other =
            (results.findIndex((r) => r.results.some((t) => t.id === victim)) + 1) % shards;
          const tampered = results.map((r, i) =>
            i === other ? { ...r, results: [...r.results, pass(victim)] } : r,
          );
          const report = mergeShardResults(tampered, shards);
          expect(report.duplicated.map((d) => d.id)).toEqual([victim]);
          expect(report.exactlyOnce).toBe(false);
        },
      ),
    );
  });
});

describe('rollHistory', () => {
  const now = '2026-11-21T00:00:00.000Z';

  it('keeps the last five samples and estimates with the lower median, so one slow run never doubles it', () => {
    let history: History | null = null;
    for (const seconds of [1, 1.1, 0.9, 1, 1.05, 9])
      history = rollHistory(history, [{ id: 't.py::a', seconds, outcome: 'passed' }], [], { now });
    expect(history!.tests['t.py::a']!.s).toEqual([1.1, 0.9, 1, 1.05, 9]);
    expect(estimateFromSamples(history!.tests['t.py::a']!.s)).toBe(1.05);
    expect(estimateFromSamples([1, 10])).toBe(1);
  });

  it('ignores failed and errored tests, keeps what did not run, and ages out tests unseen for 10 runs', () => {
    let history = rollHistory(
      null,
      [
        { id: 'a', seconds: 1, outcome: 'passed' },
        { id: 'b', seconds: 2, outcome: 'passed' },
      ],
      [],
      { now },
    );
    history = rollHistory(
      history,
      [
        { id: 'a', seconds: 50, outcome: 'failed' },
        { id: 'c', seconds: 3, outcome: 'error' },
      ],
      [],
      { now },
    );
    expect(history.tests['a']!.s).toEqual([1]);
    expect(history.tests['c']).toBeUndefined();
    for (let i = 0; i < 9; i++)
      history = rollHistory(history, [{ id: 'a', seconds: 1, outcome: 'passed' }], [], { now });
    expect(history.run).toBe(11);
    expect(Object.keys(history.tests)).toEqual(['a']);
  });

  it('records per-shard overhead and serializes byte-for-byte stably, round-tripping through the text format', () => {
    const entries: TimingEntry[] = [
      { id: 'z.py::b', seconds: 0.1234567, outcome: 'passed' },
      { id: 'a.py::ü[x y]', seconds: 2, outcome: 'skipped' },
    ];
    const one = rollHistory(emptyHistory(), entries, [12.5, 14], { now });
    const two = rollHistory(emptyHistory(), [...entries].reverse(), [12.5, 14], { now });
    expect(serializeHistory(one)).toBe(serializeHistory(two));
    expect(one.overhead).toEqual([12.5, 14]);
    expect(one.tests['z.py::b']!.s).toEqual([0.123]);
    expect(parseHistoryText(serializeHistory(one))).toEqual(one);
  });

  it('rejects malformed histories with a message naming the problem', () => {
    expect(() => validateHistory({ schema: 'evenshard-history/9', run: 1, tests: {} })).toThrow(
      /schema is "evenshard-history\/9"/,
    );
    expect(() => validateHistory({ schema: 'evenshard-history/1', run: -1, tests: {} })).toThrow(
      /"run" must be/,
    );
    expect(() =>
      validateHistory({
        schema: 'evenshard-history/1',
        run: 1,
        tests: { x: { s: [-1], seen: 1 } },
      }),
    ).toThrow(/"x" has a sample/);
    expect(() => parseHistoryText('{')).toThrow(/not valid JSON/);
  });

  it('property: rolling is independent of the order of results', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            id: fc.stringMatching(/^[a-z]{1,3}\.py::t\d$/),
            seconds: fc.double({ min: 0, max: 100, noNaN: true }),
          }),
          {
            selector: (e) => e.id,
            maxLength: 30,
          },
        ),
        (entries) => {
          const forward = rollHistory(
            null,
            entries.map((e) => ({ ...e, outcome: 'passed' as const })),
            [],
            { now },
          );
          const backward = rollHistory(
            null,
            [...entries].reverse().map((e) => ({ ...e, outcome: 'passed' as const })),
            [],
            { now },
          );
          expect(serializeHistory(forward)).toBe(serializeHistory(backward));
        },
      ),
    );
  });
});

describe('estimateDurations', () => {
  it('uses the file mean, then the nearest folder, then the suite median; never zero', () => {
    const measured = new Map([
      ['a/x/t1.py::one', 4],
      ['a/x/t1.py::two', 6],
      ['a/y/t2.py::one', 1],
      ['b/t3.py::one', 0],
    ]);
    const { tests, report } = estimateDurations(
      [
        { id: 'a/x/t1.py::new', file: 'a/x/t1.py' },
        { id: 'a/x/t9.py::new', file: 'a/x/t9.py' },
        { id: 'c/t4.py::new', file: 'c/t4.py' },
        { id: 'b/t3.py::one', file: 'b/t3.py' },
      ],
      measured,
    );
    const by = Object.fromEntries(tests.map((t) => [t.id, t]));
    expect(by['a/x/t1.py::new']).toMatchObject({ seconds: 5, source: 'file' });
    expect(by['a/x/t9.py::new']).toMatchObject({ seconds: 5, source: 'directory' });
    expect(by['c/t4.py::new']).toMatchObject({ source: 'suite' });
    expect(by['c/t4.py::new']!.seconds).toBeGreaterThan(0);
    expect(by['b/t3.py::one']).toMatchObject({ seconds: 0, source: 'measured' });
    expect(report.counts).toEqual({ measured: 1, file: 1, directory: 1, suite: 1, proxy: 0 });
  });

  it('with no history plans whole files by the number of tests in their source', () => {
    const { tests, report } = estimateDurations(
      [
        { id: 'big.py', file: 'big.py', testCountHint: 40 },
        { id: 'small.py', file: 'small.py', testCountHint: 2 },
      ],
      new Map(),
    );
    expect(tests.map((t) => t.seconds)).toEqual([40, 2]);
    expect(report.counts.proxy).toBe(2);
  });

  it('estimateMeasured gives what estimateDurations gives for the timed tests alone', () => {
    const entry = fc.record({
      id: fc.oneof(
        fc.constantFrom('a.py', 'a.py::t', 'a.py::u', 'b/c.py::t[x::y]', '::t', 'a:', 'a:::t'),
        fc.string({ maxLength: 6 }).map((s) => `d/${s}.py::${s}`),
      ),
      seconds: fc.oneof(fc.double({ min: 0, max: 1e4, noNaN: true }), fc.constant(0)),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 20 }), (list) => {
        const sorted = [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        const measured = new Map(sorted.map((e) => [e.id, e.seconds]));
        const suite = sorted.map((e) => ({ id: e.id, file: fileOfTestId(e.id) }));
        const expected = estimateDurations(suite, measured);
        expect(expected.tests.every((t) => t.source === 'measured')).toBe(true);
        expect(estimateMeasured(timingColumns(sorted))).toEqual({
          tests: estimatedColumns(expected.tests),
          report: expected.report,
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('adviseShardCount', () => {
  const tests = (n: number, seconds: number) =>
    estimatedColumns(
      Array.from({ length: n }, (_, i) => ({
        id: `t/f${i}.py::t`,
        file: `t/f${i}.py`,
        seconds,
        source: 'measured' as const,
      })),
    );

  it('chooses the smallest count meeting the target, even one the table skips (9)', () => {
    // 18 × 60 s, 60 s overhead, 3-minute target: 9 shards give 60 + 120 = 180 s; 8 give 60 + 180.
    const advice = adviseShardCount(tests(18, 60), {
      overheadSeconds: 60,
      splitFiles: true,
      targetSeconds: 180,
    });
    expect(advice.recommended).toBe(9);
    expect(advice.meetsTarget).toBe(true);
    expect(advice.rows.find((r) => r.shards === 9)).toMatchObject({
      wallSeconds: 180,
      runnerSeconds: 9 * 60 + 18 * 60,
    });
  });

  it('without a target recommends where more shards stop saving 5 % of the wall time', () => {
    // 8 × 60 s with 120 s overhead: 1 → 600, 2 → 360, 4 → 240, 5 → 240 (a plateau), 8 → 180;
    // the table stops at 10, the first count where the longest test alone decides the wall.
    const advice = adviseShardCount(tests(8, 60), { overheadSeconds: 120, splitFiles: false });
    expect(advice.meetsTarget).toBe(false);
    expect(advice.recommended).toBe(8);
    expect(advice.rows.map((r) => r.shards)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10]);
  });

  it('says so when no count up to the maximum meets the target', () => {
    const advice = adviseShardCount(tests(4, 60), {
      overheadSeconds: 30,
      splitFiles: true,
      targetSeconds: 60,
      maxShards: 16,
    });
    expect(advice.meetsTarget).toBe(false);
  });

  it('queues shards past the concurrency cap, and says how many', () => {
    // 16 × 60 s, 30 s overhead; at most 4 at once: 8 shards run as two waves of 4 × 150 s.
    const advice = adviseShardCount(tests(16, 60), {
      overheadSeconds: 30,
      splitFiles: false,
      maxParallel: 4,
    });
    expect(advice.maxParallel).toBe(4);
    expect(advice.rows.find((r) => r.shards === 4)).toMatchObject({
      wallSeconds: 270,
      queuedShards: 0,
    });
    expect(advice.rows.find((r) => r.shards === 8)).toMatchObject({
      wallSeconds: 300,
      queuedShards: 4,
    });
    // More shards than runners only add overhead: 4 is where the wall stops improving.
    expect(advice.recommended).toBe(4);
    expect(queuedWall([5, 5, 5, 1, 9], 2)).toBe(15);
    expect(queuedWall([5, 5], undefined)).toBe(5);
  });

  it('with a cost model, predicts each count by its plans: fixed cost, file visits, tests', () => {
    const costs = { fixedSeconds: 30, fileVisitSeconds: new Map([['t/f0.py', 10]]) };
    const advice = adviseShardCount(tests(4, 60), {
      overheadSeconds: 999, // ignored: the model has the fixed cost
      splitFiles: true,
      costs,
    });
    expect(advice.costModel).toBe(true);
    expect(advice.overheadSeconds).toBe(30);
    // 2 shards: 30 + 10 + 60 + 60 and 30 + 120; runner time adds both.
    expect(advice.rows.find((r) => r.shards === 2)).toMatchObject({
      wallSeconds: 160,
      runnerSeconds: 310,
    });
  });
});
