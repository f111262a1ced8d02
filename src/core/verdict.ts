/**
 * The merge's pass/fail decision, in one place: the merge role fails the job on these reasons, and
 * the merge summary's headline shows the same status. Pure.
 */
import type { MergeReport } from './mergeResults.js';
import { shardList, type LostTest } from './verify.js';

/** 'warning': nothing failed, but no test ran at all. */
export type MergeStatus = 'passed' | 'failed' | 'warning';

/** Combined coverage as the verdict needs it, or why it could not be combined. */
export type CoverageVerdictInput = { totalPercent: number; failUnder?: number } | { error: string };

export interface MergeVerdict {
  status: MergeStatus;
  /** Why the merge fails the workflow, one line each; empty unless `status` is 'failed'. */
  reasons: string[];
}

/**
 * Fails the merge for: an upload it could not read (`uploadProblems`, already worded), no results
 * at all, coverage that could not be combined, a shard that ended abnormally, a missing shard, a
 * lost test, a test that ran more than once, a file with unstable ids, shards on different plans
 * when the proof does not hold, a failed test, coverage below its threshold.
 * `quarantinedFailures` of the failed tests are on the quarantine list: reported, not failing.
 */
export function mergeVerdict(
  report: MergeReport,
  coverage?: CoverageVerdictInput,
  uploadProblems: readonly string[] = [],
  quarantinedFailures = 0,
): MergeVerdict {
  const reasons = [...uploadProblems];
  if (report.shardLines.length === 0) {
    reasons.push(
      'no shard uploaded results: did the test jobs run evenshard, with the same artifact-prefix?',
    );
  }
  if (coverage !== undefined && 'error' in coverage) reasons.push(`coverage: ${coverage.error}`);
  for (const failed of report.failedShards)
    reasons.push(`shard ${failed.shard} failed: ${failed.problem}`);
  if (report.missingShards.length > 0) {
    reasons.push(
      `missing: ${shardList(report.missingShards)} uploaded no results (cancelled, or failed before uploading)`,
    );
  }
  reasons.push(...lostLines(report.lost));
  for (const dup of report.duplicated.slice(0, MAX_LOG_IDS))
    reasons.push(`duplicated: ${dup.id} ran in ${shardList(dup.shards)}`);
  if (report.duplicated.length > MAX_LOG_IDS) {
    reasons.push(
      `duplicated: ${report.duplicated.length - MAX_LOG_IDS} more (the summary lists them)`,
    );
  }
  for (const unstable of report.unstableFiles) {
    reasons.push(
      `unstable ids: ${shardList(unstable.shards)} collected ${unstable.file} differently (parametrize over a set, ids from hash() or id()?): ` +
        'its tests may have run twice or never; the next plan keeps it whole',
    );
  }
  // Shards on different plans are fine when the proof holds; without it they explain why not.
  if (report.fingerprints.length > 1 && !report.exactlyOnce) {
    reasons.push(
      `plans differ: ${report.fingerprints.map((f) => `${shardList(f.shards)} used ${f.fingerprint.slice(0, 12)}`).join('; ')}`,
    );
  }
  const failed = report.counts.failed + report.counts.errors - quarantinedFailures;
  if (failed > 0) {
    const excused = quarantinedFailures > 0 ? ` (and ${quarantinedFailures} quarantined)` : '';
    reasons.push(`${failed} test(s) failed${excused}`);
  }
  if (coverage !== undefined && !('error' in coverage) && belowThreshold(coverage)) {
    reasons.push(
      `coverage ${coverage.totalPercent.toFixed(2)} % is below fail-under ${coverage.failUnder} %`,
    );
  }
  const status = reasons.length > 0 ? 'failed' : report.counts.tests === 0 ? 'warning' : 'passed';
  return { status, reasons };
}

/** Most ids named in the reasons per kind; the summary and results artifacts have all. */
const MAX_LOG_IDS = 20;

/** Lost tests grouped by shard and reason: one line per group, naming the first ids. */
function lostLines(lost: readonly LostTest[]): string[] {
  const groups = new Map<string, LostTest[]>();
  for (const l of lost) {
    const list = groups.get(l.why);
    if (list) list.push(l);
    else groups.set(l.why, [l]);
  }
  const out: string[] = [];
  for (const [why, list] of groups) {
    const named = list
      .slice(0, MAX_LOG_IDS)
      .map((l) => (l.id === l.file ? `${l.id} (whole file)` : l.id));
    const more = list.length > named.length ? `, and ${list.length - named.length} more` : '';
    out.push(
      `lost: ${list.length} test${list.length === 1 ? '' : 's'} did not run (${why}): ${named.join(', ')}${more}`,
    );
  }
  return out;
}

/** Below a set threshold; a coverage that is not a number (NaN) counts as below. */
export function belowThreshold(coverage: { totalPercent: number; failUnder?: number }): boolean {
  return coverage.failUnder !== undefined && !(coverage.totalPercent >= coverage.failUnder);
}
