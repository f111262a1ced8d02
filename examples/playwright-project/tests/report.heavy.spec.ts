import { expect, test } from '@playwright/test';
import { work } from './work';

test.describe('the heavy file', () => {
  test('builds a long report', async () => {
    await work(0.6);
    expect('x'.repeat(100)).toHaveLength(100);
  });
  test('builds a short one', async () => {
    await work(0.4);
    expect('x'.repeat(3)).toHaveLength(3);
  });
});
