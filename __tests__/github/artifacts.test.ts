/** The merge's bounded concurrent downloads (RunArtifacts → mapConcurrently). */
import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../src/github/artifacts.js';

/** A task that resolves when the test says so, recording how many ran at once. */
function gate() {
  let running = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  const work = async (n: number): Promise<number> => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => waiting.push(resolve));
    running -= 1;
    return n * 10;
  };
  return {
    work,
    get peak() {
      return peak;
    },
    get started() {
      return waiting.length;
    },
    /** Releases every task started so far; later ones wait for the next call. */
    release: async () => {
      for (const resolve of waiting.splice(0)) resolve();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('mapConcurrently', () => {
  it('runs at most `limit` at once, starts the next as one finishes, keeps the order', async () => {
    const g = gate();
    const items = Array.from({ length: 10 }, (_, i) => i);
    const done = mapConcurrently(items, 4, g.work);
    await new Promise((resolve) => setImmediate(resolve));
    expect(g.started).toBe(4);
    while (g.started > 0) await g.release();
    await expect(done).resolves.toEqual(items.map((n) => n * 10));
    expect(g.peak).toBe(4);
  });

  it('handles fewer items than the limit, and none', async () => {
    await expect(mapConcurrently([1, 2], 8, async (n) => n + 1)).resolves.toEqual([2, 3]);
    await expect(mapConcurrently([], 4, async (n: number) => n)).resolves.toEqual([]);
  });
});
