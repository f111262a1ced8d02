// The heavy file: two tests, most of the time.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lowStock } from '../src/inventory.js';
import { work } from './work.js';

it('lists low stock sorted', async () => {
  await work(1.2);
  assert.deepEqual(lowStock({ b: 1, a: 0, c: 9 }, 2), ['a', 'b']);
});

it('lists nothing when all is stocked', async () => {
  await work(1.2);
  assert.deepEqual(lowStock({ a: 5 }, 2), []);
});
