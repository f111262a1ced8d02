/**
 * The merge role: N shard results → proof of exactly-once, the next history, combined coverage,
 * the run summary and shard-count advice. The GitHub entry and the CLI differ only in ports.
 */
import { createHash } from 'node:crypto';
import { adviseShardCount, type ShardCountAdvice } from '../core/advice.js';
import {
  applyCostModel,
  costModelFromHistory,
  costSampleOf,
  ownTimings,
  PHASE_LABELS,
  rollCosts,
  runCostReport,
  SHARD_PHASES,
} from '../core/costs.js';
import { estimateDurations } from '../core/estimate.js';
import { estimatedColumns } from '../core/timingColumns.js';
import { fileOfTestId } from '../core/identity.js';
import { compareCodeUnits } from '../core/order.js';
import {
  emptyCostHistory,
  estimateFromSamples,
  historyToTimings,
  overheadEstimate,
  rollHistory,
  serializeHistory,
  type History,
} from '../core/history.js';
import { flakyResults, resultsByRunAttempt } from '../core/attempts.js';
import { DEFAULT_FLAKINESS_RULE, flakyAcrossRuns, type FlakinessRule } from '../core/flakiness.js';
import { mergeShardResults, type MergeReport } from '../core/mergeResults.js';
import { splitQuarantined, type Quarantine } from '../core/quarantine.js';
import {
  aggregateChange,
  DEFAULT_SLOWDOWN_RULE,
  testDurationChanges,
  type SlowdownRule,
} from '../core/slowdowns.js';
import { parseShardResultText, type ShardResult, type TestResult } from '../core/shardResult.js';
import { formatPytestDurations } from '../formats/pytestDurations.js';
import { parseTimingText } from '../formats/detect.js';
import { parseHistoryText } from '../formats/history.js';
import type {
  CoverageCombiner,
  CoverageOutcome,
  HistorySink,
  HistorySource,
  Logger,
  ShardUpload,
  ShardUploadSource,
  SummarySink,
} from '../ports.js';
import { mergeVerdict } from '../core/verdict.js';
import { renderMergeSummary, type MergeSummaryInput } from '../summary/mergeSummary.js';
import { renderInsightsComment, type Insights } from '../summary/insights.js';

export interface MergeConfig {
  expectedShards?: number;
  failUnder?: number;
  targetMinutes?: number;
  maxShards?: number;
  /** How many shards can run at once (a workflow's max-parallel, an org's runner limit). */
  maxParallel?: number;
  /** Whether the framework can split files (advice plans the same way the shards do). */
  splitFiles: boolean;
  exportTestDurations: boolean;
  /** Files changed by the pull request, for per-file coverage. */
  changedFiles?: string[];
  now: string;
  /** Tests whose failure does not fail the run (still reported). */
  quarantine?: Quarantine;
  /** When a test counts as slower or faster; default DEFAULT_SLOWDOWN_RULE. */
  slowdownRule?: SlowdownRule;
  /** When a test counts as flaky across runs; default DEFAULT_FLAKINESS_RULE. */
  flakinessRule?: FlakinessRule;
}

export interface MergePorts {
  uploads: ShardUploadSource;
  previousHistory: HistorySource;
  historySink: HistorySink;
  coverage?: CoverageCombiner;
  summary: SummarySink;
  log: Logger;
}

export interface MergeOutcome {
  report: MergeReport;
  history: History;
  coverage?: CoverageOutcome;
  advice?: ShardCountAdvice;
  summary: string;
  /** Flaky, quarantined, slower and faster tests, and the attempts results came from. */
  insights: Insights;
  /** The short Markdown form of `insights` for the pull-request comment ('' when nothing). */
  insightsComment: string;
  /** Reasons the merge fails the workflow; empty when it passes. */
  failures: string[];
}

export async function mergeRun(config: MergeConfig, ports: MergePorts): Promise<MergeOutcome> {
  const { log } = ports;
  const uploads = await ports.uploads.fetchAll();
  const results: ShardResult[] = [];
  const digests = new Map<number, string>();
  const uploadProblems: string[] = [];
  for (const upload of uploads) {
    const parsed = parseShardResult(upload);
    if (typeof parsed === 'string') uploadProblems.push(parsed);
    else {
      results.push(parsed);
      digests.set(parsed.shard, resultDigest(upload.resultText!));
    }
  }
  const report = mergeShardResults(results, config.expectedShards);

  const previous = await loadPreviousHistory(ports.previousHistory, log);
  const history = rollShards(previous, results, digests, report, config.now, log);
  // Every result's own time (whether or not its shard was rolled in before), for the insights.
  const kindOfTest = new Map<string, string | undefined>();
  for (const r of results)
    for (const t of r.results) if (!kindOfTest.has(t.id)) kindOfTest.set(t.id, r.kind);
  const timings = ownTimings(report.results, (id) => kindOfTest.get(id), history.costs);
  const historyJson = serializeHistory(history);
  const testDurations = config.exportTestDurations
    ? formatPytestDurations(historyToTimings(history))
    : undefined;
  await ports.historySink.save({ historyJson, ...(testDurations ? { testDurations } : {}) });

  let coverage: CoverageOutcome | undefined;
  let coverageError: string | undefined;
  if (ports.coverage) {
    const dirs = uploads.map((u) => u.coverageDir).filter((d): d is string => d !== undefined);
    const without = uploads
      .filter((u) => u.coverageDir === undefined && u.resultText !== null)
      .map((u) => u.shard);
    if (without.length > 0 && dirs.length > 0) {
      log.warning(
        `evenshard: shard(s) ${without.join(', ')} uploaded no coverage data; the combined coverage leaves out what they ran.`,
      );
    }
    try {
      coverage = await ports.coverage.combine(dirs);
    } catch (error) {
      coverageError = (error as Error).message;
    }
  }

  const advice = adviseFromHistory(history, report, config, results[0]?.kind);
  const summaryCoverage: MergeSummaryInput['coverage'] = coverage
    ? {
        totalPercent: coverage.totalPercent,
        files: coverage.files,
        ...(config.failUnder !== undefined ? { failUnder: config.failUnder } : {}),
        ...(config.changedFiles ? { changedFiles: config.changedFiles } : {}),
      }
    : coverageError !== undefined
      ? { error: coverageError }
      : undefined;
  const insights = historyInsights(previous, report, timings, results, config);
  const verdict = mergeVerdict(
    report,
    summaryCoverage,
    uploadProblems,
    insights.quarantined.length,
  );

  const slowest = [...report.results]
    .sort((a, b) => b.seconds - a.seconds || compareCodeUnits(a.id, b.id))
    .slice(0, 10)
    .map((r) => ({ id: r.id, seconds: r.seconds, shard: shardOf(results, r.id) }));
  const runCosts = runCostReport(results);
  const input: MergeSummaryInput = {
    report,
    status: verdict.status,
    ...(summaryCoverage ? { coverage: summaryCoverage } : {}),
    ...(advice ? { advice } : {}),
    ...(config.targetMinutes !== undefined ? { targetMinutes: config.targetMinutes } : {}),
    historyDescription: previous
      ? `history run ${previous.run} → ${history.run}`
      : `first history (run ${history.run})`,
    slowest,
    ...(runCosts ? { costs: runCosts } : {}),
    insights,
  };
  const summary = renderMergeSummary(input);
  await ports.summary.write(summary);
  for (const q of insights.quarantined) {
    log.warning(
      `evenshard: quarantined test failed in shard ${q.shard} (does not fail the run): ${q.id}${q.message ? ` — ${q.message}` : ''}`,
    );
  }
  return {
    report,
    history,
    ...(coverage ? { coverage } : {}),
    ...(advice ? { advice } : {}),
    summary,
    insights,
    insightsComment: renderInsightsComment(insights),
    failures: verdict.reasons,
  };
}

/**
 * What the previous history says about this run: flaky tests (within the run and across runs on
 * the base branch), quarantined failures, slower and faster tests, and the attempts results came
 * from. Compared with the history BEFORE this run, so this run cannot vouch for itself.
 */
function historyInsights(
  previous: History | null,
  report: MergeReport,
  /** The results' own times (fixtures shared beyond a test and runner speed taken out), as the
   *  history keeps them: slower and faster compare like with like. */
  timings: readonly TestResult[],
  shardResults: readonly ShardResult[],
  config: MergeConfig,
): Insights {
  const slowdownRule = config.slowdownRule ?? DEFAULT_SLOWDOWN_RULE;
  const flakinessRule = config.flakinessRule ?? DEFAULT_FLAKINESS_RULE;
  const shardById = new Map<string, number>();
  for (const r of shardResults)
    for (const t of r.results) if (!shardById.has(t.id)) shardById.set(t.id, r.shard);
  const withShard = <T extends { id: string }>(t: T) => ({ ...t, shard: shardById.get(t.id) ?? 0 });
  const { slower, faster } = testDurationChanges(previous, timings, slowdownRule);
  const suiteSeconds = timings.reduce((sum, r) => sum + Math.max(0, r.seconds), 0);
  const startUp = report.overheads.length > 0 ? estimateFromSamples(report.overheads) : undefined;
  const aggregates = [
    aggregateChange(
      'suite test time',
      previous?.suite,
      report.results.length ? suiteSeconds : undefined,
      slowdownRule,
    ),
    aggregateChange(
      'shard start-up (job start → first test)',
      previous?.overhead,
      startUp,
      slowdownRule,
    ),
    // Each phase (install, collection, …) by its median per shard; the tests' own time is the suite's.
    ...SHARD_PHASES.filter((phase) => phase !== 'tests').map((phase) => {
      const now = shardResults
        .map((r) => r.phases?.[phase])
        .filter((x): x is number => x !== undefined && Number.isFinite(x));
      return aggregateChange(
        `${PHASE_LABELS[phase]} (median per shard)`,
        previous?.costs.phases[phase],
        now.length > 0 ? estimateFromSamples(now) : undefined,
        slowdownRule,
      );
    }),
  ].filter((a) => a !== undefined);
  const byAttempt = resultsByRunAttempt(report.results);
  return {
    flakyInRun: flakyResults(report.results).map(withShard),
    flakyAcrossRuns: flakyAcrossRuns(
      previous,
      report.results.map((r) => r.id),
      flakinessRule,
    ),
    flakinessRule,
    quarantined: splitQuarantined(report.failures, config.quarantine).quarantined,
    ...(config.quarantine ? { quarantineSource: config.quarantine.source } : {}),
    slower,
    faster,
    aggregates,
    slowdownRule,
    ...(byAttempt.some((a) => a.attempt > 1)
      ? {
          attempts: {
            byAttempt,
            later: report.results.filter((r) => (r.runAttempt ?? 1) > 1).map(withShard),
          },
        }
      : {}),
  };
}

function parseShardResult(upload: ShardUpload): ShardResult | string {
  if (upload.resultText === null)
    return `shard ${upload.shard}: its results artifact has no readable results.json`;
  return parseShardResultText(upload.resultText, upload.shard);
}

/** How many shard-result digests the history remembers (a few runs of the largest matrix). */
const MAX_MERGED_DIGESTS = 256;

function resultDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Rolls the shards' results into the next history, each shard's results once: a shard whose
 * results the previous history already holds (the same store merged twice, a re-run merge job)
 * adds nothing. Files with unstable ids are kept whole from now on.
 */
function rollShards(
  previous: History | null,
  results: readonly ShardResult[],
  digests: ReadonlyMap<number, string>,
  report: MergeReport,
  now: string,
  log: Logger,
): History {
  const seen = new Set(previous?.merged ?? []);
  const fresh = results.filter((r) => !seen.has(digests.get(r.shard)!));
  const keepWhole = report.unstableFiles.map((u) => u.file);
  if (previous && results.length > 0 && fresh.length === 0 && keepWhole.length === 0) {
    log.info('evenshard: these shard results are already in the history; it stays as it is.');
    return previous;
  }
  if (fresh.length < results.length) {
    log.info(
      `evenshard: ${results.length - fresh.length} shard result(s) are already in the history and add no samples.`,
    );
  }
  // Costs first: they learn each runner kind's speed factor, which the tests' samples are scaled by.
  const costs = rollCosts(
    previous?.costs ?? emptyCostHistory(),
    fresh.map(costSampleOf),
    (previous?.run ?? 0) + 1,
  );
  const kindOfTest = new Map<string, string | undefined>();
  const firstResults: TestResult[] = [];
  for (const r of fresh) {
    for (const t of r.results) {
      if (kindOfTest.has(t.id)) continue;
      kindOfTest.set(t.id, r.kind);
      firstResults.push(t);
    }
  }
  const timings = ownTimings(firstResults, (id) => kindOfTest.get(id), costs);
  const overheads = fresh.map((r) => r.overheadSeconds).filter((x): x is number => x !== null);
  const history: History = {
    ...rollHistory(previous, timings, overheads, { now, keepWhole }),
    costs,
  };
  const merged = [...(previous?.merged ?? []), ...results.map((r) => digests.get(r.shard)!)];
  history.merged = [...new Set(merged)].slice(-MAX_MERGED_DIGESTS);
  return history;
}

async function loadPreviousHistory(source: HistorySource, log: Logger): Promise<History | null> {
  const fetched = await source.fetch();
  if (!fetched) return null;
  try {
    return parseHistoryText(fetched.text);
  } catch {
    // A timing file of another format (e.g. a committed .test_durations) seeds the history.
    try {
      const { entries } = parseTimingText(fetched.text);
      return rollHistory(null, entries, [], { now: '' });
    } catch (error) {
      log.warning(
        `evenshard: the previous history (${fetched.description}) is unreadable: ${(error as Error).message}; starting a new one.`,
      );
      return null;
    }
  }
}

function adviseFromHistory(
  history: History,
  report: MergeReport,
  config: MergeConfig,
  kind: string | undefined,
): ShardCountAdvice | undefined {
  if (report.results.length === 0) return undefined;
  const ran = report.results.map((r) => ({ id: r.id, file: fileOfTestId(r.id) }));
  const measured = new Map(historyToTimings(history).map((t) => [t.id, t.seconds]));
  const { tests: estimated } = estimateDurations(ran, measured);
  // The same cost model the next run's plan will use, so the table predicts what it will see.
  const model = costModelFromHistory(history.costs, kind);
  const columns = estimatedColumns(estimated);
  const modelled = model ? applyCostModel(columns, model) : undefined;
  return adviseShardCount(modelled?.tests ?? columns, {
    overheadSeconds: overheadEstimate(history) ?? 0,
    splitFiles: config.splitFiles,
    ...(config.targetMinutes !== undefined ? { targetSeconds: config.targetMinutes * 60 } : {}),
    ...(config.maxShards !== undefined ? { maxShards: config.maxShards } : {}),
    ...(modelled ? { costs: modelled.costs } : {}),
    ...(config.maxParallel !== undefined ? { maxParallel: config.maxParallel } : {}),
  });
}

function shardOf(results: readonly ShardResult[], id: string): number {
  for (const r of results) if (r.results.some((t) => t.id === id)) return r.shard;
  return 0;
}
