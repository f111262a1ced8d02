import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { take } from '../src/inventory.js';
import { work } from './work.js';

describe('take', () => {
  it('takes what is there', async () => {
    await work(0.8);
    assert.deepEqual(take({ a: 3 }, 'a', 2), { a: 1 });
  });
  it('refuses more than there is', () => {
    assert.throws(() => take({ a: 1 }, 'a', 2), /only 1 of a left/);
  });
});
