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
  const runsOf = new Map<TestId, number[]>();
  for (const shard of [...assignments.keys()].sort((a, b) => a - b)) {
    for (const id of assignments.get(shard)!) {
      const runs = runsOf.get(id);
      if (runs) runs.push(shard);
      else runsOf.set(id, [shard]);
    }
  }
  const expectedIds = new Set(expected);
  const missing = [...expectedIds].filter((id) => !runsOf.has(id));
  const unknown = [...runsOf.keys()].filter((id) => !expectedIds.has(id));
  const duplicated = [...runsOf]
    .filter(([, shards]) => shards.length > 1)
    .map(([id, shards]) => ({ id, shards }));
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
    // A whole file nothing is known about still runs: it is reported by name, as unknown.
    const runs = shard.files.flatMap((file) => idsByFile.get(file) ?? [file]);
    for (const split of shard.splits) {
      const owners = ownersByFile.get(split.file) ?? [];
      ownersByFile.set(split.file, owners);
      if (split.owner) {
        owners.push(shard.index);
        const excluded = new Set(split.excluded);
        runs.push(...(idsByFile.get(split.file) ?? []).filter((id) => !excluded.has(id)));
      } else {
        runs.push(...split.tests);
      }
    }
    assignments.set(shard.index, runs);
    const listed = [...shard.tests].sort(compareCodeUnits);
    runs.sort(compareCodeUnits);
    if (listed.length !== runs.length || listed.some((id, i) => id !== runs[i])) {
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
