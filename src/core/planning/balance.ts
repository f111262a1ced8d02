/**
 * The greedy core: longest first onto the least-loaded shard, then a local search of moves and
 * swaps that lowers the heaviest shard. Works on whole-millisecond weights sorted heaviest first.
 */
import { toCandidate, type Candidate, type Suite, type Unit } from './model.js';

/** Longest first, then refinement, over `units` (sorted heaviest first). */
export function scatter(suite: Suite, units: readonly Unit[], splitCount: number): Candidate {
  const weights = units.map((u) => u.ms);
  const loads = new Array<number>(suite.shards).fill(0);
  const shardOf = longestFirst(weights, loads, new Uint8Array(suite.shards));
  refine(weights, shardOf, loads, floorMs(weights, suite.shards));
  return toCandidate(suite, units, shardOf, splitCount);
}

/**
 * The shard whose load passes `allowed` and is preferred by `prefer` over all others (the lowest
 * index on ties), or -1.
 */
export function indexOfBest(
  loads: readonly number[],
  allowed: (load: number, shard: number) => boolean,
  prefer: (a: number, b: number) => boolean,
): number {
  let best = -1;
  loads.forEach((load, shard) => {
    if (allowed(load, shard) && (best < 0 || prefer(load, loads[best]!))) best = shard;
  });
  return best;
}

/** Whole milliseconds: no placement of `weights` beats ceil(total / N) or its heaviest unit. */
export function floorMs(weights: readonly number[], shards: number): number {
  const totalMs = weights.reduce((sum, w) => sum + w, 0);
  return Math.max(Math.ceil(totalMs / shards), weights[0] ?? 0);
}

/**
 * Longest first onto the least-loaded shard (LPT), adding to `loads` and marking `occupied`;
 * `weights` sorted heaviest first. Returns each unit's shard. Among equally loaded shards an empty
 * one wins, so zero-weight units do not pile onto one shard while another stays empty.
 */
export function longestFirst(
  weights: readonly number[],
  loads: number[],
  occupied: Uint8Array,
): Int32Array {
  const shards = loads.length;
  const shardOf = new Int32Array(weights.length);
  // Binary min-heap of shard indices by (load, occupied, index): O(log N) per unit, not a scan.
  const heap = loads.map((_, shard) => shard);
  const lighter = (a: number, b: number) =>
    loads[a]! - loads[b]! || occupied[a]! - occupied[b]! || a - b;
  const siftDown = (start: number) => {
    let at = start;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < shards && lighter(heap[left]!, heap[least]!) < 0) least = left;
      if (right < shards && lighter(heap[right]!, heap[least]!) < 0) least = right;
      if (least === at) return;
      [heap[at], heap[least]] = [heap[least]!, heap[at]!];
      at = least;
    }
  };
  for (let at = Math.floor(shards / 2) - 1; at >= 0; at--) siftDown(at);
  weights.forEach((weight, unit) => {
    const shard = heap[0]!;
    shardOf[unit] = shard;
    loads[shard]! += weight;
    occupied[shard] = 1;
    siftDown(0);
  });
  return shardOf;
}

/**
 * Local search after LPT: repeatedly take the heaviest shard and apply the single move or swap
 * of `weights`' units with another shard that lowers it most, until none helps or `stopAtMs` is
 * reached. `loads` may include work that stays put. Each step lowers the heaviest load without
 * raising any shard to it, so the loop ends.
 */
export function refine(
  weights: readonly number[],
  shardOf: Int32Array,
  loads: number[],
  stopAtMs: number,
): void {
  // Each shard's units by index, which is heaviest first: lets the searches below bisect.
  const members: number[][] = loads.map(() => []);
  shardOf.forEach((shard, unit) => members[shard]!.push(unit));
  const transfer = (unit: number, from: number, to: number) => {
    const source = members[from]!;
    source.splice(insertionPoint(source, unit), 1);
    const target = members[to]!;
    target.splice(insertionPoint(target, unit), 0, unit);
    shardOf[unit] = to;
    loads[from]! -= weights[unit]!;
    loads[to]! += weights[unit]!;
  };

  for (;;) {
    const heavy = indexOfBest(
      loads,
      () => true,
      (a, b) => a > b,
    );
    if (loads[heavy]! <= stopAtMs) return;
    const step = bestStep(weights, members, loads, heavy);
    if (!step) return;
    transfer(step.out, heavy, step.other);
    if (step.back >= 0) transfer(step.back, step.other, heavy);
  }
}

interface Step {
  other: number;
  /** Unit leaving the heavy shard. */
  out: number;
  /** Unit coming back from `other` (a swap), or -1 (a move). */
  back: number;
  /** How much the pair's peak drops. */
  gain: number;
}

function bestStep(
  weights: readonly number[],
  members: readonly number[][],
  loads: readonly number[],
  heavy: number,
): Step | undefined {
  const from = members[heavy]!;
  let best: Step | undefined;
  const consider = (other: number, gap: number, out: number | undefined, back: number) => {
    if (out === undefined) return;
    const delta = weights[out]! - (back >= 0 ? weights[back]! : 0);
    if (delta <= 0 || delta >= gap) return;
    const gain = Math.min(delta, gap - delta);
    if (!best || gain > best.gain) best = { other, out, back, gain };
  };

  // Moves first: a swap is searched over every unit of the other shards, so only when no move helps.
  for (const withSwaps of [false, true]) {
    for (let other = 0; other < loads.length; other++) {
      if (other === heavy) continue;
      const gap = loads[heavy]! - loads[other]!;
      // Whole-millisecond weights: with a gap below 2 nothing can land strictly between.
      if (gap < 2) continue;
      const half = gap / 2;
      if (!withSwaps) {
        // Move: the heavy shard's unit closest to half the gap.
        const at = firstAtMost(weights, from, half, 0);
        consider(other, gap, from[at - 1], -1);
        consider(other, gap, from[at], -1);
        continue;
      }
      // Swap: for each distinct weight on the other shard, the heavy unit closest to it plus half
      // the gap. Both lists are heaviest first, so the search position only moves forward.
      let cursor = 0;
      let previous = -1;
      for (const back of members[other]!) {
        if (weights[back] === previous) continue;
        previous = weights[back]!;
        cursor = firstAtMost(weights, from, previous + half, cursor);
        consider(other, gap, from[cursor - 1], back);
        consider(other, gap, from[cursor], back);
      }
    }
    if (best) return best;
  }
  return undefined;
}

/** First position in `units` (heaviest first), at or after `start`, whose weight is ≤ `limit`. */
function firstAtMost(
  weights: readonly number[],
  units: readonly number[],
  limit: number,
  start: number,
): number {
  let low = start;
  let high = units.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (weights[units[middle]!]! <= limit) high = middle;
    else low = middle + 1;
  }
  return low;
}

function insertionPoint(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
