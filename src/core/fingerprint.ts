import { createHash } from 'node:crypto';
import type { TestId } from './types.js';

/**
 * Bump when the planner's output for the same inputs changes, so shards planned by different
 * evenshard versions never look as if they agree.
 */
export const PLANNER_VERSION = 'evenshard-planner/1';

/**
 * sha256 (hex) of everything a plan depends on. `idsInOrder` must be sorted by id (code unit
 * order), as the planner keeps them, with `files[i]` the file of test i and `msOf[i]` its weight,
 * so the same inputs in any order give the same fingerprint; arrays only, so no object key order
 * leaks in. The file is part of it because the planner groups tests by it.
 */
export function planFingerprint(
  shards: number,
  splitFiles: boolean,
  idsInOrder: readonly TestId[],
  files: readonly string[],
  msOf: ArrayLike<number>,
  costs?: { fixedMs: number; visits: readonly (readonly [string, number])[] },
  keptWhole: readonly string[] = [],
): string {
  // Without a cost model the canonical form is the one older versions hashed. RUNS stands for the
  // runs of consecutive tests in one file, [file, id, ms, id, ms, …], written slice by slice.
  const parts: unknown[] = [PLANNER_VERSION, shards, splitFiles, RUNS];
  if (costs) parts.push(costs.fixedMs, costs.visits);
  // Files kept whole change the plan; nothing is added when there are none.
  if (keptWhole.length > 0) parts.push(['keepWhole', [...keptWhole].sort()]);
  const text = JSON.stringify(parts);
  const at = text.indexOf(RUNS_JSON);
  const hash = createHash('sha256');
  hash.update(text.slice(0, at));
  hash.update('[');
  let first = true;
  for (const slice of runSlices(idsInOrder, files, msOf)) {
    // "[a,b]" without its brackets, after a comma unless it is the first slice.
    hash.update(`${first ? '' : ','}${JSON.stringify(slice).slice(1, -1)}`);
    first = false;
  }
  hash.update(']');
  hash.update(text.slice(at + RUNS_JSON.length));
  return hash.digest('hex');
}

/**
 * Where the runs go in `parts`. Only a constant, a number and a boolean come before it, so its
 * first occurrence in the JSON is always this one, whatever file names follow.
 */
const RUNS = '\u0000runs';
const RUNS_JSON = JSON.stringify(RUNS);

/**
 * The runs, RUNS_PER_SLICE files at a time: JSON.stringify is called a few dozen times for 100,000
 * tests, not once per file (several times slower), and no slice outlives its hashing, so the
 * text and arrays of the whole suite never exist at once.
 */
function* runSlices(
  ids: readonly TestId[],
  files: readonly string[],
  msOf: ArrayLike<number>,
): Generator<(string | number)[][]> {
  let slice: (string | number)[][] = [];
  let run: (string | number)[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const file = files[i]!;
    if (run[0] !== file) {
      if (slice.length === RUNS_PER_SLICE) {
        yield slice;
        slice = [];
      }
      slice.push((run = [file]));
    }
    run.push(id, msOf[i]!);
  }
  if (slice.length > 0) yield slice;
}

/** Tens of KiB of JSON per slice for a usual suite (~50 tests per file). */
const RUNS_PER_SLICE = 32;
