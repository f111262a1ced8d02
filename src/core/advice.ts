/**
 * How many shards to use. Each shard pays a fixed cost (runner start, checkout, installs,
 * collection) before its first test; that cost is what makes more shards stop paying, so the
 * predicted wall time of N shards is overhead + the plan's makespan, and the runner minutes are
 * N × overhead + the suite's total. With a cost model (`costs`) the plans themselves predict each
 * shard's wall (fixed cost, file visits, tests), so both come from them. Past a concurrency cap
 * (`maxParallel`: a workflow's max-parallel, an organisation's runner limit) shards queue: they
 * start, in order, as earlier ones finish. Pure.
 */
import { planShardsOnColumns, type PlanCosts } from './planner.js';
import type { EstimatedColumns } from './types.js';

export interface ShardCountRow {
  shards: number;
  /** Predicted wall time of the test job: per-shard overhead + slowest shard. */
  wallSeconds: number;
  /** Runner time paid for all shards together. */
  runnerSeconds: number;
  makespanSeconds: number;
  /** Shards that wait for a free runner (beyond the concurrency cap); 0 when all run at once. */
  queuedShards?: number;
}

export interface ShardCountAdvice {
  rows: ShardCountRow[];
  /** The smallest N (1…maxShards) meeting the target; else the smallest N within 5 % of the fastest wall. */
  recommended: number;
  /** True when `recommended` meets the target (always false without a target). */
  meetsTarget: boolean;
  overheadSeconds: number;
  /** The concurrency cap the walls account for, when one was given. */
  maxParallel?: number;
  /** True when the walls come from the cost model (fixed cost, file visits, tests). */
  costModel?: boolean;
}

/** Shard counts worth showing: 1…8 one by one, then a few larger ones. */
export const CANDIDATE_SHARD_COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 24, 32, 48, 64];

export function adviseShardCount(
  tests: EstimatedColumns,
  options: {
    overheadSeconds: number;
    splitFiles: boolean;
    targetSeconds?: number;
    maxShards?: number;
    /** The cost model: plans predict wall time, and `overheadSeconds` is ignored for its fixed cost. */
    costs?: PlanCosts;
    /** How many shards can run at once. */
    maxParallel?: number;
  },
): ShardCountAdvice {
  const maxShards = Math.max(1, options.maxShards ?? 64);
  const cap =
    options.maxParallel !== undefined && options.maxParallel >= 1
      ? Math.floor(options.maxParallel)
      : undefined;
  const costs = options.costs;
  const overheadSeconds = costs ? (costs.fixedSeconds ?? 0) : options.overheadSeconds;
  let totalMs = 0;
  for (let i = 0; i < tests.ids.length; i++) totalMs += Math.round(tests.seconds[i]! * 1000);
  const total = totalMs / 1000;
  const cache = new Map<number, { row: ShardCountRow; boundByLongestUnit: boolean }>();
  const evaluate = (n: number) => {
    let found = cache.get(n);
    if (!found) {
      const plan = planShardsOnColumns(tests, {
        shards: n,
        splitFiles: options.splitFiles,
        ...(costs ? { costs } : {}),
      });
      const shardWalls = plan.shards.map((s) =>
        costs ? s.estimatedSeconds : options.overheadSeconds + s.estimatedSeconds,
      );
      found = {
        row: {
          shards: n,
          makespanSeconds: plan.makespanSeconds,
          wallSeconds: round(queuedWall(shardWalls, cap)),
          runnerSeconds: round(
            costs ? shardWalls.reduce((sum, w) => sum + w, 0) : n * overheadSeconds + total,
          ),
          queuedShards: cap !== undefined ? Math.max(0, n - cap) : 0,
        },
        boundByLongestUnit:
          plan.makespanSeconds <= plan.lowerBoundSeconds &&
          plan.lowerBoundSeconds - (plan.fixedSeconds ?? 0) > plan.totalSeconds / n,
      };
      cache.set(n, found);
    }
    return found;
  };
  const rows: ShardCountRow[] = [];
  for (const n of CANDIDATE_SHARD_COUNTS.filter((c) => c <= maxShards)) {
    const { row, boundByLongestUnit } = evaluate(n);
    rows.push(row);
    // Past the point where the slowest single unit decides the wall time, more shards only cost.
    if (boundByLongestUnit) break;
  }
  const advice = (recommended: number, meetsTarget: boolean): ShardCountAdvice => ({
    rows,
    recommended,
    meetsTarget,
    overheadSeconds,
    ...(cap !== undefined ? { maxParallel: cap } : {}),
    ...(costs ? { costModel: true } : {}),
  });
  if (options.targetSeconds !== undefined) {
    const meeting = smallestMeeting(options.targetSeconds, maxShards, (n) => evaluate(n).row);
    if (meeting) {
      if (!rows.some((r) => r.shards === meeting.shards)) {
        rows.push(meeting);
        rows.sort((a, b) => a.shards - b.shards);
      }
      return advice(meeting.shards, true);
    }
  }
  return advice(kneeOf(rows), false);
}

/**
 * The smallest shard count from 1 to `max` whose predicted wall meets the target. The table's
 * candidates skip counts (9, 11, …); the target must not. The slowest shard shrinks as shards are
 * added (up to small heuristic wobbles, which at worst cost one extra shard), so bisection finds
 * the edge with a handful of plans instead of `max`.
 */
function smallestMeeting(
  targetSeconds: number,
  max: number,
  rowFor: (shards: number) => ShardCountRow,
): ShardCountRow | undefined {
  let best = rowFor(max);
  if (best.wallSeconds > targetSeconds) return undefined;
  let missing = 0; // zero shards never meet a target
  let meeting = max;
  while (meeting - missing > 1) {
    const middle = (missing + meeting) >> 1;
    const row = rowFor(middle);
    if (row.wallSeconds <= targetSeconds) {
      meeting = middle;
      best = row;
    } else {
      missing = middle;
    }
  }
  return best;
}

/**
 * The wall of shards that start in index order on at most `cap` runners at once (GitHub starts a
 * matrix's jobs in order as runners free up): list scheduling, each on the runner free first.
 */
export function queuedWall(shardWalls: readonly number[], cap: number | undefined): number {
  if (cap === undefined || shardWalls.length <= cap) return Math.max(0, ...shardWalls);
  const freeAt = new Array<number>(cap).fill(0);
  for (const wall of shardWalls) {
    let first = 0;
    for (let i = 1; i < cap; i++) if (freeAt[i]! < freeAt[first]!) first = i;
    freeAt[first]! += wall;
  }
  return Math.max(...freeAt);
}

/** The smallest shard count whose wall time is within 5 % of the fastest in the table: past it, more shards buy little. */
function kneeOf(rows: readonly ShardCountRow[]): number {
  const fastest = Math.min(...rows.map((r) => r.wallSeconds));
  return rows.find((r) => r.wallSeconds <= fastest * 1.05)?.shards ?? 1;
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
