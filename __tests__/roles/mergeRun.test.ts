/**
 * The merge role's verdicts with in-memory ports (./ports.ts): which shard is missing, which
 * file was lost, which test ran twice, all named; a complete run passes and rolls the history.
 */
import { describe, expect, it } from 'vitest';
import { parseHistoryText } from '../../src/formats/history.js';
import { mergeRun, type MergeConfig } from '../../src/roles/mergeRun.js';
import { failed, passed, shardResult } from '../helpers/shardResult.js';
import { MemoryHistory, MemoryHistorySink, MemorySummary, MemoryUploads } from './ports.js';
import { RecordingLogger } from '../helpers/logger.js';

const CONFIG: MergeConfig = {
  splitFiles: true,
  exportTestDurations: false,
  now: '2026-12-01T00:00:00Z',
};
const FILES = ['tests/test_a.py', 'tests/test_b.py', 'tests/test_c.py'];

/** Three shards, one file each, each discovering all three files. */
function threeShards() {
  return FILES.map((file, i) =>
    shardResult({
      shard: i + 1,
      shards: 3,
      discoveredFiles: FILES,
      results: [passed(`${file}::test_1`, 2), passed(`${file}::test_2`, 3)],
    }),
  );
}

function ports(uploads: MemoryUploads) {
  return {
    uploads,
    previousHistory: new MemoryHistory(),
    historySink: new MemoryHistorySink(),
    summary: new MemorySummary(),
    log: new RecordingLogger(),
  };
}

describe('mergeRun', () => {
  it('passes a complete run and rolls every test into the next history', async () => {
    const p = ports(MemoryUploads.of(threeShards()));
    const outcome = await mergeRun({ ...CONFIG, expectedShards: 3 }, p);
    expect(outcome.failures).toEqual([]);
    expect(outcome.report.counts).toMatchObject({ tests: 6, passed: 6 });
    expect(p.historySink.saved).toHaveLength(1);
    const next = parseHistoryText(p.historySink.saved[0]!.historyJson);
    expect(Object.keys(next.tests).sort()).toEqual(
      FILES.flatMap((f) => [`${f}::test_1`, `${f}::test_2`]).sort(),
    );
    expect(p.summary.written).toEqual([outcome.summary]);
  });

  it('names a shard that uploaded nothing', async () => {
    const [one, , three] = threeShards();
    const outcome = await mergeRun(
      { ...CONFIG, expectedShards: 3 },
      ports(MemoryUploads.of([one!, three!])),
    );
    expect(outcome.failures).toContain(
      'missing: shard(s) 2 uploaded no results (cancelled or crashed?)',
    );
  });

  it('names a file that was discovered but ran nowhere', async () => {
    const shards = threeShards();
    // Shard 2 neither planned nor ran tests/test_b.py (a file owned by nobody).
    shards[1] = shardResult({ ...shards[1]!, plannedFiles: [], plannedTests: [], results: [] });
    const outcome = await mergeRun(
      { ...CONFIG, expectedShards: 3 },
      ports(MemoryUploads.of(shards)),
    );
    expect(outcome.failures).toContain(
      'lost: tests/test_b.py was discovered by shard(s) 1, 2, 3 but ran in no shard',
    );
  });

  it('names a test that ran in two shards', async () => {
    const shards = threeShards();
    shards[2] = shardResult({
      ...shards[2]!,
      results: [...shards[2]!.results, passed('tests/test_a.py::test_1', 2)],
    });
    const outcome = await mergeRun(
      { ...CONFIG, expectedShards: 3 },
      ports(MemoryUploads.of(shards)),
    );
    expect(outcome.failures).toContain('duplicated: tests/test_a.py::test_1 ran in shards 1, 3');
  });

  it('names an unreadable results document, and fails on failed tests', async () => {
    const shards = threeShards();
    shards[0] = shardResult({
      ...shards[0]!,
      results: [passed('tests/test_a.py::test_1', 2), failed('tests/test_a.py::test_2')],
    });
    const uploads = new MemoryUploads([
      { shard: 1, resultText: JSON.stringify(shards[0]) },
      { shard: 2, resultText: null },
      { shard: 3, resultText: JSON.stringify(shards[2]) },
    ]);
    const outcome = await mergeRun({ ...CONFIG, expectedShards: 3 }, ports(uploads));
    expect(outcome.failures).toEqual(
      expect.arrayContaining([
        'shard 2: its results artifact has no readable results.json',
        '1 test(s) failed',
      ]),
    );
  });
});
