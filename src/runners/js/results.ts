/**
 * What the JS runners report → evenshard test results. Shared by the Vitest and Jest adapters:
 * the same ids (file + describe path + name, src/core/identity.ts) whichever runner reported.
 */
import { createHash } from 'node:crypto';
import { fileOfTestId, makeTestId } from '../../core/identity.js';
import { compareCodeUnits } from '../../core/order.js';
import type { ShardCollection, TestResult } from '../../core/shardResult.js';
import type { Outcome, TestId } from '../../core/types.js';

export interface JsTestRecord {
  /** POSIX path relative to the project root. */
  file: string;
  /** Describe titles, then the test's own name. */
  names: readonly string[];
  /** The last attempt's outcome. */
  outcome: Outcome;
  /** Every attempt's outcome, oldest first, when the runner retried the test. */
  attempts?: readonly Outcome[];
  seconds: number;
  message?: string;
}

export interface JsResults {
  results: TestResult[];
  /** Ids that more than one test of a file had; the later ones were numbered ` [2]`, ` [3]`…. */
  duplicateNames: string[];
}

/**
 * Ids for the records. (A file's cost outside its tests, its import and collection, is not part
 * of any test: the runners report it as `RunnerCosts.collect`, which the planner charges once
 * per file visit.)
 *
 * Two tests with the same title path in one file (`it('works')` twice) would share an id and
 * look like one test run twice; the second becomes `works [2]`, in the runner's order (source
 * order for both Vitest and Jest), and is reported in `duplicateNames`.
 */
export function jsTestResults(records: readonly JsTestRecord[]): JsResults {
  const seen = new Map<string, number>();
  const duplicateNames = new Set<string>();
  const results: TestResult[] = [];
  for (const r of records) {
    const base = makeTestId(r.file, r.names);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    let id = base;
    if (n > 1) {
      duplicateNames.add(base);
      const names = [...r.names];
      names[names.length - 1] = `${names[names.length - 1] ?? ''} [${n}]`;
      id = makeTestId(r.file, names);
    }
    const result: TestResult = {
      id,
      seconds: Math.round(Math.max(0, r.seconds) * 1e6) / 1e6,
      outcome: r.outcome,
    };
    if (r.message !== undefined && r.message !== '') result.message = r.message;
    if (r.attempts && r.attempts.length > 1) result.attempts = [...r.attempts];
    results.push(result);
  }
  results.sort((a, b) => compareCodeUnits(a.id, b.id));
  return { results, duplicateNames: [...duplicateNames].sort(compareCodeUnits) };
}

/**
 * The attempts of a test the runner retried `retries` times: every retry followed a failure, and
 * the final outcome is the runner's. Undefined when it ran once.
 */
export function retriedAttempts(retries: number, outcome: Outcome): Outcome[] | undefined {
  if (!Number.isInteger(retries) || retries < 1) return undefined;
  return [...Array<Outcome>(retries).fill('failed'), outcome];
}

/** Files a runner reported that this shard did not give it, sorted. */
export function filesNotGiven(reported: Iterable<string>, given: readonly string[]): string[] {
  const mine = new Set(given);
  return [...new Set(reported)].filter((f) => !mine.has(f)).sort(compareCodeUnits);
}

/** The files of a shard: whole files and the files of its splits (these runners never split). */
export function shardFiles(
  shards: readonly {
    index: number;
    files: readonly string[];
    splits: readonly { file: string }[];
  }[],
  index: number,
): string[] {
  const mine = shards.find((s) => s.index === index);
  if (mine === undefined) throw new Error(`the plan has no shard ${index}`);
  return [...new Set([...mine.files, ...mine.splits.map((s) => s.file)])].sort(compareCodeUnits);
}

/**
 * The shard's collection record from what the runner reported. Jest and Vitest report every test
 * of a file they loaded, skipped and todo ones too (and a file that failed to load under the
 * file's own id), so what they reported of the shard's files is what they collected. A shard's
 * file they reported nothing of was never collected: it is left out, and the merge names it.
 */
export function collectionOf(
  mine: readonly string[],
  results: readonly TestResult[],
): ShardCollection {
  const byFile = new Map<string, TestId[]>();
  for (const r of results) {
    const file = fileOfTestId(r.id);
    const ids = byFile.get(file) ?? [];
    if (r.id !== file) ids.push(r.id);
    byFile.set(file, ids);
  }
  const files = mine
    .filter((file) => byFile.has(file))
    .map((file) => {
      const tests = [...byFile.get(file)!].sort(compareCodeUnits);
      const fingerprint = createHash('sha256').update(tests.join('\n')).digest('hex').slice(0, 16);
      return { file, tests, fingerprint };
    });
  return { files, selected: [], deselected: [] };
}

/** A message listing at most `max` items. */
export function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
