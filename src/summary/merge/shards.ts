/**
 * The merge summary's last sections, for the maintainer: how even the shards were (sentence,
 * chart, per-shard numbers), the slowest tests, tests added or gone since the plan, and the
 * shard-count table (`advice.ts`).
 */
import type { MergeReport, ShardLine } from '../../core/mergeResults.js';
import { compareCodeUnits } from '../../core/order.js';
import type { Block } from '../budget.js';
import { formatCount, formatDeviation, formatDuration, formatPercent, plural } from '../format.js';
import { codeText, labelText, TABLE_CLOSE, tableOpen } from '../markup.js';
import type { MergeSummaryInput } from '../mergeSummary.js';
import { adviceSentence, renderAdvice } from './advice.js';
import { renderCosts } from './costs.js';
import { shardWallSeconds } from './wall.js';

const MAX_TEST_LIST_CHANGES = 10;

/** What the plan's estimate is compared with: the wall when the plan predicted wall time. */
function actualOf(line: ShardLine): number {
  return line.predictsWall && line.wallSeconds != null ? line.wallSeconds : line.testSeconds;
}

export function renderShards(input: MergeSummaryInput, slowestCount: number): Block[] {
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
    ...renderCosts(input.costs, report.shardLines),
  ];
  if (slowestCount > 0 && input.slowest.length > 0) blocks.push(renderSlowest(input, slowestCount));
  blocks.push(...renderTestListChanges(report));
  if (input.advice && input.advice.rows.length > 0) {
    blocks.push({ kind: 'optional', text: renderAdvice(input, input.advice) });
  }
  const history = input.historyDescription.trim();
  if (history !== '') {
    blocks.push({
      kind: 'optional',
      text: `<p><sub>Timing data: ${labelText(history)}</sub></p>`,
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
  const max = Math.max(0, ...lines.flatMap((l) => [actualOf(l), l.estimatedSeconds]));
  const minutes = max >= 120;
  const scale = (seconds: number): number =>
    minutes ? Math.round((seconds / 60) * 100) / 100 : Math.round(seconds * 10) / 10;
  const top = niceCeiling(scale(max) * 1.05);
  const actual = lines.map((l) => scale(actualOf(l)));
  const what = lines.every((l) => l.predictsWall) ? 'Wall' : 'Test time';
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
    `  title "${what} per shard: bars actual, line predicted"`,
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
      formatDuration(actualOf(line)),
      formatDeviation(actualOf(line), line.estimatedSeconds),
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
    report.shardLines.every((l) => l.predictsWall)
      ? '<p><sub>Predicted and actual: wall, job start → tests done (the plan modelled each shard’s fixed cost, imports and fixtures). Overhead: job start to first test.</sub></p>'
      : '<p><sub>Predicted and actual: test time. Overhead: job start to first test. Wall: both.</sub></p>',
    '</details>',
  ].join('\n');
}

function renderSlowest(input: MergeSummaryInput, count: number): Block {
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
