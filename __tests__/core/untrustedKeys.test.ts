/**
 * Test ids, file and class names, phase names and runner kinds are untrusted: a test may be
 * called `constructor` or `__proto__`. The history and the cost history keep each as an ordinary
 * entry, and nothing they do writes onto Object or Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  costModelFromHistory,
  measureShardCosts,
  rollCosts,
  speedFactorOf,
  type ShardCostSample,
} from '../../src/core/costs.js';
import {
  emptyCostHistory,
  historyToTimings,
  rollHistory,
  serializeHistory,
  validateHistory,
  type History,
} from '../../src/core/history.js';
import { parseHistoryText, scanHistoryText } from '../../src/formats/history.js';

/** Object.prototype's member names, and `__proto__`, in code-unit order. */
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];
/** Properties the history and cost code write on an entry it looked up. */
const WRITTEN = ['o', 's', 'seen', 'fixtures', 'collect'];

/** What an inherited lookup could have written to: Object, its prototype and its members. */
function targets(): object[] {
  const proto = Object.prototype as unknown as Record<string, unknown>;
  return [
    Object,
    Object.prototype,
    ...Object.getOwnPropertyNames(Object.prototype)
      .filter((name) => name !== '__proto__')
      .map((name) => proto[name])
      .filter((v): v is object => typeof v === 'function'),
  ];
}

function polluted(): string[] {
  const found: string[] = [];
  for (const target of targets())
    for (const key of WRITTEN) if (Object.hasOwn(target, key)) found.push(key);
  return found;
}

afterEach(() => {
  // Without the fix the code under test pollutes; clean up so no other test inherits it.
  for (const target of targets())
    for (const key of WRITTEN) delete (target as Record<string, unknown>)[key];
});

describe('a history of tests named like Object.prototype members', () => {
  const results = (seconds: number) => [
    ...NAMES.map((id) => ({ id, seconds, outcome: 'passed' as const })),
    { id: 'z.py::t', seconds, outcome: 'passed' as const },
  ];

  it('keeps each as an ordinary test and rolls its samples over two runs', () => {
    const first = rollHistory(null, results(1), [], { now: 'one' });
    const second = rollHistory(first, results(2), [], { now: 'two' });
    expect(Object.keys(second.tests)).toEqual([...NAMES, 'z.py::t']);
    for (const id of NAMES) {
      expect(Object.hasOwn(second.tests, id)).toBe(true);
      expect(second.tests[id]).toEqual({ s: [1, 2], seen: 2, o: 'PP' });
    }
    expect(historyToTimings(second).map((t) => [t.id, t.seconds])).toEqual(
      [...NAMES, 'z.py::t'].map((id) => [id, 1]),
    );
    expect(({} as Record<string, unknown>)['o']).toBeUndefined();
    expect(Object.hasOwn(Object, 'o')).toBe(false);
    expect(polluted()).toEqual([]);
  });

  it('round-trips them through serializeHistory, parseHistoryText and validateHistory', () => {
    const history = rollHistory(rollHistory(null, results(1), [], { now: 'one' }), results(2), [], {
      now: 'two',
    });
    const text = serializeHistory(history);
    for (const id of NAMES) expect(text).toContain(`    ${JSON.stringify(id)}: {"s": [1,2]`);
    const parsed = parseHistoryText(text);
    expect(Object.getPrototypeOf(parsed.tests)).toBeNull();
    expect(Object.keys(parsed.tests)).toEqual([...NAMES, 'z.py::t']);
    expect(parsed).toEqual(history);
    expect(serializeHistory(parsed)).toBe(text);
    const validated = validateHistory(JSON.parse(text));
    expect(Object.keys(validated.tests)).toEqual([...NAMES, 'z.py::t']);
    expect(validated.tests['__proto__']).toEqual({ s: [1, 2], seen: 2, o: 'PP' });
    // The scanner (no JSON.parse) reads the same tests.
    expect(scanHistoryText(text)?.columns.ids).toEqual([...NAMES, 'z.py::t']);
    expect(polluted()).toEqual([]);
  });

  it('reads a written history whose only test is __proto__ (JSON.parse makes it an own key)', () => {
    const history = validateHistory(
      JSON.parse(
        '{"schema": "evenshard-history/3", "run": 1, "tests": {"__proto__": {"s": [3], "seen": 1}}}',
      ),
    );
    expect(Object.keys(history.tests)).toEqual(['__proto__']);
    expect(historyToTimings(history)).toEqual([{ id: '__proto__', seconds: 3 }]);
    const next = rollHistory(history, [{ id: '__proto__', seconds: 5, outcome: 'passed' }], [], {
      now: '',
    });
    expect(next.tests['__proto__']).toEqual({ s: [3, 5], seen: 2, o: 'P' });
    expect(polluted()).toEqual([]);
  });
});

describe('a cost history of files, classes, phases and kinds named like Object.prototype members', () => {
  // A shard result is parsed JSON: its keys may be anything, `__proto__` included.
  const sample = (wall: number): ShardCostSample =>
    JSON.parse(
      JSON.stringify({
        kind: 'constructor',
        predictedWallSeconds: 10,
        wallSeconds: wall,
        costs: {
          files: Object.fromEntries(NAMES.map((f) => [f, { collect: 0.5, fixtures: 0.25 }])),
          classes: Object.fromEntries(NAMES.map((c) => [c, 0.125])),
          sessionFixtures: 0,
          perTestSeconds: 0.001,
          fixedSeconds: 4,
          fixtures: [],
        },
        phases: Object.fromEntries(NAMES.map((p) => [p, 1])),
      }),
    ) as ShardCostSample;

  it('measures a shard’s files and classes under those names', () => {
    const costs = measureShardCosts(
      [{ id: 'constructor::t', seconds: 1 }],
      {
        collect: Object.fromEntries(NAMES.map((f) => [f, 0.5])),
        fixtures: NAMES.flatMap((node) => [
          { name: 'm', scope: 'module' as const, node, seconds: 0.25 },
          { name: 'c', scope: 'class' as const, node, seconds: 0.125 },
        ]),
      },
      10,
    );
    expect(Object.keys(costs.files).sort()).toEqual(NAMES);
    expect(Object.keys(costs.classes).sort()).toEqual(NAMES);
    for (const name of NAMES) {
      expect(costs.files[name]).toEqual({ collect: 0.5, fixtures: 0.25 });
      expect(costs.classes[name]).toBe(0.125);
    }
    expect(JSON.parse(JSON.stringify(costs.files))).toEqual(
      Object.fromEntries(NAMES.map((f) => [f, { collect: 0.5, fixtures: 0.25 }])),
    );
    expect(polluted()).toEqual([]);
  });

  it('rolls their samples over two runs and round-trips them through the history', () => {
    let costs = rollCosts(emptyCostHistory(), [sample(10)], 1);
    expect(speedFactorOf(emptyCostHistory(), 'constructor')).toBe(1);
    costs = rollCosts(costs, [sample(10)], 2);
    for (const record of [costs.collect, costs.moduleFixtures, costs.classFixtures, costs.phases])
      expect(Object.keys(record).sort()).toEqual(NAMES);
    for (const name of NAMES) {
      expect(costs.collect[name]).toEqual({ s: [0.5, 0.5], seen: 2 });
      expect(costs.moduleFixtures[name]).toEqual({ s: [0.25, 0.25], seen: 2 });
      expect(costs.classFixtures[name]).toEqual({ s: [0.125, 0.125], seen: 2 });
      expect(costs.phases[name]).toEqual([1, 1]);
    }
    expect(costs.speed).toEqual({ constructor: [1, 1] });
    expect(speedFactorOf(costs, 'constructor')).toBe(1);
    expect(speedFactorOf(costs, 'toString')).toBe(1);
    const model = costModelFromHistory(costs, 'constructor')!;
    expect([...model.collectSeconds.keys()].sort()).toEqual(NAMES);

    const history: History = {
      ...rollHistory(null, [{ id: 'constructor::t', seconds: 1 }], [], { now: '' }),
      costs,
    };
    const text = serializeHistory(history);
    const parsed = parseHistoryText(text);
    expect(parsed.costs).toEqual(costs);
    for (const record of [parsed.costs.collect, parsed.costs.classFixtures, parsed.costs.phases])
      expect(Object.keys(record).sort()).toEqual(NAMES);
    expect(validateHistory(JSON.parse(text)).costs).toEqual(costs);
    expect(serializeHistory(parsed)).toBe(text);
    expect(({} as Record<string, unknown>)['s']).toBeUndefined();
    expect(polluted()).toEqual([]);
  });
});
