/**
 * Exactly-once checks. `findCoverageProblems` compares what each shard runs (or ran) with the
 * tests that should run; `verifyPlan` feeds it what a plan makes each shard run. Checking the
 * shards' actual results later is the same comparison with other assignments.
 */
import { compareCodeUnits } from './order.js';
import type { EstimatedTest, Plan, TestId } from './types.js';

export interface CoverageProblems {
  /** Expected tests no shard runs, sorted. */
  missing: TestId[];
  /**
   * Tests run more than once, sorted by id, with the shard of every run in ascending order (a
   * shard appears twice if it runs the test twice).
   */
  duplicated: { id: TestId; shards: number[] }[];
  /** Tests some shard runs that were not expected, sorted. */
  unknown: TestId[];
}

export function findCoverageProblems(
  assignments: ReadonlyMap<number, Iterable<TestId>>,
  expected: Iterable<TestId>,
): CoverageProblems {
  // Only repeats get an array: one per test would be most of the work for a large suite.
  const firstRun = new Map<TestId, number>();
  const repeated = new Map<TestId, number[]>();
  for (const shard of [...assignments.keys()].sort((a, b) => a - b)) {
    for (const id of assignments.get(shard)!) {
      const first = firstRun.get(id);
      const runs = repeated.get(id);
      if (first === undefined) firstRun.set(id, shard);
      else if (runs) runs.push(shard);
      else repeated.set(id, [first, shard]);
    }
  }
  const expectedIds = new Set(expected);
  const missing = [...expectedIds].filter((id) => !firstRun.has(id));
  const unknown = [...firstRun.keys()].filter((id) => !expectedIds.has(id));
  const duplicated = [...repeated].map(([id, shards]) => ({ id, shards }));
  return {
    missing: missing.sort(compareCodeUnits),
    duplicated: duplicated.sort((a, b) => compareCodeUnits(a.id, b.id)),
    unknown: unknown.sort(compareCodeUnits),
  };
}

export interface PlanVerification extends CoverageProblems {
  ok: boolean;
  /**
   * Split files without exactly one owner, with the owning shards: with none, tests added since
   * the history was written would run nowhere; with several, they would run more than once.
   */
  owners: { file: string; shards: number[] }[];
  /** Shards whose `tests` list differs from what their files and splits make them run. */
  misreported: number[];
}

/**
 * Check that `plan` runs each of `tests` exactly once, reading the plan the way a shard executes
 * it: a whole file runs all its tests, a non-owner split runs the tests it lists, and the owner of
 * a split file runs the file minus its `excluded` tests.
 */
export function verifyPlan(plan: Plan, tests: readonly EstimatedTest[]): PlanVerification {
  const idsByFile = new Map<string, TestId[]>();
  for (const t of tests) {
    const ids = idsByFile.get(t.file);
    if (ids) ids.push(t.id);
    else idsByFile.set(t.file, [t.id]);
  }

  const assignments = new Map<number, TestId[]>();
  const ownersByFile = new Map<string, number[]>();
  const misreported: number[] = [];
  for (const shard of plan.shards) {
    // A file nothing is known about still runs (whole, or by its owner): it is reported by name,
    // as unknown.
    const idsOf = (file: string) => idsByFile.get(file) ?? [file];
    const runs = shard.files.flatMap(idsOf);
    for (const split of shard.splits) {
      const owners = ownersByFile.get(split.file) ?? [];
      ownersByFile.set(split.file, owners);
      // Loops, not push(...ids): a spread of a very large file would overflow the stack.
      if (split.owner) {
        owners.push(shard.index);
        const excluded = new Set(split.excluded);
        for (const id of idsOf(split.file)) if (!excluded.has(id)) runs.push(id);
      } else {
        for (const id of split.tests) runs.push(id);
      }
    }
    assignments.set(shard.index, runs);
    // As sets: a test a shard runs twice is reported as duplicated below anyway.
    const listed = new Set(shard.tests);
    if (
      listed.size !== shard.tests.length ||
      listed.size !== new Set(runs).size ||
      runs.some((id) => !listed.has(id))
    ) {
      misreported.push(shard.index);
    }
  }

  const owners = [...ownersByFile]
    .filter(([, shards]) => shards.length !== 1)
    .map(([file, shards]) => ({ file, shards: shards.sort((a, b) => a - b) }))
    .sort((a, b) => compareCodeUnits(a.file, b.file));
  const problems = findCoverageProblems(
    assignments,
    tests.map((t) => t.id),
  );
  const ok =
    problems.missing.length === 0 &&
    problems.duplicated.length === 0 &&
    problems.unknown.length === 0 &&
    owners.length === 0 &&
    misreported.length === 0;
  return { ok, ...problems, owners, misreported: misreported.sort((a, b) => a - b) };
}
