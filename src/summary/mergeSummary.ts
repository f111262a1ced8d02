/**
 * The summary the merge job writes for the whole run (GITHUB_STEP_SUMMARY): GitHub-flavoured
 * Markdown with raw HTML. Two readers: the pull-request author, who must get the verdict from the
 * first line and what to fix from the next few; and the maintainer choosing the shard count, whose
 * part comes last. In order: headline, what failed the run (exactly-once, plans, coverage), failed
 * tests (`merge/problems.ts`), flaky, quarantined and slower tests and attempts (`insights.ts`),
 * coverage (`merge/coverage.ts`), then shard balance, the per-shard
 * numbers, slowest tests and the shard-count table (`merge/shards.ts`, `merge/advice.ts`).
 *
 * The first line is the headline on its own: the merge role reuses it as the pull-request comment.
 * The verdict is the merge role's (`core/verdict.ts`), passed in, so the headline and the job's
 * outcome cannot disagree. Every untrusted string (test ids, paths, messages, fingerprints) goes
 * through the escaping helpers of `markup.ts` inside an HTML block with no blank line in it; the
 * Mermaid chart holds only numbers and fixed words. The text stays under `maxBytes`
 * (`budget.ts`), because GitHub drops a step summary over 1 MiB: long lists are capped, and the
 * rest is spent from one byte budget in reading order, which is also the order of importance.
 */
import type { ShardCountAdvice } from '../core/advice.js';
import type { RunCostReport } from '../core/costs.js';
import type { MergeReport } from '../core/mergeResults.js';
import { belowThreshold, type MergeStatus } from '../core/verdict.js';
import { budgetNote, DEFAULT_SUMMARY_MAX_BYTES, fitBlocks, type Block } from './budget.js';
import { formatCount, formatDuration, plural } from './format.js';
import { renderInsightSections, type Insights } from './insights.js';
import { capitalize } from './markup.js';
import { formatCoverage, formatThreshold, renderCoverage } from './merge/coverage.js';
import { renderFailures, renderProblems } from './merge/problems.js';
import { shardNames } from './merge/shardNames.js';
import { renderShards } from './merge/shards.js';
import { runWallSeconds } from './merge/wall.js';

export { shardNames };

export interface CoverageFile {
  path: string;
  percent: number;
  covered: number;
  total: number;
}

export type MergeCoverage =
  | {
      totalPercent: number;
      failUnder?: number;
      files: CoverageFile[];
      /** Files changed by the pull request: shown per file instead of the least-covered ones. */
      changedFiles?: string[];
    }
  | { error: string };

export interface MergeSummaryInput {
  report: MergeReport;
  /** The merge's verdict (`mergeVerdict(...).status`): the headline's icon. */
  status: MergeStatus;
  coverage?: MergeCoverage;
  advice?: ShardCountAdvice;
  targetMinutes?: number;
  /** Where the timing history came from and went, e.g. 'history run 12 → 13'. */
  historyDescription: string;
  /** Slowest tests across shards. */
  slowest: { id: string; seconds: number; shard: number }[];
  /** Where the time went: phases over shards, costliest fixtures and imports. */
  costs?: RunCostReport;
  /** Flaky, quarantined, slower and faster tests, attempts (`insights.ts`), after the failures. */
  insights?: Insights;
}

export interface MergeSummaryOptions {
  /** Upper bound on the UTF-8 size of the summary. Default 1,000,000 (GitHub drops > 1 MiB). */
  maxBytes?: number;
  /** How many of the slowest tests to list. Default 10. */
  slowest?: number;
  /** How many failed tests to list before "… and N more". Default 50. */
  failures?: number;
}

const DEFAULT_SLOWEST = 10;
const DEFAULT_FAILURES = 50;

const BUDGET_NOTE = budgetNote(
  "the merge step's log and the shards' results artifacts have everything",
);

export function renderMergeSummary(
  input: MergeSummaryInput,
  options: MergeSummaryOptions = {},
): string {
  const maxBytes = options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES;
  const slowestCount = Math.max(0, Math.floor(options.slowest ?? DEFAULT_SLOWEST));
  const failureCount = Math.max(0, Math.floor(options.failures ?? DEFAULT_FAILURES));
  const blocks: Block[] = [
    { kind: 'essential', text: renderHeadline(input) },
    ...renderProblems(input),
    ...renderFailures(input.report, failureCount),
    ...(input.insights ? renderInsightSections(input.insights) : []).map((x): Block => ({
      kind: x.essential ? 'essential' : 'optional',
      text: x.text,
    })),
    ...renderCoverage(input),
    ...renderShards(input, slowestCount),
  ];
  return fitBlocks(blocks, maxBytes, BUDGET_NOTE);
}

function renderHeadline(input: MergeSummaryInput): string {
  const { report } = input;
  const { status } = input;
  const icon = status === 'passed' ? '✅' : status === 'failed' ? '❌' : '⚠️';

  // Exactly-once comes first: a green test count means nothing when tests went missing.
  const broken: string[] = [];
  if (report.shardLines.length === 0) broken.push('no shard uploaded results');
  else if (report.missingShards.length > 0)
    broken.push(`${shardNames(report.missingShards)} uploaded no results`);
  if (report.failedShards.length > 0) {
    broken.push(`${shardNames(report.failedShards.map((f) => f.shard))} failed`);
  }
  if (report.lost.length > 0) {
    broken.push(`${plural(report.lost.length, 'test', 'tests')} did not run`);
  }
  if (report.duplicated.length > 0) {
    broken.push(`${plural(report.duplicated.length, 'test', 'tests')} ran more than once`);
  }
  if (report.unstableFiles.length > 0) {
    broken.push(
      `${plural(report.unstableFiles.length, 'file has', 'files have')} unstable test ids`,
    );
  }
  if (report.fingerprints.length > 1 && !report.exactlyOnce) {
    broken.push('the shards ran different plans');
  }

  const c = report.counts;
  const outcomes = [
    `${formatCount(c.passed)} passed`,
    `${formatCount(c.failed)} failed`,
    ...(c.errors > 0 ? [plural(c.errors, 'error', 'errors')] : []),
    ...(c.skipped > 0 ? [`${formatCount(c.skipped)} skipped`] : []),
  ].join(', ');
  const facts = [
    `${plural(c.tests, 'test', 'tests')} in ${plural(report.shards, 'shard', 'shards')}: ${outcomes}`,
  ];
  const coverage = input.coverage;
  if (coverage !== undefined) {
    if ('error' in coverage) facts.push('coverage missing');
    else {
      const threshold =
        coverage.failUnder === undefined
          ? ''
          : belowThreshold(coverage)
            ? ` (below ${formatThreshold(coverage.failUnder)})`
            : ` (≥ ${formatThreshold(coverage.failUnder)})`;
      facts.push(`coverage ${formatCoverage(coverage.totalPercent)}${threshold}`);
    }
  }
  if (report.shardLines.length > 0) facts.push(`wall ${formatDuration(runWallSeconds(report))}`);

  // With no results at all, "0 tests in 4 shards: 0 passed" would only add noise.
  if (report.shardLines.length === 0) facts.shift();
  const lead =
    broken.length > 0 ? `${capitalize(broken.join(', '))}${facts.length > 0 ? ' — ' : ''}` : '';
  return `### ${icon} ${lead}${facts.join(' · ')}`;
}
