/**
 * The job summary one shard job writes (GITHUB_STEP_SUMMARY): GitHub-flavoured Markdown with raw
 * HTML. Read top to bottom it answers, in order: did my shard pass (headline), what broke
 * (failures), was the plan right (plan vs actual), where the time went (slowest tests) and how
 * good the timing data was (estimates).
 *
 * Every untrusted string goes through the escaping helpers of `markup.ts` and sits inside an HTML
 * block (a block that starts with `<table>`, `<details>` or `<p>` and has no blank line inside), so
 * Markdown never reads it. The text stays under `maxBytes` (`budget.ts`): GitHub drops step
 * summaries over 1 MiB.
 */
import { flakyResults, resultsByRunAttempt } from '../core/attempts.js';
import { overShare } from '../core/floor.js';
import { compareCodeUnits } from '../core/order.js';
import {
  countOutcomes,
  type ShardCounts,
  type ShardResult,
  type TestResult,
} from '../core/shardResult.js';
import type { EstimateSource } from '../core/types.js';
import { renderInsightSections, type Insights } from './insights.js';
import {
  budgetNote,
  cost,
  DEFAULT_SUMMARY_MAX_BYTES,
  fitRows,
  joinBlocks,
  type FittedList,
  type RowList,
} from './budget.js';
import { failedTestRows, failedTestsHeading } from './failedTests.js';
import { formatCount, formatDeviation, formatDuration, formatPercent, plural } from './format.js';
import {
  codeText,
  exitCodeText,
  fingerprintCode,
  labelText,
  moreLine,
  TABLE_CLOSE,
} from './markup.js';

export interface ShardSummaryOptions {
  /** Upper bound on the UTF-8 size of the summary. Default 1,000,000 (GitHub drops > 1 MiB). */
  maxBytes?: number;
  /** How many of the slowest tests to list. Default 10. */
  slowest?: number;
  /** How many failed tests to list before "… and N more". Default 50. */
  failures?: number;
  /** Where the timing history came from, e.g. 'run #1234 on main', or 'none'. */
  historySource?: string;
  /** Ids of this shard's failed tests that are on the quarantine list. */
  quarantined?: readonly string[];
  /** Where the quarantine list came from. */
  quarantineSource?: string;
}

const DEFAULT_SLOWEST = 10;
const DEFAULT_FAILURES = 50;

const ARTIFACT_HINT = 'see the uploaded results artifact';
const BUDGET_NOTE = budgetNote('the uploaded results artifact has everything');

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
    dropped ||= list.cut;
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
  const insights = renderInsightSections(shardInsights(result, options));
  for (const section of insights.filter((x) => x.essential)) remaining -= cost(section.text);
  const keptInsights = insights.map((x) => (x.essential ? x.text : keep(x.text)));
  const keptPlan = keep(plan);
  const keptEstimates = keep(estimates);
  let slowest = '';
  if (slowestCount > 0 && result.results.length > 0) {
    const list = renderSlowest(result.results, slowestCount, remaining);
    slowest = list.text;
    dropped ||= list.cut;
  }

  const sections = [
    head,
    failures,
    ...keptInsights,
    keptPlan,
    slowest,
    keptEstimates,
    dropped ? BUDGET_NOTE : '',
  ];
  return joinBlocks(sections, maxBytes);
}

/** Flaky tests, quarantined failures and attempts of one shard. */
function shardInsights(result: ShardResult, options: ShardSummaryOptions): Insights {
  const quarantined = new Set(options.quarantined ?? []);
  const later = result.results.filter((r) => (r.runAttempt ?? 1) > 1);
  return {
    flakyInRun: flakyResults(result.results),
    quarantined: result.results.filter((r) => quarantined.has(r.id)),
    ...(options.quarantineSource ? { quarantineSource: options.quarantineSource } : {}),
    ...((result.runAttempt ?? 1) > 1
      ? { attempts: { byAttempt: resultsByRunAttempt(result.results), later } }
      : {}),
  };
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
      `${formatDuration(actualOf(result))} (planned ${formatDuration(result.estimatedSeconds)})`,
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

/** The failed tests under their heading; nothing at all when not even the heading fits. */
function renderFailures(failed: readonly TestResult[], limit: number, budget: number): FittedList {
  const heading = failedTestsHeading(failed.length);
  const list = failedTestRows(failed, { limit, shardColumn: false, hint: ARTIFACT_HINT });
  const fitted = fitRows(list, budget - cost(heading));
  return fitted.text === ''
    ? { text: '', cut: true }
    : { text: `${heading}\n\n${fitted.text}`, cut: fitted.cut };
}

/** Off by more than this (and by more than a few seconds), the plan deserves a look. */
const SURPRISE_RATIO = 0.25;
const SURPRISE_SECONDS = 10;

/** What the plan's estimate is compared with: the wall when the plan predicted wall time. */
function actualOf(result: ShardResult): number {
  return result.predictsWall && result.wallSeconds != null
    ? result.wallSeconds
    : result.testSeconds;
}

function renderPlan(result: ShardResult): string {
  const planned = result.estimatedSeconds;
  const actual = actualOf(result);
  const wall = actual !== result.testSeconds;
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
  const floor = (result.heavyFiles ?? []).map((h) => {
    const over = overShare(h);
    return (
      `<br>The plan's floor: ${codeText(h.file)} runs whole and takes ${formatDuration(h.seconds)}, ` +
      `<b>${Math.round(over.percent)}% (${formatDuration(over.seconds)}) over</b> total ÷ ${formatCount(result.shards)} shards ` +
      `(${formatDuration(h.shareSeconds)}): split the file to go faster`
    );
  });
  const plan =
    `${fingerprintCode(result.planFingerprint, { title: true })} · ${labelText(result.framework)} · ` +
    `${plural(result.plannedTests.length, 'planned test', 'planned tests')}, ` +
    `${plural(result.plannedFiles.length, 'whole file', 'whole files')}`;
  const row = (label: string, value: string) => `<tr><td>${label}</td><td>${value}</td></tr>`;
  return [
    '#### Plan vs actual',
    '',
    '<table>',
    '<tbody>',
    row(
      wall
        ? "This shard's wall (job start → tests done), planned → actual"
        : "This shard's test time, planned → actual",
      testTime,
    ),
    row('Fixed overhead, job start → first test', overhead),
    row("Plan's slowest shard (makespan)", makespan + floor.join('')),
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

function renderSlowest(results: readonly TestResult[], count: number, budget: number): FittedList {
  const top = slowestResults(results, count);
  if (top.length === 0) return { text: '', cut: false };
  let inTests = 0;
  for (const r of results) if (Number.isFinite(r.seconds)) inTests += r.seconds;
  const topSeconds = top.reduce((sum, r) => sum + r.seconds, 0);
  const summary =
    `<summary><b>Slowest ${plural(top.length, 'test', 'tests')}</b> — ${formatDuration(topSeconds)} ` +
    `together, ${formatPercent(topSeconds, inTests)} of the time spent in tests</summary>`;
  const rows: RowList = {
    total: top.length,
    limit: top.length,
    row: (i) => {
      const r = top[i]!;
      return `<tr><td align="right">${i + 1}</td><td>${codeText(r.id)}${OUTCOME_ICON[r.outcome]}</td><td align="right">${formatDuration(r.seconds)}</td></tr>`;
    },
    open: `<details>\n${summary}\n<table>\n<thead><tr><th>#</th><th align="left">Test</th><th align="right">Time</th></tr></thead>\n<tbody>`,
    close: `${TABLE_CLOSE}\n</details>`,
    more: (omitted, shown) => moreLine(omitted, shown, 'slow test', 'slow tests', ARTIFACT_HINT),
  };
  const list = fitRows(rows, budget);
  // A "more" line with no table above it says nothing useful here.
  return list.text.startsWith('<details>') ? list : { text: '', cut: true };
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
        : `history from ${labelText(historySource)}`;
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
