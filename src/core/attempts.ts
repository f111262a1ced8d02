/**
 * Attempts: a test may run more than once in one workflow run — retried by the runner
 * (pytest-rerunfailures `--reruns`, Jest `retryTimes`, Vitest `retry`) or again in a re-run
 * attempt of the job. Every attempt's outcome is kept; the last one decides pass or fail. A test
 * that failed and then passed is flaky: reported, never hidden, never turned into a failure. Pure.
 */
import { compareCodeUnits } from './order.js';
import type { TestResult } from './shardResult.js';
import type { Outcome, TestId } from './types.js';

export function isFailure(outcome: Outcome): boolean {
  return outcome === 'failed' || outcome === 'error';
}

/** The part of a result that attempts are about. */
export interface Attempted {
  outcome: Outcome;
  attempts?: readonly Outcome[];
}

/** Every attempt's outcome, oldest first (one entry when the test ran once). */
export function attemptsOf(result: Attempted): Outcome[] {
  return result.attempts && result.attempts.length > 0 ? [...result.attempts] : [result.outcome];
}

/** Failed (or errored) at least once and then passed or skipped: the final attempt decides. */
export function isFlaky(result: Attempted): boolean {
  return !isFailure(result.outcome) && attemptsOf(result).some(isFailure);
}

/** The flaky results, sorted by id. */
export function flakyResults(results: readonly TestResult[]): TestResult[] {
  return results.filter(isFlaky).sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** "failed → passed": the attempts as a reader sees them. */
export function describeAttempts(result: Attempted): string {
  return attemptsOf(result).join(' → ');
}

/**
 * What a `rerun: failed` attempt need not run again: the tests whose final outcome in the earlier
 * attempt passed or skipped. Everything else of the shard's plan (failed, errored, never
 * reported, new since the plan) runs again. Sorted.
 */
export function rerunSkips(previous: readonly TestResult[]): TestId[] {
  return previous
    .filter((r) => !isFailure(r.outcome))
    .map((r) => r.id)
    .sort(compareCodeUnits);
}

/**
 * One shard's results across two run attempts: a test of `current` supersedes the earlier result
 * of the same id and appends its attempts to the earlier ones; an earlier result `current` does
 * not have is carried over with the attempt it came from (`runAttempt`, absent meaning 1). Every
 * id appears once, sorted.
 *
 * With `carry: false` (a full re-run, not `rerun: failed`) only `current`'s tests are kept: the
 * earlier attempt only lends them its attempts, so a flake across attempts is still seen.
 */
export function combineRunAttempts(
  previous: readonly TestResult[],
  current: readonly TestResult[],
  currentAttempt: number,
  { carry = true }: { carry?: boolean } = {},
): TestResult[] {
  const earlierById = new Map(previous.map((r) => [r.id, r]));
  const byId = new Map<TestId, TestResult>();
  if (carry) for (const r of previous) byId.set(r.id, { ...r });
  for (const r of current) {
    const earlier = earlierById.get(r.id);
    const next: TestResult = { ...r };
    if (earlier) {
      next.attempts = [...attemptsOf(earlier), ...attemptsOf(r)];
      // The first failure explains the flake when the last attempt passed.
      if (next.message === undefined && earlier.message !== undefined)
        next.message = earlier.message;
    }
    byId.set(r.id, withRunAttempt(next, r.runAttempt ?? currentAttempt));
  }
  return [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
}

/** Stamps the run attempt on a result (nothing for attempt 1). */
export function withRunAttempt(result: TestResult, attempt: number): TestResult {
  if (attempt > 1) result.runAttempt = attempt;
  else delete result.runAttempt;
  return result;
}

/** How many results came from each run attempt, ascending by attempt. */
export function resultsByRunAttempt(
  results: readonly TestResult[],
): { attempt: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const r of results) counts.set(r.runAttempt ?? 1, (counts.get(r.runAttempt ?? 1) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([attempt, count]) => ({ attempt, count }));
}
