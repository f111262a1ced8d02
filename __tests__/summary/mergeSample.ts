/**
 * A realistic small run for the run-summary tests and the screenshot script: a pytest suite of
 * ten files in four shards (one heavy file split over three of them), whose actual durations
 * wander a little from the plan, merged (mergeShardResults) and advised on (adviseShardCount) for
 * real. The split into shards is written out rather than planned, so that planner changes do not
 * move tests between shards in the snapshot. Everything is deterministic.
 */
import { adviseShardCount } from '../../src/core/advice.js';
import { mergeShardResults } from '../../src/core/mergeResults.js';
import type { ShardResult, TestResult } from '../../src/core/shardResult.js';
import { estimatedColumns } from '../../src/core/timingColumns.js';
import type { EstimatedTest } from '../../src/core/types.js';
import { mergeVerdict } from '../../src/core/verdict.js';
import type { MergeSummaryInput } from '../../src/summary/mergeSummary.js';
import { shardResult } from '../helpers/shardResult.js';

/**
 * [file, test names, seconds per test, shard]: a few slow integration files, many fast unit files.
 * Shard 0 marks the file split over shards by SPLIT.
 */
const SUITE: [string, string[], number, number][] = [
  [
    'tests/integration/test_checkout.py',
    ['test_full_order', 'test_refund', 'test_partial_refund'],
    38,
    0,
  ],
  [
    'tests/integration/test_search.py',
    ['test_reindex', 'test_query[en]', 'test_query[de]', 'test_facets'],
    21,
    3,
  ],
  ['tests/integration/test_import.py', ['test_csv_import', 'test_xlsx_import'], 27, 4],
  [
    'tests/api/test_orders.py',
    ['test_create', 'test_list', 'test_cancel', 'TestPaging::test_first', 'TestPaging::test_last'],
    6.5,
    1,
  ],
  [
    'tests/api/test_users.py',
    ['test_login', 'test_logout', 'test_signup[email]', 'test_signup[sso]', 'test_delete'],
    4.2,
    2,
  ],
  [
    'tests/api/test_billing.py',
    ['test_invoice', 'test_tax[EU]', 'test_tax[US]', 'test_discount'],
    5.1,
    2,
  ],
  [
    'tests/unit/test_money.py',
    ['test_add', 'test_round', 'test_currency', 'test_parse', 'test_format'],
    0.4,
    1,
  ],
  [
    'tests/unit/test_cart.py',
    ['test_empty', 'test_add_item', 'test_remove_item', 'test_totals'],
    1.3,
    2,
  ],
  ['tests/unit/test_slugs.py', ['test_ascii', 'test_unicode', 'test_length'], 0.2, 3],
  ['tests/unit/test_dates.py', ['test_parse_iso', 'test_timezones', 'test_weekdays'], 0.9, 3],
];

/** The split file's tests and their shards; shard 1 owns the file. */
const SPLIT_FILE = 'tests/integration/test_checkout.py';
const SPLIT: Record<string, number> = {
  [`${SPLIT_FILE}::test_refund`]: 1,
  [`${SPLIT_FILE}::test_partial_refund`]: 2,
  [`${SPLIT_FILE}::test_full_order`]: 4,
};
const SHARDS = 4;
const FINGERPRINT = '3f9a1c0d5be27e4486a0f1c29d7b53e8a4c6f0b1d2e3a4b5c6d7e8f9a0b1c2d3';

export const SAMPLE_TESTS: (EstimatedTest & { shard: number })[] = SUITE.flatMap(
  ([file, names, seconds, shard]) =>
    names.map((name, i) => ({
      id: `${file}::${name}`,
      file,
      // Not all tests of a file are equally slow.
      seconds: Math.round(seconds * (0.7 + ((i * 37) % 10) / 15) * 1000) / 1000,
      source: 'measured' as const,
      shard: shard || SPLIT[`${file}::${name}`]!,
    })),
);

/** How far each shard's tests ran from the plan, and its fixed overhead, by shard. */
const DRIFT = [1.04, 0.93, 1.12, 0.98];
const OVERHEAD = [46.2, 41.8, 52.4, 44.1];

export interface SampleOptions {
  /** Test id → failure message: these tests fail. */
  failures?: Record<string, string>;
  /** Tests that ran although the plan did not know them (new since the history), in shard 1. */
  newTests?: string[];
}

const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/** One ShardResult per shard, as the four shard jobs would upload them. */
export function sampleShardResults(options: SampleOptions = {}): ShardResult[] {
  const failures = options.failures ?? {};
  const discoveredFiles = [...new Set(SAMPLE_TESTS.map((t) => t.file))].sort();
  const shards = Array.from({ length: SHARDS }, (_, i) => {
    const mine = SAMPLE_TESTS.filter((t) => t.shard === i + 1);
    return { index: i + 1, mine, estimated: round(mine.reduce((sum, t) => sum + t.seconds, 0)) };
  });
  const total = SAMPLE_TESTS.reduce((sum, t) => sum + t.seconds, 0);
  const makespanSeconds = Math.max(...shards.map((s) => s.estimated));
  return shards.map(({ index, mine, estimated }) => {
    const drift = DRIFT[index - 1]!;
    const ran = [
      ...mine.map((t) => ({ id: t.id, seconds: t.seconds })),
      ...(index === 1 ? (options.newTests ?? []).map((id) => ({ id, seconds: 1.5 })) : []),
    ];
    const results: TestResult[] = ran.map(({ id, seconds }) => {
      const message = failures[id];
      return {
        id,
        seconds: round(seconds * drift),
        outcome: message === undefined ? 'passed' : 'failed',
        ...(message === undefined ? {} : { message }),
      };
    });
    // The test command's wall time: its tests plus a few seconds of collection.
    const testSeconds = round(results.reduce((sum, r) => sum + r.seconds, 0) + 3.5);
    const plannedFiles = [
      ...new Set(mine.filter((t) => t.file !== SPLIT_FILE || index === 1).map((t) => t.file)),
    ].sort();
    return shardResult({
      shard: index,
      shards: SHARDS,
      planFingerprint: FINGERPRINT,
      estimatedSeconds: estimated,
      makespanSeconds,
      lowerBoundSeconds: round(total / SHARDS),
      plannedFiles,
      plannedTests: mine.map((t) => t.id).sort(),
      discoveredFiles,
      overheadSeconds: OVERHEAD[index - 1]!,
      testSeconds,
      exitCode: results.some((r) => r.outcome === 'failed') ? 1 : 0,
      status: { signal: null, finished: true },
      collection: null,
      estimates: {
        counts: { measured: mine.length, file: 0, directory: 0, suite: 0, proxy: 0 },
        suiteEstimateSeconds: 2.5,
      },
      results,
    });
  });
}

/** The merge of `shardResults`, with real shard-count advice and the slowest tests. */
export function sampleInput(
  shardResults: ShardResult[],
  extras: Partial<Omit<MergeSummaryInput, 'report' | 'slowest'>> & { expectedShards?: number } = {},
): MergeSummaryInput {
  const { expectedShards, ...rest } = extras;
  const report = mergeShardResults(shardResults, expectedShards);
  const overheads = report.overheads;
  const advice = adviseShardCount(
    estimatedColumns(
      report.results.map((r) => ({
        id: r.id,
        file: r.id.split('::')[0]!,
        seconds: r.seconds,
        source: 'measured' as const,
      })),
    ),
    {
      overheadSeconds: overheads.reduce((a, b) => a + b, 0) / Math.max(overheads.length, 1),
      splitFiles: true,
      ...(rest.targetMinutes !== undefined ? { targetSeconds: rest.targetMinutes * 60 } : {}),
    },
  );
  const shardOf = new Map<string, number>();
  for (const r of shardResults)
    for (const t of r.results) if (!shardOf.has(t.id)) shardOf.set(t.id, r.shard);
  const slowest = [...report.results]
    .sort((a, b) => b.seconds - a.seconds || (a.id < b.id ? -1 : 1))
    .slice(0, 10)
    .map((r) => ({ id: r.id, seconds: r.seconds, shard: shardOf.get(r.id) ?? 0 }));
  // The verdict the merge role would reach on this report and coverage.
  const status = mergeVerdict(report, rest.coverage).status;
  return { report, status, advice, historyDescription: 'history run 12 → 13', slowest, ...rest };
}

/** Coverage as the merge role passes it, for the changed files of a pull request. */
export const SAMPLE_COVERAGE = {
  totalPercent: 87.34,
  failUnder: 85,
  files: [
    { path: 'shop/checkout.py', percent: 91.2, covered: 412, total: 452 },
    { path: 'shop/search/index.py', percent: 64.5, covered: 89, total: 138 },
    { path: 'shop/money.py', percent: 100, covered: 57, total: 57 },
    { path: 'shop/importers/xlsx.py', percent: 48.1, covered: 38, total: 79 },
    { path: 'shop/users.py', percent: 95.9, covered: 188, total: 196 },
    { path: 'shop/billing/tax.py', percent: 78.3, covered: 101, total: 129 },
  ],
  changedFiles: ['shop/search/index.py', 'shop/checkout.py', 'README.md'],
};

/** Two failures with realistic first lines (one message has a second line that must not show). */
export const SAMPLE_FAILURES: Record<string, string> = {
  'tests/api/test_orders.py::test_cancel':
    'AssertionError: assert 409 == 200\n +  where 409 = <Response [409]>.status_code',
  'tests/integration/test_search.py::test_query[de]': "KeyError: 'Straße'",
};
