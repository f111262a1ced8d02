// The heavy file: few tests, most of the suite's time. Planning by test count (no history yet)
// misjudges it; the second run, planned from the first run's timings, does not.
import { expect, it } from '@jest/globals';
import { variance } from '../src/stats';
import { work } from './work';

it('variance of a large sample', async () => {
  await work(1.2);
  expect(variance([1, 2, 3, 4])).toBe(1.25);
});

it('variance of a constant', async () => {
  await work(1.2);
  expect(variance([7, 7, 7])).toBe(0);
});
