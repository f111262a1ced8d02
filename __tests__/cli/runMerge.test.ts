/**
 * `evenshard run` and `evenshard merge` through the BUILT CLI on a copy of the example project
 * with real pytest: the path other CI systems and laptops use, with the store in a folder.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_NODE } from '../helpers/bundleNode.js';
import type { ShardResult } from '../../src/core/shardResult.js';
import { findPython } from '../helpers/python.js';

const cliPath = join(resolve(process.env.EVENSHARD_DIST ?? 'dist'), 'cli', 'index.js');
const python = findPython({ coverage: true });
const SHARDS = 3;

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(BUNDLE_NODE, [cliPath, ...args], {
    encoding: 'utf8',
    env: { ...process.env, EVENSHARD_EXAMPLE_TIME_SCALE: '0.1', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!python)('evenshard run + merge on the example project', () => {
  let work: string;
  let project: string;
  let store: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'evenshard-cli-run-'));
    project = join(work, 'project');
    store = join(work, 'store');
    await cp(resolve('examples/pytest-project'), project, { recursive: true });
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  const PYTEST = ['-m', 'pytest', '-q', '-p', 'no:cacheprovider'];
  const runShard = (
    shard: number,
    {
      flags = [],
      env = {},
      command = PYTEST,
    }: { flags?: string[]; env?: NodeJS.ProcessEnv; command?: string[] } = {},
  ) =>
    cli(
      [
        'run',
        '--shards',
        String(SHARDS),
        '--shard',
        String(shard),
        '--store',
        store,
        '--root',
        project,
        ...flags,
        '--',
        python!.executable,
        ...command,
      ],
      env,
    );

  const results = async (shard: number) =>
    JSON.parse(
      await readFile(join(store, 'results', `shard-${shard}`, 'results.json'), 'utf8'),
    ) as ShardResult;

  it('runs every test exactly once across the shards and merges them into a history', async () => {
    for (let shard = 1; shard <= SHARDS; shard++) {
      const run = runShard(shard);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^shard ${shard}/${SHARDS}: \\d+ tests`, 'm'));
    }
    const ran = (await Promise.all([1, 2, 3].map(results))).flatMap((r) =>
      r.results.map((t) => t.id),
    );
    const serial = spawnSync(
      python!.executable,
      ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider'],
      { cwd: project, encoding: 'utf8' },
    );
    const collected = serial.stdout.split('\n').filter((line) => line.includes('::'));
    expect(collected.length).toBeGreaterThan(20);
    expect(ran.sort()).toEqual(collected.sort());

    const merge = cli(['merge', '--store', store, '--shards', String(SHARDS)]);
    expect(merge.status, merge.stderr).toBe(0);
    expect(merge.stdout.split('\n')[0]).toMatch(/^### ✅ \d+ tests in 3 shards/);
    const history = JSON.parse(await readFile(join(store, 'history.json'), 'utf8')) as {
      schema: string;
      run: number;
      tests: Record<string, unknown>;
    };
    expect(history.schema).toBe('evenshard-history/3');
    expect(history.run).toBe(1);
    expect(Object.keys(history.tests).sort()).toEqual(collected.sort());
  });

  it('plans the next round from that history (measured estimates, same fingerprint in every shard)', async () => {
    for (let shard = 1; shard <= SHARDS; shard++) expect(runShard(shard).status).toBe(0);
    const round = await Promise.all([1, 2, 3].map(results));
    expect(new Set(round.map((r) => r.planFingerprint)).size).toBe(1);
    expect(round[0]!.estimates.counts.measured).toBeGreaterThan(20);
    expect(round[0]!.estimates.counts.proxy).toBe(0);
  });

  it('fails the shard that has a failing test (exit 1) and the merge names it', async () => {
    const statuses = [1, 2, 3].map(
      (shard) => runShard(shard, { env: { EVENSHARD_EXAMPLE_FAIL: '1' } }).status,
    );
    expect(statuses.filter((s) => s === 1)).toHaveLength(1);
    expect(statuses.filter((s) => s === 0)).toHaveLength(2);
    const merge = cli(['merge', '--store', store]);
    expect(merge.status).toBe(1);
    expect(merge.stderr).toMatch(/1 test\(s\) failed/);
    // The summary is HTML with names escaped; decode numeric entities to read the id.
    const text = merge.stdout.replace(/&#(\d+);/g, (_, code: string) =>
      String.fromCharCode(Number(code)),
    );
    expect(text).toContain('<code>tests/test_arith.py::TestArithmetic::test_add</code>');
  });

  it('run --attempt 2 --rerun failed runs only the failed test; the merge counts each test once and names the flake', async () => {
    const before = await Promise.all([1, 2, 3].map(results));
    const failed = before.find((r) => r.results.some((t) => t.outcome === 'failed'))!;
    const failedIds = failed.results.filter((t) => t.outcome === 'failed').map((t) => t.id);
    expect(failedIds).toEqual(['tests/test_arith.py::TestArithmetic::test_add']);
    const rerun = runShard(failed.shard, { flags: ['--attempt', '2', '--rerun', 'failed'] });
    expect(rerun.status, rerun.stderr).toBe(0);
    const after = await results(failed.shard);
    expect(after.results.filter((t) => t.runAttempt === 2).map((t) => t.id)).toEqual(failedIds);
    expect(after.rerun).toEqual({
      fromAttempt: 1,
      carried: failed.results.length - 1,
      ran: 1,
    });
    expect(after.results.map((t) => t.id)).toEqual(failed.results.map((t) => t.id));
    const merge = cli(['merge', '--store', store, '--shards', String(SHARDS)]);
    expect(merge.status, merge.stderr).toBe(0);
    const total = before.reduce((n, r) => n + r.results.length, 0);
    expect(merge.stdout.split('\n')[0]).toMatch(
      new RegExp(`^### ✅ ${total} tests in 3 shards: \\d+ passed, 0 failed`),
    );
    expect(merge.stdout).toMatch(/Flaky in this run: 1 test failed, then passed/);
    expect(merge.stdout).toMatch(/attempt 2: 1 result\b/);
  });

  it('names a missing shard', async () => {
    await rm(join(store, 'results', 'shard-2'), { recursive: true });
    const merge = cli(['merge', '--store', store, '--shards', String(SHARDS)]);
    expect(merge.status).toBe(1);
    expect(merge.stderr).toMatch(/missing: shard 2 uploaded no results/);
    // --json: the same verdict as one line on stdout, for scripts (the soak reads it).
    const json = cli(['merge', '--store', store, '--shards', String(SHARDS), '--json']);
    expect(json.status).toBe(1);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    const report = JSON.parse(json.stdout) as {
      passed: boolean;
      missingShards: number[];
      lost: { id: string; shard: number | null; reason: string }[];
      failures: string[];
    };
    expect(report.passed).toBe(false);
    expect(report.missingShards).toEqual([2]);
    expect(report.lost.length).toBeGreaterThan(0);
    expect(report.lost.every((l) => l.reason === 'no-results')).toBe(true);
    expect(report.failures.join('\n')).toMatch(/missing: shard 2 uploaded no results/);
  });

  it.skipIf(!python?.coverageVersion)(
    'combines coverage.py data of the shards and applies fail-under to the total',
    async () => {
      await rm(store, { recursive: true, force: true });
      for (let shard = 1; shard <= SHARDS; shard++) {
        const run = runShard(shard, {
          flags: ['--coverage-files', '.coverage*'],
          command: ['-m', 'coverage', 'run', '-p', '-m', 'pytest', '-q'],
        });
        expect(run.status, run.stderr).toBe(0);
        // Each shard's data files go to its own folder of the store, so they can't collide.
        for (const name of await readdir(project)) {
          if (name.startsWith('.coverage')) await rm(join(project, name), { force: true });
        }
      }
      const mergeWithCoverage = (failUnder: string) =>
        cli([
          'merge',
          '--store',
          store,
          '--coverage',
          'coverage.py',
          '--root',
          project,
          '--python',
          python!.executable,
          '--fail-under',
          failUnder,
        ]);
      const pass = mergeWithCoverage('10');
      expect(pass.status, pass.stderr).toBe(0);
      expect(pass.stdout.split('\n')[0]).toMatch(/coverage \d+(\.\d)?%/);
      const fail = mergeWithCoverage('100');
      expect(fail.status).toBe(1);
      expect(fail.stderr).toMatch(/below fail-under 100/);
    },
  );

  it('usage errors exit 2 naming the flag', async () => {
    const noStore = cli(['run', '--shards', '2', '--shard', '1']);
    expect(noStore.status).toBe(2);
    expect(noStore.stderr).toMatch(/--store DIR is required/);
    const tooHigh = cli(['run', '--shards', '2', '--shard', '3', '--store', store]);
    expect(tooHigh.status).toBe(2);
    expect(tooHigh.stderr).toMatch(/--shard is 3 but --shards is 2/);
    const empty = join(work, 'empty');
    await mkdir(empty, { recursive: true });
    const noTests = cli([
      'run',
      '--shards',
      '1',
      '--shard',
      '1',
      '--store',
      store,
      '--root',
      empty,
    ]);
    expect(noTests.status).toBe(2);
    expect(noTests.stderr).toMatch(/no test files found/);
  });
});
