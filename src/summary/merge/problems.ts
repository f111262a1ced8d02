/**
 * The merge summary's first sections, for the pull-request author: one sentence for each problem
 * that fails the run (a failed or missing shard, lost tests with the shard and why, duplicates,
 * unstable ids, different plans, coverage), with
 * the lists behind them, then the failed tests.
 */
import { belowThreshold } from '../../core/verdict.js';
import type { MergeReport } from '../../core/mergeResults.js';
import type { Block } from '../budget.js';
import { failedTestRows, failedTestsHeading } from '../failedTests.js';
import { firstLine, formatCount, plural, truncateText } from '../format.js';
import {
  capitalize,
  codeText,
  escapeSummaryText,
  exitCodeText,
  fingerprintCode,
  MAX_MESSAGE_CHARS,
  moreLine,
  TABLE_CLOSE,
  tableOpen,
} from '../markup.js';
import type { MergeSummaryInput } from '../mergeSummary.js';
import { formatCoverage, formatThreshold } from './coverage.js';
import { allShards, ranIn, shardNames } from './shardNames.js';

/** Caps on the lists: past these, a reader wants the log, not a longer page. */
const MAX_LOST = 50;
const MAX_DUPLICATED = 50;
const MAX_PLANS_SHOWN = 10;
const LOG_HINT = "the merge step's log lists them all";

export function renderProblems(input: MergeSummaryInput): Block[] {
  const { report } = input;
  const blocks: Block[] = [];
  const problem = (text: string): void => {
    blocks.push({ kind: 'essential', text: `<p>❌ ${text}</p>` });
  };

  if (report.shardLines.length === 0) {
    problem(
      `<b>No shard uploaded results</b>${report.shards > 0 ? ` (expected ${formatCount(report.shards)})` : ''}. ` +
        `Did the test jobs run evenshard, with the same artifact prefix as this merge step?`,
    );
  } else if (report.missingShards.length > 0) {
    const one = report.missingShards.length === 1;
    problem(
      `<b>${capitalize(shardNames(report.missingShards))} uploaded no results</b>: cancelled or crashed? ` +
        `Nothing proves that ${one ? 'its' : 'their'} tests ran; ${one ? 'its job log has' : 'their job logs have'} the cause.`,
    );
  }

  for (const failed of report.failedShards) {
    problem(
      `<b>Shard ${failed.shard} failed</b>: ${escapeSummaryText(truncateText(firstLine(failed.problem), MAX_MESSAGE_CHARS))}. ` +
        'A shard that ends abnormally fails the run whatever its tests reported.',
    );
  }

  if (report.lost.length > 0) {
    const n = report.lost.length;
    problem(
      `<b>${plural(n, 'test', 'tests')} did not run</b>: ${n === 1 ? 'it was' : 'they were'} in the checkout, ` +
        `but no shard reported ${n === 1 ? 'it' : 'them'}. Each is named with the shard that should have run it and why.`,
    );
    blocks.push({
      kind: 'list',
      list: {
        total: n,
        limit: MAX_LOST,
        row: (i) => {
          const lost = report.lost[i]!;
          const what =
            lost.id === lost.file ? `${codeText(lost.file)} (whole file)` : codeText(lost.id);
          const shard = lost.shard === null ? '—' : String(lost.shard);
          return (
            `<tr><td>${what}</td><td align="right">${shard}</td>` +
            `<td>${escapeSummaryText(truncateText(lost.why, MAX_MESSAGE_CHARS))}</td></tr>`
          );
        },
        open: tableOpen(['Test', 'Shard', 'Why'], [1]),
        close: TABLE_CLOSE,
        more: (omitted, shown) =>
          moreLine(omitted, shown, 'test that did not run', 'tests that did not run', LOG_HINT),
      },
    });
  }

  if (report.unstableFiles.length > 0) {
    const shown = report.unstableFiles
      .slice(0, MAX_PLANS_SHOWN)
      .map((u) => `${codeText(u.file)} (${shardNames(u.shards)})`);
    const rest = report.unstableFiles.length - shown.length;
    problem(
      `<b>Test ids that differ between processes</b>: the shards collected ${shown.join(', ')}` +
        `${rest > 0 ? ` and ${plural(rest, 'more file', 'more files')}` : ''} differently, so a split ` +
        'file may have run some tests twice and others never. Typical causes: parametrize over a set, ids from hash() or id(). ' +
        'The next plan keeps these files whole; sort the parameters (or set PYTHONHASHSEED) to make the ids stable.',
    );
  }

  if (report.duplicated.length > 0) {
    const n = report.duplicated.length;
    problem(
      `<b>${plural(n, 'test', 'tests')} ran more than once</b>: every test must run in exactly one shard.`,
    );
    blocks.push({
      kind: 'list',
      list: {
        total: n,
        limit: MAX_DUPLICATED,
        row: (i) => {
          const dup = report.duplicated[i]!;
          return `<tr><td>${codeText(dup.id)}</td><td>${ranIn(dup.shards)}</td></tr>`;
        },
        open: tableOpen(['Test', 'Ran in']),
        close: TABLE_CLOSE,
        more: (omitted, shown) =>
          moreLine(omitted, shown, 'duplicated test', 'duplicated tests', LOG_HINT),
      },
    });
  }

  if (report.fingerprints.length > 1 && !report.exactlyOnce) {
    const shown = report.fingerprints
      .slice(0, MAX_PLANS_SHOWN)
      .map((f) => `${shardNames(f.shards)} used plan ${fingerprintCode(f.fingerprint)}`);
    const rest = report.fingerprints.length - shown.length;
    problem(
      `<b>The shards ran different plans</b>: ${shown.join('; ')}${rest > 0 ? `; and ${plural(rest, 'more plan', 'more plans')}` : ''}. ` +
        `Likely causes: the shards saw different timing history, or a different checkout ` +
        `(another commit, or a step that changes the test files in some shards only).`,
    );
  }

  const coverage = input.coverage;
  if (coverage !== undefined && 'error' in coverage) {
    const error = firstLine(coverage.error);
    problem(
      `<b>Coverage is missing</b>: the shards' coverage could not be combined` +
        (error === '' ? '.' : ` (${escapeSummaryText(truncateText(error, MAX_MESSAGE_CHARS))}).`),
    );
  } else if (coverage !== undefined && belowThreshold(coverage)) {
    problem(
      `<b>Coverage ${formatCoverage(coverage.totalPercent)} is below the required ` +
        `${formatThreshold(coverage.failUnder!)}</b>, combined over ${allShards(report.shards)}.`,
    );
  }

  // Not a failure of the run by itself (the shard job reports it), but worth a look.
  for (const line of report.shardLines) {
    const broken = line.counts.failed + line.counts.errors;
    if (line.exitCode === 0 || broken > 0) continue;
    const code = exitCodeText(line.exitCode);
    blocks.push({
      kind: 'essential',
      text:
        line.counts.tests === 0
          ? `<p>⚠️ Shard ${line.shard} reported no test results, and its test command exited with ` +
            `code ${code}: its job log has the cause.</p>`
          : `<p>⚠️ Shard ${line.shard}'s test command exited with code ${code} although none of its ` +
            `tests failed: a collection error, a crash, or a failing fixture? Its job log has the cause.</p>`,
    });
  }
  return blocks;
}

export function renderFailures(report: MergeReport, limit: number): Block[] {
  if (report.failures.length === 0) return [];
  return [
    { kind: 'essential', text: failedTestsHeading(report.failures.length) },
    {
      kind: 'list',
      list: failedTestRows(report.failures, {
        limit,
        shardColumn: true,
        hint: "see each shard's summary and results artifact",
      }),
    },
  ];
}
