/**
 * Fault matrix, histories and scale: whatever history a shard gets (none, empty, corrupt, an
 * unknown schema, another shard count, Windows ids, stale ids, a different one per shard), the
 * run is either proven exactly-once or fails naming exactly what did not run. The run and merge
 * roles with a fake runner (no processes), checked against the runner's record of what ran.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { serializeHistory, emptyHistory } from '../../src/core/history.js';
import { cleanUp, FakeRunner, MemoryStore, mergeStore, runFakeShard } from './harness.js';

afterAll(cleanUp);

/** `files` files of `perFile` tests each. */
function suite(files: number, perFile: number, prefix = 'tests'): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let f = 0; f < files; f++) {
    const file = `${prefix}/test_${f}.py`;
    out.set(
      file,
      Array.from({ length: perFile }, (_, t) => `${file}::test_${t}`),
    );
  }
  return out;
}

/** A history in which every test of `tests` took `seconds(id)`. */
function historyOf(ids: Iterable<string>, seconds: (id: string, i: number) => number): string {
  const h = emptyHistory();
  h.run = 3;
  let i = 0;
  for (const id of ids) h.tests[id] = { s: [seconds(id, i++)], seen: 3 };
  return serializeHistory(h);
}

/** Runs every shard (each with its own history when given) and merges; checks the proof. */
async function run(
  runner: FakeRunner,
  shards: number,
  store: MemoryStore,
  histories?: (shard: number) => string | null,
) {
  runner.ran.length = 0;
  const outcomes = [];
  for (let shard = 1; shard <= shards; shard++) {
    outcomes.push(
      await runFakeShard(runner, store, shard, shards, histories?.(shard) ?? store.history),
    );
  }
  const merge = await mergeStore(store, shards);
  // The recorder: every test of the suite ran once, or the merge names it (and fails).
  const times = new Map<string, number>();
  for (const id of runner.ran) times.set(id, (times.get(id) ?? 0) + 1);
  const all = [...runner.suite.values()].flat();
  const notOnce = all.filter((id) => times.get(id) !== 1).sort();
  const named = [
    ...merge.report.lost.map((l) => l.id),
    ...merge.report.duplicated.map((d) => d.id),
  ].sort();
  expect(named).toEqual(notOnce);
  expect(merge.failures.length === 0).toBe(notOnce.length === 0);
  return { outcomes, merge };
}

describe('fault matrix: histories', () => {
  const tests = suite(6, 5);
  const ids = [...tests.values()].flat();

  it('no history: plans by test count, every test runs once', async () => {
    const { merge, outcomes } = await run(new FakeRunner(tests), 3, new MemoryStore());
    expect(merge.failures).toEqual([]);
    expect(outcomes[0]!.result.estimates.counts.measured).toBe(0);
  });

  for (const [name, text, warning] of [
    ['empty', '', /unreadable/],
    ['truncated', historyOf(ids, () => 1).slice(0, 120), /unreadable/],
    ['not JSON', 'garbage{', /unreadable/],
    [
      'an older unknown schema',
      '{"schema":"evenshard-history/0","run":1,"tests":{}}',
      /evenshard-history\/0/,
    ],
    [
      'a newer unknown schema',
      '{"schema":"evenshard-history/9","run":1,"tests":{}}',
      /evenshard-history\/9/,
    ],
  ] as const) {
    it(`a history that is ${name}: a warning naming the problem, planned without it, merge writes a fresh one`, async () => {
      const store = new MemoryStore();
      store.history = text;
      const { merge } = await run(new FakeRunner(tests), 2, store);
      expect(merge.failures).toEqual([]);
      expect(store.log.warnings.some((w) => warning.test(w))).toBe(true);
      expect(JSON.parse(store.history!).run).toBe(1);
    });
  }

  it('a history written with another shard count plans this one', async () => {
    const store = new MemoryStore();
    store.history = historyOf(ids, (_, i) => 1 + (i % 7));
    const { outcomes, merge } = await run(new FakeRunner(tests), 4, store);
    expect(merge.failures).toEqual([]);
    expect(outcomes[0]!.result.estimates.counts.measured).toBe(ids.length);
  });

  it('a history written on Windows (backslash ids) matches the same tests', async () => {
    const store = new MemoryStore();
    store.history = historyOf(
      ids.map((id) => {
        const [file, name] = id.split('::');
        return `${file!.replace(/\//g, '\\')}::${name}`;
      }),
      () => 2,
    );
    const { outcomes, merge } = await run(new FakeRunner(tests), 2, store);
    expect(merge.failures).toEqual([]);
    expect(outcomes[0]!.result.estimates.counts.measured).toBe(ids.length);
  });

  it('deleted, renamed and moved tests: the stale ids are gone, the new ones run once', async () => {
    const store = new MemoryStore();
    store.history = historyOf(ids, () => 3);
    const changed = new Map(tests);
    changed.delete('tests/test_0.py');
    changed.set(
      'tests/moved/test_0.py',
      tests.get('tests/test_0.py')!.map((id) => id.replace('tests/', 'tests/moved/')),
    );
    changed.set(
      'tests/test_1.py',
      tests.get('tests/test_1.py')!.map((id) => `${id}_renamed`),
    );
    const { merge } = await run(new FakeRunner(changed), 3, store);
    expect(merge.failures).toEqual([]);
  });

  it('two shards of one run given different histories: still every test once, or the merge names exactly the ones that were not', async () => {
    const store = new MemoryStore();
    const slowFirst = historyOf(ids, (_, i) => (i < 5 ? 30 : 1));
    const slowLast = historyOf(ids, (_, i) => (i >= ids.length - 5 ? 30 : 1));
    // The recorder check inside run() is the assertion: named === not run once.
    const { merge } = await run(new FakeRunner(tests), 3, store, (shard) =>
      shard === 1 ? slowFirst : slowLast,
    );
    expect(merge.report.fingerprints.length).toBeGreaterThan(1);
  });
});

describe('fault matrix: scale', () => {
  it('N=1 and N=64 (more shards than files)', async () => {
    const tests = suite(10, 3);
    for (const shards of [1, 64]) {
      const { merge, outcomes } = await run(new FakeRunner(tests), shards, new MemoryStore());
      expect(merge.failures).toEqual([]);
      expect(outcomes.every((o) => o.exitCode === 0)).toBe(true);
    }
  });

  it('100k tests in 1,000 files with a full history, 4 shards', async () => {
    const tests = suite(1000, 100);
    const store = new MemoryStore();
    store.history = historyOf([...tests.values()].flat(), (_, i) => ((i * 7919) % 1000) / 1000);
    const { merge } = await run(new FakeRunner(tests), 4, store);
    expect(merge.failures).toEqual([]);
    expect(merge.report.counts.tests).toBe(100_000);
    // A generous timeout for a loaded machine: this checks correctness at scale, not speed.
  }, 600_000);
});
