/**
 * The plan's floor: a file kept whole (its runner cannot select single tests, or the history keeps
 * it whole) whose own time is more than the suite's total ÷ N. No plan can share it, so the
 * slowest shard takes at least that long, however many shards there are. Pure.
 */
import { compareCodeUnits } from './order.js';
import type { EstimatedColumns, Plan } from './types.js';

export interface HeavyFile {
  file: string;
  /** Its tests' estimated seconds plus one visit (import, setup) when the plan had a cost model. */
  seconds: number;
  /** The suite's total ÷ N: a shard's even share. */
  shareSeconds: number;
  /** The shard that runs it. */
  shard: number;
}

/** Heaviest first (ties by path); at most `max`. */
export function heavyFiles(
  plan: Plan,
  tests: EstimatedColumns,
  visits?: ReadonlyMap<string, number>,
  max = 5,
): HeavyFile[] {
  const shards = plan.shards.length;
  if (shards < 2) return [];
  const shareSeconds = plan.totalSeconds / shards;
  const whole = new Map<string, number>();
  for (const shard of plan.shards) for (const file of shard.files) whole.set(file, shard.index);
  const seconds = new Map<string, number>();
  for (let i = 0; i < tests.ids.length; i++) {
    const file = tests.files[i]!;
    if (whole.has(file)) seconds.set(file, (seconds.get(file) ?? 0) + tests.seconds[i]!);
  }
  const heavy: HeavyFile[] = [];
  for (const [file, testSeconds] of seconds) {
    const total = testSeconds + (visits?.get(file) ?? 0);
    // A millisecond of slack: the planner rounds every test to whole milliseconds.
    if (total > shareSeconds + 0.001) {
      heavy.push({ file, seconds: total, shareSeconds, shard: whole.get(file)! });
    }
  }
  return heavy
    .sort((a, b) => b.seconds - a.seconds || compareCodeUnits(a.file, b.file))
    .slice(0, max);
}

/** "+45% (+12.3 s)": how far a heavy file is over the even share. */
export function overShare(file: HeavyFile): { percent: number; seconds: number } {
  return {
    percent: file.shareSeconds > 0 ? (file.seconds / file.shareSeconds - 1) * 100 : Infinity,
    seconds: file.seconds - file.shareSeconds,
  };
}
