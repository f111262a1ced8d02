/**
 * The run summary the merge job writes (GITHUB_STEP_SUMMARY): GitHub-flavoured Markdown with raw
 * HTML. Two readers: the pull-request author, who must get the verdict from the first line and
 * what to fix from the next few; and the maintainer choosing the shard count, whose part comes
 * last. In order: headline, what failed the run (exactly-once, plans, coverage), failed tests,
 * coverage, then shard balance, the per-shard numbers, slowest tests and the shard-count table.
 *
 * The first line is the headline on its own: the merge role reuses it as the pull-request comment.
 * Every untrusted string (test ids, paths, messages, fingerprints) goes through
 * `escapeSummaryText` inside an HTML block with no blank line in it; the Mermaid chart holds only
 * numbers and fixed words. The text stays under `maxBytes`, because GitHub drops a step summary
 * over 1 MiB: long lists are capped, and the rest is spent from one byte budget in reading order,
 * which is also the order of importance.
 */
import type { ShardCountAdvice } from '../core/advice.js';
import type { MergeReport, ShardLine } from '../core/mergeResults.js';
import { compareCodeUnits } from '../core/order.js';
import {
  byteLength,
  escapeSummaryText,
  firstLine,
  formatCount,
  formatDeviation,
  formatDuration,
  formatPercent,
  plural,
  truncateText,
  truncateToBytes,
} from './format.js';

export interface CoverageFile {
  path: string;
  percent: number;
  covered: number;
  total: number;
}

export type RunCoverage =
  | {
      totalPercent: number;
      failUnder?: number;
      files: CoverageFile[];
      /** Files changed by the pull request: shown per file instead of the least-covered ones. */
      changedFiles?: string[];
    }
  | { error: string };

export interface RunSummaryInput {
  report: MergeReport;
  coverage?: RunCoverage;
  advice?: ShardCountAdvice;
  targetMinutes?: number;
  /** Where the timing history came from and went, e.g. 'history run 12 → 13'. */
  historyDescription: string;
  /** Slowest tests across shards. */
  slowest: { id: string; seconds: number; shard: number }[];
}

export interface RunSummaryOptions {
  /** Upper bound on the UTF-8 size of the summary. Default 1,000,000 (GitHub drops > 1 MiB). */
  maxBytes?: number;
  /** How many of the slowest tests to list. Default 10. */
  slowest?: number;
  /** How many failed tests to list before "… and N more". Default 50. */
  failures?: number;
}

export type RunStatus = 'passed' | 'failed' | 'warning';

const DEFAULT_MAX_BYTES = 1_000_000;
const DEFAULT_SLOWEST = 10;
const DEFAULT_FAILURES = 50;
/** Caps on the other lists: past these, a reader wants the log, not a longer page. */
const MAX_LOST_FILES = 50;
const MAX_DUPLICATED = 50;
const MAX_COVERAGE_FILES = 50;
const LEAST_COVERED_FILES = 5;
const MAX_TEST_LIST_CHANGES = 10;
const MAX_PLANS_SHOWN = 10;
/** Display caps, in code points: one pathological id must not eat the whole budget. */
const MAX_ID_CHARS = 400;
const MAX_MESSAGE_CHARS = 300;
const MAX_LABEL_CHARS = 200;
const SHORT_FINGERPRINT_CHARS = 12;

const BUDGET_NOTE =
  "<p><sub>Parts of this summary were left out to stay under GitHub's size limit for job " +
  "summaries; the merge step's log and the shards' results artifacts have everything.</sub></p>";

/**
 * The summary's verdict. 'failed' for the same reasons the merge role fails the job: no results,
 * a missing shard, a lost or duplicated test, different plans, a failed test, coverage missing or
 * below its threshold. 'warning' when nothing ran at all.
 */
export function runStatus(input: RunSummaryInput): RunStatus {
  const { report, coverage } = input;
  const broken = report.counts.failed + report.counts.errors;
  if (
    report.shardLines.length === 0 ||
    !report.exactlyOnce ||
    broken > 0 ||
    (coverage !== undefined && 'error' in coverage) ||
    (coverage !== undefined && !('error' in coverage) && belowThreshold(coverage))
  ) {
    return 'failed';
  }
  return report.counts.tests === 0 ? 'warning' : 'passed';
}

export function renderRunSummary(input: RunSummaryInput, options: RunSummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const slowestCount = Math.max(0, Math.floor(options.slowest ?? DEFAULT_SLOWEST));
  const failureCount = Math.max(0, Math.floor(options.failures ?? DEFAULT_FAILURES));
  const blocks: Block[] = [
    { kind: 'essential', text: renderHeadline(input) },
    ...renderProblems(input),
    ...renderFailures(input.report, failureCount),
    ...renderCoverage(input),
    ...renderShards(input, slowestCount),
  ];
  return fitBlocks(blocks, maxBytes);
}

// ---------------------------------------------------------------------------------------------
// Byte budget

/**
 * What the page is made of. Essential blocks (headline, the sentence naming each problem, section
 * headings) always stay; a list takes rows from its share of the budget and always keeps room to
 * say how many it left out; an optional block is kept whole or left out. Blocks are separated by
 * a blank line, which also ends each HTML block.
 */
type Block =
  | { kind: 'essential'; text: string }
  | { kind: 'optional'; text: string }
  | { kind: 'list'; list: RowList };

interface RowList {
  total: number;
  /** How many rows to show at most, budget permitting. */
  limit: number;
  /** Built lazily: only rows that are shown are ever rendered. */
  row: (index: number) => string;
  open: string;
  close: string;
  /** The line after the rows when some are not shown ('' for none); `shown` may be 0. */
  more: (omitted: number, shown: number) => string;
}

function cost(text: string): number {
  return text === '' ? 0 : byteLength(text) + 2;
}

function fitBlocks(blocks: readonly Block[], maxBytes: number): string {
  // Paid for first: the essential blocks, and each list's one-line "N … not listed here".
  const floorOf = (list: RowList): number =>
    list.total === 0 ? 0 : cost(list.more(list.total, 0));
  let reserved = cost(BUDGET_NOTE);
  for (const b of blocks) {
    reserved += b.kind === 'essential' ? cost(b.text) : b.kind === 'list' ? floorOf(b.list) : 0;
  }
  /** Bytes not yet spent or reserved. */
  let free = maxBytes - reserved;
  let listsLeft = blocks.filter((b) => b.kind === 'list' && b.list.total > 0).length;
  let dropped = false;
  const out: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'list') {
      if (block.list.total === 0) continue;
      const floor = floorOf(block.list);
      // An even share of what is free, so one long list cannot starve the lists after it;
      // whatever a list leaves passes on to the next.
      const share = Math.floor(Math.max(0, free) / listsLeft);
      listsLeft -= 1;
      const fitted = fitRows(block.list, share + floor);
      dropped ||= fitted.cut;
      if (fitted.text !== '') out.push(fitted.text);
      free -= cost(fitted.text) - floor;
    } else if (block.text === '') {
      continue;
    } else if (block.kind === 'essential') {
      out.push(block.text);
    } else if (cost(block.text) <= free) {
      out.push(block.text);
      free -= cost(block.text);
    } else {
      dropped = true;
    }
  }
  if (dropped) out.push(BUDGET_NOTE);
  const text = out.join('\n\n') + '\n';
  // Only a maxBytes below the reserved lines' own size gets here: cut rather than break it.
  return truncateToBytes(text, maxBytes);
}

/**
 * `open`, rows, `close` and the "more" line within `budget` (counting the blank line after it).
 * Room for the widest "more" line is kept back, so any number of omitted rows fits.
 */
function fitRows(list: RowList, budget: number): { text: string; cut: boolean } {
  if (list.total === 0) return { text: '', cut: false };
  const wanted = Math.min(list.total, list.limit);
  const reserve =
    Math.max(byteLength(list.more(list.total, 0)), byteLength(list.more(list.total, 1))) + 1;
  let used = 2 + byteLength(list.open) + 1 + byteLength(list.close) + reserve;
  const rows: string[] = [];
  for (let i = 0; i < wanted; i += 1) {
    const row = list.row(i);
    const size = byteLength(row) + 1;
    if (used + size > budget) break;
    rows.push(row);
    used += size;
  }
  const cut = rows.length < wanted;
  const more = list.total > rows.length ? list.more(list.total - rows.length, rows.length) : '';
  if (rows.length === 0) {
    // Not even one row: the "more" line alone says how many are not listed, if it fits.
    return cost(more) <= budget ? { text: more, cut } : { text: '', cut };
  }
  return { text: [list.open, ...rows, list.close, ...(more === '' ? [] : [more])].join('\n'), cut };
}

// ---------------------------------------------------------------------------------------------
// Headline

function renderHeadline(input: RunSummaryInput): string {
  const { report } = input;
  const status = runStatus(input);
  const icon = status === 'passed' ? '✅' : status === 'failed' ? '❌' : '⚠️';

  // Exactly-once comes first: a green test count means nothing when tests went missing.
  const broken: string[] = [];
  if (report.shardLines.length === 0) broken.push('no shard uploaded results');
  else if (report.missingShards.length > 0)
    broken.push(`${shardNames(report.missingShards)} uploaded no results`);
  if (report.lostFiles.length > 0) {
    broken.push(`${plural(report.lostFiles.length, 'test file was', 'test files were')} lost`);
  }
  if (report.duplicated.length > 0) {
    broken.push(`${plural(report.duplicated.length, 'test', 'tests')} ran more than once`);
  }
  if (report.fingerprints.length > 1) broken.push('the shards ran different plans');

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

/** The test job's wall time as the shards measured it: the slowest shard's overhead + tests. */
function runWallSeconds(report: MergeReport): number {
  return Math.max(0, ...report.shardLines.map(shardWallSeconds));
}

function shardWallSeconds(line: ShardLine): number {
  return (line.overheadSeconds ?? 0) + line.testSeconds;
}

// ---------------------------------------------------------------------------------------------
// What failed the run

function renderProblems(input: RunSummaryInput): Block[] {
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

  if (report.lostFiles.length > 0) {
    const n = report.lostFiles.length;
    problem(
      `<b>${plural(n, 'test file was', 'test files were')} lost</b>: discovered in the checkout, ` +
        `but no shard ran ${n === 1 ? 'it' : 'them'}.`,
    );
    const everyShard = report.shardLines.length;
    blocks.push({
      kind: 'list',
      list: {
        total: n,
        limit: MAX_LOST_FILES,
        row: (i) => {
          const lost = report.lostFiles[i]!;
          const by =
            lost.discoveredBy.length === everyShard && everyShard > 1
              ? 'every shard'
              : shardNames(lost.discoveredBy);
          return `<tr><td>${codeText(lost.file)}</td><td>${by}</td></tr>`;
        },
        open: tableOpen(['File', 'Discovered by']),
        close: TABLE_CLOSE,
        more: (omitted, shown) => moreLine(omitted, shown, 'lost file', 'lost files', LOG_HINT),
      },
    });
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

  if (report.fingerprints.length > 1) {
    const shown = report.fingerprints
      .slice(0, MAX_PLANS_SHOWN)
      .map((f) => `${shardNames(f.shards)} used plan ${shortFingerprint(f.fingerprint)}`);
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
    const code = Number.isFinite(line.exitCode) ? String(line.exitCode) : '?';
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

// ---------------------------------------------------------------------------------------------
// Failed tests

function renderFailures(report: MergeReport, limit: number): Block[] {
  if (report.failures.length === 0) return [];
  // By id, so the failures of one file sit together and the order is the same every run.
  const sorted = [...report.failures].sort(
    (a, b) => compareCodeUnits(a.id, b.id) || a.shard - b.shard,
  );
  const n = sorted.length;
  return [
    {
      kind: 'essential',
      text: n === 1 ? '#### Failed test' : `#### Failed tests (${formatCount(n)})`,
    },
    {
      kind: 'list',
      list: {
        total: n,
        limit,
        row: (i) => {
          const test = sorted[i]!;
          const message = truncateText(firstLine(test.message), MAX_MESSAGE_CHARS);
          const label = test.outcome === 'error' ? ' <sub>(error)</sub>' : '';
          const messageCell = message === '' ? '<em>no message</em>' : escapeSummaryText(message);
          return `<tr><td>${codeText(test.id)}${label}</td><td align="right">${test.shard}</td><td>${messageCell}</td></tr>`;
        },
        open: tableOpen(['Test', 'Shard', 'Message (first line)'], [1]),
        close: TABLE_CLOSE,
        more: (omitted, shown) =>
          moreLine(
            omitted,
            shown,
            'failed test',
            'failed tests',
            "see each shard's summary and results artifact",
          ),
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Coverage

function renderCoverage(input: RunSummaryInput): Block[] {
  const coverage = input.coverage;
  if (coverage === undefined || 'error' in coverage) return [];
  const threshold =
    coverage.failUnder === undefined
      ? ''
      : belowThreshold(coverage)
        ? ` · ❌ below the required ${formatThreshold(coverage.failUnder)}`
        : ` · required ${formatThreshold(coverage.failUnder)} ✅`;
  const blocks: Block[] = [
    { kind: 'essential', text: '#### Coverage' },
    {
      kind: 'essential',
      text:
        `<p><b>${formatCoverage(coverage.totalPercent)}</b> combined over ` +
        `${allShards(input.report.shards)}${threshold}</p>`,
    },
  ];

  const files = coverage.files.filter((f) => Number.isFinite(f.percent));
  let shown: CoverageFile[];
  let caption: string;
  if (coverage.changedFiles !== undefined) {
    const changed = new Set(coverage.changedFiles.map(normalizePath));
    shown = files.filter((f) => changed.has(normalizePath(f.path)));
    const unmeasured = changed.size - shown.length;
    if (shown.length === 0) {
      blocks.push({
        kind: 'optional',
        text:
          changed.size === 0
            ? '<p>This pull request changes no files.</p>'
            : `<p>None of the ${plural(changed.size, 'changed file has', 'changed files have')} coverage data ` +
              `(not code, or not measured).</p>`,
      });
      return blocks;
    }
    caption =
      `<p>Files this pull request changes, least covered first` +
      (unmeasured > 0
        ? ` (${plural(unmeasured, 'other changed file has', 'other changed files have')} no coverage data)`
        : '') +
      ':</p>';
  } else {
    shown = files.filter((f) => f.total > 0);
    if (shown.length === 0) return blocks;
    caption = '<p>Least covered files:</p>';
  }
  shown.sort((a, b) => a.percent - b.percent || compareCodeUnits(a.path, b.path));
  const limit = coverage.changedFiles !== undefined ? MAX_COVERAGE_FILES : LEAST_COVERED_FILES;
  blocks.push({ kind: 'optional', text: caption });
  blocks.push({
    kind: 'list',
    list: {
      total: coverage.changedFiles !== undefined ? shown.length : Math.min(shown.length, limit),
      limit,
      row: (i) => {
        const f = shown[i]!;
        return (
          `<tr><td>${codeText(f.path)}</td><td align="right">${formatCoverage(f.percent)}</td>` +
          `<td align="right">${formatCount(f.covered)} / ${formatCount(f.total)}</td></tr>`
        );
      },
      open: tableOpen(['File', 'Covered', 'Lines'], [1, 2]),
      close: TABLE_CLOSE,
      more: (omitted, shown) =>
        moreLine(omitted, shown, 'changed file', 'changed files', 'the coverage report has them'),
    },
  });
  return blocks;
}

function belowThreshold(coverage: { totalPercent: number; failUnder?: number }): boolean {
  return coverage.failUnder !== undefined && !(coverage.totalPercent >= coverage.failUnder);
}

/**
 * One decimal, rounded down: 84.96 must not read "85.0%" next to a failed 85% threshold.
 * The small epsilon keeps 87.3 (stored as 87.29999…) from showing as 87.2.
 */
function formatCoverage(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  return `${(Math.floor(percent * 10 + 1e-6) / 10).toFixed(1)}%`;
}

function formatThreshold(percent: number): string {
  return `${Math.round(percent * 100) / 100}%`;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

// ---------------------------------------------------------------------------------------------
// For maintainers: balance, per-shard numbers, slowest tests, test list changes, shard count

function renderShards(input: RunSummaryInput, slowestCount: number): Block[] {
  const { report } = input;
  if (report.shardLines.length === 0) return [];
  const blocks: Block[] = [
    {
      kind: 'essential',
      text: Number.isFinite(report.balance)
        ? `#### Shards: balance ${report.balance.toFixed(2)} (${balanceWord(report.balance)})`
        : '#### Shards',
    },
    {
      kind: 'optional',
      text: `<p>${[balanceReading(report), adviceSentence(input)].filter((t) => t !== '').join(' ')}</p>`,
    },
    { kind: 'optional', text: renderChart(report) },
    { kind: 'optional', text: renderShardTable(report) },
  ];
  if (slowestCount > 0 && input.slowest.length > 0) blocks.push(renderSlowest(input, slowestCount));
  blocks.push(...renderTestListChanges(report));
  if (input.advice && input.advice.rows.length > 0) {
    blocks.push({ kind: 'optional', text: renderAdvice(input, input.advice) });
  }
  const history = truncateText(input.historyDescription.trim(), MAX_LABEL_CHARS);
  if (history !== '') {
    blocks.push({
      kind: 'optional',
      text: `<p><sub>Timing data: ${escapeSummaryText(history)}</sub></p>`,
    });
  }
  return blocks;
}

function balanceWord(balance: number): string {
  if (!Number.isFinite(balance)) return 'unknown';
  if (balance <= 1.05) return 'even';
  if (balance <= 1.15) return 'nearly even';
  if (balance <= 1.35) return 'uneven';
  return 'very uneven';
}

/** Slowest ÷ mean of the plan's own estimates: what balance the plan expected. */
function predictedBalance(report: MergeReport): number {
  const planned = report.shardLines.map((l) => l.estimatedSeconds);
  const mean = planned.reduce((a, b) => a + b, 0) / Math.max(planned.length, 1);
  return mean > 0 ? Math.max(...planned) / mean : 1;
}

function balanceReading(report: MergeReport): string {
  if (report.shardLines.length < 2) return 'One shard: nothing to balance.';
  const over = Math.round((report.balance - 1) * 100);
  const slowest =
    over <= 0
      ? 'All shards took the same time (balance = slowest ÷ mean; 1.00 is perfect).'
      : `The slowest shard took ${over}% longer than the average (balance = slowest ÷ mean; 1.00 is perfect).`;
  // A few percent is runner noise; past that, say whether the plan or the durations were off.
  if (report.balance <= 1.15) return slowest;
  const expected = predictedBalance(report);
  const why =
    expected <= 1.05
      ? `The plan expected ${expected.toFixed(2)}, so durations differed from the history (new or changed tests, or a noisy runner).`
      : `The plan itself expected ${expected.toFixed(2)}: one file or test probably takes longer than an even share.`;
  return `${slowest} ${why}`;
}

/**
 * xychart-beta (Mermaid ≥ 10.5; GitHub renders it) with actual test time as bars and the plan's
 * prediction as a line: two bar series would be drawn on top of each other. Only numbers and fixed
 * words go in here, never a test name. The y axis starts at 0, or near-equal shards would look
 * wildly different.
 */
function renderChart(report: MergeReport): string {
  // Missing shards are left out: a bar of 0 would read as "fast", and a line has no gaps.
  const lines = report.shardLines;
  if (lines.length < 2) return '';
  const max = Math.max(0, ...lines.flatMap((l) => [l.testSeconds, l.estimatedSeconds]));
  const minutes = max >= 120;
  const scale = (seconds: number): number =>
    minutes ? Math.round((seconds / 60) * 100) / 100 : Math.round(seconds * 10) / 10;
  const top = niceCeiling(scale(max) * 1.05);
  const actual = lines.map((l) => scale(l.testSeconds));
  const predicted = lines.map((l) => scale(l.estimatedSeconds));
  const unit = minutes ? 'minutes' : 'seconds';
  return [
    '```mermaid',
    '---',
    'config:',
    '  xyChart:',
    '    height: 300',
    '  themeVariables:',
    '    xyChart:',
    '      plotColorPalette: "#54aeff, #cf222e"',
    '---',
    'xychart-beta',
    `  title "Test time per shard: bars actual, line predicted"`,
    `  x-axis "shard" [${lines.map((l) => `"${Math.trunc(l.shard)}"`).join(', ')}]`,
    `  y-axis "${unit}" 0 --> ${top}`,
    `  bar [${actual.join(', ')}]`,
    `  line [${predicted.join(', ')}]`,
    '```',
  ].join('\n');
}

/** The first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10ⁿ at or above `value`: a round axis top. */
function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]) {
    if (step * power >= value) return Number((step * power).toPrecision(12));
  }
  return 10 * power;
}

/** Shards 1…N in order, with the missing ones as rows without a line. */
function shardRows(report: MergeReport): { shard: number; line?: ShardLine }[] {
  const byShard = new Map(report.shardLines.map((l) => [l.shard, l]));
  const count = Math.max(report.shards, ...report.shardLines.map((l) => l.shard));
  const rows: { shard: number; line?: ShardLine }[] = [];
  for (let shard = 1; shard <= count; shard += 1) {
    const line = byShard.get(shard);
    rows.push(line ? { shard, line } : { shard });
  }
  return rows;
}

function renderShardTable(report: MergeReport): string {
  const rows = shardRows(report).map(({ shard, line }) => {
    if (!line)
      return `<tr><td align="right">${shard} ❌</td><td colspan="6"><em>no results</em></td></tr>`;
    const broken = line.counts.failed + line.counts.errors;
    const cells = [
      `${shard}${broken > 0 ? ' ❌' : ''}`,
      formatCount(line.counts.tests),
      formatDuration(line.estimatedSeconds),
      formatDuration(line.testSeconds),
      formatDeviation(line.testSeconds, line.estimatedSeconds),
      line.overheadSeconds === null ? '—' : formatDuration(line.overheadSeconds),
      formatDuration(shardWallSeconds(line)),
    ];
    return `<tr>${cells.map((c) => `<td align="right">${c}</td>`).join('')}</tr>`;
  });
  return [
    '<details>',
    '<summary><b>Per shard</b>: the numbers behind the chart</summary>',
    tableOpen(
      ['Shard', 'Tests', 'Predicted', 'Actual', 'vs plan', 'Overhead', 'Wall'],
      [0, 1, 2, 3, 4, 5, 6],
    ),
    ...rows,
    TABLE_CLOSE,
    '<p><sub>Predicted and actual: test time. Overhead: job start to first test. Wall: both.</sub></p>',
    '</details>',
  ].join('\n');
}

function renderSlowest(input: RunSummaryInput, count: number): Block {
  const top = [...input.slowest]
    .filter((t) => Number.isFinite(t.seconds))
    .sort((a, b) => b.seconds - a.seconds || compareCodeUnits(a.id, b.id))
    .slice(0, count);
  let total = 0;
  for (const r of input.report.results) if (Number.isFinite(r.seconds)) total += r.seconds;
  const together = top.reduce((sum, t) => sum + t.seconds, 0);
  const share = total > 0 ? `, ${formatPercent(together, total)} of all test time` : '';
  return {
    kind: 'list',
    list: {
      total: top.length,
      limit: top.length,
      row: (i) => {
        const t = top[i]!;
        return (
          `<tr><td align="right">${i + 1}</td><td>${codeText(t.id)}</td>` +
          `<td align="right">${t.shard}</td><td align="right">${formatDuration(t.seconds)}</td></tr>`
        );
      },
      open:
        `<details>\n<summary><b>Slowest ${plural(top.length, 'test', 'tests')}</b>: ` +
        `${formatDuration(together)} together${share}</summary>\n` +
        tableOpen(['#', 'Test', 'Shard', 'Time'], [0, 2, 3]),
      close: `${TABLE_CLOSE}\n</details>`,
      more: () => '',
    },
  };
}

function renderTestListChanges(report: MergeReport): Block[] {
  const added = report.newTests;
  const gone = report.plannedNotRun;
  if (added.length === 0 && gone.length === 0) return [];
  const parts: string[] = [];
  const notes: string[] = [];
  if (added.length > 0) {
    parts.push(plural(added.length, 'new test', 'new tests'));
    notes.push(
      '<b>new</b>: ran, but the plan did not know it (added since the timing history; it got an estimated duration)',
    );
  }
  if (gone.length > 0) {
    parts.push(`${formatCount(gone.length)} planned but not run`);
    notes.push('<b>not run</b>: planned, but ran in no shard (probably deleted or renamed)');
  }
  const shownAdded = Math.min(added.length, MAX_TEST_LIST_CHANGES);
  const shownGone = Math.min(gone.length, MAX_TEST_LIST_CHANGES);
  const firstFew =
    added.length > shownAdded || gone.length > shownGone
      ? ` The first ${MAX_TEST_LIST_CHANGES} of each:`
      : '';
  const row = (i: number): string => {
    if (i < shownAdded)
      return `<tr><td>new</td><td>${codeText(added[i]!)}</td><td align="right"></td></tr>`;
    const g = gone[i - shownAdded]!;
    return `<tr><td>not run</td><td>${codeText(g.id)}</td><td align="right">${g.shard}</td></tr>`;
  };
  return [
    {
      kind: 'list',
      list: {
        total: shownAdded + shownGone,
        limit: shownAdded + shownGone,
        row,
        open:
          `<details>\n<summary><b>Test list changes</b>: ${parts.join(', ')}</summary>\n` +
          `<p>${notes.join('; ')}.${firstFew}</p>\n` +
          tableOpen(['', 'Test', 'Planned for shard'], [2]),
        close: `${TABLE_CLOSE}\n</details>`,
        more: () => '',
      },
    },
  ];
}

function renderAdvice(input: RunSummaryInput, advice: ShardCountAdvice): string {
  const current = input.report.shards;
  const target = targetSeconds(input);
  const decimals = Math.max(...advice.rows.map((r) => r.runnerSeconds)) < 100 * 60 ? 1 : 0;
  const rows = advice.rows.map((row) => {
    const notes = [
      ...(row.shards === advice.recommended ? ['⭐ recommended'] : []),
      ...(row.shards === current ? ['this run'] : []),
      ...(target !== undefined && row.wallSeconds <= target ? ['meets target'] : []),
    ];
    const strong = row.shards === advice.recommended;
    const cell = (text: string) => (strong ? `<b>${text}</b>` : text);
    return (
      `<tr><td align="right">${cell(String(row.shards))}</td>` +
      `<td align="right">${cell(formatDuration(row.wallSeconds))}</td>` +
      `<td align="right">${cell(formatRunnerMinutes(row.runnerSeconds, decimals))}</td>` +
      `<td>${notes.join(', ')}</td></tr>`
    );
  });
  const overhead =
    advice.overheadSeconds > 0
      ? `each shard's fixed overhead (${formatDuration(advice.overheadSeconds)}, job start to first test) + its tests`
      : "the slowest shard's tests (no overhead measured yet, counted as 0)";
  return [
    '<details>',
    `<summary><b>Shard count</b>: ${advice.recommended} recommended${current === advice.recommended ? ' (this run)' : ''}</summary>`,
    `<p>Predicted wall: ${overhead}. Runner minutes: all shards together.</p>`,
    tableOpen(['Shards', 'Predicted wall', 'Runner minutes', ''], [0, 1, 2]),
    ...rows,
    TABLE_CLOSE,
    '</details>',
  ].join('\n');
}

function targetSeconds(input: RunSummaryInput): number | undefined {
  const t = input.targetMinutes;
  return t !== undefined && Number.isFinite(t) && t > 0 ? t * 60 : undefined;
}

/**
 * One sentence on what changing the shard count would do, comparing the plan's predictions for
 * this run's count and the recommended one (this run's measured wall when its count has no row).
 */
function adviceSentence(input: RunSummaryInput): string {
  const advice = input.advice;
  if (!advice || advice.rows.length === 0) return '';
  const currentCount = input.report.shards;
  const rec = advice.rows.find((r) => r.shards === advice.recommended);
  if (!rec) return '';
  const currentRow = advice.rows.find((r) => r.shards === currentCount);
  const current = currentRow ?? {
    wallSeconds: runWallSeconds(input.report),
    runnerSeconds: input.report.shardLines.reduce((sum, l) => sum + shardWallSeconds(l), 0),
  };
  const target = targetSeconds(input);
  const targetText = target === undefined ? '' : `the ${formatTarget(input.targetMinutes!)} target`;
  const runner = runnerDelta(rec.runnerSeconds - current.runnerSeconds);
  const wall = `~${formatDuration(rec.wallSeconds)}`;
  const recShards = plural(rec.shards, 'shard', 'shards');

  if (target !== undefined && !advice.meetsTarget) {
    return `No shard count meets ${targetText}: the wall time stops improving at about ${recShards} (${wall}).`;
  }
  if (rec.shards === currentCount) {
    if (target !== undefined) {
      return currentCount === 1
        ? `1 shard meets ${targetText}.`
        : `${capitalize(plural(currentCount, 'shard meets', 'shards meet'))} ${targetText}; fewer would not.`;
    }
    return `${capitalize(plural(currentCount, 'shard is', 'shards are'))} about right: one more would save less than 5% of the wall time.`;
  }
  if (target !== undefined) {
    return `${capitalize(targetText)} is met from ${recShards} (${wall} wall, ${runner}).`;
  }
  const now = `~${formatDuration(current.wallSeconds)}`;
  if (!currentRow)
    return `With ${recShards} the predicted wall time is ${wall} (this run: ${now}), for ${runner}.`;
  return `With ${recShards} the predicted wall time ${rec.shards > currentCount ? 'drops' : 'goes'} from ${now} to ${wall}, for ${runner}.`;
}

function formatTarget(minutes: number): string {
  return `${Math.round(minutes * 100) / 100} min`;
}

/**
 * Runner time in minutes: 45 → "0.8", 600 → "10". One decimal below ten minutes unless
 * `decimals` says otherwise (a table keeps one precision for all its rows).
 */
function formatRunnerMinutes(seconds: number, decimals?: number): string {
  if (!Number.isFinite(seconds)) return '—';
  const minutes = seconds / 60;
  const places = decimals ?? (minutes < 10 ? 1 : 0);
  if (places === 0) return formatCount(Math.round(minutes));
  const text = minutes.toFixed(places);
  return decimals === undefined ? text.replace(/\.0$/, '') : text;
}

function runnerDelta(seconds: number): string {
  const text = formatRunnerMinutes(Math.abs(seconds));
  if (text === '0') return 'about the same runner minutes';
  const unit = text === '1' ? 'runner minute' : 'runner minutes';
  return seconds > 0 ? `+${text} ${unit}` : `${text} fewer ${unit}`;
}

// ---------------------------------------------------------------------------------------------
// Small pieces

const TABLE_CLOSE = '</tbody>\n</table>';
const LOG_HINT = "the merge step's log lists them all";

/** `<table>` and a header row; `right` lists the right-aligned (numeric) columns. */
function tableOpen(headers: readonly string[], right: readonly number[] = []): string {
  const cells = headers.map(
    (h, i) => `<th align="${right.includes(i) ? 'right' : 'left'}">${h}</th>`,
  );
  return `<table>\n<thead><tr>${cells.join('')}</tr></thead>\n<tbody>`;
}

function moreLine(omitted: number, shown: number, one: string, many: string, hint: string): string {
  return shown === 0
    ? `<p>${capitalize(plural(omitted, one, many))} not listed here (${hint}).</p>`
    : `<p>… and ${formatCount(omitted)} more ${omitted === 1 ? one : many} (${hint}).</p>`;
}

/** An id or path as shown in a table cell: capped, escaped, in `<code>`. */
function codeText(text: string): string {
  return `<code>${escapeSummaryText(truncateText(text, MAX_ID_CHARS))}</code>`;
}

function shortFingerprint(fingerprint: string): string {
  if (fingerprint === '') return '<em>none</em>';
  const short = Array.from(fingerprint).slice(0, SHORT_FINGERPRINT_CHARS).join('');
  return `<code>${escapeSummaryText(short)}</code>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function allShards(shards: number): string {
  return shards === 1 ? 'the one shard' : `all ${formatCount(shards)} shards`;
}

/** [1, 2, 3, 5] → "shards 1–3 and 5"; [4] → "shard 4". Ranges keep 64 shards readable. */
export function shardNames(shards: readonly number[]): string {
  const sorted = [...new Set(shards)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j += 1;
    if (j - i >= 2) parts.push(`${sorted[i]}–${sorted[j]}`);
    else for (let k = i; k <= j; k += 1) parts.push(String(sorted[k]));
    i = j + 1;
  }
  const single = sorted.length === 1;
  const list =
    parts.length <= 1
      ? (parts[0] ?? '')
      : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${single ? 'shard' : 'shards'} ${list}`;
}

/** Where a duplicated test ran: "shards 2 and 3", or "shard 2, twice". */
function ranIn(shards: readonly number[]): string {
  const unique = new Set(shards);
  if (unique.size === 1) {
    const times = shards.length === 2 ? 'twice' : `${shards.length} times`;
    return `${shardNames(shards)}, ${times}`;
  }
  return shards.length > unique.size
    ? `${shardNames(shards)} (more than once in one)`
    : shardNames(shards);
}
