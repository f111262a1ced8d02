/**
 * Slower (and faster) tests: this run's duration against the test's own recent passing runs.
 * Robust rule (docs/flaky-and-slow.md): slower when the new time is at least `factor` × the
 * median of the last samples AND at least `floorSeconds` more, so 3 ms → 7 ms is not news;
 * faster is the mirror image. The suite's test time and the shards' start-up use the same
 * factor with a floor `AGGREGATE_FLOOR_MULTIPLE` times larger. Pure.
 */
import { isFailure } from './attempts.js';
import { estimateFromSamples, type History } from './history.js';
import { compareCodeUnits } from './order.js';
import type { TestResult } from './shardResult.js';
import type { TestId } from './types.js';

export interface SlowdownRule {
  /** New ÷ old (or old ÷ new, for faster) must be at least this. */
  factor: number;
  /** And the difference at least this many seconds. */
  floorSeconds: number;
  /** Tests with fewer passing samples than this are not judged. */
  minSamples: number;
}

export const DEFAULT_SLOWDOWN_RULE: SlowdownRule = { factor: 2, floorSeconds: 0.5, minSamples: 3 };

/** The suite total and the start-up are sums of many tests: their floor is this much larger. */
export const AGGREGATE_FLOOR_MULTIPLE = 20;

export interface DurationChange {
  /** A test id, or a label ("suite test time", "shard start-up") for aggregates. */
  id: TestId;
  /** The median of the recent samples, in seconds. */
  beforeSeconds: number;
  /** This run, in seconds. */
  afterSeconds: number;
}

export interface DurationChanges {
  slower: DurationChange[];
  faster: DurationChange[];
}

/** Classifies one measurement against its samples: 'slower', 'faster' or undefined. */
export function judgeDuration(
  samples: readonly number[],
  after: number,
  rule: Pick<SlowdownRule, 'factor' | 'floorSeconds' | 'minSamples'>,
): { verdict: 'slower' | 'faster'; before: number } | undefined {
  if (samples.length < rule.minSamples || !Number.isFinite(after) || after < 0) return undefined;
  const before = estimateFromSamples(samples);
  // Durations are rounded to milliseconds: compare the floor at that precision.
  const floor = rule.floorSeconds - 1e-9;
  if (after >= rule.factor * before && after - before >= floor)
    return { verdict: 'slower', before };
  if (before >= rule.factor * after && before - after >= floor)
    return { verdict: 'faster', before };
  return undefined;
}

/**
 * Tests whose time in this run moved past the rule, biggest change first. Only tests that passed
 * in one attempt count: a failure's time (timeouts, early exits) and a retried test's summed
 * time say nothing about its speed.
 */
export function testDurationChanges(
  previous: History | null,
  results: readonly TestResult[],
  rule: SlowdownRule = DEFAULT_SLOWDOWN_RULE,
): DurationChanges {
  const out: DurationChanges = { slower: [], faster: [] };
  if (!previous) return out;
  for (const r of results) {
    if (r.outcome !== 'passed' || (r.attempts?.some(isFailure) ?? false)) continue;
    const samples = previous.tests[r.id]?.s;
    if (!samples) continue;
    const judged = judgeDuration(samples, r.seconds, rule);
    if (judged)
      out[judged.verdict].push({ id: r.id, beforeSeconds: judged.before, afterSeconds: r.seconds });
  }
  const bySize = (a: DurationChange, b: DurationChange) =>
    Math.abs(b.afterSeconds - b.beforeSeconds) - Math.abs(a.afterSeconds - a.beforeSeconds) ||
    compareCodeUnits(a.id, b.id);
  out.slower.sort(bySize);
  out.faster.sort(bySize);
  return out;
}

/** One aggregate (suite test time, shard start-up) against its recent values. */
export function aggregateChange(
  label: string,
  samples: readonly number[] | undefined,
  after: number | undefined,
  rule: SlowdownRule = DEFAULT_SLOWDOWN_RULE,
): (DurationChange & { verdict: 'slower' | 'faster' }) | undefined {
  if (!samples || after === undefined) return undefined;
  const judged = judgeDuration(samples, after, {
    factor: rule.factor,
    floorSeconds: rule.floorSeconds * AGGREGATE_FLOOR_MULTIPLE,
    minSamples: rule.minSamples,
  });
  return judged
    ? { id: label, beforeSeconds: judged.before, afterSeconds: after, verdict: judged.verdict }
    : undefined;
}
