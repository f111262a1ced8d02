/**
 * The plan role's choice of shard count with in-memory ports (./ports.ts): with a target wall
 * time it starts the fewest shards whose overhead + slowest shard meets it, within max-shards.
 */
import { describe, expect, it } from 'vitest';
import { rollHistory, serializeHistory } from '../../src/core/history.js';
import { validateStoredPlan } from '../../src/core/storedPlan.js';
import { planRun } from '../../src/roles/planRun.js';
import { ConfigError } from '../../src/errors.js';
import { FakeRunner, MemoryHistory } from './ports.js';
import { RecordingLogger } from '../helpers/logger.js';

/** Eight files of one 60-second test each: N shards take ceil(8 / N) minutes plus the overhead. */
const SUITE = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => [`tests/test_${i}.py`, ['test_slow']]),
);
const runner = new FakeRunner(SUITE);

function history(overheadSeconds: number[]) {
  const text = serializeHistory(
    rollHistory(
      null,
      runner.allIds.map((id) => ({ id, seconds: 60 })),
      overheadSeconds,
      { now: '2026-11-30T00:00:00Z' },
    ),
  );
  return new MemoryHistory({ text, description: 'run 41 on main' });
}

async function plan(
  config: { shards?: number; targetMinutes?: number; maxShards?: number },
  source = history([]),
) {
  const saved: string[] = [];
  const log = new RecordingLogger();
  const outcome = await planRun(
    { maxShards: 16, root: '/checkout', ...config },
    {
      runner,
      history: source,
      planSink: { save: (json) => (saved.push(json), Promise.resolve('memory')) },
      log,
    },
  );
  return { outcome, saved, log };
}

describe('planRun', () => {
  it('a fixed shard count is used as given, and the plan stored for the shards', async () => {
    const { outcome, saved } = await plan({ shards: 3 });
    expect(outcome.shards).toBe(3);
    expect(outcome.advice).toBeUndefined();
    expect(saved).toHaveLength(1);
    const stored = validateStoredPlan(JSON.parse(saved[0]!));
    expect(stored.plan.shards).toHaveLength(3);
    expect(stored.discoveredFiles).toEqual(Object.keys(SUITE));
  });

  it.each([
    // target minutes, measured overhead (s), shards that meet it: ceil(8 / N) min + overhead ≤ target
    [2, [], 4],
    [4, [], 2],
    [2, [30], 8],
    [3, [30], 4],
  ])('target %i min with overhead %j: %i shards', async (targetMinutes, overhead, expected) => {
    const { outcome, saved, log } = await plan({ targetMinutes }, history(overhead));
    expect(outcome.shards).toBe(expected);
    expect(outcome.advice?.meetsTarget).toBe(true);
    expect(validateStoredPlan(JSON.parse(saved[0]!)).plan.shards).toHaveLength(expected);
    expect(log.infos).toContain(
      `evenshard: ${expected} shards meet the ${targetMinutes}-minute target.`,
    );
  });

  it('says so when no count up to max-shards meets the target, and stays within max-shards', async () => {
    const { outcome, log } = await plan({ targetMinutes: 1, maxShards: 4 });
    expect(outcome.advice?.meetsTarget).toBe(false);
    expect(outcome.shards).toBeLessThanOrEqual(4);
    expect(log.infos).toContain(
      `evenshard: no shard count up to 4 meets the 1-minute target; using ${outcome.shards}.`,
    );
  });

  it("refuses a plan with neither 'shards' nor 'target-minutes'", async () => {
    await expect(plan({})).rejects.toThrow(ConfigError);
    await expect(plan({})).rejects.toThrow(/set 'shards' \(a fixed count\) or 'target-minutes'/);
  });
});
