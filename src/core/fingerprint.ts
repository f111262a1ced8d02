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
  return sha256OfJson(parts, 3);
}

/**
 * sha256 (hex) of JSON.stringify(parts), hashed piece by piece: the array at `parts[large]` (one
 * element per file of the suite) is written a slice of elements at a time, so the text of
 * 100,000 tests is never one string, and JSON.stringify is called a few dozen times, not once
 * per file (which is several times slower).
 */
function sha256OfJson(parts: readonly unknown[], large: number): string {
  const hash = createHash('sha256');
  const items = parts[large] as readonly unknown[];
  const before = JSON.stringify(parts.slice(0, large));
  const after = JSON.stringify(parts.slice(large + 1));
  hash.update(`${before.slice(0, -1)}${large > 0 ? ',' : ''}[`);
  for (let start = 0; start < items.length; start += ITEMS_PER_SLICE) {
    // "[a,b]" without its brackets, after a comma unless it is the first slice.
    const text = JSON.stringify(items.slice(start, start + ITEMS_PER_SLICE));
    hash.update(`${start > 0 ? ',' : ''}${text.slice(1, -1)}`);
  }
  hash.update(`]${after.length > 2 ? ',' : ''}${after.slice(1)}`);
  return hash.digest('hex');
}

/** Tens of KiB of JSON per slice for a usual suite (~50 tests per file). */
const ITEMS_PER_SLICE = 32;
