/**
 * The planner's normalised input and how an assignment of tests to shards is judged under the
 * cost model. Shared by the greedy core (balance.ts) and the split-file search (splits.ts).
 */
import type { TestId } from '../types.js';

export interface FileGroup {
  name: string;
  /** Its tests' own time. */
  ms: number;
  /** What each shard that runs any of it pays once: import and module fixtures. */
  visitMs: number;
  /** Indices into the id-sorted tests, ascending. */
  tests: number[];
  /** False for a file with a file-level entry (it can only run whole) or a single test. */
  splittable: boolean;
}

/** The planner's input, normalised: tests sorted by id, files sorted by name. */
export interface Suite {
  /** Test ids in code-unit order; a test is its index here. */
  ids: readonly TestId[];
  /** Each test's own time in whole milliseconds, by index into `ids`. */
  ms: Float64Array;
  files: FileGroup[];
  shards: number;
  totalMs: number;
}

/** What the scheduler places: a whole file (`test` = -1) or one test of a file being split. */
export interface Unit {
  ms: number;
  file: number;
  test: number;
}

export interface Candidate {
  /** How many of the heaviest splittable files may be broken into tests. */
  splitCount: number;
  /** 0-based shard of each test. */
  shardOfTest: Int32Array;
  loads: number[];
  makespan: number;
  emptyShards: number;
  /** Shards that run part of a split file, beyond the first for each file. */
  extraVisits: number;
  /** What those extra visits cost, in ms. */
  extraVisitMs: number;
}

export function maxTestMs(suite: Suite, file: FileGroup): number {
  return file.tests.reduce((max, t) => Math.max(max, suite.ms[t]!), 0);
}

/**
 * Every unit a plan may use, heaviest first: each file whole and, `withTests`, each test of a
 * splittable file. Equal weights put whole files first, then go by name (files and tests are
 * already in name order, so their positions are the tie-break). The units of any one plan keep
 * this order, so the sort is done once.
 */
export function unitTable(suite: Suite, withTests: boolean): Unit[] {
  const units: Unit[] = [];
  suite.files.forEach((f, file) => {
    units.push({ ms: f.ms + f.visitMs, file, test: -1 });
    if (withTests && f.splittable) {
      for (const test of f.tests) units.push({ ms: suite.ms[test]!, file, test });
    }
  });
  return sortUnits(units, suite.files.length, suite.ids.length);
}

export const byWeightThenName = (a: Unit, b: Unit): number =>
  b.ms - a.ms || a.test - b.test || a.file - b.file;

const INDEX_BITS = 2 ** 21;
const MAX_SORTABLE_MS = 2 ** 31;

/**
 * `units` in byWeightThenName order. That order is total and its keys are small integers, so
 * when they fit they are packed into one number per unit, (MAX - ms, whole file before test,
 * index), which a typed array sorts natively: several times faster than calling the comparator
 * for each of 100,000 tests.
 */
function sortUnits(units: Unit[], fileCount: number, testCount: number): Unit[] {
  const packable =
    fileCount < INDEX_BITS &&
    testCount < INDEX_BITS &&
    units.every((u) => Number.isInteger(u.ms) && u.ms >= 0 && u.ms < MAX_SORTABLE_MS);
  if (!packable) return units.sort(byWeightThenName);
  const keys = new Float64Array(units.length);
  const wholeOf: Unit[] = [];
  const testOf: Unit[] = [];
  units.forEach((u, at) => {
    const slot = u.test < 0 ? u.file : INDEX_BITS + u.test;
    keys[at] = (MAX_SORTABLE_MS - 1 - u.ms) * 2 * INDEX_BITS + slot;
    if (u.test < 0) wholeOf[u.file] = u;
    else testOf[u.test] = u;
  });
  keys.sort();
  return Array.from(keys, (key) => {
    const slot = key % (2 * INDEX_BITS);
    return slot < INDEX_BITS ? wholeOf[slot]! : testOf[slot - INDEX_BITS]!;
  });
}

/** Fewer empty shards, then shorter makespan, then fewer split files. */
export function better(a: Candidate, b: Candidate): Candidate {
  const order =
    a.emptyShards - b.emptyShards || a.makespan - b.makespan || a.splitCount - b.splitCount;
  return order <= 0 ? a : b;
}

export function toCandidate(
  suite: Suite,
  units: readonly Unit[],
  shardOf: Int32Array,
  splitCount: number,
): Candidate {
  const shardOfTest = new Int32Array(suite.ids.length);
  units.forEach((unit, index) => {
    const shard = shardOf[index]!;
    if (unit.test >= 0) shardOfTest[unit.test] = shard;
    else for (const test of suite.files[unit.file]!.tests) shardOfTest[test] = shard;
  });
  return finish(suite, shardOfTest, splitCount);
}

/**
 * An assignment's loads under the cost model, computed afresh: the searches keep approximate
 * loads (a test moved onto a shard does not know whether that shard already pays its file's
 * visit), the candidate is judged by the exact ones.
 */
export function finish(suite: Suite, shardOfTest: Int32Array, splitCount: number): Candidate {
  const loads = new Array<number>(suite.shards).fill(0);
  const fileSeen = new Int32Array(suite.shards).fill(-1);
  let visits = 0;
  let extraVisitMs = 0;
  suite.files.forEach((file, index) => {
    extraVisitMs -= file.visitMs;
    for (const test of file.tests) {
      const shard = shardOfTest[test]!;
      loads[shard]! += suite.ms[test]!;
      if (fileSeen[shard] !== index) {
        fileSeen[shard] = index;
        loads[shard]! += file.visitMs;
        extraVisitMs += file.visitMs;
        visits += 1;
      }
    }
  });
  // Every file is visited at least once, so a shard never seen ends with -1.
  const emptyShards = fileSeen.filter((file) => file < 0).length;
  return {
    splitCount,
    shardOfTest,
    loads,
    makespan: Math.max(0, ...loads),
    emptyShards,
    extraVisits: visits - suite.files.length,
    extraVisitMs,
  };
}
