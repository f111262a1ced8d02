import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byWeightThenName, unitTable, type Suite } from '../../src/core/planning/model.js';

describe('unitTable', () => {
  it('orders units exactly as the comparator does (the packed sort is only faster)', () => {
    // Few distinct weights make many ties; huge ones take the comparator path.
    const ms = fc.oneof(
      fc.integer({ min: 0, max: 4 }),
      fc.nat(),
      fc.constantFrom(2 ** 31 - 1, 2 ** 31, 1e300),
    );
    const file = fc.record({
      tests: fc.array(ms, { minLength: 1, maxLength: 6 }),
      visitMs: fc.integer({ min: 0, max: 3 }),
      splittable: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(file, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (spec, withTests) => {
          const planned: { id: string; file: string }[] = [];
          const weights: number[] = [];
          const files: Suite['files'] = [];
          spec.forEach((f, index) => {
            const tests = f.tests.map((weight) => {
              planned.push({ id: `t${planned.length}`, file: `f${index}` });
              weights.push(weight);
              return planned.length - 1;
            });
            const total = f.tests.reduce((sum, w) => sum + w, 0);
            files.push({
              name: `f${index}`,
              ms: total,
              visitMs: f.visitMs,
              tests,
              splittable: f.splittable,
            });
          });
          const suite: Suite = {
            ids: planned.map((t) => t.id),
            ms: Float64Array.from(weights),
            files,
            shards: 2,
            totalMs: 0,
          };
          const expected = suite.files.flatMap((f, index) => [
            { ms: f.ms + f.visitMs, file: index, test: -1 },
            ...(withTests && f.splittable
              ? f.tests.map((test) => ({ ms: weights[test]!, file: index, test }))
              : []),
          ]);
          expect(unitTable(suite, withTests)).toEqual(expected.sort(byWeightThenName));
        },
      ),
      { numRuns: 500 },
    );
  });
});
