/**
 * The job summary one shard job writes (GITHUB_STEP_SUMMARY): GitHub-flavoured Markdown with raw
 * HTML. Read top to bottom it answers, in order: did my shard pass (headline), what broke
 * (failures), was the plan right (plan vs actual), where the time went (slowest tests) and how
 * good the timing data was (estimates).
 *
 * Every untrusted string goes through `escapeSummaryText` and sits inside an HTML block (a block
 * that starts with `<table>`, `<details>` or `<p>` and has no blank line inside), so Markdown never
 * reads it. The text stays under `maxBytes`: GitHub drops step summaries over 1 MiB.
 */
import { compareCodeUnits } from '../core/order.js';
import {
  countOutcomes,
  type ShardCounts,
  type ShardResult,
  type TestResult,
} from '../core/shardResult.js';
import type { EstimateSource } from '../core/types.js';
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

export interface ShardSummaryOptions {
  /** Upper bound on the UTF-8 size of the summary. Default 1,000,000 (GitHub drops > 1 MiB). */
  maxBytes?: number;
  /** How many of the slowest tests to list. Default 10. */
  slowest?: number;
  /** How many failed tests to list before "… and N more". Default 50. */
  failures?: number;
  /** Where the timing history came from, e.g. 'run #1234 on main', or 'none'. */
  historySource?: string;
}

export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;
const DEFAULT_SLOWEST = 10;
const DEFAULT_FAILURES = 50;

/** Display caps, in code points: one pathological id must not eat the whole budget. */
const MAX_ID_CHARS = 400;
const MAX_MESSAGE_CHARS = 300;
const MAX_LABEL_CHARS = 120;
const SHORT_FINGERPRINT_CHARS = 12;

const ARTIFACT_HINT = 'see the uploaded results artifact';
const BUDGET_NOTE =
  `<p><sub>Some of this summary was left out to stay under GitHub's size limit for job ` +
  `summaries; the uploaded results artifact has everything.</sub></p>`;

export function renderShardSummary(result: ShardResult, options: ShardSummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES;
  const slowestCount = Math.max(0, Math.floor(options.slowest ?? DEFAULT_SLOWEST));
  const failureCount = Math.max(0, Math.floor(options.failures ?? DEFAULT_FAILURES));
  const counts = countOutcomes(result.results);
  const empty =
    result.plannedTests.length === 0 &&
    result.plannedFiles.length === 0 &&
    result.results.length === 0;

  const head = empty ? renderEmptyHeadline(result) : renderHeadline(result, counts);
  const plan = renderPlan(result);
  const estimates = renderEstimates(result, options.historySource);

  // Sections are spent from one budget in order of importance; the page keeps reading order.
  // Each section costs its bytes plus the blank line ("\n\n") that separates it from the next.
  let remaining = maxBytes - cost(head) - cost(BUDGET_NOTE);
  let dropped = false;

  const failed = result.results.filter((r) => r.outcome === 'failed' || r.outcome === 'error');
  let failures = '';
  if (failed.length > 0) {
    // Failures may not starve the small plan and estimates sections unless they cannot fit at all.
    const reserved = cost(plan) + cost(estimates);
    let list = renderFailures(failed, failureCount, remaining - reserved);
    if (list.text === '') list = renderFailures(failed, failureCount, remaining);
    failures = list.text;
    dropped ||= list.omittedForSpace;
    remaining -= cost(failures);
  }
  const keep = (section: string): string => {
    if (section === '') return '';
    if (cost(section) > remaining) {
      dropped = true;
      return '';
    }
    remaining -= cost(section);
    return section;
  };
  const keptPlan = keep(plan);
  const keptEstimates = keep(estimates);
  let slowest = '';
  if (slowestCount > 0 && result.results.length > 0) {
    const list = renderSlowest(result.results, slowestCount, remaining);
    slowest = list.text;
    dropped ||= list.omittedForSpace;
  }

  const sections = [head, failures, keptPlan, slowest, keptEstimates, dropped ? BUDGET_NOTE : ''];
  const text = sections.filter((s) => s !== '').join('\n\n') + '\n';
  // Only a maxBytes smaller than the headline itself can get here; cut rather than break the limit.
  return byteLength(text) <= maxBytes ? text : truncateToBytes(text, maxBytes);
}

function cost(section: string): number {
  return section === '' ? 0 : byteLength(section) + 2;
}

function renderHeadline(result: ShardResult, counts: ShardCounts): string {
  const broken = counts.failed + counts.errors;
  const noResults = counts.tests === 0;
  const icon = broken > 0 || result.exitCode !== 0 ? '❌' : noResults ? '⚠️' : '✅';
  const outcomes = [
    `${formatCount(counts.passed)} passed`,
    `${formatCount(counts.failed)} failed`,
    ...(counts.errors > 0 ? [plural(counts.errors, 'error', 'errors')] : []),
    `${formatCount(counts.skipped)} skipped`,
  ].join(', ');
  const lines = [
    `### ${icon} Shard ${formatCount(result.shard)} of ${formatCount(result.shards)} — ` +
      `${plural(counts.tests, 'test', 'tests')}: ${outcomes} · ` +
      `${formatDuration(result.testSeconds)} (planned ${formatDuration(result.estimatedSeconds)})`,
  ];
  if (noResults) {
    const planned = result.plannedTests.length;
    lines.push(
      `<p>⚠️ No test results were found, although the plan gave this shard ` +
        `${planned > 0 ? plural(planned, 'test', 'tests') : plural(result.plannedFiles.length, 'file', 'files')}` +
        ` (exit code ${exitCodeText(result.exitCode)}). The job log has the cause: often the ` +
        `test command did not start, or wrote its report somewhere else.</p>`,
    );
  } else if (broken === 0 && result.exitCode !== 0) {
    lines.push(
      `<p>⚠️ The test command exited with code ${exitCodeText(result.exitCode)} although no ` +
        `test failed. The job log has the cause: often a collection or import error, a failing ` +
        `fixture outside any test, or a crash.</p>`,
    );
  }
  return lines.join('\n\n');
}

function renderEmptyHeadline(result: ShardResult): string {
  const title = `Shard ${formatCount(result.shard)} of ${formatCount(result.shards)} — nothing to run`;
  if (result.discoveredFiles.length === 0) {
    return (
      `### ⚠️ ${title}\n\n` +
      `<p>No test files were found in the checkout, so no shard has anything to run. If that is ` +
      `unexpected, check the <code>framework</code> input and where the tests live.</p>`
    );
  }
  return (
    `### ✅ ${title}\n\n` +
    `<p>There were more shards (${formatCount(result.shards)}) than test units to hand out, so ` +
    `this shard got none. <b>This is fine</b>: it is planned that way, and the job passes. ` +
    `Every test still runs exactly once, in the other shards; fewer shards would save this ` +
    `runner.</p>`
  );
}

function exitCodeText(exitCode: number): string {
  return Number.isFinite(exitCode) ? String(exitCode) : '?';
}

/** An id as shown in a table cell: capped, escaped, in `<code>`. */
function codeId(id: string): string {
  return `<code>${escapeSummaryText(truncateText(id, MAX_ID_CHARS))}</code>`;
}

interface ListSection {
  text: string;
  /** True when rows were cut by the byte budget (not by the requested count). */
  omittedForSpace: boolean;
}

interface RowList {
  total: number;
  /** How many rows to show at most, budget permitting. */
  limit: number;
  row: (index: number) => string;
  /** Always shown, when anything is (a heading). */
  prefix: string;
  /** Around the rows; left out when no row fits. */
  open: string;
  close: string;
  moreLine: (omitted: number) => string;
}

/**
 * The list as `prefix`, `open`, rows, `close` and "… and N more", within `budget` bytes (counting
 * the blank line after the section). Room for the widest "more" line is kept back, so any number
 * of omitted rows fits. Rows are built lazily: only those that can be shown are ever rendered.
 */
function fitRows(list: RowList, budget: number): ListSection {
  const none = { text: '', omittedForSpace: true };
  const reserve =
    Math.max(byteLength(list.moreLine(list.total)), byteLength(list.moreLine(list.total - 1))) + 1;
  const prefix = list.prefix === '' ? 0 : byteLength(list.prefix) + 1;
  const frame = 2 + prefix + byteLength(list.open) + 1 + byteLength(list.close) + 1;
  if (2 + prefix + reserve > budget) return none;
  const rows: string[] = [];
  let used = frame + reserve;
  const wanted = Math.min(list.total, list.limit);
  for (let i = 0; i < wanted; i += 1) {
    const text = list.row(i);
    const size = byteLength(text) + 1;
    if (used + size > budget) break;
    rows.push(text);
    used += size;
  }
  const omitted = list.total - rows.length;
  const lines = list.prefix === '' ? [] : [list.prefix];
  if (rows.length > 0) lines.push(list.open, ...rows, list.close);
  if (omitted > 0) lines.push(list.moreLine(omitted));
  const text = lines.join('\n');
  if (byteLength(text) + 2 > budget) return none;
  return { text, omittedForSpace: rows.length < wanted };
}

function renderFailures(failed: readonly TestResult[], limit: number, budget: number): ListSection {
  // Sorted by id so failures of one file sit together and the order is stable between runs.
  const sorted = [...failed].sort((a, b) => compareCodeUnits(a.id, b.id));
  return fitRows(
    {
      total: sorted.length,
      limit,
      row: (i) => {
        const test = sorted[i]!;
        const message = truncateText(firstLine(test.message), MAX_MESSAGE_CHARS);
        const label = test.outcome === 'error' ? ' <sub>(error)</sub>' : '';
        const messageCell = message === '' ? '<em>no message</em>' : escapeSummaryText(message);
        return `<tr><td>${codeId(test.id)}${label}</td><td>${messageCell}</td></tr>`;
      },
      prefix: `#### ${sorted.length === 1 ? 'Failed test' : `Failed tests (${formatCount(sorted.length)})`}\n`,
      open: '<table>\n<thead><tr><th align="left">Test</th><th align="left">Message (first line)</th></tr></thead>\n<tbody>',
      close: '</tbody>\n</table>',
      moreLine: (omitted) =>
        omitted === sorted.length
          ? `<p>The list did not fit here: ${ARTIFACT_HINT}.</p>`
          : `<p>… and ${plural(omitted, 'more failed test', 'more failed tests')} (${ARTIFACT_HINT}).</p>`,
    },
    budget,
  );
}

/** Off by more than this (and by more than a few seconds), the plan deserves a look. */
const SURPRISE_RATIO = 0.25;
const SURPRISE_SECONDS = 10;

function renderPlan(result: ShardResult): string {
  const planned = result.estimatedSeconds;
  const actual = result.testSeconds;
  const ran = result.results.length > 0 || actual > 0;
  const surprising =
    ran &&
    Math.abs(actual - planned) > SURPRISE_SECONDS &&
    Math.abs(actual - planned) > SURPRISE_RATIO * planned;
  const nothingPlanned = result.plannedTests.length === 0 && result.plannedFiles.length === 0;
  const testTime =
    nothingPlanned && !ran
      ? '<em>nothing to run</em>'
      : ran
        ? `${formatDuration(planned)} → <b>${formatDuration(actual)}</b> ` +
          `(${formatDeviation(actual, planned)}${surprising ? ' ⚠️ stale timings or a changed test?' : ''})`
        : `${formatDuration(planned)} → <em>did not run</em>`;
  const overhead =
    result.overheadSeconds === null
      ? '<em>not measured</em>'
      : formatDuration(result.overheadSeconds);
  const gap = formatDeviation(result.makespanSeconds, result.lowerBoundSeconds);
  const makespan =
    `${formatDuration(result.makespanSeconds)}, ` +
    `${gap === '±0%' ? 'at' : `${gap} over`} the lower bound of ` +
    `${formatDuration(result.lowerBoundSeconds)} <sub>max(total ÷ ${formatCount(result.shards)} ` +
    `shards, longest unit)</sub>`;
  const fingerprint = truncateText(result.planFingerprint, 128);
  const shortFingerprint =
    fingerprint === ''
      ? '<em>none</em>'
      : `<code title="${escapeSummaryText(fingerprint)}">${escapeSummaryText(
          Array.from(fingerprint).slice(0, SHORT_FINGERPRINT_CHARS).join(''),
        )}</code>`;
  const plan =
    `${shortFingerprint} · ${escapeSummaryText(truncateText(result.framework, MAX_LABEL_CHARS))} · ` +
    `${plural(result.plannedTests.length, 'planned test', 'planned tests')}, ` +
    `${plural(result.plannedFiles.length, 'whole file', 'whole files')}`;
  const row = (label: string, value: string) => `<tr><td>${label}</td><td>${value}</td></tr>`;
  return [
    '#### Plan vs actual',
    '',
    '<table>',
    '<tbody>',
    row("This shard's test time, planned → actual", testTime),
    row('Fixed overhead, job start → first test', overhead),
    row("Plan's slowest shard (makespan)", makespan),
    row('Plan', plan),
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** The `count` slowest results, slowest first (ties by id), without sorting all of them. */
function slowestResults(results: readonly TestResult[], count: number): TestResult[] {
  const top: TestResult[] = [];
  const slower = (a: TestResult, b: TestResult): boolean =>
    a.seconds > b.seconds || (a.seconds === b.seconds && compareCodeUnits(a.id, b.id) < 0);
  for (const r of results) {
    if (!Number.isFinite(r.seconds)) continue;
    if (top.length === count && !slower(r, top[top.length - 1]!)) continue;
    let i = top.length;
    while (i > 0 && slower(r, top[i - 1]!)) i -= 1;
    top.splice(i, 0, r);
    if (top.length > count) top.pop();
  }
  return top;
}

const OUTCOME_ICON: Record<TestResult['outcome'], string> = {
  passed: '',
  failed: ' ❌',
  error: ' ❌',
  skipped: ' ⏭️',
};

function renderSlowest(results: readonly TestResult[], count: number, budget: number): ListSection {
  const top = slowestResults(results, count);
  if (top.length === 0) return { text: '', omittedForSpace: false };
  let inTests = 0;
  for (const r of results) if (Number.isFinite(r.seconds)) inTests += r.seconds;
  const topSeconds = top.reduce((sum, r) => sum + r.seconds, 0);
  const summary =
    `<summary><b>Slowest ${plural(top.length, 'test', 'tests')}</b> — ${formatDuration(topSeconds)} ` +
    `together, ${formatPercent(topSeconds, inTests)} of the time spent in tests</summary>`;
  const list = fitRows(
    {
      total: top.length,
      limit: top.length,
      row: (i) => {
        const r = top[i]!;
        return `<tr><td align="right">${i + 1}</td><td>${codeId(r.id)}${OUTCOME_ICON[r.outcome]}</td><td align="right">${formatDuration(r.seconds)}</td></tr>`;
      },
      prefix: '',
      open: `<details>\n${summary}\n<table>\n<thead><tr><th>#</th><th align="left">Test</th><th align="right">Time</th></tr></thead>\n<tbody>`,
      close: '</tbody>\n</table>\n</details>',
      moreLine: (omitted) =>
        `<p>… and ${plural(omitted, 'more slow test', 'more slow tests')} (${ARTIFACT_HINT}).</p>`,
    },
    budget,
  );
  // A "more" line with no table above it says nothing useful here.
  return list.text.startsWith('<details>') ? list : { text: '', omittedForSpace: true };
}

const SOURCE_LABELS: Record<EstimateSource, string> = {
  measured: 'Measured in earlier runs',
  file: 'Estimated from other tests in the same file',
  directory: 'Estimated from tests in the same folder',
  suite: 'Suite-wide estimate',
  proxy: 'No history: by test count in the source',
};
const SOURCE_ORDER: EstimateSource[] = ['measured', 'file', 'directory', 'suite', 'proxy'];

function renderEstimates(result: ShardResult, historySource: string | undefined): string {
  const { counts, suiteEstimateSeconds } = result.estimates;
  const total = SOURCE_ORDER.reduce((sum, source) => sum + (counts[source] ?? 0), 0);
  const history =
    historySource === undefined
      ? 'history source not reported'
      : historySource.trim().toLowerCase() === 'none'
        ? 'no timing history was found'
        : `history from ${escapeSummaryText(truncateText(historySource, MAX_LABEL_CHARS))}`;
  const measured = counts.measured ?? 0;
  const gist =
    total === 0
      ? 'nothing was planned'
      : measured === total
        ? `all ${formatCount(total)} tests in the plan had measured durations`
        : `${formatCount(measured)} of ${formatCount(total)} tests in the plan had measured durations ` +
          `(${formatPercent(measured, total)})`;
  const rows = SOURCE_ORDER.map((source) => {
    const label =
      source === 'suite' && (counts.suite ?? 0) > 0
        ? `${SOURCE_LABELS.suite} (${formatDuration(suiteEstimateSeconds)} each)`
        : SOURCE_LABELS[source];
    return `<tr><td>${label}</td><td align="right">${formatCount(counts[source] ?? 0)}</td></tr>`;
  });
  return [
    '<details>',
    `<summary><b>Estimates</b> — ${gist} · ${history}</summary>`,
    '<table>',
    '<thead><tr><th align="left">Where a planned duration came from</th><th align="right">Tests (all shards)</th></tr></thead>',
    '<tbody>',
    ...rows,
    `<tr><td><b>Total</b></td><td align="right"><b>${formatCount(total)}</b></td></tr>`,
    '</tbody>',
    '</table>',
    '</details>',
  ].join('\n');
}
