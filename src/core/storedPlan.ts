/**
 * A plan computed once (by the plan role) and replayed by every shard, including re-runs of a
 * single shard: `<prefix>-plan/plan.json`. Pure helpers to validate it and to place files that
 * the plan does not know (a checkout that gained a file after planning) deterministically.
 */
import { createHash } from 'node:crypto';
import type { EstimateReport, Plan } from './types.js';

export const STORED_PLAN_SCHEMA = 'evenshard-plan/1';

export interface StoredPlan {
  schema: typeof STORED_PLAN_SCHEMA;
  framework: string;
  plan: Plan;
  estimates: EstimateReport;
  discoveredFiles: string[];
}

export function validateStoredPlan(value: unknown): StoredPlan {
  const v = value as Partial<StoredPlan> | null;
  if (
    !v ||
    v.schema !== STORED_PLAN_SCHEMA ||
    !v.plan ||
    !Array.isArray(v.plan.shards) ||
    !Array.isArray(v.discoveredFiles)
  ) {
    throw new Error(`not an ${STORED_PLAN_SCHEMA} document`);
  }
  return v as StoredPlan;
}

/**
 * Shard (1-based) for a file the plan does not contain: a hash of its path, so every shard
 * computes the same owner without talking to the others.
 */
export function shardForUnplannedFile(file: string, shards: number): number {
  const digest = createHash('sha256').update(file).digest();
  return (digest.readUInt32BE(0) % shards) + 1;
}
