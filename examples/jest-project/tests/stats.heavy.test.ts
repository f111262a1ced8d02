// The heavy file: 7.2 of the suite's 12 simulated seconds in one it.each call site. Planning
// by test count (no history yet) counts it as one test and misjudges it; the second run,
// planned from the first run's timings, does not.
import { expect, it } from '@jest/globals';
import { variance } from '../src/stats';
import { work } from './work';

it.each([
  [[1, 2, 3, 4], 1.25],
  [[7, 7, 7], 0],
  [[0, 10], 25],
  [[1, 3], 1],
  [[2, 2, 2, 6], 3],
  [[5], 0],
])('variance of %j is %d', async (sample, expected) => {
  await work(1.2);
  expect(variance(sample)).toBe(expected);
});
