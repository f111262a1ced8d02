// Its name is a substring of checksum.test.ts: selecting this file must never run that one.
import { expect, it } from 'vitest';
import { mean, median, sum } from '../src/stats';
import { work } from './work';

it('sums', async () => {
  await work(0.4);
  expect(sum([1, 2, 3.5])).toBe(6.5);
});

it('means', async () => {
  await work(0.4);
  expect(mean([2, 4])).toBe(3);
});

it('medians', () => {
  expect(median([5, 1, 3, 2])).toBe(2.5);
});
