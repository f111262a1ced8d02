/**
 * Split-file decisions: which heavy files to break into single tests, and how to pour a split
 * file's tests over as few shards as balance allows (each extra shard pays its visit cost again).
 */
import { floorMs, indexOfBest, longestFirst, refine, scatter } from './balance.js';
import { better, toCandidate, unitTable, type Candidate, type Suite, type Unit } from './model.js';

/**
 * A plan within this fraction of the lower bound is good enough: splitting more files to get
 * closer would make more shards pay those files' module fixtures.
 */
export const SPLIT_TOLERANCE = 0.002;

/** A choice of files to split, with what every way of placing it needs. */
export interface SplitChoice {
  /** The files to split, heaviest first. */
  files: readonly number[];
  /** Their tests and every other file whole, heaviest first. */
  units: readonly Unit[];
  weights: readonly number[];
  /** Positions in `units` of the files left whole. */
  whole: readonly number[];
  /** Each splittable file's tests, heaviest first. */
  testsByWeight: ReadonlyMap<number, readonly number[]>;
}

/**
 * Keep files whole unless balance needs otherwise: let the heaviest splittable files be broken
 * into tests, as few as reach the target (within SPLIT_TOLERANCE of the lower bound), trying
 * 1, 2, 4 … files and then bisecting. Each choice is placed four ways (see `pour`), and the way
 * that reaches the target with the fewest extra file visits wins.
 */
export function chooseSplits(suite: Suite, lowerBoundMs: number): Candidate {
  const { files, shards } = suite;
  const splitOrder = files
    .map((_, index) => index)
    .filter((index) => files[index]!.splittable)
    .sort((a, b) => files[b]!.ms - files[a]!.ms || a - b);

  const finestCount = files.reduce((sum, f) => sum + (f.splittable ? f.tests.length : 1), 0);
  const fewestEmpty = Math.max(0, shards - finestCount);
  let target = Math.max(Math.ceil(lowerBoundMs), Math.floor(lowerBoundMs * (1 + SPLIT_TOLERANCE)));
  const acceptable = (c: Candidate) => c.emptyShards <= fewestEmpty && c.makespan <= target;
  // Of two plans splitting the same files: one that reaches the target, then fewer extra visits.
  const preferable = (a: Candidate, b: Candidate) => {
    if (acceptable(a) !== acceptable(b)) return acceptable(a) ? a : b;
    if (!acceptable(a)) return better(a, b);
    return (a.extraVisits - b.extraVisits || a.makespan - b.makespan) <= 0 ? a : b;
  };
  const wholeFilesOnly = scatter(suite, unitTable(suite, false), 0);
  if (splitOrder.length === 0) return wholeFilesOnly;
  // Whole files at the lower bound already reach any target: no need to place single tests.
  if (
    wholeFilesOnly.emptyShards <= fewestEmpty &&
    wholeFilesOnly.makespan <= Math.ceil(lowerBoundMs)
  ) {
    return wholeFilesOnly;
  }

  const table = unitTable(suite, true);
  const testsByWeight = new Map<number, number[]>();
  for (const unit of table) {
    if (unit.test < 0) continue;
    const tests = testsByWeight.get(unit.file);
    if (tests) tests.push(unit.test);
    else testsByWeight.set(unit.file, [unit.test]);
  }
  const choose = (count: number): SplitChoice => {
    const isSplit = new Uint8Array(files.length);
    for (const file of splitOrder.slice(0, count)) isSplit[file] = 1;
    const units = table.filter((u) => u.test >= 0 === (isSplit[u.file] === 1));
    const whole: number[] = [];
    units.forEach((u, index) => u.test < 0 && whole.push(index));
    return {
      files: splitOrder.slice(0, count),
      units,
      weights: units.map((u) => u.ms),
      whole,
      testsByWeight,
    };
  };

  // Never worse than plain longest-first over single tests: the finest plan (every splittable
  // file split, then refined) is at least that good, so the target is never above it.
  const finest = scatter(suite, choose(splitOrder.length).units, splitOrder.length);
  target = Math.min(target, Math.max(finest.makespan, Math.ceil(lowerBoundMs)));
  if (acceptable(wholeFilesOnly)) return wholeFilesOnly;

  const cache = new Map<number, Candidate>();
  const evaluate = (count: number): Candidate => {
    let found = cache.get(count);
    if (!found) {
      const choice = choose(count);
      const pourAt = (capacity: number) =>
        [false, true].map((wholeFilesFirst) =>
          pour(suite, choice, capacity, wholeFilesFirst, target),
        );
      found = [target, Math.ceil(lowerBoundMs)].flatMap(pourAt).reduce(preferable);
      // Split files pay their visit cost again on every extra shard: room for what the last
      // pour paid lets the next one cut them into fewer, larger parts.
      for (let round = 0; round < 2 && found.extraVisitMs > 0; round++) {
        const capacity = Math.ceil((suite.totalMs + found.extraVisitMs) / suite.shards);
        found = [found, ...pourAt(capacity)].reduce(preferable);
      }
      cache.set(count, found);
    }
    return found;
  };

  let best = wholeFilesOnly;
  let failedCount = 0;
  for (let count = 1; ; count = Math.min(count * 2, splitOrder.length)) {
    const next = evaluate(count);
    if (acceptable(next)) {
      // Makespan is not strictly monotone in the count; bisecting still finds a smaller one that works.
      let found = next;
      while (found.splitCount - failedCount > 1) {
        const middle = evaluate(Math.floor((failedCount + found.splitCount) / 2));
        if (acceptable(middle)) found = middle;
        else failedCount = middle.splitCount;
      }
      return found;
    }
    best = better(best, next);
    failedCount = count;
    if (count === splitOrder.length) break;
  }
  // Nothing reached the target: the finest plan is never worse than plain longest-first.
  return better(best, finest);
}

/**
 * Keep the split files' tests together: each split file, heaviest first, goes whole into the
 * tightest room below `capacityMs` that holds it, else fills the roomiest shard and overflows into
 * the next (McNaughton's wrap-around rule), so it touches about as few shards as its weight
 * allows. Filling up to the target needs the fewest pieces; up to the lower bound, the least time. The whole files go longest first onto the least-loaded shards either after that, which
 * keeps the split files on few shards, or before it (`wholeFilesFirst`), which lets the split files
 * fill the gaps coarse whole files leave. Refinement then moves and swaps whole files as far as
 * that helps, and single tests only as far as the target needs.
 */
function pour(
  suite: Suite,
  choice: SplitChoice,
  capacityMs: number,
  wholeFilesFirst: boolean,
  targetMs: number,
): Candidate {
  const loads = new Array<number>(suite.shards).fill(0);
  const occupied = new Uint8Array(suite.shards);
  // A whole file's shard is kept on its first test until the end.
  const shardOfTest = new Int32Array(suite.ids.length);
  const firstTest = (unit: Unit) =>
    unit.test >= 0 ? unit.test : suite.files[unit.file]!.tests[0]!;
  const placeLongestFirst = (units: readonly Unit[]) => {
    const shards = longestFirst(
      units.map((u) => u.ms),
      loads,
      occupied,
    );
    units.forEach((unit, index) => (shardOfTest[firstTest(unit)] = shards[index]!));
  };
  const put = (test: number, shard: number) => {
    shardOfTest[test] = shard;
    loads[shard]! += suite.ms[test]!;
    occupied[shard] = 1;
  };
  // The shard last given part of a split file pays the file's visit cost once.
  let visiting = new Uint8Array(suite.shards);
  const visit = (shard: number, visitMs: number) => {
    if (visiting[shard] === 0) loads[shard]! += visitMs;
    visiting[shard] = 1;
  };

  const { units, weights, whole } = choice;
  const wholeUnits = whole.map((index) => units[index]!);
  if (wholeFilesFirst) placeLongestFirst(wholeUnits);
  const overflow = new Uint8Array(suite.ids.length);
  for (const file of choice.files) {
    const group = suite.files[file]!;
    visiting = new Uint8Array(suite.shards);
    const tightest = indexOfBest(
      loads,
      (load) => capacityMs - load >= group.ms + group.visitMs,
      (a, b) => a > b,
    );
    if (tightest >= 0) {
      visit(tightest, group.visitMs);
      for (const test of group.tests) put(test, tightest);
      continue;
    }
    const tests = heaviestFitting(choice.testsByWeight.get(file)!, (test) => suite.ms[test]!);
    for (;;) {
      const shard = indexOfBest(
        loads,
        (_, at) => visiting[at] === 0,
        (a, b) => a < b,
      );
      if (shard < 0) break;
      // Nothing fitting the roomiest shard means nothing fits anywhere.
      const room = capacityMs - loads[shard]! - group.visitMs;
      if (tests.take(room, (test) => put(test, shard)) === 0) break;
      visit(shard, group.visitMs);
    }
    for (const test of tests.left()) overflow[test] = 1;
  }
  if (!wholeFilesFirst) placeLongestFirst(wholeUnits);
  placeLongestFirst(units.filter((u) => u.test >= 0 && overflow[u.test] === 1));

  const shardOf = new Int32Array(units.length);
  units.forEach((unit, index) => (shardOf[index] = shardOfTest[firstTest(unit)]!));
  const floor = floorMs(weights, suite.shards);
  const wholeWeights = whole.map((index) => weights[index]!);
  // Moving whole files never makes a shard visit one more file, so that goes as far as it can,
  // before and after moving single tests, which goes only as far as the target needs.
  const refineWholeFiles = () => {
    const wholeShardOf = new Int32Array(whole.map((index) => shardOf[index]!));
    refine(wholeWeights, wholeShardOf, loads, floor);
    wholeShardOf.forEach((shard, i) => (shardOf[whole[i]!] = shard));
  };
  refineWholeFiles();
  refine(weights, shardOf, loads, targetMs);
  refineWholeFiles();
  return toCandidate(suite, units, shardOf, choice.files.length);
}

/**
 * A heaviest-first list to pour from. `take(room, put)` removes the heaviest test that fits the
 * room, then the heaviest that fits what is left, and so on, and returns how many it took. A test
 * that does not fit is skipped by bisection, taken ones through path-compressed links, so pouring
 * a file costs O(n log n) however many shards it spreads over.
 */
function heaviestFitting(tests: readonly number[], msOf: (test: number) => number) {
  const ms = new Float64Array(tests.map(msOf));
  // nextLeft[i]: the first position at or after i not taken yet (tests.length when none).
  const nextLeft = new Int32Array(tests.length + 1).map((_, i) => i);
  const firstLeft = (position: number): number => {
    let root = position;
    while (nextLeft[root] !== root) root = nextLeft[root]!;
    for (let at = position; at !== root;) {
      const up = nextLeft[at]!;
      nextLeft[at] = root;
      at = up;
    }
    return root;
  };
  const firstFitting = (from: number, room: number): number => {
    let low = from;
    let high = tests.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ms[middle]! <= room) high = middle;
      else low = middle + 1;
    }
    return firstLeft(low);
  };
  return {
    take(room: number, put: (test: number) => void): number {
      let taken = 0;
      for (let at = firstLeft(0); at < tests.length; at = firstLeft(at + 1)) {
        if (ms[at]! > room) at = firstFitting(at, room);
        if (at === tests.length) break;
        put(tests[at]!);
        room -= ms[at]!;
        nextLeft[at] = at + 1;
        taken += 1;
      }
      return taken;
    },
    left(): number[] {
      const left: number[] = [];
      for (let at = firstLeft(0); at < tests.length; at = firstLeft(at + 1)) left.push(tests[at]!);
      return left;
    },
  };
}
