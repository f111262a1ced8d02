/**
 * N shard results → one verdict. The exactly-once proof is `proveExactlyOnce` (verify.ts); this
 * adds what the run summary shows (per-shard lines, failures, balance). Pure.
 */
import { compareCodeUnits } from './order.js';
import {
  countOutcomes,
  type ShardCounts,
  type ShardResult,
  type TestResult,
} from './shardResult.js';
import type { TestId } from './types.js';
import { proveExactlyOnce, type ExactlyOnceProof, type LostTest } from './verify.js';

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
  /** Shards whose test command ended abnormally: failed, whatever their tests reported. */
  failedShards: ExactlyOnceProof['failedShards'];
  /** Plan fingerprints and the shards that used each; more than one entry means disagreement. */
  fingerprints: { fingerprint: string; shards: number[] }[];
  /** Every test (or whole file) that should have run and did not, with the shard and why. */
  lost: LostTest[];
  /** The lost entries that are whole files (nothing of them ran), with who discovered them. */
  lostFiles: { file: string; discoveredBy: number[] }[];
  /** Files whose test ids name different tests in different processes (keep them whole). */
  unstableFiles: ExactlyOnceProof['unstableFiles'];
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
  /**
   * True when every test ran exactly once: nothing lost or duplicated, every shard reported, no
   * unstable file (and, for shards that recorded no collection, one plan).
   */
  exactlyOnce: boolean;
}

export function mergeShardResults(
  shardResults: readonly ShardResult[],
  expectedShards?: number,
): MergeReport {
  const sorted = [...shardResults].sort((a, b) => a.shard - b.shard);
  const shards = Math.max(expectedShards ?? 0, ...sorted.map((r) => r.shards), 0);
  const byFingerprint = new Map<string, number[]>();
  for (const r of sorted)
    byFingerprint.set(r.planFingerprint, [
      ...(byFingerprint.get(r.planFingerprint) ?? []),
      r.shard,
    ]);
  const fingerprints = [...byFingerprint].map(([fingerprint, s]) => ({ fingerprint, shards: s }));

  const proof = proveExactlyOnce(sorted, expectedShards);
  const firstResult = new Map<TestId, TestResult>();
  const failures: MergeReport['failures'] = [];
  for (const r of sorted) {
    for (const result of r.results) {
      if (!firstResult.has(result.id)) firstResult.set(result.id, result);
      if (result.outcome === 'failed' || result.outcome === 'error')
        failures.push({ ...result, shard: r.shard });
    }
  }
  const discoveredBy = new Map<string, number[]>();
  for (const r of sorted)
    for (const f of r.discoveredFiles)
      discoveredBy.set(f, [...(discoveredBy.get(f) ?? []), r.shard]);
  const lostFiles = proof.lost
    .filter((l) => l.id === l.file)
    .map((l) => ({ file: l.file, discoveredBy: discoveredBy.get(l.file) ?? [] }));
  // Without a record of what they collected, shards on different plans prove nothing.
  const unprovable = fingerprints.length > 1 && sorted.some((r) => !r.collection);

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
    missingShards: proof.missingShards,
    failedShards: proof.failedShards,
    fingerprints,
    lost: proof.lost,
    lostFiles,
    duplicated: proof.duplicated,
    unstableFiles: proof.unstableFiles,
    plannedNotRun: proof.gone,
    newTests: proof.newTests,
    counts: countOutcomes(results),
    failures,
    results,
    overheads: sorted.map((r) => r.overheadSeconds).filter((x): x is number => x !== null),
    balance: mean > 0 ? Math.max(...walls) / mean : 1,
    exactlyOnce:
      proof.missingShards.length === 0 &&
      proof.lost.length === 0 &&
      proof.duplicated.length === 0 &&
      proof.unstableFiles.length === 0 &&
      !unprovable,
  };
}
