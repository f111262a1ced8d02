/**
 * N shard results → one verdict. Proves exactly-once from what actually ran, names every lost or
 * duplicated test and the shards involved, and gathers what the run summary shows. Pure.
 */
import { fileOfTestId } from './identity.js';
import { compareCodeUnits } from './order.js';
import {
  countOutcomes,
  type ShardCounts,
  type ShardResult,
  type TestResult,
} from './shardResult.js';
import type { TestId } from './types.js';

export interface ShardLine {
  shard: number;
  estimatedSeconds: number;
  testSeconds: number;
  overheadSeconds: number | null;
  counts: ShardCounts;
  exitCode: number;
  /** Set when the plan predicted wall time: `estimatedSeconds` is then compared with this wall. */
  predictsWall?: boolean;
  wallSeconds?: number | null;
}

export interface MergeReport {
  /** The shard count the shards agree on (the largest one reported). */
  shards: number;
  shardLines: ShardLine[];
  /** Shards 1…N that uploaded no results (cancelled, crashed, or never started). */
  missingShards: number[];
  /** Plan fingerprints and the shards that used each; more than one entry means disagreement. */
  fingerprints: { fingerprint: string; shards: number[] }[];
  /** Test files that some shard discovered but no shard ran (lost). */
  lostFiles: { file: string; discoveredBy: number[] }[];
  /** Tests that ran in more than one shard, or twice in one. */
  duplicated: { id: TestId; shards: number[] }[];
  /** Tests a shard was planned to run that ran nowhere (usually deleted since the history). */
  plannedNotRun: { id: TestId; shard: number }[];
  /** Tests that ran but were not in any plan: new since the history was written (none without history). */
  newTests: TestId[];
  counts: ShardCounts;
  failures: (TestResult & { shard: number })[];
  /** Every result once (the first shard's, for duplicates), for rolling into the history. */
  results: TestResult[];
  overheads: number[];
  /** Slowest shard's wall ÷ mean of the shards' wall (1 is perfect). */
  balance: number;
  /** True when every test ran exactly once and every shard reported with the same plan. */
  exactlyOnce: boolean;
}

export function mergeShardResults(
  shardResults: readonly ShardResult[],
  expectedShards?: number,
): MergeReport {
  const sorted = [...shardResults].sort((a, b) => a.shard - b.shard);
  const shards = Math.max(expectedShards ?? 0, ...sorted.map((r) => r.shards), 0);
  const present = new Set(sorted.map((r) => r.shard));
  const missingShards: number[] = [];
  for (let i = 1; i <= shards; i++) if (!present.has(i)) missingShards.push(i);

  const byFingerprint = new Map<string, number[]>();
  for (const r of sorted)
    byFingerprint.set(r.planFingerprint, [
      ...(byFingerprint.get(r.planFingerprint) ?? []),
      r.shard,
    ]);
  const fingerprints = [...byFingerprint].map(([fingerprint, s]) => ({ fingerprint, shards: s }));

  // Where each test actually ran.
  const ranIn = new Map<TestId, number[]>();
  const firstResult = new Map<TestId, TestResult>();
  const failures: MergeReport['failures'] = [];
  for (const r of sorted) {
    for (const result of r.results) {
      ranIn.set(result.id, [...(ranIn.get(result.id) ?? []), r.shard]);
      if (!firstResult.has(result.id)) firstResult.set(result.id, result);
      if (result.outcome === 'failed' || result.outcome === 'error')
        failures.push({ ...result, shard: r.shard });
    }
  }
  const duplicated = [...ranIn]
    .filter(([, s]) => s.length > 1)
    .map(([id, s]) => ({ id, shards: s }))
    .sort((a, b) => compareCodeUnits(a.id, b.id));

  // A file is covered when some shard ran it whole or owned it, or when any of its tests ran.
  const filesRun = new Set<string>();
  for (const r of sorted) for (const f of r.plannedFiles) filesRun.add(f);
  for (const id of ranIn.keys()) filesRun.add(fileOfTestId(id));
  const discoveredBy = new Map<string, number[]>();
  for (const r of sorted)
    for (const f of r.discoveredFiles)
      discoveredBy.set(f, [...(discoveredBy.get(f) ?? []), r.shard]);
  const lostFiles = [...discoveredBy]
    .filter(([file]) => !filesRun.has(file))
    .map(([file, by]) => ({ file, discoveredBy: by }))
    .sort((a, b) => compareCodeUnits(a.file, b.file));

  const planned = new Set<TestId>();
  const plannedNotRun: MergeReport['plannedNotRun'] = [];
  // Without history a file is planned as one unit whose id is its path: its tests ran under ids of their own.
  const filesWithResults = new Set([...ranIn.keys()].map(fileOfTestId));
  for (const r of sorted) {
    for (const id of r.plannedTests) {
      planned.add(id);
      const wholeFileUnit = fileOfTestId(id) === id && filesWithResults.has(id);
      if (!ranIn.has(id) && !wholeFileUnit) plannedNotRun.push({ id, shard: r.shard });
    }
  }
  // On a first run (no shard had history) every test is unplanned by id, but none is "new".
  const hadHistory = sorted.some((r) => r.estimates.counts.measured > 0);
  const newTests = hadHistory
    ? [...ranIn.keys()].filter((id) => !planned.has(id)).sort(compareCodeUnits)
    : [];

  const shardLines = sorted.map((r) => ({
    shard: r.shard,
    estimatedSeconds: r.estimatedSeconds,
    testSeconds: r.testSeconds,
    overheadSeconds: r.overheadSeconds,
    counts: countOutcomes(r.results),
    exitCode: r.exitCode,
    ...(r.predictsWall ? { predictsWall: true, wallSeconds: r.wallSeconds ?? null } : {}),
  }));
  const walls = shardLines.map((l) => l.testSeconds);
  const mean = walls.reduce((a, b) => a + b, 0) / Math.max(walls.length, 1);
  const results = [...firstResult.values()].sort((a, b) => compareCodeUnits(a.id, b.id));

  return {
    shards,
    shardLines,
    missingShards,
    fingerprints,
    lostFiles,
    duplicated,
    plannedNotRun,
    newTests,
    counts: countOutcomes(results),
    failures,
    results,
    overheads: sorted.map((r) => r.overheadSeconds).filter((x): x is number => x !== null),
    balance: mean > 0 ? Math.max(...walls) / mean : 1,
    exactlyOnce:
      missingShards.length === 0 &&
      fingerprints.length <= 1 &&
      lostFiles.length === 0 &&
      duplicated.length === 0,
  };
}
