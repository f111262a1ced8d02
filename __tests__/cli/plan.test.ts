/**
 * `evenshard plan` is a contract other tools call: these tests run the BUILT CLI as a process
 * (dist/cli/index.js, or EVENSHARD_DIST) and check its stdout JSON, table, and exit statuses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLE_NODE } from '../helpers/bundleNode.js';

const dist = resolve(process.env.EVENSHARD_DIST ?? 'dist');
const cliPath = join(dist, 'cli', 'index.js');
const bench = resolve('__tests__/fixtures/timings/pgmpy.test_durations');
const knapsack = resolve('__tests__/fixtures/timings/openfoodnetwork_knapsack_rspec_report.json');

function cli(args: string[]) {
  const result = spawnSync(BUNDLE_NODE, [cliPath, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface PlanJson {
  shards: { index: number; tests: string[]; estimatedSeconds: number }[];
  lowerBoundSeconds: number;
  makespanSeconds: number;
  fingerprint: string;
  estimates: Record<string, number>;
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'evenshard-cli-'));
}

describe('evenshard plan --json', () => {
  it('assigns every test of a real .test_durations exactly once, with the documented fields', () => {
    const { status, stdout } = cli(['plan', '--shards', '4', '--durations', bench, '--json']);
    expect(status).toBe(0);
    const plan = JSON.parse(stdout) as PlanJson;
    expect(plan.shards.map((s) => s.index)).toEqual([1, 2, 3, 4]);
    const all = plan.shards.flatMap((s) => s.tests);
    const durations = JSON.parse(spawnSync('cat', [bench], { encoding: 'utf8' }).stdout) as Record<
      string,
      number
    >;
    expect(all.length).toBe(Object.keys(durations).length);
    expect(new Set(all)).toEqual(new Set(Object.keys(durations)));
    expect(plan.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.makespanSeconds).toBeGreaterThanOrEqual(plan.lowerBoundSeconds);
    expect(plan.makespanSeconds / plan.lowerBoundSeconds).toBeLessThan(1.01);
    for (const shard of plan.shards) expect(shard.tests.length).toBeGreaterThan(0);
  });

  it('plans tests from --tests-file, estimating those without timings and dropping deleted ones', () => {
    const dir = scratch();
    const durations = join(dir, 'durations.json');
    writeFileSync(
      durations,
      JSON.stringify({
        'tests/a.py::t1': 10,
        'tests/a.py::t2': 10,
        'tests/b.py::t1': 2,
        'tests/gone.py::t': 50,
      }),
    );
    const testsFile = join(dir, 'tests.txt');
    writeFileSync(
      testsFile,
      '# current suite\ntests/a.py::t1\ntests/a.py::t2\ntests/a.py::t3\ntests/b.py::t1\ntests/new/c.py::x\n',
    );
    const { status, stdout } = cli([
      'plan',
      '--shards',
      '2',
      '--durations',
      durations,
      '--tests-file',
      testsFile,
      '--json',
    ]);
    expect(status).toBe(0);
    const plan = JSON.parse(stdout) as PlanJson;
    const all = plan.shards.flatMap((s) => s.tests).sort();
    expect(all).toEqual([
      'tests/a.py::t1',
      'tests/a.py::t2',
      'tests/a.py::t3',
      'tests/b.py::t1',
      'tests/new/c.py::x',
    ]);
    // t3 takes its file's mean (10 s); tests/new/c.py has no file data, so its folder's (tests/) mean.
    expect(plan.estimates).toMatchObject({
      measured: 3,
      file: 1,
      directory: 1,
      suite: 0,
      proxy: 0,
    });
    expect(plan.makespanSeconds).toBeGreaterThan(0);
  });

  it('gives the same plan and fingerprint for the same timings in another order', () => {
    const dir = scratch();
    const entries = Array.from(
      { length: 200 },
      (_, i) => [`t/f${i % 17}.py::test_${i}`, ((i * 7919) % 97) / 10] as const,
    );
    const forward = join(dir, 'forward.json');
    const backward = join(dir, 'backward.json');
    writeFileSync(forward, JSON.stringify(Object.fromEntries(entries)));
    writeFileSync(backward, JSON.stringify(Object.fromEntries([...entries].reverse())));
    const a = cli(['plan', '--shards', '5', '--durations', forward, '--json']);
    const b = cli(['plan', '--shards', '5', '--durations', backward, '--json']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('keeps Knapsack files whole and handles more shards than files', () => {
    const dir = scratch();
    const small = join(dir, 'knapsack.json');
    writeFileSync(small, JSON.stringify({ 'spec/a_spec.rb': 3, 'spec/b_spec.rb': 1 }));
    const { status, stdout } = cli(['plan', '--shards', '4', '--durations', small, '--json']);
    expect(status).toBe(0);
    const plan = JSON.parse(stdout) as PlanJson;
    expect(plan.shards).toHaveLength(4);
    expect(plan.shards.filter((s) => s.tests.length > 0)).toHaveLength(2);
    expect(plan.shards.flatMap((s) => s.tests).sort()).toEqual([
      'spec/a_spec.rb',
      'spec/b_spec.rb',
    ]);
  });

  it('reads several timing files of different formats and merges them', () => {
    const { status, stdout } = cli([
      'plan',
      '--shards',
      '3',
      '--durations',
      knapsack,
      '--durations',
      bench,
      '--json',
    ]);
    expect(status).toBe(0);
    const plan = JSON.parse(stdout) as PlanJson;
    const all = plan.shards.flatMap((s) => s.tests);
    expect(all.some((id) => id.endsWith('_spec.rb'))).toBe(true);
    expect(all.some((id) => id.includes('.py::'))).toBe(true);
  });

  it('chooses the shard count for a target wall time, counting per-shard overhead', () => {
    const dir = scratch();
    const durations = join(dir, 'durations.json');
    // 60 tests of 10 s = 600 s of work; with 30 s overhead per shard a 2-minute target needs 7 shards (30 + 86).
    writeFileSync(
      durations,
      JSON.stringify(
        Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`t/f${i}.py::t`, 10])),
      ),
    );
    const { status, stdout } = cli([
      'plan',
      '--target-minutes',
      '2',
      '--overhead-seconds',
      '30',
      '--durations',
      durations,
      '--json',
    ]);
    expect(status).toBe(0);
    const plan = JSON.parse(stdout) as PlanJson & {
      advice: { recommended: number; meetsTarget: boolean };
    };
    expect(plan.advice.meetsTarget).toBe(true);
    expect(plan.shards.length).toBe(plan.advice.recommended);
    expect(plan.makespanSeconds + 30).toBeLessThanOrEqual(120);
    expect(plan.advice.recommended).toBeGreaterThanOrEqual(6);
  });
});

describe('evenshard plan, readable table', () => {
  it('prints one row per shard with the lower bound and fingerprint', () => {
    const { status, stdout } = cli(['plan', '--shards', '3', '--durations', bench]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^evenshard plan: \d+ tests → 3 shards/);
    expect(stdout).toMatch(/lower bound .* fingerprint [0-9a-f]{12}/);
    expect(stdout.split('\n').filter((l) => /^\s*[1-3]\s+\d+\s+\d+\s+\d/.test(l))).toHaveLength(3);
  });
});

describe('evenshard plan errors: exit 2 and one line naming the problem', () => {
  const cases: [string, string[], RegExp][] = [
    ['missing --shards', ['plan', '--durations', bench], /--shards/],
    [
      '--shards 0',
      ['plan', '--shards', '0', '--durations', bench],
      /--shards must be a whole number ≥ 1/,
    ],
    [
      '--shards abc',
      ['plan', '--shards', 'abc', '--durations', bench],
      /--shards must be a whole number/,
    ],
    [
      'unreadable file',
      ['plan', '--shards', '2', '--durations', '/nonexistent/t.json'],
      /--durations \/nonexistent\/t\.json: cannot read \(no such file\)/,
    ],
    ['unknown flag', ['plan', '--shards', '2', '--bogus'], /bogus/],
    ['no timing source', ['plan', '--shards', '2'], /--durations/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const { status, stderr, stdout } = cli(args);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('a file that is no timing format names the file', () => {
    const dir = scratch();
    const bad = join(dir, 'notes.txt');
    writeFileSync(bad, 'hello, this is not a timing file');
    const { status, stderr } = cli(['plan', '--shards', '2', '--durations', bad]);
    expect(status).toBe(2);
    expect(stderr).toContain(bad);
  });

  it('an unknown command exits 2 with usage', () => {
    const { status, stderr } = cli(['frobnicate']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/unknown command "frobnicate"/);
  });
});
