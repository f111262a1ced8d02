import { expect, test } from '@playwright/test';
import { work } from './work';

test('sums', async () => {
  await work(0.1);
  expect([1, 2, 3].reduce((a, b) => a + b, 0)).toBe(6);
});
