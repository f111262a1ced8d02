/**
 * The summary sections built on what the history knows: flaky tests (within this run and across
 * runs), quarantined failures, slower and faster tests, and which attempt each result came from.
 * Both the shard and the run summary use them; the PR comment gets the short form. Every id and
 * message is untrusted and goes through the summary kit's escaping.
 */
import type { FlakinessRule, FlakyAcrossRuns } from '../core/flakiness.js';
import type { DurationChange, SlowdownRule } from '../core/slowdowns.js';
import type { Outcome } from '../core/types.js';
import { formatCount, formatDuration, plural, truncateText } from './format.js';
import {
  codeText,
  escapeSummaryText,
  messageText,
  moreLine,
  TABLE_CLOSE,
  tableOpen,
} from './markup.js';

export interface InsightRow {
  id: string;
  outcome: Outcome;
  message?: string;
  /** Every attempt's outcome, oldest first (absent: one attempt). */
  attempts?: readonly Outcome[];
  /** The shard it ran in (run summary only). */
  shard?: number;
  /** The run attempt its final result came from (absent: 1). */
  runAttempt?: number;
}

export interface Insights {
  /** Tests that failed and then passed in this run. */
  flakyInRun: InsightRow[];
  /** Tests the base branch's history shows flipping. */
  flakyAcrossRuns?: FlakyAcrossRuns[];
  flakinessRule?: FlakinessRule;
  /** Failures of quarantined tests (reported, not failing the job). */
  quarantined: InsightRow[];
  /** Where the quarantine list came from, when one is configured. */
  quarantineSource?: string;
  slower?: DurationChange[];
  faster?: DurationChange[];
  /** The suite's test time and the shards' start-up, when they jumped. */
  aggregates?: (DurationChange & { verdict: 'slower' | 'faster' })[];
  slowdownRule?: SlowdownRule;
  /** Results by the run attempt they came from, and the rows of attempts after the first. */
  attempts?: { byAttempt: { attempt: number; count: number }[]; later: InsightRow[] };
}

export interface InsightSection {
  /** Essential sections stay whatever the size budget (every quarantined failure is named). */
  essential: boolean;
  text: string;
}

/** Rows per table before "… and N more". */
export const DEFAULT_INSIGHT_ROWS = 20;

const HINT = "the step's log and the results artifact have them all";

export function renderInsightSections(
  insights: Insights,
  rows: number = DEFAULT_INSIGHT_ROWS,
): InsightSection[] {
  const out: InsightSection[] = [];
  const withShard = [...insights.flakyInRun, ...insights.quarantined].some(
    (r) => r.shard !== undefined,
  );

  if (insights.quarantined.length > 0) {
    const n = insights.quarantined.length;
    const from = insights.quarantineSource ? ` (${codeText(insights.quarantineSource)})` : '';
    out.push({
      essential: true,
      text:
        `#### 🔒 Quarantined ${plural(n, 'failure', 'failures')}: not failing the job\n\n` +
        `<p>${plural(n, 'test', 'tests')} on the quarantine list${from} failed. They ran and are reported; ` +
        `fix them and take them off the list.</p>\n` +
        table(
          insights.quarantined,
          rows,
          withShard ? ['Test', 'Shard', 'Message (first line)'] : ['Test', 'Message (first line)'],
          (r) =>
            `<tr><td>${codeText(r.id)}</td>${shardCell(r, withShard)}<td>${messageText(r.message)}</td></tr>`,
          withShard ? [1] : [],
          ['quarantined failure', 'quarantined failures'],
        ),
    });
  }

  if (insights.flakyInRun.length > 0) {
    const n = insights.flakyInRun.length;
    out.push({
      essential: false,
      text:
        `#### 🎲 Flaky in this run: ${plural(n, 'test', 'tests')} failed, then passed\n\n` +
        '<p>The final attempt decides the outcome, so these passed; every attempt is kept in the results.</p>\n' +
        table(
          insights.flakyInRun,
          rows,
          withShard
            ? ['Test', 'Shard', 'Attempts', 'First failure']
            : ['Test', 'Attempts', 'First failure'],
          (r) =>
            `<tr><td>${codeText(r.id)}</td>${shardCell(r, withShard)}<td>${attemptsText(r)}</td><td>${messageText(r.message)}</td></tr>`,
          withShard ? [1] : [],
          ['flaky test', 'flaky tests'],
        ),
    });
  }

  const across = insights.flakyAcrossRuns ?? [];
  if (across.length > 0) {
    const rule = insights.flakinessRule;
    const ruleText = rule
      ? ` (more than ${Math.round(rule.flipRate * 100)} % of at least ${rule.minRuns} recorded runs flipped)`
      : '';
    out.push({
      essential: false,
      text:
        `#### 🎲 Flaky across runs: ${plural(across.length, 'test', 'tests')}\n\n` +
        `<p>On the base branch these flip between pass and fail${ruleText}. Oldest run first: ` +
        '<code>P</code> passed, <code>F</code> failed, <code>R</code> passed on a retry.</p>\n' +
        table(
          across,
          rows,
          ['Test', 'Recent runs', 'Flip rate'],
          (f) =>
            `<tr><td>${codeText(f.id)}</td><td><code>${escapeSummaryText(f.outcomes)}</code></td>` +
            `<td align="right">${Math.round(f.rate * 100)} % (${f.flips}/${f.outcomes.length})</td></tr>`,
          [2],
          ['flaky test', 'flaky tests'],
        ),
    });
  }

  const slower = insights.slower ?? [];
  const faster = insights.faster ?? [];
  const aggregates = insights.aggregates ?? [];
  if (slower.length + faster.length + aggregates.length > 0) {
    const rule = insights.slowdownRule;
    const ruleText = rule
      ? `<p><sub>Rule: at least ${rule.factor}× the median of the last passing runs (at least ${rule.minSamples}) ` +
        `and at least ${formatTime(rule.floorSeconds)} apart; totals need ${formatTime(rule.floorSeconds * 20)}.</sub></p>\n`
      : '';
    const parts: string[] = [];
    for (const a of aggregates) {
      parts.push(
        `<p>${a.verdict === 'slower' ? '🐢' : '🚀'} ${escapeSummaryText(a.id)}: ${changeText(a)}.</p>`,
      );
    }
    if (slower.length > 0) {
      parts.push(
        `<p>🐢 ${plural(slower.length, 'test', 'tests')} got slower:</p>\n` +
          changeTable(slower, rows, ['slower test', 'slower tests']),
      );
    }
    if (faster.length > 0) {
      parts.push(
        `<p>🚀 ${plural(faster.length, 'test', 'tests')} got faster:</p>\n` +
          changeTable(faster, rows, ['faster test', 'faster tests']),
      );
    }
    out.push({
      essential: false,
      text: `#### ⏱️ Duration changes against the history\n\n${ruleText}${parts.join('\n')}`,
    });
  }

  const attempts = insights.attempts;
  if (attempts && attempts.byAttempt.some((a) => a.attempt > 1)) {
    const counts = attempts.byAttempt
      .map((a) => `attempt ${a.attempt}: ${plural(a.count, 'result', 'results')}`)
      .join(', ');
    const withShardLater = attempts.later.some((r) => r.shard !== undefined);
    out.push({
      essential: false,
      text:
        `#### 🔁 Results by attempt\n\n<p>${escapeSummaryText(counts)}. Each test is counted once, with the result of the last attempt that ran it.</p>\n` +
        table(
          attempts.later,
          rows,
          withShardLater
            ? ['Test', 'Shard', 'From attempt', 'Outcome', 'Attempts']
            : ['Test', 'From attempt', 'Outcome', 'Attempts'],
          (r) =>
            `<tr><td>${codeText(r.id)}</td>${shardCell(r, withShardLater)}<td align="right">${r.runAttempt ?? 1}</td>` +
            `<td>${r.outcome}</td><td>${attemptsText(r)}</td></tr>`,
          withShardLater ? [1, 2] : [1],
          ['result from a later attempt', 'results from later attempts'],
        ),
    });
  }
  return out;
}

/**
 * The short form for the pull-request comment: a few Markdown lines, at most `perList` names per
 * kind. Empty when there is nothing to say.
 */
export function renderInsightsComment(insights: Insights, perList = 5): string {
  const lines: string[] = [];
  const names = (ids: readonly string[]) => {
    const shown = ids.slice(0, perList).map((id) => codeText(id));
    const more = ids.length - shown.length;
    return shown.join(', ') + (more > 0 ? ` and ${formatCount(more)} more` : '');
  };
  if (insights.quarantined.length > 0) {
    lines.push(
      `- 🔒 Quarantined ${plural(insights.quarantined.length, 'failure', 'failures')} (not failing): ${names(insights.quarantined.map((r) => r.id))}`,
    );
  }
  if (insights.flakyInRun.length > 0) {
    lines.push(
      `- 🎲 Flaky in this run (failed, then passed): ${names(insights.flakyInRun.map((r) => r.id))}`,
    );
  }
  const across = insights.flakyAcrossRuns ?? [];
  if (across.length > 0) {
    lines.push(
      `- 🎲 Flaky across runs: ${across
        .slice(0, perList)
        .map((f) => `${codeText(f.id)} (${Math.round(f.rate * 100)} %)`)
        .join(
          ', ',
        )}${across.length > perList ? ` and ${formatCount(across.length - perList)} more` : ''}`,
    );
  }
  for (const a of insights.aggregates ?? []) {
    lines.push(
      `- ${a.verdict === 'slower' ? '🐢' : '🚀'} ${escapeSummaryText(a.id)}: ${changeText(a)}`,
    );
  }
  for (const [list, icon, word] of [
    [insights.slower ?? [], '🐢', 'Slower'],
    [insights.faster ?? [], '🚀', 'Faster'],
  ] as const) {
    if (list.length === 0) continue;
    const shown = list.slice(0, perList).map((c) => `${codeText(c.id)} ${changeText(c)}`);
    const more = list.length - shown.length;
    lines.push(
      `- ${icon} ${word}: ${shown.join(', ')}${more > 0 ? ` and ${formatCount(more)} more` : ''}`,
    );
  }
  return lines.join('\n');
}

function attemptsText(r: InsightRow): string {
  const attempts = r.attempts && r.attempts.length > 0 ? r.attempts : [r.outcome];
  return attempts.map((a) => (a === 'failed' || a === 'error' ? `❌ ${a}` : `✅ ${a}`)).join(' → ');
}

function shardCell(r: InsightRow, withShard: boolean): string {
  return withShard ? `<td align="right">${r.shard ?? ''}</td>` : '';
}

/** Sub-second times in milliseconds: "150 ms → 750 ms" says more than "0.1s → 0.8s". */
function formatTime(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : formatDuration(seconds);
}

/** "150 ms → 750 ms (5.0×)". */
export function changeText(c: DurationChange): string {
  // One decimal says enough; past 100× the exact factor is noise.
  const times = (x: number) => (x >= 100 ? `${formatCount(Math.round(x))}×` : `${x.toFixed(1)}×`);
  const ratio =
    c.beforeSeconds > 0 && c.afterSeconds > 0
      ? c.afterSeconds >= c.beforeSeconds
        ? ` (${times(c.afterSeconds / c.beforeSeconds)})`
        : ` (${times(c.beforeSeconds / c.afterSeconds)} faster)`
      : '';
  return `${formatTime(c.beforeSeconds)} → ${formatTime(c.afterSeconds)}${ratio}`;
}

function changeTable(
  changes: readonly DurationChange[],
  rows: number,
  noun: [string, string],
): string {
  return table(
    changes,
    rows,
    ['Test', 'Before (median)', 'Now', 'Change'],
    (c) =>
      `<tr><td>${codeText(c.id)}</td><td align="right">${formatTime(c.beforeSeconds)}</td>` +
      `<td align="right">${formatTime(c.afterSeconds)}</td><td align="right">${escapeSummaryText(
        truncateText(changeText(c).replace(/^.*\(/, '').replace(/\)$/, ''), 40),
      )}</td></tr>`,
    [1, 2, 3],
    noun,
  );
}

function table<T>(
  items: readonly T[],
  rows: number,
  headers: readonly string[],
  row: (item: T) => string,
  right: readonly number[],
  noun: [string, string],
): string {
  const shown = items.slice(0, Math.max(0, rows));
  const body =
    shown.length > 0
      ? `${tableOpen(headers, right)}\n${shown.map(row).join('\n')}\n${TABLE_CLOSE}`
      : '';
  const omitted = items.length - shown.length;
  const more = omitted > 0 ? moreLine(omitted, shown.length, noun[0], noun[1], HINT) : '';
  return [body, more].filter((x) => x !== '').join('\n');
}
