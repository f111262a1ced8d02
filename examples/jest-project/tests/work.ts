/**
 * Simulated work: sleeps `seconds` × EVENSHARD_EXAMPLE_TIME_SCALE (default 1), so that the
 * files have uneven, known durations. EVENSHARD_EXAMPLE_FAIL=1 makes one test fail.
 */
export const TIME_SCALE = Number(process.env.EVENSHARD_EXAMPLE_TIME_SCALE ?? '1');
export const SHOULD_FAIL = process.env.EVENSHARD_EXAMPLE_FAIL === '1';

export function work(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * TIME_SCALE * 1000));
}
