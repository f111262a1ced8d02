import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planShards, SPLIT_TOLERANCE } from '../../src/core/planner.js';
import type { EstimatedTest, Plan } from '../../src/core/types.js';
import { verifyPlan } from '../../src/core/verify.js';

// --- An independent oracle: written from the contract, sharing no code with the planner. ---

const toMs = (seconds: number) => Math.round(seconds * 1000);

function idsByFile(tests: readonly EstimatedTest[]): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const t of tests) byFile.set(t.file, [...(byFile.get(t.file) ?? []), t.id]);
  return byFile;
}

/** What each shard runs, read as a runner would: whole files, listed tests, owner = file − excluded. */
function runsOf(plan: Plan, tests: readonly EstimatedTest[]): Map<number, string[]> {
  const byFile = idsByFile(tests);
  const runs = new Map<number, string[]>();
  for (const shard of plan.shards) {
    const ids = shard.files.flatMap((file) => byFile.get(file) ?? [`<unknown file ${file}>`]);
    for (const split of shard.splits) {
      ids.push(
        ...(split.owner
          ? (byFile.get(split.file) ?? []).filter((id) => !split.excluded.includes(id))
          : split.tests),
      );
    }
    runs.set(shard.index, ids);
  }
  return runs;
}

/** A file can be split only when it has several tests and no file-level entry. */
function splittable(file: string, ids: readonly string[]): boolean {
  return ids.length > 1 && !ids.includes(file);
}

function unitWeightsMs(tests: readonly EstimatedTest[], splitFiles: boolean): number[] {
  const msById = new Map(tests.map((t) => [t.id, toMs(t.seconds)]));
  return [...idsByFile(tests)].flatMap(([file, ids]) =>
    splitFiles && splittable(file, ids)
      ? ids.map((id) => msById.get(id)!)
      : [ids.reduce((sum, id) => sum + msById.get(id)!, 0)],
  );
}

function longestFirstMs(weights: readonly number[], shards: number): number {
  const loads = new Array<number>(shards).fill(0);
  for (const w of [...weights].sort((a, b) => b - a)) {
    loads[loads.indexOf(Math.min(...loads))]! += w;
  }
  return Math.max(...loads);
}

function lowerBoundMs(
  tests: readonly EstimatedTest[],
  shards: number,
  splitFiles: boolean,
): number {
  const units = unitWeightsMs(tests, splitFiles);
  const total = units.reduce((sum, w) => sum + w, 0);
  return Math.max(total / shards, ...units, 0);
}

// --- Generators ---

const FILES = ['a.py', 'B.py', 'b.py', 'dir/c.py', 'dir-x/d.py', 'dir/c.py-e', 'é.py', '𝒜.py'];
const NAMES = ['t1', 't2', 'T3', 'Class::t4', 't5[x-1]', 'é6', 't7', 't8', 't9', 't10'];

const seconds = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 3000 }).map((ms) => ms / 1000),
  fc.double({ min: 0, max: 200, noNaN: true, noDefaultInfinity: true }),
);

/** Unique ids; a missing name makes a file-level entry (id === file). */
const suite = fc
  .uniqueArray(
    fc.record({
      file: fc.constantFrom(...FILES),
      name: fc.option(fc.constantFrom(...NAMES), { nil: undefined, freq: 8 }),
      seconds,
    }),
    { selector: (t) => (t.name === undefined ? t.file : `${t.file}::${t.name}`), maxLength: 40 },
  )
  .map((entries) =>
    entries.map((t): EstimatedTest => ({
      id: t.name === undefined ? t.file : `${t.file}::${t.name}`,
      file: t.file,
      seconds: t.seconds,
      source: 'measured',
    })),
  );

const options = fc.record({ shards: fc.integer({ min: 1, max: 12 }), splitFiles: fc.boolean() });

/** Hundreds of tests over a few dozen files, with heavy tails: the paths that split many files. */
const largeSuite = fc
  .array(
    fc.record({
      file: fc.integer({ min: 0, max: 29 }),
      // exp(0 … 9) ms: from a millisecond to about eight seconds.
      seconds: fc.double({ min: 0, max: 9, noNaN: true }).map((x) => Math.exp(x) / 1000),
    }),
    { minLength: 1, maxLength: 400 },
  )
  .map((entries) =>
    entries.map(({ file, seconds }, index): EstimatedTest => ({
      id: `tests/test_${file}.py::test_${index}`,
      file: `tests/test_${file}.py`,
      seconds,
      source: 'measured',
    })),
  );

const propertyRuns = { numRuns: 300 };

describe('planShards properties', () => {
  it('runs every test exactly once (verifyPlan and an independent reading agree)', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        const plan = planShards(tests, opts);
        expect(verifyPlan(plan, tests)).toMatchObject({ ok: true });

        const planned = runsOf(plan, tests);
        const all = [...planned.values()].flat().sort();
        expect(all).toEqual(tests.map((t) => t.id).sort());
        const msById = new Map(tests.map((t) => [t.id, toMs(t.seconds)]));
        for (const shard of plan.shards) {
          const ids = planned.get(shard.index)!;
          expect(shard.tests).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          expect(toMs(shard.estimatedSeconds)).toBe(ids.reduce((s, id) => s + msById.get(id)!, 0));
        }
        expect(plan.shards.map((s) => s.index)).toEqual(
          Array.from({ length: opts.shards }, (_, i) => i + 1),
        );
      }),
      propertyRuns,
    );
  });

  it('leaves no shard empty when there are at least as many units as shards', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        const plan = planShards(tests, opts);
        const units = unitWeightsMs(tests, opts.splitFiles).length;
        const empty = plan.shards.filter((s) => s.tests.length === 0).length;
        expect(empty).toBe(Math.max(0, opts.shards - units));
        for (const shard of plan.shards.filter((s) => s.tests.length === 0)) {
          expect(shard.estimatedSeconds).toBe(0);
        }
      }),
      propertyRuns,
    );
  });

  it('gives the same plan, fingerprint included, for shuffled input', () => {
    const shuffled = suite.chain((tests) =>
      fc.tuple(
        fc.constant(tests),
        fc.shuffledSubarray(tests, { minLength: tests.length, maxLength: tests.length }),
      ),
    );
    fc.assert(
      fc.property(shuffled, options, ([tests, permuted], opts) => {
        expect(planShards(permuted, opts)).toEqual(planShards(tests, opts));
      }),
      propertyRuns,
    );
  });

  it('is deterministic across runs', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        expect(planShards(tests, opts)).toEqual(planShards(tests, opts));
      }),
      { numRuns: 50 },
    );
  });

  it('reports the lower bound and never beats it', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        const plan = planShards(tests, opts);
        const bound = lowerBoundMs(tests, opts.shards, opts.splitFiles);
        expect(toMs(plan.lowerBoundSeconds)).toBe(Math.round(bound));
        expect(toMs(plan.makespanSeconds)).toBeGreaterThanOrEqual(Math.ceil(bound));
        expect(toMs(plan.totalSeconds)).toBe(tests.reduce((s, t) => s + toMs(t.seconds), 0));
        expect(toMs(plan.makespanSeconds)).toBe(
          Math.max(0, ...plan.shards.map((s) => toMs(s.estimatedSeconds))),
        );
      }),
      propertyRuns,
    );
  });

  it('is never worse than plain longest-first over whole files, nor (beyond the tolerance) over tests', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        const makespan = toMs(planShards(tests, opts).makespanSeconds);
        expect(makespan).toBeLessThanOrEqual(
          longestFirstMs(unitWeightsMs(tests, false), opts.shards),
        );
        if (opts.splitFiles) {
          const bound = lowerBoundMs(tests, opts.shards, true);
          expect(makespan).toBeLessThanOrEqual(
            Math.max(
              longestFirstMs(unitWeightsMs(tests, true), opts.shards),
              bound * (1 + SPLIT_TOLERANCE),
            ),
          );
        }
      }),
      propertyRuns,
    );
  });

  it('lists split files sorted, each with exactly one owner whose exclusions are the other parts', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        const plan = planShards(tests, opts);
        const parts = plan.shards.flatMap((s) => s.splits.map((split) => ({ shard: s, split })));
        const files = [...new Set(parts.map((p) => p.split.file))].sort();
        expect(plan.splitFiles).toEqual(files);
        for (const file of files) {
          const ofFile = parts.filter((p) => p.split.file === file);
          expect(ofFile.length).toBeGreaterThan(1);
          const owners = ofFile.filter((p) => p.split.owner);
          expect(owners).toHaveLength(1);
          const others = ofFile.filter((p) => !p.split.owner).flatMap((p) => p.split.tests);
          expect(owners[0]!.split.excluded).toEqual(others.sort());
          expect(ofFile.every((p) => !p.shard.files.includes(file))).toBe(true);
        }
        if (!opts.splitFiles) expect(plan.splitFiles).toEqual([]);
      }),
      propertyRuns,
    );
  });

  it('holds its guarantees on larger, heavy-tailed suites', () => {
    fc.assert(
      fc.property(
        largeSuite,
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (tests, shards, split) => {
          const plan = planShards(tests, { shards, splitFiles: split });
          expect(verifyPlan(plan, tests).ok).toBe(true);
          const makespan = toMs(plan.makespanSeconds);
          const bound = lowerBoundMs(tests, shards, split);
          expect(makespan).toBeGreaterThanOrEqual(Math.ceil(bound));
          expect(makespan).toBeLessThanOrEqual(longestFirstMs(unitWeightsMs(tests, false), shards));
          if (split) {
            expect(makespan).toBeLessThanOrEqual(
              Math.max(
                longestFirstMs(unitWeightsMs(tests, true), shards),
                bound * (1 + SPLIT_TOLERANCE),
              ),
            );
          }
          const units = unitWeightsMs(tests, split).length;
          expect(plan.shards.filter((s) => s.tests.length === 0)).toHaveLength(
            Math.max(0, shards - units),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never fails when there are more shards than units', () => {
    fc.assert(
      fc.property(
        suite,
        fc.integer({ min: 41, max: 200 }),
        fc.boolean(),
        (tests, shards, split) => {
          const plan = planShards(tests, { shards, splitFiles: split });
          expect(plan.shards).toHaveLength(shards);
          expect(verifyPlan(plan, tests).ok).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('planShards with a cost model (import, module fixtures, fixed cost per shard)', () => {
  /** Independent reading of a plan's wall per shard: fixed + each visited file's cost + its tests. */
  function wallMs(
    plan: Plan,
    tests: readonly EstimatedTest[],
    visits: ReadonlyMap<string, number>,
    fixedMs: number,
  ): number[] {
    const byId = new Map(tests.map((t) => [t.id, t]));
    return [...runsOf(plan, tests).values()].map((ids) => {
      const files = new Set(ids.map((id) => byId.get(id)!.file));
      return (
        fixedMs +
        [...files].reduce((sum, f) => sum + toMs(visits.get(f) ?? 0), 0) +
        ids.reduce((sum, id) => sum + toMs(byId.get(id)!.seconds), 0)
      );
    });
  }

  const costs = (tests: readonly EstimatedTest[]) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 8000 }), { minLength: 30, maxLength: 30 }),
        fc.integer({ min: 0, max: 5000 }),
      )
      .map(([visitMs, fixedMs]) => {
        const files = [...new Set(tests.map((t) => t.file))].sort();
        return {
          fileVisitSeconds: new Map(files.map((f, i) => [f, visitMs[i % 30]! / 1000])),
          fixedSeconds: fixedMs / 1000,
        };
      });
  const suiteWithCosts = fc
    .oneof(suite, largeSuite)
    .chain((tests) => fc.tuple(fc.constant(tests), costs(tests)));

  it('runs every test once, predicts each shard by the model, and is never worse than the plain plan judged by it', () => {
    fc.assert(
      fc.property(
        suiteWithCosts,
        fc.integer({ min: 1, max: 12 }),
        fc.boolean(),
        ([tests, model], shards, splitFiles) => {
          const plan = planShards(tests, { shards, splitFiles, costs: model });
          expect(verifyPlan(plan, tests)).toMatchObject({ ok: true });
          const fixedMs = toMs(model.fixedSeconds);
          const walls = wallMs(plan, tests, model.fileVisitSeconds, fixedMs);
          expect(plan.shards.map((s) => toMs(s.estimatedSeconds))).toEqual(walls);
          expect(toMs(plan.makespanSeconds)).toBe(Math.max(...walls));
          const plain = planShards(tests, { shards, splitFiles });
          const plainWalls = wallMs(plain, tests, model.fileVisitSeconds, fixedMs);
          expect(toMs(plan.makespanSeconds)).toBeLessThanOrEqual(Math.max(...plainWalls));
          expect(toMs(plan.makespanSeconds)).toBeGreaterThanOrEqual(
            Math.floor(plan.lowerBoundSeconds * 1000),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same plan for shuffled input, and fingerprints the costs', () => {
    fc.assert(
      fc.property(suiteWithCosts, fc.integer({ min: 1, max: 9 }), ([tests, model], shards) => {
        const options = { shards, splitFiles: true, costs: model };
        const reversed = [...tests].reverse();
        expect(planShards(reversed, options)).toEqual(planShards(tests, options));
        const other = { ...model, fixedSeconds: model.fixedSeconds + 1 };
        expect(planShards(tests, { ...options, costs: other }).fingerprint).not.toBe(
          planShards(tests, options).fingerprint,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('is the plain plan when every cost is zero', () => {
    fc.assert(
      fc.property(suite, options, (tests, opts) => {
        const zero = { fileVisitSeconds: new Map(tests.map((t) => [t.file, 0])) };
        const { fixedSeconds, ...withCosts } = planShards(tests, { ...opts, costs: zero });
        const { fixedSeconds: plainFixed, ...plain } = planShards(tests, opts);
        expect([fixedSeconds, plainFixed]).toEqual([0, undefined]);
        expect(withCosts.shards).toEqual(plain.shards);
      }),
      { numRuns: 100 },
    );
  });

  // One file with a 5 s module fixture and 40 % of the test time; 20 small files share the rest.
  const fixtureHeavy = pytestSuite({
    'tests/test_db.py': Array.from({ length: 40 }, () => 1),
    ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`tests/test_${i}.py`, [1, 1, 1]])),
  });
  const fixtureCosts = {
    fileVisitSeconds: new Map([['tests/test_db.py', 5]]),
    fixedSeconds: 2,
  };
  const judged = (plan: Plan) =>
    Math.max(...wallMs(plan, fixtureHeavy, fixtureCosts.fileVisitSeconds, 2000)) / 1000;

  it('keeps a file with a 5 s module fixture whole when extra visits do not pay for themselves', () => {
    const plan = planShards(fixtureHeavy, { shards: 2, splitFiles: true, costs: fixtureCosts });
    expect(plan.splitFiles).not.toContain('tests/test_db.py');
    // 100 s of tests + 5 s of fixture: 52.5 s a shard at best, 53 s in whole 1 s tests, + 2 s fixed.
    expect(plan.makespanSeconds).toBe(55);
    // The plain plan splits it: balanced on paper (50 s), 57 s once the second visit is paid.
    const plain = planShards(fixtureHeavy, { shards: 2, splitFiles: true });
    expect(plain.splitFiles).toEqual(['tests/test_db.py']);
    expect(judged(plain)).toBe(57);
  });

  it('splits it when the extra visits pay for themselves, into as few parts as balance needs', () => {
    const plan = planShards(fixtureHeavy, { shards: 8, splitFiles: true, costs: fixtureCosts });
    expect(plan.splitFiles).toEqual(['tests/test_db.py']);
    // k parts of 40 / k s, each + 5 s: 4 parts of 15 s beside four shards of 15 s of small files.
    expect(plan.shards.filter((s) => s.splits.length > 0)).toHaveLength(4);
    expect(plan.makespanSeconds).toBe(17);
    expect(judged(plan)).toBe(17);
    const plain = planShards(fixtureHeavy, { shards: 8, splitFiles: true });
    expect(judged(plain)).toBeGreaterThan(17);
  });
});

// --- Hand-made cases ---

function pytestSuite(files: Record<string, number[]>): EstimatedTest[] {
  return Object.entries(files).flatMap(([file, durations]) =>
    durations.map((s, i) => ({
      id: `${file}::test_${i}`,
      file,
      seconds: s,
      source: 'measured' as const,
    })),
  );
}

describe('planShards examples', () => {
  // One file with 70% of the time, as in a public pytest suite (field.md).
  const dominated = pytestSuite({
    'tests/test_heavy.py': Array.from({ length: 70 }, () => 1),
    ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`tests/test_light_${i}.py`, [1]])),
  });

  it('splits a file holding 70% of the time when the runner can select tests', () => {
    const plan = planShards(dominated, { shards: 4, splitFiles: true });
    expect(plan.splitFiles).toEqual(['tests/test_heavy.py']);
    expect(plan.makespanSeconds).toBe(25);
    expect(plan.lowerBoundSeconds).toBe(25);
    const owners = plan.shards.flatMap((s) => s.splits.filter((split) => split.owner));
    expect(owners).toHaveLength(1);
    expect(verifyPlan(plan, dominated).ok).toBe(true);
  });

  it('keeps that file whole when the runner selects by file', () => {
    const plan = planShards(dominated, { shards: 4, splitFiles: false });
    expect(plan.splitFiles).toEqual([]);
    expect(plan.makespanSeconds).toBe(70);
    expect(plan.lowerBoundSeconds).toBe(70);
  });

  it('keeps files whole when splitting would not help', () => {
    const even = pytestSuite({ 'a.py': [1, 1], 'b.py': [1, 1], 'c.py': [1, 1], 'd.py': [1, 1] });
    const plan = planShards(even, { shards: 2, splitFiles: true });
    expect(plan.splitFiles).toEqual([]);
    expect(plan.shards.map((s) => s.files)).toEqual([
      ['a.py', 'c.py'],
      ['b.py', 'd.py'],
    ]);
  });

  it('never splits a file-level entry, however heavy', () => {
    const tests: EstimatedTest[] = [
      { id: 'spec/big_spec.rb', file: 'spec/big_spec.rb', seconds: 90, source: 'measured' },
      { id: 'spec/small_spec.rb', file: 'spec/small_spec.rb', seconds: 10, source: 'measured' },
    ];
    const plan = planShards(tests, { shards: 2, splitFiles: true });
    expect(plan.splitFiles).toEqual([]);
    expect(plan.makespanSeconds).toBe(90);
    expect(plan.lowerBoundSeconds).toBe(90);
  });

  it('makes the least-loaded shard holding part of a split file its owner', () => {
    // 10 + 4 + 4 over 2 shards: the 10 s file is split 9 / 1 at best.
    const tests = pytestSuite({ 'big.py': [5, 4, 1], 'x.py': [4], 'y.py': [4] });
    const plan = planShards(tests, { shards: 2, splitFiles: true });
    expect(plan.makespanSeconds).toBe(9);
    const holders = plan.shards.filter((s) => s.splits.length > 0);
    const owner = holders.find((s) => s.splits[0]!.owner)!;
    expect(owner.estimatedSeconds).toBe(Math.min(...holders.map((s) => s.estimatedSeconds)));
    expect(owner.splits[0]!.excluded).toEqual(
      holders.filter((s) => s !== owner).flatMap((s) => s.splits[0]!.tests),
    );
  });

  it('gives extra shards nothing, and says so with zero seconds', () => {
    const plan = planShards(pytestSuite({ 'a.py': [3], 'b.py': [2] }), {
      shards: 4,
      splitFiles: true,
    });
    expect(plan.shards.map((s) => [s.estimatedSeconds, s.tests.length])).toEqual([
      [3, 1],
      [2, 1],
      [0, 0],
      [0, 0],
    ]);
  });

  it('spreads zero-second tests so that no shard is empty', () => {
    const plan = planShards(pytestSuite({ 'a.py': [0, 0, 0], 'b.py': [0] }), {
      shards: 4,
      splitFiles: true,
    });
    expect(plan.shards.every((s) => s.tests.length === 1)).toBe(true);
  });

  it('plans an empty suite', () => {
    const plan = planShards([], { shards: 3, splitFiles: true });
    expect(plan.shards.map((s) => s.tests)).toEqual([[], [], []]);
    expect([plan.totalSeconds, plan.makespanSeconds, plan.lowerBoundSeconds]).toEqual([0, 0, 0]);
  });

  it('sorts by code unit, not by locale or code point', () => {
    const ids = ['b.py', 'B.py', 'a.py', 'é.py', 'Z.py', 'ﬀ.py', '𝒜.py'];
    const tests = ids.map((id) => ({ id, file: id, seconds: 0, source: 'measured' as const }));
    const plan = planShards(tests, { shards: 1, splitFiles: false });
    // 𝒜 (U+1D49C) is the surrogate pair D835 DC9C in UTF-16, so it comes before ﬀ (U+FB00).
    expect(plan.shards[0]!.tests).toEqual(['B.py', 'Z.py', 'a.py', 'b.py', 'é.py', '𝒜.py', 'ﬀ.py']);
  });

  it('fingerprints the inputs: order does not matter, shards, mode and durations do', () => {
    const tests = pytestSuite({ 'a.py': [1, 2], 'b.py': [3] });
    const base = planShards(tests, { shards: 2, splitFiles: true }).fingerprint;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(planShards([...tests].reverse(), { shards: 2, splitFiles: true }).fingerprint).toBe(
      base,
    );
    expect(planShards(tests, { shards: 3, splitFiles: true }).fingerprint).not.toBe(base);
    expect(planShards(tests, { shards: 2, splitFiles: false }).fingerprint).not.toBe(base);
    const slower = tests.map((t, i) => (i === 0 ? { ...t, seconds: 1.001 } : t));
    expect(planShards(slower, { shards: 2, splitFiles: true }).fingerprint).not.toBe(base);
    // Below a millisecond the planner cannot tell durations apart, so neither can the fingerprint.
    const same = tests.map((t, i) => (i === 0 ? { ...t, seconds: 1.0001 } : t));
    expect(planShards(same, { shards: 2, splitFiles: true }).fingerprint).toBe(base);
  });

  it('rejects inputs it cannot plan', () => {
    const tests = pytestSuite({ 'a.py': [1] });
    expect(() => planShards(tests, { shards: 0, splitFiles: true })).toThrow(/positive integer/);
    expect(() => planShards(tests, { shards: 1.5, splitFiles: true })).toThrow(/positive integer/);
    expect(() => planShards([...tests, ...tests], { shards: 2, splitFiles: true })).toThrow(
      /listed twice/,
    );
    const negative = [{ ...tests[0]!, seconds: -1 }];
    expect(() => planShards(negative, { shards: 2, splitFiles: true })).toThrow(/invalid duration/);
    const infinite = [{ ...tests[0]!, seconds: Number.POSITIVE_INFINITY }];
    expect(() => planShards(infinite, { shards: 2, splitFiles: true })).toThrow(/invalid duration/);
  });
});
