/**
 * Exactly-once checks. `verifyPlan` reads a plan the way the shards execute it and checks that
 * it runs every test once (`findCoverageProblems`); `proveExactlyOnce` is what the merge runs:
 * from the shards' own records of what they were given, collected and ran, every test has exactly
 * one result, or it is named with the shard that should have run it and why.
 */
import { fileOfTestId } from './identity.js';
import { compareCodeUnits } from './order.js';
import { SHARD_RESULT_SCHEMA, type ShardResult } from './shardResult.js';
import type { EstimatedTest, Plan, TestId } from './types.js';

export interface PlanVerification {
  ok: boolean;
  /** Expected tests no shard runs, sorted. */
  missing: TestId[];
  /**
   * Tests run more than once, sorted by id, with the shard of every run in ascending order (a
   * shard appears twice if it runs the test twice).
   */
  duplicated: { id: TestId; shards: number[] }[];
  /** Tests some shard runs that were not expected, sorted. */
  unknown: TestId[];
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
 * a split file runs the file minus its `excluded` tests. The check itself is the merge's:
 * each shard becomes the record it would upload had it run exactly its part.
 */
export function verifyPlan(plan: Plan, tests: readonly EstimatedTest[]): PlanVerification {
  const idsByFile = new Map<string, TestId[]>();
  for (const t of tests) {
    const ids = idsByFile.get(t.file);
    if (ids) ids.push(t.id);
    else idsByFile.set(t.file, [t.id]);
  }

  const records: ShardResult[] = [];
  const ownersByFile = new Map<string, number[]>();
  const misreported: number[] = [];
  for (const shard of plan.shards) {
    // A file nothing is known about still runs (whole, or by its owner): it is reported by name,
    // as unknown.
    const idsOf = (file: string) => idsByFile.get(file) ?? [file];
    const runs = shard.files.flatMap(idsOf);
    const selected: TestId[] = [];
    for (const split of shard.splits) {
      const owners = ownersByFile.get(split.file) ?? [];
      ownersByFile.set(split.file, owners);
      // Loops, not push(...ids): a spread of a very large file would overflow the stack.
      const part: TestId[] = [];
      if (split.owner) {
        owners.push(shard.index);
        const excluded = new Set(split.excluded);
        for (const id of idsOf(split.file)) if (!excluded.has(id)) part.push(id);
      } else {
        for (const id of split.tests) part.push(id);
      }
      for (const id of part) {
        runs.push(id);
        selected.push(id);
      }
    }
    // As sets: a test a shard runs twice is reported as duplicated below anyway.
    const listed = new Set(shard.tests);
    if (
      listed.size !== shard.tests.length ||
      listed.size !== new Set(runs).size ||
      runs.some((id) => !listed.has(id))
    ) {
      misreported.push(shard.index);
    }
    const collected = (file: string, split: boolean) => ({
      file,
      tests: idsByFile.get(file) ?? [],
      fingerprint: '',
      split,
    });
    records.push({
      schema: SHARD_RESULT_SCHEMA,
      shard: shard.index,
      shards: plan.shards.length,
      framework: 'plan',
      planFingerprint: plan.fingerprint,
      estimatedSeconds: shard.estimatedSeconds,
      makespanSeconds: plan.makespanSeconds,
      lowerBoundSeconds: plan.lowerBoundSeconds,
      plannedFiles: [...shard.files, ...shard.splits.filter((p) => p.owner).map((p) => p.file)],
      plannedTests: shard.tests,
      discoveredFiles: [],
      overheadSeconds: null,
      testSeconds: 0,
      exitCode: 0,
      status: { signal: null, finished: true },
      collection: {
        files: [
          ...shard.files.map((f) => collected(f, false)),
          ...shard.splits.map((p) => collected(p.file, true)),
        ],
        selected,
        deselected: [],
      },
      estimates: {
        counts: { measured: 0, file: 0, directory: 0, suite: 0, proxy: 0 },
        suiteEstimateSeconds: 0,
      },
      results: runs.map((id) => ({ id, seconds: 0, outcome: 'passed' })),
    });
  }
  for (const t of tests) {
    // A test in a file no shard runs: the merge would see the file discovered.
    if (records.length > 0) records[0]!.discoveredFiles.push(t.file);
  }

  const proof = proveExactlyOnce(records, plan.shards.length);
  const expected = new Set(tests.map((t) => t.id));
  const unknown = new Set<TestId>();
  for (const r of records) for (const { id } of r.results) if (!expected.has(id)) unknown.add(id);
  const owners = [...ownersByFile]
    .filter(([, shards]) => shards.length !== 1)
    .map(([file, shards]) => ({ file, shards: shards.sort((a, b) => a - b) }))
    .sort((a, b) => compareCodeUnits(a.file, b.file));
  const missing = proof.lost.flatMap((l) =>
    expected.has(l.id) ? [l.id] : l.id === l.file ? (idsByFile.get(l.file) ?? []) : [],
  );
  const result = {
    missing: [...new Set(missing)].sort(compareCodeUnits),
    duplicated: proof.duplicated,
    unknown: [...unknown].sort(compareCodeUnits),
    owners,
    misreported: misreported.sort((a, b) => a - b),
  };
  const ok =
    result.missing.length === 0 &&
    result.duplicated.length === 0 &&
    result.unknown.length === 0 &&
    owners.length === 0 &&
    result.misreported.length === 0;
  return { ok, ...result };
}

/** Why a test that should have run has no result. */
export type LostReason =
  | 'no-results'
  | 'killed'
  | 'crashed'
  | 'exited-early'
  | 'stopped-early'
  | 'deselected'
  | 'not-collected'
  | 'not-selected'
  | 'not-run';

export interface LostTest {
  /** The test id, or the file when nothing of it is known but its name. */
  id: TestId;
  file: string;
  /** The shard that should have run it, or null when no reporting shard was given it. */
  shard: number | null;
  reason: LostReason;
  /** One sentence saying why, naming the shard. */
  why: string;
}

export interface ExactlyOnceProof {
  /** Shards 1…N that uploaded no results. */
  missingShards: number[];
  /** Shards that ended abnormally (killed, crashed, exited early, could not start). */
  failedShards: { shard: number; problem: string }[];
  /** Every test (or file) that should have run and has no result, sorted by id. */
  lost: LostTest[];
  /** Results that appear more than once, with the shard of every result. */
  duplicated: { id: TestId; shards: number[] }[];
  /**
   * Files that shards collected differently in one run: their ids do not name the same tests in
   * every process, so splitting them runs some tests twice and others never.
   */
  unstableFiles: { file: string; shards: number[] }[];
  /** Planned tests that the shards did not find in their files: deleted or renamed. */
  gone: { id: TestId; shard: number }[];
  /** Tests that ran but no shard's plan listed (new since the history), when there was one. */
  newTests: TestId[];
  /** How many tests (or whole files) the proof accounted for. */
  accounted: number;
}

/**
 * Proves from the shards' own records alone that every test ran exactly once, or names what did
 * not. What should run: every file a shard discovered, collected or was planned, with the ids the
 * shards collected from it (all of them, before each shard took its part) or, where no shard
 * collected it, the ids the plans listed, or else the file as one unit. Each must have exactly
 * one result. A file-level result (a module that failed to import or skipped itself, a runner that
 * reports per file) accounts for every test in that file or folder.
 */
export function proveExactlyOnce(
  shardResults: readonly ShardResult[],
  expectedShards?: number,
): ExactlyOnceProof {
  const sorted = [...shardResults].sort((a, b) => a.shard - b.shard);
  const byShard = new Map(sorted.map((r) => [r.shard, r]));
  const shards = Math.max(expectedShards ?? 0, ...sorted.map((r) => r.shards), 0);
  const missingShards: number[] = [];
  for (let i = 1; i <= shards; i++) if (!byShard.has(i)) missingShards.push(i);
  const failedShards = sorted
    .filter((r) => r.status?.problem !== undefined)
    .map((r) => ({ shard: r.shard, problem: r.status.problem! }));

  const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const ranIn = new Map<TestId, number[]>();
  const ranByFile = new Map<string, TestId[]>();
  for (const r of sorted) {
    for (const result of r.results) {
      if (!ranIn.has(result.id)) push(ranByFile, fileOfTestId(result.id), result.id);
      push(ranIn, result.id, r.shard);
    }
  }
  const collections = new Map<
    string,
    { shard: number; tests: Set<TestId>; fingerprint: string; split: boolean }[]
  >();
  const selectedBy = new Map<TestId, number>();
  const deselectedBy = new Map<TestId, number>();
  for (const r of sorted) {
    if (!r.collection) continue;
    for (const f of r.collection.files) {
      push(collections, f.file, {
        shard: r.shard,
        tests: new Set(f.tests),
        fingerprint: f.fingerprint,
        split: f.split === true,
      });
    }
    for (const id of r.collection.selected) if (!selectedBy.has(id)) selectedBy.set(id, r.shard);
    for (const id of r.collection.deselected) deselectedBy.set(id, r.shard);
  }
  const plannedBy = new Map<TestId, number[]>();
  const plannedByFile = new Map<string, TestId[]>();
  const filePlannedBy = new Map<string, number[]>();
  for (const r of sorted) {
    for (const id of r.plannedTests) {
      if (!plannedBy.has(id) && fileOfTestId(id) !== id) push(plannedByFile, fileOfTestId(id), id);
      push(plannedBy, id, r.shard);
    }
    for (const f of r.plannedFiles) push(filePlannedBy, f, r.shard);
  }
  const files = new Set<string>();
  for (const r of sorted) {
    for (const f of r.discoveredFiles) files.add(f);
    for (const f of r.plannedFiles) files.add(f);
  }
  for (const f of collections.keys()) files.add(f);
  for (const f of plannedByFile.keys()) files.add(f);
  for (const f of ranByFile.keys()) files.add(f);

  // A file-level result covers its file, or every file in its folder (a package whose conftest
  // failed to import).
  const covered = (file: string): boolean => {
    for (let at = file.length; at > 0; at = file.lastIndexOf('/', at - 1)) {
      const ids = ranIn.get(file.slice(0, at));
      if (ids !== undefined) return true;
    }
    return false;
  };
  const plansDiffer = new Set(sorted.map((r) => r.planFingerprint)).size > 1;
  const lost: LostTest[] = [];
  const unstableFiles: ExactlyOnceProof['unstableFiles'] = [];
  const gone: ExactlyOnceProof['gone'] = [];
  let accounted = 0;

  // The shard whose part a test was: the one that picked it, else the one planned to run it, else
  // the one running its file (whole, or as the owner of a split file: unless the owner's own
  // record shows it left the test to another shard).
  const ownerOf = (id: TestId, file: string): number | null => {
    const picked = selectedBy.get(id) ?? plannedBy.get(id)?.[0];
    if (picked !== undefined) return picked;
    for (const shard of filePlannedBy.get(file) ?? []) {
      const mine = collections.get(file)?.find((c) => c.shard === shard);
      if (!mine?.split || !mine.tests.has(id)) return shard;
    }
    return null;
  };
  const lose = (id: TestId, file: string) => {
    const shard = ownerOf(id, file);
    lost.push({ id, file, shard, ...lostReason(id, file, shard) });
  };
  const lostReason = (
    id: TestId,
    file: string,
    shard: number | null,
  ): { reason: LostReason; why: string } => {
    if (shard === null) {
      if (missingShards.length > 0) {
        return {
          reason: 'no-results',
          why: `no reporting shard was given it; ${shardList(missingShards)} uploaded no results`,
        };
      }
      return {
        reason: 'not-selected',
        why: plansDiffer
          ? 'no shard was given it: the shards ran different plans'
          : 'no shard was given it',
      };
    }
    const r = byShard.get(shard);
    if (r === undefined) {
      return {
        reason: 'no-results',
        why: `shard ${shard} uploaded no results (cancelled, or it failed before uploading)`,
      };
    }
    const status = r.status;
    if (status?.signal)
      return { reason: 'killed', why: `shard ${shard} was killed by ${status.signal}` };
    if (status?.problem !== undefined) {
      return {
        reason: status.finished ? 'crashed' : 'exited-early',
        why: `shard ${shard} failed: ${status.problem}`,
      };
    }
    if (deselectedBy.get(id) === shard) {
      return {
        reason: 'deselected',
        why: `shard ${shard}'s test command deselected it (-k, -m, --deselect, --lf …)`,
      };
    }
    if (status?.stopped) {
      return { reason: 'stopped-early', why: `shard ${shard} stopped early: ${status.stopped}` };
    }
    const mine = collections.get(file)?.find((c) => c.shard === shard);
    if (r.collection && mine === undefined) {
      return {
        reason: 'not-collected',
        why: `shard ${shard} never collected ${file} (a path in the test command, collect_ignore or python_files leaves it out)`,
      };
    }
    if (mine !== undefined && !mine.tests.has(id)) {
      return { reason: 'not-collected', why: `shard ${shard} did not collect it` };
    }
    if (mine?.split && selectedBy.get(id) === undefined) {
      return {
        reason: 'not-selected',
        why: `shard ${shard} collected it but no shard selected it${plansDiffer ? ': the shards ran different plans' : ''}`,
      };
    }
    return {
      reason: 'not-run',
      why: `shard ${shard} ${r.collection ? 'collected' : 'was given'} it but reported no result for it`,
    };
  };

  for (const file of [...files].sort(compareCodeUnits)) {
    const fileCovered = covered(file);
    const ran = ranByFile.get(file) ?? [];
    const found = collections.get(file);
    let expected: TestId[];
    if (found !== undefined) {
      const union = new Set<TestId>();
      for (const c of found) for (const id of c.tests) union.add(id);
      const differ =
        found.length > 1 &&
        found.some((c) => c.fingerprint !== found[0]!.fingerprint || c.tests.size !== union.size);
      if (differ) unstableFiles.push({ file, shards: found.map((c) => c.shard) });
      for (const id of plannedByFile.get(file) ?? []) {
        if (!union.has(id) && !ranIn.has(id)) gone.push({ id, shard: plannedBy.get(id)![0]! });
      }
      for (const id of ran) union.add(id);
      expected = [...union];
    } else {
      const planned = plannedByFile.get(file) ?? [];
      const union = new Set<TestId>([...planned, ...ran]);
      // A shard that cannot tell what it collected, and ended normally, did run the file: its
      // planned tests with no result were deleted or renamed (the same as without records).
      expected = [];
      for (const id of union) {
        const owner = plannedBy.get(id)?.[0];
        const r = owner === undefined ? undefined : byShard.get(owner);
        if (
          !ranIn.has(id) &&
          r &&
          !r.collection &&
          r.status?.problem === undefined &&
          ran.length > 0
        ) {
          gone.push({ id, shard: owner! });
        } else expected.push(id);
      }
      if (expected.length === 0 && ran.length === 0 && planned.length === 0) {
        accounted += 1;
        if (!fileCovered) lose(file, file);
        continue;
      }
      // Nothing of it ran and no record says what it holds: a missing shard may have had tests
      // of it that no reporting shard knows by name.
      if (ran.length === 0 && missingShards.length > 0 && !fileCovered) {
        lost.push({ id: file, file, shard: null, ...lostReason(file, file, null) });
      }
    }
    for (const id of expected) {
      accounted += 1;
      if (!ranIn.has(id) && !fileCovered) lose(id, file);
    }
  }

  const duplicated = [...ranIn]
    .filter(([, s]) => s.length > 1)
    .map(([id, s]) => ({ id, shards: s }))
    .sort((a, b) => compareCodeUnits(a.id, b.id));
  const hadHistory = sorted.some((r) => r.estimates.counts.measured > 0);
  const newTests = hadHistory
    ? [...ranIn.keys()]
        .filter((id) => !plannedBy.has(id) && fileOfTestId(id) !== id)
        .sort(compareCodeUnits)
    : [];
  lost.sort((a, b) => compareCodeUnits(a.id, b.id));
  gone.sort((a, b) => compareCodeUnits(a.id, b.id));
  return {
    missingShards,
    failedShards,
    lost,
    duplicated,
    unstableFiles,
    gone,
    newTests,
    accounted,
  };
}

/** "shard 2", "shards 2 and 3", "shards 1, 2 and 4". */
export function shardList(shards: readonly number[]): string {
  if (shards.length === 1) return `shard ${shards[0]}`;
  return `shards ${shards.slice(0, -1).join(', ')} and ${shards[shards.length - 1]}`;
}
