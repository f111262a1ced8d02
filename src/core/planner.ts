/**
 * The planner: tests with estimated durations → N shards of even predicted wall time. This module
 * normalises the input, bounds it, picks the plan and describes it; the greedy core is in
 * planning/balance.ts, the split-file search in planning/splits.ts, the shared model and the
 * cost-model judging in planning/model.ts.
 */
import { planFingerprint } from './fingerprint.js';
import { compareCodeUnits, sortByCodeUnits } from './order.js';
import { scatter } from './planning/balance.js';
import {
  finish,
  maxTestMs,
  unitTable,
  type Candidate,
  type FileGroup,
  type Suite,
} from './planning/model.js';
import { chooseSplits } from './planning/splits.js';
import { estimatedColumns } from './timingColumns.js';
import type {
  EstimatedColumns,
  EstimatedTest,
  FileSplit,
  Plan,
  ShardPlan,
  TestId,
} from './types.js';

export { SPLIT_TOLERANCE } from './planning/splits.js';

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
 * Split `tests` into `options.shards` shards of even estimated duration.
 *
 * Durations are rounded to whole milliseconds once, so every sum is exact and independent of
 * order, and every tie is broken by code-unit order of ids and file names: the same tests in any
 * order give the same plan on every machine.
 */
export function planShards(tests: readonly EstimatedTest[], options: PlanOptions): Plan {
  return planShardsOnColumns(estimatedColumns(tests), options);
}

/** planShards on columns: 100,000 tests need no object each (`evenshard plan` on one file). */
export function planShardsOnColumns(tests: EstimatedColumns, options: PlanOptions): Plan {
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
    ids: weighted.ids,
    ms: weighted.ms,
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
      weighted.ids,
      weighted.files,
      weighted.ms,
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

/** The tests in id order, with their weights in whole milliseconds. */
interface Weighted {
  ids: readonly TestId[];
  files: readonly string[];
  ms: Float64Array;
}

/**
 * The tests in id order with their weights in whole milliseconds, kept apart in a typed array:
 * the planner reads them often and 100,000 more objects would only feed the garbage collector.
 */
function toWeighted({ ids, files, seconds }: EstimatedColumns): Weighted {
  // Plain loops: this runs once per process over 100,000 tests, before any callback is optimized.
  // Strictly ascending ids (the usual input) are sorted and unique: the same pass checks both.
  let ascending = true;
  for (let i = 0; i < ids.length; i++) {
    const s = seconds[i]!;
    if (!Number.isFinite(s) || s < 0) {
      throw new RangeError(`test ${JSON.stringify(ids[i])} has an invalid duration: ${s}`);
    }
    if (ascending && i > 0 && !(ids[i - 1]! < ids[i]!)) ascending = false;
  }
  let order: ArrayLike<number> | undefined;
  if (!ascending) {
    const sorted = sortByCodeUnits(Array.from(ids.keys()), (i) => ids[i]!);
    for (let i = 1; i < sorted.length; i++) {
      // An id listed twice would be planned twice; its durations could also disagree.
      if (ids[sorted[i]!] === ids[sorted[i - 1]!]) {
        throw new RangeError(`test ${JSON.stringify(ids[sorted[i]!])} is listed twice`);
      }
    }
    order = sorted;
  }
  const ms = new Float64Array(ids.length);
  if (!order) {
    for (let i = 0; i < ids.length; i++) ms[i] = Math.round(seconds[i]! * 1000);
    return { ids, files, ms };
  }
  const inOrder = { ids: new Array<TestId>(ids.length), files: new Array<string>(ids.length), ms };
  for (let i = 0; i < ids.length; i++) {
    const from = order[i]!;
    inOrder.ids[i] = ids[from]!;
    inOrder.files[i] = files[from]!;
    ms[i] = Math.round(seconds[from]! * 1000);
  }
  return inOrder;
}

function groupByFile({ ids, files, ms }: Weighted): FileGroup[] {
  const byName = new Map<string, FileGroup>();
  for (let index = 0; index < ids.length; index++) {
    const file = files[index]!;
    let group = byName.get(file);
    if (!group) {
      group = { name: file, ms: 0, visitMs: 0, tests: [], splittable: true };
      byName.set(file, group);
    }
    group.ms += ms[index]!;
    group.tests.push(index);
    if (ids[index] === file) group.splittable = false;
  }
  const sorted = [...byName.values()].sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const f of sorted) if (f.tests.length < 2) f.splittable = false;
  return sorted;
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
  const idsOf = (tests: readonly number[]) => tests.map((t) => suite.ids[t]!);
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
  suite.ids.forEach((id, index) => plans[shardOfTest[index]!]!.tests.push(id));
  return plans;
}
