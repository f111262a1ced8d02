/**
 * Flakiness across runs: a test whose recent outcomes on the base branch flip between pass and
 * fail more often than a threshold. The outcomes come from the history (one mark per run,
 * outages left out, see history.ts); the rule is documented in docs/flaky-and-slow.md. Pure.
 */
import type { History, OutcomeMark } from './history.js';
import { compareCodeUnits } from './order.js';
import type { TestId } from './types.js';

export interface FlakinessRule {
  /** Fewer recorded runs than this say nothing either way. */
  minRuns: number;
  /** A test is flaky when flips ÷ runs is MORE than this (0…1). */
  flipRate: number;
}

export const DEFAULT_FLAKINESS_RULE: FlakinessRule = { minRuns: 5, flipRate: 0.2 };

export interface FlakyAcrossRuns {
  id: TestId;
  /** The recorded outcomes, oldest first (`P`, `F`, `R`). */
  outcomes: string;
  flips: number;
  /** flips ÷ recorded runs. */
  rate: number;
}

function passes(mark: string): boolean {
  return mark !== 'F';
}

/**
 * Runs that flipped: a run whose pass/fail differs from the run before it (`P`/`R` pass, `F`
 * fails), or that passed only after a failed attempt (`R`, it flipped by itself). At most one per
 * run, so the rate stays within 0…1.
 */
export function countFlips(outcomes: string): number {
  let flips = 0;
  for (let i = 0; i < outcomes.length; i++) {
    const mark = outcomes[i] as OutcomeMark;
    if (mark === 'R' || (i > 0 && passes(mark) !== passes(outcomes[i - 1]!))) flips += 1;
  }
  return flips;
}

export function flipRate(outcomes: string): number {
  return outcomes.length === 0 ? 0 : countFlips(outcomes) / outcomes.length;
}

/**
 * The tests of `ids` (those this run ran) that the previous history shows as flaky, most flaky
 * first. Reads the base branch's history as it was BEFORE this run, so a pull request that
 * breaks a test does not make that test look flaky.
 */
export function flakyAcrossRuns(
  previous: History | null,
  ids: Iterable<TestId>,
  rule: FlakinessRule = DEFAULT_FLAKINESS_RULE,
): FlakyAcrossRuns[] {
  if (!previous) return [];
  const out: FlakyAcrossRuns[] = [];
  for (const id of new Set(ids)) {
    const outcomes = previous.tests[id]?.o ?? '';
    if (outcomes.length < rule.minRuns) continue;
    const flips = countFlips(outcomes);
    const rate = flips / outcomes.length;
    if (rate > rule.flipRate) out.push({ id, outcomes, flips, rate });
  }
  return out.sort((a, b) => b.rate - a.rate || compareCodeUnits(a.id, b.id));
}
