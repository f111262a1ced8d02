/**
 * The merge role's verdicts with in-memory ports (./ports.ts): which shard is missing, which
 * file was lost, which test ran twice, all named; a complete run passes and rolls the history.
 */
import { describe, expect, it } from 'vitest';
import { parseQuarantine } from '../../src/core/quarantine.js';
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
      'missing: shard 2 uploaded no results (cancelled, or failed before uploading)',
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
      'lost: 1 test did not run (no shard was given it): tests/test_b.py (whole file)',
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
    expect(outcome.failures).toContain('duplicated: tests/test_a.py::test_1 ran in shards 1 and 3');
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

describe('mergeRun: what the history knows', () => {
  const history = (tests: Record<string, { s: number[]; seen: number; o?: string }>) =>
    new MemoryHistory({
      text: JSON.stringify({ schema: 'evenshard-history/2', run: 5, tests, overhead: [] }),
      description: 'memory',
    });

  it('a quarantined failure is named and does not fail the merge; slower and flaky tests are listed', async () => {
    const shards = threeShards();
    shards[0]!.results[0] = failed('tests/test_a.py::test_1', 'AssertionError: known');
    shards[1]!.results[0] = {
      ...passed('tests/test_b.py::test_1'),
      attempts: ['failed', 'passed'],
    };
    shards[2]!.results[0] = passed('tests/test_c.py::test_1', 5);
    const p = {
      ...ports(MemoryUploads.of(shards)),
      previousHistory: history({
        'tests/test_c.py::test_1': { s: [1, 1, 1], seen: 5 },
        'tests/test_c.py::test_2': { s: [3, 3, 3], seen: 5, o: 'PFPPFPPPFP' },
      }),
    };
    const quarantine = parseQuarantine('tests/test_a.py::test_1\n', 'q.txt');
    const outcome = await mergeRun({ ...CONFIG, expectedShards: 3, quarantine }, p);
    expect(outcome.failures).toEqual([]);
    expect(outcome.insights.quarantined.map((q) => [q.id, q.shard])).toEqual([
      ['tests/test_a.py::test_1', 1],
    ]);
    expect(outcome.insights.flakyInRun.map((f) => f.id)).toEqual(['tests/test_b.py::test_1']);
    expect(outcome.insights.flakyAcrossRuns!.map((f) => f.id)).toEqual(['tests/test_c.py::test_2']);
    expect(outcome.insights.slower).toEqual([
      { id: 'tests/test_c.py::test_1', beforeSeconds: 1, afterSeconds: 5 },
    ]);
    expect(outcome.summary.split('\n')[0]).toMatch(/^### ✅/);
    expect(outcome.insightsComment).toContain('🐢 Slower');
    expect(outcome.insights.aggregates).toEqual([]);
    // Without the list the same run fails.
    const plain = await mergeRun({ ...CONFIG, expectedShards: 3 }, ports(MemoryUploads.of(shards)));
    expect(plain.failures).toEqual(['1 test(s) failed']);
    // The next history records this run's outcomes, the retried pass as R.
    const next = parseHistoryText(p.historySink.saved[0]!.historyJson);
    expect(next.tests['tests/test_b.py::test_1']!.o).toBe('R');
    expect(next.tests['tests/test_a.py::test_1']!.o).toBe('F');
  });
});

it('a phase that jumped (install per shard, median) is listed with the suite and start-up', async () => {
  const shards = threeShards().map((r) => ({ ...r, phases: { install: 40, collection: 1 } }));
  const p = {
    ...ports(MemoryUploads.of(shards)),
    previousHistory: new MemoryHistory({
      text: JSON.stringify({
        schema: 'evenshard-history/2',
        run: 5,
        tests: {},
        overhead: [],
        costs: { phases: { install: [10, 11, 10], collection: [1, 1, 1] } },
      }),
      description: 'memory',
    }),
  };
  const outcome = await mergeRun({ ...CONFIG, expectedShards: 3 }, p);
  expect(outcome.insights.aggregates).toEqual([
    { id: 'install (median per shard)', beforeSeconds: 10, afterSeconds: 40, verdict: 'slower' },
  ]);
});
