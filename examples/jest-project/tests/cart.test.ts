import { describe, expect, it } from '@jest/globals';
import { discounted, formatCents, total } from '../src/cart';
import { SHOULD_FAIL, work } from './work';

describe('total', () => {
  it('adds quantities', async () => {
    await work(0.4);
    expect(total([{ sku: 'a', cents: 250, quantity: 2 }, { sku: 'b', cents: 99, quantity: 1 }])).toBe(599);
  });
  it('is zero for an empty cart', async () => {
    await work(0.2);
    expect(total([])).toBe(0);
  });
});

describe('discounted', () => {
  it('rounds down to whole cents', async () => {
    await work(0.4);
    expect(discounted(999, 15)).toBe(SHOULD_FAIL ? 850 : 849);
  });
  it('refuses more than 100%', () => {
    expect(() => discounted(100, 101)).toThrow(RangeError);
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [12345, '123.45'],
    [-250, '-2.50'],
  ])('formats %i as %s', async (cents, text) => {
    await work(0.1);
    expect(formatCents(cents)).toBe(text);
  });
});
