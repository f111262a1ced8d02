/** What the history knows: outcomes per run, flakiness across runs, slower and faster tests. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countFlips, flakyAcrossRuns, flipRate } from '../../src/core/flakiness.js';
import {
  historyToTimings,
  looksLikeInfrastructureFailure,
  rollHistory,
  serializeHistory,
  validateHistory,
  type History,
} from '../../src/core/history.js';
import { aggregateChange, judgeDuration, testDurationChanges } from '../../src/core/slowdowns.js';
import type { TestResult } from '../../src/core/shardResult.js';
import type { Outcome } from '../../src/core/types.js';
import { parseHistoryText } from '../../src/formats/history.js';

const r = (id: string, outcome: Outcome, seconds = 1, attempts?: Outcome[]): TestResult => ({
  id,
  seconds,
  outcome,
  ...(attempts ? { attempts } : {}),
});

describe('outcomes in the history', () => {
  it('records P, F and R per run and keeps the last 20', () => {
    let history: History | null = null;
    for (let i = 0; i < 25; i++) {
      history = rollHistory(
        history,
        [
          r('t::a', 'passed'),
          r('t::b', i % 2 ? 'failed' : 'passed'),
          r('t::c', 'passed', 2, ['failed', 'passed']),
          r('t::d', 'skipped'),
          r('t::e', 'passed'),
        ],
        [],
        { now: '' },
      );
    }
    expect(history!.tests['t::a']!.o).toBe('P'.repeat(20));
    expect(history!.tests['t::b']!.o).toBe('FP'.repeat(10));
    expect(history!.tests['t::c']!.o).toBe('R'.repeat(20));
    expect(history!.tests['t::d']!.o).toBeUndefined();
    expect(history!.suite).toHaveLength(20);
  });

  it('leaves an outage (most tests failed) out of the outcomes and the suite total', () => {
    const before = rollHistory(null, [r('t::a', 'passed'), r('t::b', 'passed')], [], { now: '' });
    const outage = [r('t::a', 'failed'), r('t::b', 'error'), r('t::c', 'passed')];
    expect(looksLikeInfrastructureFailure(outage)).toBe(true);
    expect(looksLikeInfrastructureFailure([r('t::a', 'failed'), r('t::b', 'passed')])).toBe(false);
    const after = rollHistory(before, outage, [], { now: '' });
    expect(after.tests['t::a']!.o).toBe('P');
    expect(after.tests['t::b']!.o).toBe('P');
    expect(after.tests['t::c']!.o).toBeUndefined();
    expect(after.suite).toEqual(before.suite);
  });

  it('a test that only failed has outcomes but no timing, so planning does not read 0 s', () => {
    const h = rollHistory(null, [r('t::x', 'failed'), r('t::y', 'passed')], [], { now: '' });
    expect(h.tests['t::x']).toEqual({ s: [], seen: 1, o: 'F' });
    expect(historyToTimings(h).map((t) => t.id)).toEqual(['t::y']);
  });

  it('round-trips through the serialized form and reads a schema /1 history', () => {
    const h = rollHistory(null, [r('t::a', 'passed', 0.5), r('t::b', 'failed')], [3], {
      now: 'x',
    });
    expect(h.schema).toBe('evenshard-history/3');
    expect(parseHistoryText(serializeHistory(h))).toEqual(h);
    const old = validateHistory({
      schema: 'evenshard-history/1',
      run: 4,
      tests: { 't::a': { s: [1], seen: 4 } },
      overhead: [],
    });
    expect(old.tests['t::a']).toEqual({ s: [1], seen: 4 });
    expect(() => validateHistory({ schema: 'evenshard-history/9', run: 1, tests: {} })).toThrow(
      /evenshard-history\/1/,
    );
    // Garbage outcomes are dropped, not fatal.
    expect(
      validateHistory({
        schema: 'evenshard-history/2',
        run: 1,
        tests: { a: { s: [], seen: 1, o: 'PX' } },
      }).tests['a'],
    ).toEqual({ s: [], seen: 1 });
  });
});

describe('flakiness across runs', () => {
  it('counts flips between pass and fail, and each pass-after-retry', () => {
    expect(countFlips('PPPPP')).toBe(0);
    expect(countFlips('PPFPP')).toBe(2);
    expect(countFlips('PPRPP')).toBe(1);
    expect(countFlips('FFFFF')).toBe(0);
    expect(flipRate('PFPFPF')).toBeCloseTo(5 / 6);
  });

  it('lists tests flipping more than the threshold, most flaky first; a break then fix is not flaky', () => {
    const history = rollHistory(null, [], [], { now: '' });
    history.tests = {
      'flaky::a': { s: [1], seen: 1, o: 'PFPPFPPPFP' }, // 6 flips / 10
      'flaky::b': { s: [1], seen: 1, o: 'PPRPPRPP' }, // 2 / 8 = 0.25
      'fixed::c': { s: [1], seen: 1, o: 'PPPPFFFPPP' }, // 2 / 10: a break and its fix
      'young::d': { s: [1], seen: 1, o: 'PFPF' }, // too few runs
      'gone::e': { s: [1], seen: 1, o: 'PFPFPFPF' }, // did not run now
    };
    const flaky = flakyAcrossRuns(history, ['flaky::a', 'flaky::b', 'fixed::c', 'young::d']);
    expect(flaky.map((f) => [f.id, f.flips])).toEqual([
      ['flaky::a', 6],
      ['flaky::b', 2],
    ]);
    expect(flakyAcrossRuns(null, ['flaky::a'])).toEqual([]);
  });

  it('property: a constant string never flips; rate is within 0…1', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[PFR]{0,20}$/), (s) => {
        const rate = flipRate(s);
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(1);
        if (/^(P*|F*)$/.test(s)) expect(countFlips(s)).toBe(0);
      }),
    );
  });
});

describe('slower and faster tests', () => {
  const rule = { factor: 2, floorSeconds: 0.5, minSamples: 3 };
  const previous = rollHistory(null, [], [], { now: '' });
  previous.tests = {
    't::slow': { s: [1, 1.1, 0.9], seen: 1 },
    't::tiny': { s: [0.003, 0.003, 0.003], seen: 1 },
    't::fast': { s: [4, 4, 4], seen: 1 },
    't::young': { s: [1], seen: 1 },
    't::flaky': { s: [1, 1, 1], seen: 1 },
  };

  it('flags ≥ factor × median AND ≥ floor; 3 ms → 7 ms is not news', () => {
    const changes = testDurationChanges(
      previous,
      [
        r('t::slow', 'passed', 5),
        r('t::tiny', 'passed', 0.007),
        r('t::fast', 'passed', 1),
        r('t::young', 'passed', 50),
        r('t::flaky', 'passed', 9, ['failed', 'passed']),
        r('t::failed', 'failed', 99),
      ],
      rule,
    );
    expect(changes.slower).toEqual([{ id: 't::slow', beforeSeconds: 1, afterSeconds: 5 }]);
    expect(changes.faster).toEqual([{ id: 't::fast', beforeSeconds: 4, afterSeconds: 1 }]);
  });

  it('the floor and the factor both apply', () => {
    expect(judgeDuration([1, 1, 1], 1.9, rule)).toBeUndefined(); // under 2×
    expect(judgeDuration([0.2, 0.2, 0.2], 0.6, rule)).toBeUndefined(); // 3× but +0.4 s
    expect(judgeDuration([0.2, 0.2, 0.2], 0.7, rule)).toEqual({ verdict: 'slower', before: 0.2 });
    expect(judgeDuration([1, 1], 9, rule)).toBeUndefined(); // too few samples
  });

  it('aggregates use a floor 20× larger', () => {
    expect(aggregateChange('suite', [10, 10, 10], 25, rule)).toMatchObject({ verdict: 'slower' });
    expect(aggregateChange('suite', [2, 2, 2], 9, rule)).toBeUndefined(); // +7 s < 10 s
    expect(aggregateChange('suite', undefined, 9, rule)).toBeUndefined();
  });

  it('property: never both slower and faster, and never when the change is under the floor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 3, maxLength: 5 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (samples, after) => {
          const judged = judgeDuration(samples, after, rule);
          if (judged) expect(Math.abs(after - judged.before)).toBeGreaterThan(0.5 - 1e-6);
        },
      ),
    );
  });
});
