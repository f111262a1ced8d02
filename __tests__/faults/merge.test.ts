/**
 * Fault matrix, merge: the same results merged twice, a shard re-run after a merge, and a merge
 * with nothing to merge. The merge role with in-memory ports, no processes.
 */
import { describe, expect, it } from 'vitest';
import { SHARD_RESULT_SCHEMA, type ShardResult } from '../../src/core/shardResult.js';
import { parseHistoryText } from '../../src/formats/history.js';
import { MemoryStore, mergeStore } from './harness.js';

function result(shard: number, ids: string[], seconds = 1): ShardResult {
  const files = [...new Set(ids.map((id) => id.split('::')[0]!))].sort();
  return {
    schema: SHARD_RESULT_SCHEMA,
    shard,
    shards: 2,
    framework: 'pytest',
    planFingerprint: 'f'.repeat(64),
    estimatedSeconds: 1,
    makespanSeconds: 1,
    lowerBoundSeconds: 1,
    plannedFiles: files,
    plannedTests: ids,
    discoveredFiles: ['t/a.py', 't/b.py'],
    overheadSeconds: 5,
    testSeconds: ids.length * seconds,
    exitCode: 0,
    status: { signal: null, finished: true },
    collection: {
      files: files.map((file) => ({
        file,
        tests: ids.filter((id) => id.startsWith(file)),
        fingerprint: file,
      })),
      selected: [],
      deselected: [],
    },
    estimates: {
      counts: { measured: 0, file: 0, directory: 0, suite: 0, proxy: ids.length },
      suiteEstimateSeconds: 1,
    },
    results: ids.map((id) => ({ id, seconds, outcome: 'passed' })),
  };
}

function storeWith(...results: ShardResult[]): MemoryStore {
  const store = new MemoryStore();
  for (const r of results) store.uploads.set(r.shard, JSON.stringify(r));
  return store;
}

describe('fault matrix: merge', () => {
  it('merging the same store twice adds no sample twice (idempotent)', async () => {
    const store = storeWith(result(1, ['t/a.py::x']), result(2, ['t/b.py::y']));
    const first = await mergeStore(store, 2);
    expect(first.failures).toEqual([]);
    const once = store.history;
    const second = await mergeStore(store, 2);
    expect(second.failures).toEqual([]);
    expect(store.history).toBe(once);
    expect(parseHistoryText(store.history!).tests['t/a.py::x']!.s).toEqual([1]);
    expect(store.log.infos).toContain(
      'evenshard: these shard results are already in the history; it stays as it is.',
    );
  });

  it('a shard re-run after a merge adds only its own new samples', async () => {
    const store = storeWith(result(1, ['t/a.py::x']), result(2, ['t/b.py::y']));
    await mergeStore(store, 2);
    store.uploads.set(2, JSON.stringify(result(2, ['t/b.py::y'], 3)));
    await mergeStore(store, 2);
    const history = parseHistoryText(store.history!);
    expect(history.run).toBe(2);
    expect(history.tests['t/a.py::x']!.s).toEqual([1]);
    expect(history.tests['t/b.py::y']!.s).toEqual([1, 3]);
    expect(history.overhead).toEqual([5, 5, 5]);
  });

  it('keeps a file whole from the merge that found its ids unstable on', async () => {
    const one = result(1, ['t/a.py::x[0]']);
    const two = result(2, ['t/a.py::x[1]']);
    one.collection!.files[0] = {
      file: 't/a.py',
      tests: ['t/a.py::x[0]', 't/a.py::x[1]'],
      fingerprint: 'one',
      split: true,
    };
    two.collection!.files[0] = { ...one.collection!.files[0], fingerprint: 'two' };
    const store = storeWith(one, two);
    const merge = await mergeStore(store, 2);
    expect(merge.report.unstableFiles).toEqual([{ file: 't/a.py', shards: [1, 2] }]);
    expect(parseHistoryText(store.history!).keepWhole).toEqual(['t/a.py']);
  });

  it('a merge with no results at all fails with one line, and writes no broken history', async () => {
    const store = new MemoryStore();
    const merge = await mergeStore(store, 2);
    expect(merge.failures).toEqual([
      'no shard uploaded results: did the test jobs run evenshard, with the same artifact-prefix?',
      'missing: shards 1 and 2 uploaded no results (cancelled, or failed before uploading)',
    ]);
    expect(parseHistoryText(store.history!).tests).toEqual({});
  });
});
