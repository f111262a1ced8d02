import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { restock } from '../src/inventory.js';
import { SHOULD_FAIL, work } from './work.js';

describe('restock', () => {
  it('adds to an empty shelf', async () => {
    await work(0.6);
    assert.deepEqual(restock({}, 'a', 2), { a: SHOULD_FAIL ? 3 : 2 });
  });
  it('adds to existing stock', async () => {
    await work(0.6);
    assert.deepEqual(restock({ a: 1 }, 'a', 2), { a: 3 });
  });
  it('refuses zero', () => {
    assert.throws(() => restock({}, 'a', 0), RangeError);
  });
});
