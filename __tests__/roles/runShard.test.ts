/**
 * The run role's decisions with in-memory ports (./ports.ts): no Python, no stand-in. The e2e
 * tests (__tests__/e2e) keep the real path honest; these pin what the role decides.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollHistory, serializeHistory } from '../../src/core/history.js';
import { parseQuarantine } from '../../src/core/quarantine.js';
import { shardForUnplannedFile } from '../../src/core/storedPlan.js';
import { planRun } from '../../src/roles/planRun.js';
import { ConfigError } from '../../src/errors.js';
import { runShard, type RunShardConfig } from '../../src/roles/runShard.js';
import {
  FakeRunner,
  MemoryHistory,
  MemoryOutputs,
  MemoryPlan,
  MemorySummary,
  StartingRunner,
} from './ports.js';
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

  it('a whole file heavier than total ÷ N: its shard names it and by how much, the summary escapes it', async () => {
    const heavy = 'tests/test_<b>big</b>.py';
    const runner = new FakeRunner({ ...SUITE, [heavy]: ['test_1', 'test_2'] });
    runner.selectsSingleTests = false;
    const history = serializeHistory(
      rollHistory(
        null,
        runner.allIds.map((id) => ({ id, seconds: id.startsWith(heavy) ? 30 : 1 })),
        [],
        { now: '2026-11-30T00:00:00Z' },
      ),
    );
    // 60 s of the heavy file, 10 s of the rest: total ÷ 2 is 35 s, the file 25 s (71%) over it.
    const notices: string[][] = [];
    const summaries: string[] = [];
    for (const shard of [1, 2]) {
      const p = {
        ...ports(runner),
        history: new MemoryHistory({ text: history, description: 'run 7 on main' }),
      };
      const { result } = await runShard(await config(shard, 2), p);
      expect(result.heavyFiles).toEqual([
        { file: heavy, seconds: 60, shareSeconds: 35, shard: expect.any(Number) as number },
      ]);
      notices.push(p.log.notices);
      summaries.push(p.summary.written.join(''));
    }
    expect(notices.flat()).toEqual([
      `evenshard: ${JSON.stringify(heavy)} takes ~1m 00s and runs whole: 71% (25s) over the suite's total ÷ 2 shards (35s). No plan can make the slowest shard shorter than this file; split it into smaller files to go faster.`,
    ]);
    for (const summary of summaries) {
      expect(summary).toContain('<code>tests/test&#95;&lt;b&gt;big&lt;/b&gt;.py</code> runs whole');
      expect(summary).not.toContain('<b>big');
      expect(summary).toMatch(/71% \(25s\) over<\/b> total ÷ 2 shards/);
    }
  });

  it('refuses shard > shards as bad configuration', async () => {
    await expect(runShard(await config(3, 2), ports(new FakeRunner(SUITE)))).rejects.toThrow(
      /shard is 3 but shards is 2/,
    );
  });
});

describe('runShard: a test process started before the plan', () => {
  it('starts it first, hands it the same request a plain run gets, and counts it from the hand-over', async () => {
    const plain = new FakeRunner(SUITE);
    const early = new StartingRunner(SUITE);
    const cfg = await config(2, 2);
    const { result: plainResult } = await runShard(cfg, ports(plain));
    const { result } = await runShard(cfg, ports(early));
    expect(early.events).toEqual([`start in ${cfg.workDir}`, 'hand-over']);
    expect(early.requests).toEqual(plain.requests);
    expect(result.results).toEqual(plainResult.results);
    // The process started 5 s before the hand-over: those seconds overlapped planning and are
    // counted in no phase; the command's wall runs from the hand-over.
    expect(result.phases?.processStart).toBeLessThan(1);
    expect(result.testSeconds).toBeCloseTo(result.results.length + 1, 0);
  });

  it('an empty shard stops the started process and never hands it a selection', async () => {
    const runner = new StartingRunner({ 'tests/test_only.py': ['test_1'] });
    const outcome = await runShard(await config(3, 3), ports(runner));
    expect(outcome.exitCode).toBe(0);
    expect(runner.events).toEqual([expect.stringMatching(/^start in /), 'cancel']);
    expect(runner.requests).toEqual([]);
  });

  it('a failure before the hand-over (bad configuration) stops the started process', async () => {
    const runner = new StartingRunner(SUITE);
    const { stored } = await planRun(
      { shards: 2, maxShards: 2, root: '/checkout' },
      {
        runner: new FakeRunner(SUITE),
        history: new MemoryHistory(),
        planSink: { save: () => Promise.resolve(null) },
        log: new RecordingLogger(),
      },
    );
    await expect(
      runShard(await config(1, 3), { ...ports(runner), plan: new MemoryPlan(stored) }),
    ).rejects.toThrow(ConfigError);
    expect(runner.events).toEqual([expect.stringMatching(/^start in /), 'cancel']);
  });
});

describe('runShard: attempts and quarantine', () => {
  const FAILING = 'tests/test_a.py::test_2';
  const attempt1 = async () => {
    const p = ports(new FakeRunner(SUITE, new Set([FAILING])));
    const outcome = await runShard(await config(1, 1), p);
    expect(outcome.exitCode).toBe(1);
    return outcome.result;
  };

  it('rerun: failed runs only what failed, carries the rest and decides by the last attempt', async () => {
    const first = await attempt1();
    const runner = new FakeRunner(SUITE);
    const p = {
      ...ports(runner),
      previousAttempt: { fetch: () => Promise.resolve(JSON.stringify(first)) },
    };
    const outcome = await runShard(
      { ...(await config(1, 1)), runAttempt: 2, rerunFailed: true },
      p,
    );
    expect(outcome.exitCode).toBe(0);
    expect(runner.requests[0]!.done).toEqual(runner.allIds.filter((id) => id !== FAILING).sort());
    const { result } = outcome;
    expect(result.results.map((r) => r.id)).toEqual(first.results.map((r) => r.id));
    expect(result.results.filter((r) => r.runAttempt === 2)).toEqual([
      expect.objectContaining({ id: FAILING, outcome: 'passed', attempts: ['failed', 'passed'] }),
    ]);
    expect(result.runAttempt).toBe(2);
    expect(result.rerun).toEqual({ fromAttempt: 1, carried: first.results.length - 1, ran: 1 });
    expect(p.summary.written[0]).toMatch(/Flaky in this run: 1 test failed, then passed/);
  });

  it('a full re-run (rerun: all) runs everything and still sees the flake', async () => {
    const first = await attempt1();
    const runner = new FakeRunner(SUITE);
    const outcome = await runShard(
      { ...(await config(1, 1)), runAttempt: 2 },
      {
        ...ports(runner),
        previousAttempt: { fetch: () => Promise.resolve(JSON.stringify(first)) },
      },
    );
    expect(runner.requests[0]!.done).toBeUndefined();
    expect(outcome.result.rerun).toBeUndefined();
    expect(outcome.result.results.every((r) => r.runAttempt === 2)).toBe(true);
    expect(outcome.result.results.find((r) => r.id === FAILING)!.attempts).toEqual([
      'failed',
      'passed',
    ]);
  });

  it('an earlier attempt with another plan is not trusted: the whole plan runs', async () => {
    const first = { ...(await attempt1()), planFingerprint: 'e'.repeat(64) };
    const runner = new FakeRunner(SUITE);
    const p = {
      ...ports(runner),
      previousAttempt: { fetch: () => Promise.resolve(JSON.stringify(first)) },
    };
    const outcome = await runShard(
      { ...(await config(1, 1)), runAttempt: 2, rerunFailed: true },
      p,
    );
    expect(runner.requests[0]!.done).toBeUndefined();
    expect(outcome.result.results).toHaveLength(runner.allIds.length);
    expect(p.log.warnings.join('\n')).toMatch(/used plan eeeeeeeeeeee.*running the whole plan/);
  });

  it('a quarantined failure is reported and does not fail the shard; others still do', async () => {
    const quarantine = parseQuarantine(`${FAILING}\n`, 'quarantine.txt');
    const p = ports(new FakeRunner(SUITE, new Set([FAILING])));
    const outcome = await runShard({ ...(await config(1, 1)), quarantine }, p);
    expect(outcome.exitCode).toBe(0);
    expect(p.summary.written[0]).toMatch(/Quarantined 1 failure: not failing the job/);
    expect(p.log.warnings.join('\n')).toContain(FAILING);

    const both = ports(new FakeRunner(SUITE, new Set([FAILING, 'tests/test_b.py::test_1'])));
    const failing = await runShard({ ...(await config(1, 1)), quarantine }, both);
    expect(failing.exitCode).toBe(1);
    expect(failing.failure).toMatch(/1 of \d+ tests failed in shard 1 \(1 more are quarantined\)/);
  });
});
