/** Simulated work: EVENSHARD_EXAMPLE_TIME_SCALE scales the sleeps, EVENSHARD_EXAMPLE_FAIL=1 fails one test. */
export const TIME_SCALE = Number(process.env.EVENSHARD_EXAMPLE_TIME_SCALE ?? '1');
export const SHOULD_FAIL = process.env.EVENSHARD_EXAMPLE_FAIL === '1';
export const work = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * TIME_SCALE * 1000));
