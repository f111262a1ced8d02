import { expect, test } from '@playwright/test';
import { work } from './work';

const slug = (text: string) => text.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-');

test.describe('slug', () => {
  test('lowercases', async () => {
    await work(0.2);
    expect(slug('Hello World')).toBe('hello-world');
  });
  test('drops symbols', () => {
    expect(slug('a & b!')).toBe('a-b-');
  });
});
