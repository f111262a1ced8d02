// Its name starts like take.test.js's: selection by file must keep them apart.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { take } from '../src/inventory.js';
import { work } from './work.js';

it('takes all', async () => {
  await work(0.4);
  assert.deepEqual(take({ a: 2 }, 'a', 2), { a: 0 });
});
