/**
 * The merge's pass/fail decision, in one place: the merge role fails the job on these reasons, and
 * the merge summary's headline shows the same status. Pure.
 */
import type { MergeReport } from './mergeResults.js';

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
 * at all, coverage that could not be combined, a lost file, a test that ran more than once, a
 * missing shard, shards that ran different plans, a failed test, coverage below its threshold.
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
  for (const lost of report.lostFiles) {
    reasons.push(
      `lost: ${lost.file} was discovered by shard(s) ${lost.discoveredBy.join(', ')} but ran in no shard`,
    );
  }
  for (const dup of report.duplicated)
    reasons.push(`duplicated: ${dup.id} ran in shards ${dup.shards.join(', ')}`);
  if (report.missingShards.length > 0) {
    reasons.push(
      `missing: shard(s) ${report.missingShards.join(', ')} uploaded no results (cancelled or crashed?)`,
    );
  }
  if (report.fingerprints.length > 1) {
    reasons.push(
      `plans differ: ${report.fingerprints.map((f) => `shard(s) ${f.shards.join(', ')} used ${f.fingerprint.slice(0, 12)}`).join('; ')}`,
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

/** Below a set threshold; a coverage that is not a number (NaN) counts as below. */
export function belowThreshold(coverage: { totalPercent: number; failUnder?: number }): boolean {
  return coverage.failUnder !== undefined && !(coverage.totalPercent >= coverage.failUnder);
}
