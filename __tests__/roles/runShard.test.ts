/**
 * The run role's decisions with in-memory ports (./ports.ts): no Python, no stand-in. The e2e
 * tests (__tests__/e2e) keep the real path honest; these pin what the role decides.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollHistory, serializeHistory } from '../../src/core/history.js';
import { shardForUnplannedFile } from '../../src/core/storedPlan.js';
import { planRun } from '../../src/roles/planRun.js';
import { ConfigError, runShard, type RunShardConfig } from '../../src/roles/runShard.js';
import { FakeRunner, MemoryHistory, MemoryOutputs, MemoryPlan, MemorySummary } from './ports.js';
import { RecordingLogger } from '../helpers/logger.js';

const SUITE: Record<string, string[]> = {
  'tests/test_a.py': ['test_1', 'test_2', 'test_3'],
  'tests/test_b.py': ['test_1', 'test_2'],
  'tests/test_c.py': ['test_1'],
  'tests/test_d.py': ['test_1', 'test_2', 'test_3', 'test_4'],
};

async function config(shard: number, shards: number): Promise<RunShardConfig> {
  return {
    shard,
    shards,
    root: '/checkout',
    command: ['pytest'],
    workDir: await mkdtemp(join(tmpdir(), 'evenshard-role-')),
    jobStartedAt: 1_000_000 - 20_000,
    env: {},
  };
}

function ports(runner: FakeRunner, extra: { failingUploads?: boolean } = {}) {
  return {
    runner,
    history: new MemoryHistory(),
    outputs: new MemoryOutputs(extra.failingUploads),
    summary: new MemorySummary(),
    log: new RecordingLogger(),
  };
}

describe('runShard', () => {
  it('replays the stored plan: no history lookup, the plan the runner gets is the stored one', async () => {
    const runner = new FakeRunner(SUITE);
    const { stored } = await planRun(
      { shards: 3, maxShards: 3, root: '/checkout' },
      {
        runner,
        history: new MemoryHistory(),
        planSink: { save: () => Promise.resolve('memory plan') },
        log: new RecordingLogger(),
      },
    );
    const ran: string[] = [];
    for (let shard = 1; shard <= 3; shard++) {
      const p = { ...ports(runner), plan: new MemoryPlan(stored) };
      const outcome = await runShard(await config(shard, 3), p);
      expect(p.history.fetches).toBe(0);
      expect(runner.requests.at(-1)!.plan).toEqual(stored.plan);
      expect(outcome.result.planFingerprint).toBe(stored.plan.fingerprint);
      expect(p.summary.written).toHaveLength(1);
      ran.push(...outcome.result.results.map((r) => r.id));
    }
    expect(ran.sort()).toEqual(runner.allIds.sort());
  });

  it('runs a file the stored plan does not know on the one shard its path hashes to', async () => {
    const planner = new FakeRunner(SUITE);
    const { stored } = await planRun(
      { shards: 2, maxShards: 2, root: '/checkout' },
      {
        runner: planner,
        history: new MemoryHistory(),
        planSink: { save: () => Promise.resolve(null) },
        log: new RecordingLogger(),
      },
    );
    const added = 'tests/test_new.py';
    const runner = new FakeRunner({ ...SUITE, [added]: ['test_1'] });
    const owner = shardForUnplannedFile(added, 2);
    for (const shard of [1, 2]) {
      const p = { ...ports(runner), plan: new MemoryPlan(stored) };
      const { result } = await runShard(await config(shard, 2), p);
      expect(result.results.some((r) => r.id === `${added}::test_1`)).toBe(shard === owner);
      expect(p.log.warnings).toEqual([
        expect.stringContaining('1 test file(s) are not in the run'),
      ]);
    }
  });

  it("refuses a stored plan whose shard count differs from 'shards'", async () => {
    const runner = new FakeRunner(SUITE);
    const { stored } = await planRun(
      { shards: 2, maxShards: 2, root: '/checkout' },
      {
        runner,
        history: new MemoryHistory(),
        planSink: { save: () => Promise.resolve(null) },
        log: new RecordingLogger(),
      },
    );
    const run = runShard(await config(1, 3), { ...ports(runner), plan: new MemoryPlan(stored) });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(/the run's plan has 2 shards but 'shards' is 3/);
  });

  it('an empty shard (more shards than test files) succeeds with a notice and uploads an empty result', async () => {
    const runner = new FakeRunner({ 'tests/test_only.py': ['test_1'] });
    const p = ports(runner);
    const outcome = await runShard(await config(3, 3), p);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.failure).toBeUndefined();
    expect(runner.requests).toEqual([]);
    expect(p.log.notices).toEqual([
      expect.stringContaining(
        'shard 3 has nothing to run: there are more shards (3) than test units',
      ),
    ]);
    expect(p.outputs.results).toHaveLength(1);
    expect(p.outputs.results[0]!.result).toMatchObject({
      shard: 3,
      results: [],
      overheadSeconds: null,
      discoveredFiles: ['tests/test_only.py'],
    });
    expect(p.summary.written).toHaveLength(1);
  });

  it('an upload failure never fails a green run', async () => {
    const runner = new FakeRunner(SUITE);
    const p = ports(runner, { failingUploads: true });
    const outcome = await runShard(await config(1, 2), p);
    expect(p.outputs.results).toHaveLength(1);
    expect(outcome.result.results.length).toBeGreaterThan(0);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.failure).toBeUndefined();
    expect(p.summary.written).toHaveLength(1);
  });

  it('failing tests are uploaded first, then fail the shard', async () => {
    const failing = 'tests/test_b.py::test_2';
    const runner = new FakeRunner(SUITE, new Set([failing]));
    const p = ports(runner);
    const outcome = await runShard(await config(1, 1), p);
    expect(p.outputs.results).toHaveLength(1);
    const uploaded = p.outputs.results[0]!;
    expect(uploaded.result.results.find((r) => r.id === failing)).toMatchObject({
      outcome: 'failed',
      message: 'AssertionError: boom',
    });
    expect(uploaded.result.exitCode).toBe(1);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.failure).toBe('1 of 10 tests failed in shard 1.');
  });

  it('plans from the history when there is no stored plan, and warns and carries on when it is unreadable', async () => {
    const runner = new FakeRunner(SUITE);
    const history = serializeHistory(
      rollHistory(
        null,
        runner.allIds.map((id) => ({ id, seconds: id.includes('test_d') ? 30 : 1 })),
        [],
        {
          now: '2026-11-30T00:00:00Z',
        },
      ),
    );
    const good = {
      ...ports(runner),
      history: new MemoryHistory({ text: history, description: 'run 7 on main' }),
    };
    const { result } = await runShard(await config(1, 2), good);
    expect(good.history.fetches).toBe(1);
    expect(result.estimates.counts.measured).toBe(runner.allIds.length);
    expect(good.log.warnings).toEqual([]);

    const bad = {
      ...ports(runner),
      history: new MemoryHistory({ text: '{ not json', description: 'run 8 on main' }),
    };
    const outcome = await runShard(await config(1, 2), bad);
    expect(bad.log.warnings).toEqual([
      expect.stringContaining('the history from run 8 on main is unreadable'),
    ]);
    expect(outcome.result.estimates.counts.measured).toBe(0);
    expect(outcome.exitCode).toBe(0);
  });

  it('refuses shard > shards as bad configuration', async () => {
    await expect(runShard(await config(3, 2), ports(new FakeRunner(SUITE)))).rejects.toThrow(
      /shard 3 is greater than shards \(2\)/,
    );
  });
});
