import { createHash } from 'node:crypto';
import type { TestId } from './types.js';

/**
 * Bump when the planner's output for the same inputs changes, so shards planned by different
 * evenshard versions never look as if they agree.
 */
export const PLANNER_VERSION = 'evenshard-planner/1';

/** One test as the planner sees it: its duration already rounded to whole milliseconds. */
export interface PlannedWeight {
  id: TestId;
  file: string;
  ms: number;
}

/**
 * sha256 (hex) of everything a plan depends on. `testsInIdOrder` must be sorted by id (code unit
 * order), as the planner keeps them, so the same inputs in any order give the same fingerprint;
 * arrays only, so no object key order leaks in. `file` is part of it because the planner groups
 * tests by it.
 */
export function planFingerprint(
  shards: number,
  splitFiles: boolean,
  testsInIdOrder: readonly PlannedWeight[],
  costs?: { fixedMs: number; visits: readonly (readonly [string, number])[] },
  keptWhole: readonly string[] = [],
): string {
  // Runs of consecutive tests in one file, [file, id, ms, id, ms, …]: each file is named once and
  // no array is made per test, which keeps 100,000 tests cheap to hash.
  const runs: (string | number)[][] = [];
  let run: (string | number)[] = [];
  for (const t of testsInIdOrder) {
    if (run[0] !== t.file) runs.push((run = [t.file]));
    run.push(t.id, t.ms);
  }
  // Without a cost model the canonical form is the one older versions hashed.
  const parts: unknown[] = [PLANNER_VERSION, shards, splitFiles, runs];
  if (costs) parts.push(costs.fixedMs, costs.visits);
  // Files kept whole change the plan; nothing is added when there are none.
  if (keptWhole.length > 0) parts.push(['keepWhole', [...keptWhole].sort()]);
  const canonical = JSON.stringify(parts);
  return createHash('sha256').update(canonical).digest('hex');
}
