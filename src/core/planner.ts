import { planFingerprint, type PlannedWeight } from './fingerprint.js';
import { compareCodeUnits, sortByCodeUnits } from './order.js';
import type { EstimatedTest, FileSplit, Plan, ShardPlan } from './types.js';

export interface PlanOptions {
  /** How many shards to plan (a positive integer). */
  shards: number;
  /** True when the runner can select single tests, so a heavy file may be spread over shards. */
  splitFiles: boolean;
  /** What a shard pays beyond its tests' own time; none: tests only (the plain model). */
  costs?: PlanCosts;
  /** Files never to split (their test ids are not stable across processes). */
  keepWhole?: readonly string[];
}

/**
 * The wall-time model: a shard's predicted wall is `fixedSeconds` + the visit cost of every file
 * it runs any of + its tests' own seconds. A file split over k shards pays its visit cost k times.
 */
export interface PlanCosts {
  /** Per file: what running any of it costs a shard once (import + module fixtures), seconds. */
  fileVisitSeconds?: ReadonlyMap<string, number>;
  /** What every shard pays however little it runs (job start → first test, session fixtures). */
  fixedSeconds?: number;
}

/**
 * A plan within this fraction of the lower bound is good enough: splitting more files to get
 * closer would make more shards pay those files' module fixtures.
 */
export const SPLIT_TOLERANCE = 0.002;

interface FileGroup {
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
interface Suite {
  tests: PlannedWeight[];
  files: FileGroup[];
  shards: number;
  totalMs: number;
}

/** What the scheduler places: a whole file (`test` = -1) or one test of a file being split. */
interface Unit {
  ms: number;
  file: number;
  test: number;
}

interface Candidate {
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

/**
 * Split `tests` into `options.shards` shards of even estimated duration.
 *
 * Durations are rounded to whole milliseconds once, so every sum is exact and independent of
 * order, and every tie is broken by code-unit order of ids and file names: the same tests in any
 * order give the same plan on every machine.
 */
export function planShards(tests: readonly EstimatedTest[], options: PlanOptions): Plan {
  const { shards, splitFiles } = options;
  if (!Number.isInteger(shards) || shards < 1) {
    throw new RangeError(`shards must be a positive integer, got ${shards}`);
  }
  const weighted = toWeighted(tests);
  const files = groupByFile(weighted);
  const keepWhole = new Set(options.keepWhole ?? []);
  for (const f of files) if (keepWhole.has(f.name)) f.splittable = false;
  const fixedMs = toMs(options.costs?.fixedSeconds ?? 0, 'the fixed cost per shard');
  const visits = options.costs?.fileVisitSeconds;
  if (visits) {
    for (const f of files) f.visitMs = toMs(visits.get(f.name) ?? 0, `file ${f.name}'s visit cost`);
  }
  const suite: Suite = {
    tests: weighted,
    files,
    shards,
    totalMs: files.reduce((sum, f) => sum + f.ms + f.visitMs, 0),
  };
  const lowerBoundMs = lowerBoundOf(suite, splitFiles);
  const plan = (s: Suite, bound: number) =>
    splitFiles ? chooseSplits(s, bound) : scatter(s, unitTable(s, false), 0);
  let chosen = plan(suite, lowerBoundMs);
  if (files.some((f) => f.visitMs > 0)) {
    // Never worse than the plan that ignores visit costs, judged by the cost model.
    const plain: Suite = { ...suite, files: files.map((f) => ({ ...f, visitMs: 0 })) };
    plain.totalMs = plain.files.reduce((sum, f) => sum + f.ms, 0);
    const ignoring = plan(plain, lowerBoundOf(plain, splitFiles));
    const judged = finish(suite, ignoring.shardOfTest, ignoring.splitCount);
    if (judged.makespan < chosen.makespan) chosen = judged;
  }
  const shardPlans = describeShards(suite, chosen, fixedMs);

  return {
    shards: shardPlans,
    totalSeconds: suite.totalMs / 1000,
    makespanSeconds: (chosen.makespan + fixedMs) / 1000,
    lowerBoundSeconds: (Math.round(lowerBoundMs) + fixedMs) / 1000,
    ...(options.costs ? { fixedSeconds: fixedMs / 1000 } : {}),
    fingerprint: planFingerprint(
      shards,
      splitFiles,
      weighted,
      visits || fixedMs > 0
        ? { fixedMs, visits: files.filter((f) => f.visitMs > 0).map((f) => [f.name, f.visitMs]) }
        : undefined,
      files.filter((f) => keepWhole.has(f.name)).map((f) => f.name),
    ),
    splitFiles: shardPlans
      .flatMap((s) => s.splits.filter((split) => split.owner).map((split) => split.file))
      .sort(compareCodeUnits),
  };
}

/** max(total / N, longest unit): a file visited once, at best, or its heaviest single test. */
function lowerBoundOf(suite: Suite, splitFiles: boolean): number {
  const longestUnitMs = suite.files.reduce(
    (max, f) =>
      Math.max(max, f.visitMs + (splitFiles && f.splittable ? maxTestMs(suite, f) : f.ms)),
    0,
  );
  return Math.max(suite.totalMs / suite.shards, longestUnitMs);
}

function toMs(seconds: number, what: string): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`${what} is not a duration: ${seconds}`);
  }
  return Math.round(seconds * 1000);
}

function toWeighted(tests: readonly EstimatedTest[]): PlannedWeight[] {
  const weighted = tests.map((t) => {
    if (!Number.isFinite(t.seconds) || t.seconds < 0) {
      throw new RangeError(`test ${JSON.stringify(t.id)} has an invalid duration: ${t.seconds}`);
    }
    return { id: t.id, file: t.file, ms: Math.round(t.seconds * 1000) };
  });
  sortByCodeUnits(weighted, (t) => t.id);
  for (let i = 1; i < weighted.length; i++) {
    // An id listed twice would be planned twice; its durations could also disagree.
    if (weighted[i]!.id === weighted[i - 1]!.id) {
      throw new RangeError(`test ${JSON.stringify(weighted[i]!.id)} is listed twice`);
    }
  }
  return weighted;
}

function groupByFile(weighted: readonly PlannedWeight[]): FileGroup[] {
  const byName = new Map<string, FileGroup>();
  weighted.forEach((t, index) => {
    let group = byName.get(t.file);
    if (!group) {
      group = { name: t.file, ms: 0, visitMs: 0, tests: [], splittable: true };
      byName.set(t.file, group);
    }
    group.ms += t.ms;
    group.tests.push(index);
    if (t.id === t.file) group.splittable = false;
  });
  const files = [...byName.values()].sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const f of files) if (f.tests.length < 2) f.splittable = false;
  return files;
}

function maxTestMs(suite: Suite, file: FileGroup): number {
  return file.tests.reduce((max, t) => Math.max(max, suite.tests[t]!.ms), 0);
}

/**
 * Every unit a plan may use, heaviest first: each file whole and, `withTests`, each test of a
 * splittable file. Equal weights put whole files first, then go by name (files and tests are
 * already in name order, so their positions are the tie-break). The units of any one plan keep
 * this order, so the sort is done once.
 */
function unitTable(suite: Suite, withTests: boolean): Unit[] {
  const units: Unit[] = [];
  suite.files.forEach((f, file) => {
    units.push({ ms: f.ms + f.visitMs, file, test: -1 });
    if (withTests && f.splittable) {
      for (const test of f.tests) units.push({ ms: suite.tests[test]!.ms, file, test });
    }
  });
  return units.sort((a, b) => b.ms - a.ms || a.test - b.test || a.file - b.file);
}

/** A choice of files to split, with what every way of placing it needs. */
interface SplitChoice {
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
function chooseSplits(suite: Suite, lowerBoundMs: number): Candidate {
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
  if (splitOrder.length === 0) return scatter(suite, unitTable(suite, false), 0);

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
  const wholeFilesOnly = scatter(suite, unitTable(suite, false), 0);
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

/** Fewer empty shards, then shorter makespan, then fewer split files. */
function better(a: Candidate, b: Candidate): Candidate {
  const order =
    a.emptyShards - b.emptyShards || a.makespan - b.makespan || a.splitCount - b.splitCount;
  return order <= 0 ? a : b;
}

/** Longest first, then refinement, over `units` (sorted heaviest first). */
function scatter(suite: Suite, units: readonly Unit[], splitCount: number): Candidate {
  const weights = units.map((u) => u.ms);
  const loads = new Array<number>(suite.shards).fill(0);
  const shardOf = longestFirst(weights, loads, new Uint8Array(suite.shards));
  refine(weights, shardOf, loads, floorMs(weights, suite.shards));
  return toCandidate(suite, units, shardOf, splitCount);
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
  const shardOfTest = new Int32Array(suite.tests.length);
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
    loads[shard]! += suite.tests[test]!.ms;
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
  const overflow = new Uint8Array(suite.tests.length);
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
    const tests = heaviestFitting(choice.testsByWeight.get(file)!, (test) => suite.tests[test]!.ms);
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

/**
 * The shard whose load passes `allowed` and is preferred by `prefer` over all others (the lowest
 * index on ties), or -1.
 */
function indexOfBest(
  loads: readonly number[],
  allowed: (load: number, shard: number) => boolean,
  prefer: (a: number, b: number) => boolean,
): number {
  let best = -1;
  loads.forEach((load, shard) => {
    if (allowed(load, shard) && (best < 0 || prefer(load, loads[best]!))) best = shard;
  });
  return best;
}

/** Whole milliseconds: no placement of `weights` beats ceil(total / N) or its heaviest unit. */
function floorMs(weights: readonly number[], shards: number): number {
  const totalMs = weights.reduce((sum, w) => sum + w, 0);
  return Math.max(Math.ceil(totalMs / shards), weights[0] ?? 0);
}

function toCandidate(
  suite: Suite,
  units: readonly Unit[],
  shardOf: Int32Array,
  splitCount: number,
): Candidate {
  const shardOfTest = new Int32Array(suite.tests.length);
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
function finish(suite: Suite, shardOfTest: Int32Array, splitCount: number): Candidate {
  const loads = new Array<number>(suite.shards).fill(0);
  const fileSeen = new Int32Array(suite.shards).fill(-1);
  let visits = 0;
  let extraVisitMs = 0;
  suite.files.forEach((file, index) => {
    extraVisitMs -= file.visitMs;
    for (const test of file.tests) {
      const shard = shardOfTest[test]!;
      loads[shard]! += suite.tests[test]!.ms;
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

/**
 * Longest first onto the least-loaded shard (LPT), adding to `loads` and marking `occupied`;
 * `weights` sorted heaviest first. Returns each unit's shard. Among equally loaded shards an empty
 * one wins, so zero-weight units do not pile onto one shard while another stays empty.
 */
function longestFirst(
  weights: readonly number[],
  loads: number[],
  occupied: Uint8Array,
): Int32Array {
  const shards = loads.length;
  const shardOf = new Int32Array(weights.length);
  // Binary min-heap of shard indices by (load, occupied, index): O(log N) per unit, not a scan.
  const heap = loads.map((_, shard) => shard);
  const lighter = (a: number, b: number) =>
    loads[a]! - loads[b]! || occupied[a]! - occupied[b]! || a - b;
  const siftDown = (start: number) => {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < shards && lighter(heap[left]!, heap[least]!) < 0) least = left;
      if (right < shards && lighter(heap[right]!, heap[least]!) < 0) least = right;
      if (least === at) return;
      [heap[at], heap[least]] = [heap[least]!, heap[at]!];
      at = least;
    }
  };
  for (let at = Math.floor(shards / 2) - 1; at >= 0; at--) siftDown(at);
  weights.forEach((weight, unit) => {
    const shard = heap[0]!;
    shardOf[unit] = shard;
    loads[shard]! += weight;
    occupied[shard] = 1;
    siftDown(0);
  });
  return shardOf;
}

/**
 * Local search after LPT: repeatedly take the heaviest shard and apply the single move or swap
 * of `weights`' units with another shard that lowers it most, until none helps or `stopAtMs` is
 * reached. `loads` may include work that stays put. Each step lowers the heaviest load without
 * raising any shard to it, so the loop ends.
 */
function refine(
  weights: readonly number[],
  shardOf: Int32Array,
  loads: number[],
  stopAtMs: number,
): void {
  // Each shard's units by index, which is heaviest first: lets the searches below bisect.
  const members: number[][] = loads.map(() => []);
  shardOf.forEach((shard, unit) => members[shard]!.push(unit));
  const transfer = (unit: number, from: number, to: number) => {
    const source = members[from]!;
    source.splice(insertionPoint(source, unit), 1);
    const target = members[to]!;
    target.splice(insertionPoint(target, unit), 0, unit);
    shardOf[unit] = to;
    loads[from]! -= weights[unit]!;
    loads[to]! += weights[unit]!;
  };

  for (;;) {
    const heavy = indexOfBest(
      loads,
      () => true,
      (a, b) => a > b,
    );
    if (loads[heavy]! <= stopAtMs) return;
    const step = bestStep(weights, members, loads, heavy);
    if (!step) return;
    transfer(step.out, heavy, step.other);
    if (step.back >= 0) transfer(step.back, step.other, heavy);
  }
}

interface Step {
  other: number;
  /** Unit leaving the heavy shard. */
  out: number;
  /** Unit coming back from `other` (a swap), or -1 (a move). */
  back: number;
  /** How much the pair's peak drops. */
  gain: number;
}

function bestStep(
  weights: readonly number[],
  members: readonly number[][],
  loads: readonly number[],
  heavy: number,
): Step | undefined {
  const from = members[heavy]!;
  let best: Step | undefined;
  const consider = (other: number, gap: number, out: number | undefined, back: number) => {
    if (out === undefined) return;
    const delta = weights[out]! - (back >= 0 ? weights[back]! : 0);
    if (delta <= 0 || delta >= gap) return;
    const gain = Math.min(delta, gap - delta);
    if (!best || gain > best.gain) best = { other, out, back, gain };
  };

  // Moves first: a swap is searched over every unit of the other shards, so only when no move helps.
  for (const withSwaps of [false, true]) {
    for (let other = 0; other < loads.length; other++) {
      if (other === heavy) continue;
      const gap = loads[heavy]! - loads[other]!;
      // Whole-millisecond weights: with a gap below 2 nothing can land strictly between.
      if (gap < 2) continue;
      const half = gap / 2;
      if (!withSwaps) {
        // Move: the heavy shard's unit closest to half the gap.
        const at = firstAtMost(weights, from, half, 0);
        consider(other, gap, from[at - 1], -1);
        consider(other, gap, from[at], -1);
        continue;
      }
      // Swap: for each distinct weight on the other shard, the heavy unit closest to it plus half
      // the gap. Both lists are heaviest first, so the search position only moves forward.
      let cursor = 0;
      let previous = -1;
      for (const back of members[other]!) {
        if (weights[back] === previous) continue;
        previous = weights[back]!;
        cursor = firstAtMost(weights, from, previous + half, cursor);
        consider(other, gap, from[cursor - 1], back);
        consider(other, gap, from[cursor], back);
      }
    }
    if (best) return best;
  }
  return undefined;
}

/** First position in `units` (heaviest first), at or after `start`, whose weight is ≤ `limit`. */
function firstAtMost(
  weights: readonly number[],
  units: readonly number[],
  limit: number,
  start: number,
): number {
  let low = start;
  let high = units.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (weights[units[middle]!]! <= limit) high = middle;
    else low = middle + 1;
  }
  return low;
}

function insertionPoint(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Turn an assignment into shard plans. A file whose tests all landed on one shard is listed whole.
 * A file spread over several shards gets one owner: the least-loaded of them, because the owner
 * also runs tests added since the history was written and so has the most room for them.
 */
function describeShards(suite: Suite, chosen: Candidate, fixedMs: number): ShardPlan[] {
  const { shardOfTest, loads } = chosen;
  const plans: ShardPlan[] = loads.map((ms, shard) => ({
    index: shard + 1,
    estimatedSeconds: (ms + fixedMs) / 1000,
    files: [],
    splits: [],
    tests: [],
  }));
  const idsOf = (tests: readonly number[]) => tests.map((t) => suite.tests[t]!.id);
  // Files and tests are visited in code-unit order, so every list below comes out sorted.
  for (const file of suite.files) {
    const holders = [...new Set(file.tests.map((t) => shardOfTest[t]!))].sort((a, b) => a - b);
    if (holders.length === 1) {
      plans[holders[0]!]!.files.push(file.name);
      continue;
    }
    const owner = holders.reduce((least, shard) => (loads[shard]! < loads[least]! ? shard : least));
    for (const shard of holders) {
      const split: FileSplit = {
        file: file.name,
        tests: idsOf(file.tests.filter((t) => shardOfTest[t] === shard)),
        owner: shard === owner,
        excluded: shard === owner ? idsOf(file.tests.filter((t) => shardOfTest[t] !== shard)) : [],
      };
      plans[shard]!.splits.push(split);
    }
  }
  suite.tests.forEach((t, index) => plans[shardOfTest[index]!]!.tests.push(t.id));
  return plans;
}
