// The heavy file: 7.2 of the suite's 9.6 simulated seconds, from one call site (planning by test
// count, with no history yet, counts it as one test).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lowStock } from '../src/inventory.js';
import { work } from './work.js';

const cases = [
  [{ b: 1, a: 0, c: 9 }, ['a', 'b']],
  [{ a: 5 }, []],
  [{}, []],
  [{ a: 1, b: 1 }, ['a', 'b']],
  [{ z: 0 }, ['z']],
  [{ a: 2, b: 3 }, []],
];

for (const [stock, expected] of cases) {
  it(`low stock of ${JSON.stringify(stock)}`, async () => {
    await work(1.2);
    assert.deepEqual(lowStock(stock, 2), expected);
  });
}
