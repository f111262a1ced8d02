import { describe, expect, it } from 'vitest';
import { slugify, titleCase } from '../../src/text';
import { work } from '../work';

describe('slugify', () => {
  describe('with accents & <symbols>', () => {
    it('drops them: "Crème brûlée!"', async () => {
      await work(0.2);
      expect(slugify('Crème brûlée!')).toBe('creme-brulee');
    });
  });
  it('works', () => {
    expect(slugify('  Hello  World ')).toBe('hello-world');
  });
  // The same name twice in one describe: evenshard keeps both, distinct.
  it('works', () => {
    expect(slugify('a--b')).toBe('a-b');
  });
});

describe('titleCase', () => {
  it('capitalises words', async () => {
    await work(0.4);
    expect(titleCase('evenly split shards')).toBe('Evenly Split Shards');
  });
  it.skip('handles apostrophes (not yet)', () => {
    expect(titleCase("o'neil")).toBe("O'Neil");
  });
});
