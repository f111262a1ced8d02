/** Wall time as the shards measured it: fixed overhead (job start → first test) + tests. */
import type { MergeReport, ShardLine } from '../../core/mergeResults.js';

/** The test job's wall time as the shards measured it: the slowest shard's overhead + tests. */
export function runWallSeconds(report: MergeReport): number {
  return Math.max(0, ...report.shardLines.map(shardWallSeconds));
}

export function shardWallSeconds(line: ShardLine): number {
  return (line.overheadSeconds ?? 0) + line.testSeconds;
}
