/**
 * From timing texts and the current suite to a plan: the one path that the CLI, the run role and
 * the plan role share, so that they can never disagree. Pure: callers read the files.
 */
import { adviseShardCount, type ShardCountAdvice } from '../core/advice.js';
import { applyCostModel, costModelFromHistory, type CostModel } from '../core/costs.js';
import { estimateDurations, estimateMeasured, type SuiteEntry } from '../core/estimate.js';
import { overheadEstimate, type HistoryHeader } from '../core/history.js';
import { fileOfTestId, fileOfTestIdSharing } from '../core/identity.js';
import { compareCodeUnits } from '../core/order.js';
import { planShardsOnColumns, type PlanCosts, type PlanOptions } from '../core/planner.js';
import { estimatedColumns, timingColumns } from '../core/timingColumns.js';
import type {
  EstimatedColumns,
  EstimatedTest,
  EstimateReport,
  Plan,
  TestId,
} from '../core/types.js';
import { parseTimingText, type ParsedTimings } from '../formats/detect.js';

export interface TimingSource {
  /** Where the text came from, for error messages. */
  name: string;
  text: string;
}

export interface SuiteSpec {
  /** Test ids of the current suite, when the caller knows them one by one. */
  testIds?: readonly TestId[];
  /**
   * Test files of the current suite, when the caller discovered files only (the run role): their
   * known tests come from the timings, a file with none is planned whole.
   */
  files?: readonly { file: string; testCountHint?: number }[];
}

export interface SuitePlan {
  plan: Plan;
  /** The suite's tests with the estimates planned with (the cost model's, when there was one). */
  tests: EstimatedColumns;
  estimates: EstimateReport;
  /** Tests that had timings but are no longer in the suite (deleted or renamed). */
  droppedTimings: number;
  /** The cost model planned with, when the history had one, and what it gave the planner. */
  costModel?: CostModel;
  planCosts?: PlanCosts;
}

export class TimingSourceError extends Error {
  override name = 'TimingSourceError';
}

export interface SuitePlanOptions {
  shards: number;
  splitFiles: boolean;
  /** Runner kind the shards run on: a history's costs are scaled by its speed factor. */
  kind?: string;
}

export function planSuite(
  sources: readonly TimingSource[],
  suite: SuiteSpec,
  options: SuitePlanOptions,
): SuitePlan {
  return planFromTimings(readTimings(sources, suite), suite, options);
}

/** The timing texts read once, for every plan made from them. */
interface SuiteTimings {
  parsed: ParsedTimings[];
  knownFiles: ReadonlySet<string>;
  /** The last history among them: its costs and keepWhole shape the plan. */
  history?: HistoryHeader;
}

function readTimings(sources: readonly TimingSource[], suite: SuiteSpec): SuiteTimings {
  const knownFiles = new Set<string>([
    ...(suite.files ?? []).map((f) => f.file),
    ...(suite.testIds ?? []).map(fileOfTestId),
  ]);
  const parsed = sources.map((source) => {
    try {
      return parseTimingText(source.text, { knownFiles });
    } catch (error) {
      throw new TimingSourceError(`${source.name}: ${(error as Error).message}`);
    }
  });
  const history = parsed.findLast((p) => p.history)?.history;
  return { parsed, knownFiles, ...(history ? { history } : {}) };
}

function planFromTimings(
  { parsed, knownFiles, history }: SuiteTimings,
  suite: SuiteSpec,
  options: SuitePlanOptions,
): SuitePlan {
  const model = history ? costModelFromHistory(history.costs, options.kind) : undefined;
  // Files whose ids are not stable across processes (the history says which) stay whole.
  const planOptions: PlanOptions = {
    shards: options.shards,
    splitFiles: options.splitFiles,
    ...(history?.keepWhole ? { keepWhole: history.keepWhole } : {}),
  };
  // One timing file and no suite of its own (`evenshard plan --durations FILE`): the suite is
  // that file's tests, every one measured, and its ids are already unique and in order: they are
  // planned as columns, with no object per test.
  if (!suite.testIds && !suite.files && parsed.length === 1) {
    const measured = estimateMeasured(parsed[0]!.columns ?? timingColumns(parsed[0]!.entries));
    return suitePlan(planWithModel(measured.tests, model, planOptions), measured.report, 0, model);
  }
  const { tests, report, droppedTimings } = estimateSuite(parsed, suite, knownFiles);
  const columns = estimatedColumns(tests);
  return suitePlan(planWithModel(columns, model, planOptions), report, droppedTimings, model);
}

function suitePlan(
  planned: { tests: EstimatedColumns; plan: Plan; costs?: PlanCosts },
  estimates: EstimateReport,
  droppedTimings: number,
  model: CostModel | undefined,
): SuitePlan {
  const { tests, plan, costs } = planned;
  return {
    plan,
    tests,
    estimates,
    droppedTimings,
    ...(model && costs ? { costModel: model, planCosts: costs } : {}),
  };
}

/** Estimates for the suite from all the timings, and how many timings it no longer has. */
function estimateSuite(
  parsed: readonly ParsedTimings[],
  suite: SuiteSpec,
  knownFiles: ReadonlySet<string>,
): { tests: EstimatedTest[]; report: EstimateReport; droppedTimings: number } {
  // Later sources win for the same id: pass the freshest timings last.
  const measured = new Map<TestId, number>();
  for (const { entries } of parsed) {
    for (const entry of entries)
      measured.set(windowsIdToPosix(entry.id, knownFiles), entry.seconds);
  }
  const entries = suiteEntries(suite, measured);
  let droppedTimings = 0;
  // With no suite given, the suite is the timed tests: none is dropped.
  if (suite.testIds || suite.files) {
    const inSuite = new Set(entries.map((e) => e.id));
    for (const id of measured.keys()) if (!inSuite.has(id)) droppedTimings += 1;
  }
  return { ...estimateDurations(entries, measured), droppedTimings };
}

/** Plans with the cost model when the history has one: the estimates then predict wall time. */
function planWithModel(
  estimated: EstimatedColumns,
  model: CostModel | undefined,
  planOptions: PlanOptions,
): { tests: EstimatedColumns; plan: Plan; costs?: PlanCosts } {
  if (!model) return { tests: estimated, plan: planShardsOnColumns(estimated, planOptions) };
  const { tests, costs } = applyCostModel(estimated, model);
  const plan = planShardsOnColumns(tests, { ...planOptions, costs });
  return { tests, plan: { ...plan, speedFactor: model.speedFactor }, costs };
}

/** A fixed shard count, or a target wall time from which the count is chosen. */
export type ShardCountChoice =
  | { shards: number }
  | {
      targetMinutes: number;
      maxShards: number;
      /**
       * Per-shard fixed cost (start-up, installs, collection); by default the one the history
       * measured, or 0 without one.
       */
      overheadSeconds?: number;
      /** How many shards can run at once: past it shards queue. */
      maxParallel?: number;
    };

/**
 * planSuite with the shard count fixed or chosen: the smallest N whose overhead + slowest shard
 * meets the target (core/advice.ts). The plan role and `evenshard plan` both call this.
 */
export function planSuiteChoosingShards(
  sources: readonly TimingSource[],
  suite: SuiteSpec,
  choice: ShardCountChoice,
  options: Omit<SuitePlanOptions, 'shards'>,
): SuitePlan & { shards: number; advice?: ShardCountAdvice } {
  const timings = readTimings(sources, suite);
  if ('shards' in choice) {
    return {
      ...planFromTimings(timings, suite, { ...options, shards: choice.shards }),
      shards: choice.shards,
    };
  }
  const probe = planFromTimings(timings, suite, { ...options, shards: 1 });
  const measuredOverhead = timings.history && overheadEstimate(timings.history);
  const advice = adviseShardCount(probe.tests, {
    ...(probe.planCosts ? { costs: probe.planCosts } : {}),
    ...(choice.maxParallel !== undefined ? { maxParallel: choice.maxParallel } : {}),
    overheadSeconds: choice.overheadSeconds ?? measuredOverhead ?? 0,
    splitFiles: options.splitFiles,
    targetSeconds: choice.targetMinutes * 60,
    maxShards: choice.maxShards,
  });
  const shards = advice.recommended;
  return { ...planFromTimings(timings, suite, { ...options, shards }), shards, advice };
}

function suiteEntries(suite: SuiteSpec, measured: ReadonlyMap<TestId, number>): SuiteEntry[] {
  if (suite.testIds) {
    const unique = [...new Set(suite.testIds)].sort(compareCodeUnits);
    return unique.map((id) => ({ id, file: fileOfTestId(id) }));
  }
  if (suite.files) {
    const byFile = new Map<string, TestId[]>();
    for (const id of measured.keys()) {
      const file = fileOfTestId(id);
      const list = byFile.get(file);
      if (list) list.push(id);
      else byFile.set(file, [id]);
    }
    const out: SuiteEntry[] = [];
    for (const { file, testCountHint } of suite.files) {
      const known = byFile.get(file);
      if (known) for (const id of known) out.push({ id, file });
      else out.push({ id: file, file, ...(testCountHint === undefined ? {} : { testCountHint }) });
    }
    return out;
  }
  const out: SuiteEntry[] = [];
  let file = '';
  for (const id of measured.keys()) {
    file = fileOfTestIdSharing(id, file);
    out.push({ id, file });
  }
  return out;
}

/**
 * A history written on Windows may name files with backslashes: the id of a known file in POSIX
 * form. Only the file part changes (parameter ids may hold backslashes), and only when the POSIX
 * form is a file of the suite, so an id that merely contains a backslash stays as it is.
 */
function windowsIdToPosix(id: TestId, knownFiles: ReadonlySet<string>): TestId {
  if (!id.includes('\\')) return id;
  const file = fileOfTestId(id);
  if (!file.includes('\\')) return id;
  const posix = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return knownFiles.has(posix) ? posix + id.slice(file.length) : id;
}
