/**
 * The merge's exactly-once proof (proveExactlyOnce) against an independent recorder of what
 * really ran: a suite is planned, each shard "runs" its part under a random fault, and the proof,
 * reading only the shards' records, must name exactly the tests that did not run once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planShards } from '../../src/core/planner.js';
import { SHARD_RESULT_SCHEMA, type ShardResult } from '../../src/core/shardResult.js';
import type { EstimatedTest, Plan } from '../../src/core/types.js';
import { proveExactlyOnce } from '../../src/core/verify.js';

type Fault =
  | { kind: 'none' }
  | { kind: 'missing' }
  | { kind: 'killed'; after: number }
  | { kind: 'exitedEarly'; after: number }
  | { kind: 'crashedInCollection' }
  | { kind: 'deselect'; every: number }
  | { kind: 'stopped'; after: number }
  | { kind: 'duplicateInto'; shard: number };

const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  fc.constant({ kind: 'missing' as const }),
  fc.integer({ min: 0, max: 20 }).map((after) => ({ kind: 'killed' as const, after })),
  fc.integer({ min: 0, max: 20 }).map((after) => ({ kind: 'exitedEarly' as const, after })),
  fc.constant({ kind: 'crashedInCollection' as const }),
  fc.integer({ min: 2, max: 4 }).map((every) => ({ kind: 'deselect' as const, every })),
  fc.integer({ min: 0, max: 20 }).map((after) => ({ kind: 'stopped' as const, after })),
  fc.integer({ min: 1, max: 6 }).map((shard) => ({ kind: 'duplicateInto' as const, shard })),
);

const suite = fc
  .array(
    fc.record({ file: fc.integer({ min: 0, max: 7 }), seconds: fc.integer({ min: 1, max: 50 }) }),
    { minLength: 1, maxLength: 60 },
  )
  .map((entries) =>
    entries.map(({ file, seconds }, i): EstimatedTest => ({
      id: `tests/test_${file}.py::test_${i}`,
      file: `tests/test_${file}.py`,
      seconds,
      source: 'measured',
    })),
  );

/** What a shard runs under the plan, in order. */
function partOf(plan: Plan, index: number, tests: readonly EstimatedTest[]): string[] {
  const shard = plan.shards[index - 1]!;
  const byFile = (file: string) => tests.filter((t) => t.file === file).map((t) => t.id);
  const out = shard.files.flatMap(byFile);
  for (const split of shard.splits) {
    const excluded = new Set(split.excluded);
    out.push(...(split.owner ? byFile(split.file).filter((id) => !excluded.has(id)) : split.tests));
  }
  return out;
}

interface Simulated {
  records: ShardResult[];
  /** The recorder: every test id once per time it really ran. */
  ran: string[];
}

function simulate(
  plan: Plan,
  tests: readonly EstimatedTest[],
  faults: readonly Fault[],
): Simulated {
  const records: ShardResult[] = [];
  const ran: string[] = [];
  const files = [...new Set(tests.map((t) => t.file))].sort();
  const extra = new Map<number, string[]>();
  for (const shard of plan.shards) {
    const f = faults[shard.index - 1] ?? { kind: 'none' };
    const part = partOf(plan, shard.index, tests);
    let runs = part;
    let deselected: string[] = [];
    if (f.kind === 'missing' || f.kind === 'crashedInCollection') runs = [];
    if (f.kind === 'killed' || f.kind === 'exitedEarly' || f.kind === 'stopped')
      runs = part.slice(0, f.after);
    if (f.kind === 'deselect') {
      deselected = part.filter((_, i) => i % f.every === 0);
      runs = part.filter((_, i) => i % f.every !== 0);
    }
    if (f.kind === 'duplicateInto' && f.shard !== shard.index && runs.length > 0) {
      extra.set(f.shard, [...(extra.get(f.shard) ?? []), runs[0]!]);
    }
    if (f.kind === 'missing') continue;
    const collect = (file: string, split: boolean) => ({
      file,
      tests: tests.filter((t) => t.file === file).map((t) => t.id),
      fingerprint: 'same',
      split,
    });
    records.push({
      schema: SHARD_RESULT_SCHEMA,
      shard: shard.index,
      shards: plan.shards.length,
      framework: 'pytest',
      planFingerprint: plan.fingerprint,
      estimatedSeconds: shard.estimatedSeconds,
      makespanSeconds: plan.makespanSeconds,
      lowerBoundSeconds: plan.lowerBoundSeconds,
      plannedFiles: [...shard.files, ...shard.splits.filter((s) => s.owner).map((s) => s.file)],
      plannedTests: shard.tests,
      discoveredFiles: files,
      overheadSeconds: 1,
      testSeconds: 1,
      exitCode: f.kind === 'killed' ? 137 : f.kind === 'stopped' ? 1 : 0,
      status:
        f.kind === 'killed'
          ? { signal: 'SIGKILL', finished: false, problem: 'pytest was killed by SIGKILL' }
          : f.kind === 'exitedEarly' || f.kind === 'crashedInCollection'
            ? { signal: null, finished: false, problem: 'pytest exited before finishing' }
            : f.kind === 'stopped'
              ? { signal: null, finished: true, stopped: 'stopping after 1 failures' }
              : { signal: null, finished: true },
      collection:
        f.kind === 'crashedInCollection'
          ? null
          : {
              files: [
                ...shard.files.map((file) => collect(file, false)),
                ...shard.splits.map((s) => collect(s.file, true)),
              ],
              selected: shard.splits.flatMap((s) =>
                partOf(plan, shard.index, tests).filter((id) => id.startsWith(s.file + '::')),
              ),
              deselected,
            },
      estimates: {
        counts: { measured: tests.length, file: 0, directory: 0, suite: 0, proxy: 0 },
        suiteEstimateSeconds: 1,
      },
      results: runs.map((id) => ({ id, seconds: 1, outcome: 'passed' as const })),
    });
    ran.push(...runs);
  }
  for (const [index, ids] of extra) {
    const record = records.find((r) => r.shard === index);
    if (!record) continue;
    record.results.push(...ids.map((id) => ({ id, seconds: 1, outcome: 'passed' as const })));
    ran.push(...ids);
  }
  return { records, ran };
}

describe('proveExactlyOnce against a recorder of what really ran', () => {
  it('names exactly the tests that did not run once, and their shards', () => {
    fc.assert(
      fc.property(
        suite,
        fc.integer({ min: 1, max: 6 }),
        fc.array(fault, { minLength: 6, maxLength: 6 }),
        (tests, shards, faults) => {
          const plan = planShards(tests, { shards, splitFiles: true });
          const { records, ran } = simulate(plan, tests, faults);
          const proof = proveExactlyOnce(records, shards);
          expect(proof.missingShards).toEqual(
            plan.shards.filter((s) => faults[s.index - 1]!.kind === 'missing').map((s) => s.index),
          );
          // With no record at all there is nothing to reason from: the merge fails on that alone.
          if (records.length === 0) return;

          const times = new Map<string, number>();
          for (const id of ran) times.set(id, (times.get(id) ?? 0) + 1);
          const notRun = tests.filter((t) => !times.has(t.id));
          const twice = [...times].filter(([, n]) => n > 1).map(([id]) => id);

          // Every test that did not run is named, by id or (where no record knew its ids) by file.
          const named = new Set(proof.lost.map((l) => l.id));
          for (const t of notRun) expect(named.has(t.id) || named.has(t.file)).toBe(true);
          // Nothing that ran is named lost; a whole-file entry means nothing of it ran.
          for (const l of proof.lost) {
            if (l.id === l.file) {
              expect(tests.filter((t) => t.file === l.file).some((t) => times.has(t.id))).toBe(
                false,
              );
            } else expect(times.has(l.id)).toBe(false);
          }
          expect(proof.duplicated.map((d) => d.id).sort()).toEqual(twice.sort());

          // The shard named is the one whose part it was, and the reason is that shard's fault.
          const owner = new Map<string, number>();
          for (const s of plan.shards)
            for (const id of partOf(plan, s.index, tests)) owner.set(id, s.index);
          for (const l of proof.lost) {
            if (l.id === l.file) continue;
            const f = faults[owner.get(l.id)! - 1]!;
            // A missing shard's part is known only as "not in any reporting shard's part" (or
            // is blamed on the owner of its split file when that owner recorded no collection).
            if (f.kind === 'missing') {
              const blamed = l.shard === null ? undefined : faults[l.shard - 1]!.kind;
              expect([undefined, 'missing', 'crashedInCollection']).toContain(blamed);
              continue;
            }
            expect(l.shard).toBe(owner.get(l.id));
            const expected = {
              missing: 'no-results',
              killed: 'killed',
              exitedEarly: 'exited-early',
              crashedInCollection: 'exited-early',
              deselect: 'deselected',
              stopped: 'stopped-early',
            } as Record<string, string>;
            expect(l.reason).toBe(expected[f.kind]);
          }
          const clean = notRun.length === 0 && twice.length === 0;
          expect(proof.lost.length === 0 && proof.duplicated.length === 0).toBe(clean);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names lost tests of a split file even when the shards ran different plans', () => {
    const tests: EstimatedTest[] = ['a', 'b', 'c', 'd'].map((n) => ({
      id: `t/big.py::${n}`,
      file: 't/big.py',
      seconds: 1,
      source: 'measured',
    }));
    // Shard 1 (plan A) owns big.py and leaves c, d to shard 2; shard 2 (plan B) owns it too and
    // leaves a, b… to nobody: under plan B, shard 1 would have run them.
    const base = simulate(planShards(tests, { shards: 2, splitFiles: true }), tests, []).records;
    const [one, two] = base;
    const all = tests.map((t) => t.id);
    const record = (r: ShardResult, fingerprint: string, selected: string[]): ShardResult => ({
      ...r,
      planFingerprint: fingerprint,
      plannedFiles: [],
      plannedTests: selected,
      collection: {
        files: [{ file: 't/big.py', tests: all, fingerprint: 'same', split: true }],
        selected,
        deselected: [],
      },
      results: selected.map((id) => ({ id, seconds: 1, outcome: 'passed' })),
    });
    const proof = proveExactlyOnce(
      [record(one!, 'A', ['t/big.py::a']), record(two!, 'B', ['t/big.py::d'])],
      2,
    );
    expect(proof.lost.map((l) => [l.id, l.reason])).toEqual([
      ['t/big.py::b', 'not-selected'],
      ['t/big.py::c', 'not-selected'],
    ]);
    expect(proof.lost[0]!.why).toMatch(/different plans/);
  });

  it('finds a file whose ids name different tests in different shards', () => {
    const tests: EstimatedTest[] = [0, 1, 2, 3].map((n) => ({
      id: `t/set.py::test[t${n}]`,
      file: 't/set.py',
      seconds: 1,
      source: 'measured',
    }));
    const plan = planShards(tests, { shards: 2, splitFiles: true });
    const { records } = simulate(plan, tests, []);
    expect(plan.splitFiles).toEqual(['t/set.py']);
    records[1]!.collection!.files[0]!.fingerprint = 'other';
    const proof = proveExactlyOnce(records, 2);
    expect(proof.unstableFiles).toEqual([{ file: 't/set.py', shards: [1, 2] }]);
  });

  it('a file-level result (import error, module skip) accounts for the whole file or folder', () => {
    const tests: EstimatedTest[] = ['t/sub/a.py', 't/sub/b.py', 't/c.py'].map((file) => ({
      id: `${file}::x`,
      file,
      seconds: 1,
      source: 'measured',
    }));
    const { records } = simulate(planShards(tests, { shards: 1, splitFiles: true }), tests, []);
    records[0]!.results = [
      { id: 't/sub', seconds: 0, outcome: 'error', message: 'ImportError while loading conftest' },
      { id: 't/c.py', seconds: 0, outcome: 'skipped' },
    ];
    records[0]!.collection!.files = [];
    expect(proveExactlyOnce(records, 1).lost).toEqual([]);
  });
});
