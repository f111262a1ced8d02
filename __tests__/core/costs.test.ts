import { describe, expect, it } from 'vitest';
import {
  applyCostModel,
  costModelFromHistory,
  measureShardCosts,
  ownTimings,
  rollCosts,
  speedFactorOf,
  type FixtureCost,
} from '../../src/core/costs.js';
import { emptyCostHistory, rollHistory, serializeHistory } from '../../src/core/history.js';
import type { EstimatedTest } from '../../src/core/types.js';
import { parseHistoryText } from '../../src/formats/history.js';
import { estimatedColumns } from '../../src/core/timingColumns.js';

const fixture = (scope: FixtureCost['scope'], node: string, seconds: number): FixtureCost => ({
  name: `${scope}_fixture`,
  scope,
  node,
  seconds,
});

describe('measureShardCosts', () => {
  // Two files; a.py's first test paid the session (2 s), module (1 s) and class (0.5 s) fixtures.
  const tests = [
    { id: 'a.py::T::t1', seconds: 3.6, fixtureSeconds: 3.5 },
    { id: 'a.py::T::t2', seconds: 0.1 },
    { id: 'b.py::t3', seconds: 0.3 },
  ];
  const runner = {
    collect: { 'a.py': 0.2, 'b.py': 0.1 },
    fixtures: [
      fixture('session', '', 2),
      fixture('module', 'a.py', 1),
      fixture('class', 'a.py::T', 0.5),
    ],
    testsStartedAt: 10_000,
    testsEndedAt: 14_300, // 4.3 s of tests phase for 4.0 s of test durations
  };

  it('charges module fixtures to the file, class fixtures to the class, the rest to the shard', () => {
    const costs = measureShardCosts(tests, runner, 10);
    expect(costs.files).toEqual({
      'a.py': { collect: 0.2, fixtures: 1 },
      'b.py': { collect: 0.1, fixtures: 0 },
    });
    expect(costs.classes).toEqual({ 'a.py::T': 0.5 });
    expect(costs.sessionFixtures).toBe(2);
    // 0.3 s between and around 3 tests.
    expect(costs.perTestSeconds).toBeCloseTo(0.1, 6);
    // wall 10 − visits 1.3 − class 0.5 − own (0.1 + 0.1 + 0.3) − per-test 0.3 = 7.4, session included.
    expect(costs.fixedSeconds).toBeCloseTo(7.4, 6);
    expect(costs.fixtures.map((f) => f.seconds)).toEqual([2, 1, 0.5]);
  });

  it('charges per test what grows with the test count outside the tests phase: items and reports', () => {
    // Collection took 0.5 s, 0.3 s of it importing the files; the exit (reports) took 0.2 s.
    const costs = measureShardCosts(tests, runner, 10, { collection: 0.5, processExit: 0.2 });
    // (0.3 between and around the tests + 0.2 building items + 0.2 reporting) ÷ 3 tests.
    expect(costs.perTestSeconds).toBeCloseTo(0.7 / 3, 6);
    // The same wall: the 0.4 s now charged per test leaves the fixed cost.
    expect(costs.fixedSeconds).toBeCloseTo(7.0, 6);
    // Collection quicker than the imports it contains (clocks differ) charges nothing extra.
    expect(measureShardCosts(tests, runner, 10, { collection: 0.1 }).perTestSeconds).toBeCloseTo(
      0.1,
      6,
    );
  });

  it('has no fixed cost for a shard that ran nothing, and no per-test cost without timestamps', () => {
    const costs = measureShardCosts([], { collect: {}, fixtures: [] }, null);
    expect(costs.fixedSeconds).toBeNull();
    expect(costs.perTestSeconds).toBeNull();
  });
});

describe('the cost history', () => {
  const shard = (kind: string, fixed: number, predicted?: number, wall?: number) => ({
    kind,
    costs: {
      files: { 'a.py': { collect: 0.2 * (kind === 'macOS-ARM64' ? 2 : 1), fixtures: 1 } },
      classes: {},
      sessionFixtures: 0,
      perTestSeconds: 0.001,
      fixedSeconds: fixed,
      fixtures: [],
    },
    phases: { install: 12, tests: 30 },
    ...(predicted !== undefined ? { predictedWallSeconds: predicted, wallSeconds: wall! } : {}),
  });

  it('learns a speed factor per runner kind and scales that kind’s samples by it', () => {
    let costs = rollCosts(emptyCostHistory(), [shard('Linux-X64', 40)], 1);
    expect(speedFactorOf(costs, 'Linux-X64')).toBe(1);
    // Planned from the Linux history (factor 1), macOS shards take twice the predicted wall.
    costs = rollCosts(
      costs,
      [shard('macOS-ARM64', 80, 50, 100), shard('Linux-X64', 40, 50, 50)],
      2,
    );
    expect(speedFactorOf(costs, 'macOS-ARM64')).toBe(2);
    expect(speedFactorOf(costs, 'Linux-X64')).toBe(1);
    expect(speedFactorOf(costs, 'Windows-X64')).toBe(1);
    // macOS's 80 s fixed and 0.4 s import are Linux's 40 s and 0.2 s.
    expect(costs.fixed).toEqual([40, 40, 40]);
    expect(costs.collect['a.py']!.s).toEqual([0.2, 0.2, 0.2]);
    expect(costs.phases['install']).toEqual([12, 12, 12]);

    const linux = costModelFromHistory(costs, 'Linux-X64')!;
    const mac = costModelFromHistory(costs, 'macOS-ARM64')!;
    expect([linux.speedFactor, mac.speedFactor]).toEqual([1, 2]);
    const tests: EstimatedTest[] = [
      { id: 'a.py::t', file: 'a.py', seconds: 1, source: 'measured' },
    ];
    const columns = estimatedColumns(tests);
    expect(applyCostModel(columns, mac).costs.fixedSeconds).toBe(80);
    expect(applyCostModel(columns, mac).costs.fileVisitSeconds?.get('a.py')).toBeCloseTo(2.4, 6);
    expect(applyCostModel(columns, linux).tests.seconds[0]).toBeCloseTo(1.001, 6);
  });

  it('reads an evenshard-history/1 (no costs) and writes /3 that reads back the same', () => {
    const v1 = parseHistoryText(
      JSON.stringify({
        schema: 'evenshard-history/1',
        run: 3,
        updatedAt: '',
        overhead: [5],
        tests: { 'a.py::t': { s: [1], seen: 3 } },
      }),
    );
    expect(v1.schema).toBe('evenshard-history/3');
    expect(v1.costs).toEqual(emptyCostHistory());
    expect(costModelFromHistory(v1.costs, undefined)).toBeUndefined();

    const rolled = {
      ...rollHistory(v1, [{ id: 'a.py::t', seconds: 2 }], [6], { now: 'now' }),
      costs: rollCosts(v1.costs, [shard('Linux-X64', 40)], 4),
    };
    const text = serializeHistory(rolled);
    expect(parseHistoryText(text)).toEqual(rolled);
    expect(serializeHistory(parseHistoryText(text))).toBe(text);
  });

  it('drops a malformed cost field instead of refusing the history', () => {
    const history = parseHistoryText(
      JSON.stringify({
        schema: 'evenshard-history/2',
        run: 1,
        tests: {},
        costs: { fixed: [1, -2, 'x'], collect: { 'a.py': { s: 'no', seen: 1 }, 'b.py': 3 } },
      }),
    );
    expect(history.costs.fixed).toEqual([1]);
    expect(history.costs.collect).toEqual({ 'a.py': { s: [], seen: 1 } });
  });
});

describe('applyCostModel', () => {
  it('adds the per-test overhead and each test’s share of its class fixture; unknown files get the median import', () => {
    const model = {
      speedFactor: 1,
      fixedSeconds: 3,
      perTestSeconds: 0.01,
      collectSeconds: new Map([
        ['a.py', 0.2],
        ['c.py', 0.4],
      ]),
      moduleFixtureSeconds: new Map([['a.py', 1]]),
      classFixtureSeconds: new Map([['a.py::T', 0.5]]),
      defaultCollectSeconds: 0.2,
    };
    const tests: EstimatedTest[] = ['a.py::T::t1', 'a.py::T::t2', 'a.py::t3', 'b.py::t4'].map(
      (id) => ({ id, file: id.split('::')[0]!, seconds: 1, source: 'measured' }),
    );
    const { tests: adjusted, costs } = applyCostModel(estimatedColumns(tests), model);
    expect(adjusted.seconds).toEqual([1.26, 1.26, 1.01, 1.01]);
    expect(adjusted.ids).toEqual(tests.map((t) => t.id));
    expect([...costs.fileVisitSeconds!]).toEqual([
      ['a.py', 1.2],
      ['b.py', 0.2],
    ]);
    expect(costs.fixedSeconds).toBe(3);
  });
});

describe('ownTimings', () => {
  it('takes shared fixtures out of a test’s seconds and scales them to the reference kind', () => {
    const costs = rollCosts(
      emptyCostHistory(),
      [{ kind: 'slow', predictedWallSeconds: 10, wallSeconds: 20 }],
      1,
    );
    const out = ownTimings(
      [
        { id: 'a', seconds: 3, fixtureSeconds: 2 },
        { id: 'b', seconds: 4 },
      ],
      (id) => (id === 'b' ? 'slow' : undefined),
      costs,
    );
    expect(out.map((t) => t.seconds)).toEqual([1, 2]);
  });
});
