/**
 * Where the run's time went, for the maintainer deciding what to fix before adding shards: the
 * phases summed over shards (a Pareto), each shard's predicted against actual wall, and the
 * fixtures and imports that cost most across shards (a module fixture is paid by every shard that
 * runs part of its file).
 */
import { PHASE_LABELS, type RunCostReport } from '../../core/costs.js';
import type { ShardLine } from '../../core/mergeResults.js';
import type { Block } from '../budget.js';
import { formatDeviation, formatDuration, formatPercent, plural } from '../format.js';
import { codeText, labelText, TABLE_CLOSE, tableOpen } from '../markup.js';

export function renderCosts(
  costs: RunCostReport | undefined,
  lines: readonly ShardLine[],
): Block[] {
  if (!costs || costs.totalSeconds <= 0) return [];
  const pareto = costs.phases
    .filter((p) => p.seconds > 0)
    .map(
      (p) => `${labelText(PHASE_LABELS[p.phase])} ${formatPercent(p.seconds, costs.totalSeconds)}`,
    )
    .join(', ');
  const blocks: Block[] = [
    {
      kind: 'optional',
      text: `<p><b>Where the time went</b> (${formatDuration(costs.totalSeconds)} over all shards): ${pareto}.</p>`,
    },
  ];
  const predicted = lines.filter((l) => l.predictsWall && l.wallSeconds != null);
  if (predicted.length > 0) {
    const rows = predicted.map(
      (l) =>
        `<tr><td align="right">${l.shard}</td><td align="right">${formatDuration(l.estimatedSeconds)}</td>` +
        `<td align="right">${formatDuration(l.wallSeconds!)}</td>` +
        `<td align="right">${formatDeviation(l.wallSeconds!, l.estimatedSeconds)}</td></tr>`,
    );
    blocks.push({
      kind: 'optional',
      text: [
        '<details>',
        '<summary><b>Predicted vs actual wall</b> per shard (job start → tests done)</summary>',
        tableOpen(['Shard', 'Predicted wall', 'Actual wall', 'vs plan'], [0, 1, 2, 3]),
        ...rows,
        TABLE_CLOSE,
        '</details>',
      ].join('\n'),
    });
  }
  if (costs.paid.length > 0) {
    const rows = costs.paid.map((p) => {
      const what =
        p.kind === 'import'
          ? `import of ${codeText(p.node)}`
          : `${p.kind} ${codeText(p.name)}${p.node ? ` of ${codeText(p.node)}` : ''}`;
      return `<tr><td>${what}</td><td align="right">${formatDuration(p.seconds)}</td><td align="right">${plural(p.shards, 'shard', 'shards')}</td></tr>`;
    });
    blocks.push({
      kind: 'optional',
      text: [
        '<details>',
        '<summary><b>Costliest fixtures and imports</b>, paid across shards</summary>',
        tableOpen(['What', 'Paid in total', 'Paid in'], [1, 2]),
        ...rows,
        TABLE_CLOSE,
        '<p><sub>A module fixture or import is paid again by every shard that runs part of its file; the planner splits a file only when that pays.</sub></p>',
        '</details>',
      ].join('\n'),
    });
  }
  return blocks;
}
