/**
 * The shard-count advice in the merge summary: the table of predicted wall time and runner minutes
 * per shard count, and the one sentence on what changing the count would do.
 */
import type { ShardCountAdvice } from '../../core/advice.js';
import { formatCount, formatDuration, plural } from '../format.js';
import { capitalize, TABLE_CLOSE, tableOpen } from '../markup.js';
import type { MergeSummaryInput } from '../mergeSummary.js';
import { runWallSeconds, shardWallSeconds } from './wall.js';

export function renderAdvice(input: MergeSummaryInput, advice: ShardCountAdvice): string {
  const current = input.report.shards;
  const target = targetSeconds(input);
  const decimals = Math.max(...advice.rows.map((r) => r.runnerSeconds)) < 100 * 60 ? 1 : 0;
  const rows = advice.rows.map((row) => {
    const notes = [
      ...(row.shards === advice.recommended ? ['⭐ recommended'] : []),
      ...(row.shards === current ? ['this run'] : []),
      ...(target !== undefined && row.wallSeconds <= target ? ['meets target'] : []),
      ...(row.queuedShards
        ? [
            `${plural(row.queuedShards, 'shard queues', 'shards queue')} (max-parallel ${advice.maxParallel})`,
          ]
        : []),
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
  const overhead = advice.costModel
    ? `each shard's fixed cost (${formatDuration(advice.overheadSeconds)}) + the imports and module fixtures of every file it visits + its tests`
    : advice.overheadSeconds > 0
      ? `each shard's fixed overhead (${formatDuration(advice.overheadSeconds)}, job start to first test) + its tests`
      : "the slowest shard's tests (no overhead measured yet, counted as 0)";
  const queueing =
    advice.maxParallel !== undefined
      ? ` At most ${plural(advice.maxParallel, 'shard runs', 'shards run')} at once (max-parallel); past that, shards queue for a runner and the wall counts the wait.`
      : '';
  return [
    '<details>',
    `<summary><b>Shard count</b>: ${advice.recommended} recommended${current === advice.recommended ? ' (this run)' : ''}</summary>`,
    `<p>Predicted wall: ${overhead}. Runner minutes: all shards together.${queueing}</p>`,
    tableOpen(['Shards', 'Predicted wall', 'Runner minutes', ''], [0, 1, 2]),
    ...rows,
    TABLE_CLOSE,
    '</details>',
  ].join('\n');
}

function targetSeconds(input: MergeSummaryInput): number | undefined {
  const t = input.targetMinutes;
  return t !== undefined && Number.isFinite(t) && t > 0 ? t * 60 : undefined;
}

/**
 * One sentence on what changing the shard count would do, comparing the plan's predictions for
 * this run's count and the recommended one (this run's measured wall when its count has no row).
 */
export function adviceSentence(input: MergeSummaryInput): string {
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
