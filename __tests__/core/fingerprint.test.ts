import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planFingerprint, PLANNER_VERSION } from '../../src/core/fingerprint.js';

/** The canonical form written out whole, as planFingerprint defines it (it hashes it in pieces). */
function expectedFingerprint(
  shards: number,
  splitFiles: boolean,
  tests: { id: string; file: string; ms: number }[],
  costs?: { fixedMs: number; visits: [string, number][] },
  keptWhole: string[] = [],
): string {
  const runs: (string | number)[][] = [];
  for (const t of tests) {
    const last = runs[runs.length - 1];
    if (last && last[0] === t.file) last.push(t.id, t.ms);
    else runs.push([t.file, t.id, t.ms]);
  }
  const parts: unknown[] = [PLANNER_VERSION, shards, splitFiles, runs];
  if (costs) parts.push(costs.fixedMs, costs.visits);
  if (keptWhole.length > 0) parts.push(['keepWhole', [...keptWhole].sort()]);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

describe('planFingerprint', () => {
  it('is the sha256 of the canonical JSON, however large the suite', () => {
    const test = fc.record({
      id: fc.string({ unit: 'grapheme', maxLength: 12 }),
      file: fc.constantFrom('a.py', 'b.py', 'ü/c.py', 'd"\\.py'),
      ms: fc.nat(),
    });
    // Long ids push some cases past the 64 KiB batches the hash is fed in.
    const tests = fc.oneof(
      fc.array(test, { maxLength: 40 }),
      fc.array(
        test.map((t) => ({ ...t, id: t.id.padEnd(3000, 'x') })),
        { maxLength: 60 },
      ),
    );
    // File names, sometimes the one planFingerprint uses to mark where the runs go.
    const name = fc.oneof(fc.string(), fc.constant('\u0000runs'));
    const costs = fc.option(
      fc.record({
        fixedMs: fc.nat(),
        visits: fc.array(fc.tuple(name, fc.nat()), { maxLength: 3 }),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        tests,
        costs,
        fc.array(name, { maxLength: 3 }),
        (shards, splitFiles, list, c, kept) => {
          expect(
            planFingerprint(
              shards,
              splitFiles,
              list.map((t) => t.id),
              list.map((t) => t.file),
              Float64Array.from(list, (t) => t.ms),
              c,
              kept,
            ),
          ).toBe(expectedFingerprint(shards, splitFiles, list, c, kept));
        },
      ),
      { numRuns: 300 },
    );
  });
});
