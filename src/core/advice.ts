/**
 * How many shards to use. Each shard pays a fixed cost (runner start, checkout, installs,
 * collection) before its first test; that cost is what makes more shards stop paying, so the
 * predicted wall time of N shards is overhead + the plan's makespan, and the runner minutes are
 * N × overhead + the suite's total. Pure.
 */
import { planShards } from './planner.js';
import type { EstimatedTest } from './types.js';

export interface ShardCountRow {
  shards: number;
  /** Predicted wall time of the test job: per-shard overhead + slowest shard. */
  wallSeconds: number;
  /** Runner time paid for all shards together. */
  runnerSeconds: number;
  makespanSeconds: number;
}

export interface ShardCountAdvice {
  rows: ShardCountRow[];
  /** The smallest N meeting the target, or else the N after which more shards save < 5 % wall. */
  recommended: number;
  /** True when `recommended` meets the target (always false without a target). */
  meetsTarget: boolean;
  overheadSeconds: number;
}

/** Shard counts worth showing: 1…8 one by one, then a few larger ones. */
export const CANDIDATE_SHARD_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 48, 64];

export function adviseShardCount(
  tests: readonly EstimatedTest[],
  options: {
    overheadSeconds: number;
    splitFiles: boolean;
    targetSeconds?: number;
    maxShards?: number;
  },
): ShardCountAdvice {
  const maxShards = Math.max(1, options.maxShards ?? 64);
  const total = tests.reduce((sum, t) => sum + Math.round(t.seconds * 1000), 0) / 1000;
  const rows: ShardCountRow[] = [];
  for (const n of CANDIDATE_SHARD_COUNTS.filter((c) => c <= maxShards)) {
    const plan = planShards(tests, { shards: n, splitFiles: options.splitFiles });
    rows.push({
      shards: n,
      makespanSeconds: plan.makespanSeconds,
      wallSeconds: round(options.overheadSeconds + plan.makespanSeconds),
      runnerSeconds: round(n * options.overheadSeconds + total),
    });
    // Past the point where the slowest single unit decides the wall time, more shards only cost.
    if (plan.makespanSeconds <= plan.lowerBoundSeconds && plan.lowerBoundSeconds > total / n) break;
  }
  if (options.targetSeconds !== undefined) {
    const meeting = rows.find((r) => r.wallSeconds <= options.targetSeconds!);
    if (meeting)
      return {
        rows,
        recommended: meeting.shards,
        meetsTarget: true,
        overheadSeconds: options.overheadSeconds,
      };
  }
  return {
    rows,
    recommended: kneeOf(rows),
    meetsTarget: false,
    overheadSeconds: options.overheadSeconds,
  };
}

/** The last shard count whose step up from the previous row still saved at least 5 % of wall time. */
function kneeOf(rows: readonly ShardCountRow[]): number {
  let best = rows[0]?.shards ?? 1;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]!.wallSeconds <= rows[i - 1]!.wallSeconds * 0.95) best = rows[i]!.shards;
    else break;
  }
  return best;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
