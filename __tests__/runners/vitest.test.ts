/**
 * The Vitest adapter with the real Vitest of examples/vitest-project: discovery through Vitest,
 * exact selection (a file whose path contains the selected one's never runs), results and
 * per-file setup time from evenshard's reporter, failures and unexpected files.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/types.js';
import {
  splitVitestCommand,
  vitestExcludes,
  VitestRunner,
} from '../../src/runners/vitest/index.js';
import { REPO_ROOT, exampleCopy, exampleInstalled } from '../helpers/examples.js';

const REPORTER = path.join(REPO_ROOT, 'src/runners/vitest/evenshard-reporter.mjs');
const installed = exampleInstalled('vitest-project', 'vitest');
/** This process's environment without what marks it as a Vitest worker, which the child would inherit. */
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^VITEST|^NODE_OPTIONS$/.test(name)),
  ),
  EVENSHARD_EXAMPLE_TIME_SCALE: '0.05',
};

function twoShards(mine: string[], all: string[]): Plan {
  const shard = (index: number, files: string[]) => ({
    index,
    files,
    splits: [],
    tests: [],
    estimatedSeconds: 0,
  });
  return {
    shards: [
      shard(1, mine),
      shard(
        2,
        all.filter((f) => !mine.includes(f)),
      ),
    ],
  } as unknown as Plan;
}

describe('splitVitestCommand and vitestExcludes', () => {
  it('finds Vitest in the command and drops the subcommand', () => {
    expect(splitVitestCommand(['npx', 'vitest', 'run', '--coverage'])).toEqual({
      program: ['npx', 'vitest'],
      options: ['--coverage'],
    });
    expect(() => splitVitestCommand(['npm', 'test'])).toThrow(/does not call vitest/);
    expect(() => splitVitestCommand(['vitest', 'run', '--shard=1/3'])).toThrow(/remove --shard/);
  });

  it('excludes every other file a selected path is a substring or prefix of', () => {
    const all = [
      'tests/sum.test.ts',
      'tests/checksum.test.ts',
      'tests/x/tests/sum.test.ts',
      'tests/sum.test.tsx',
      'app/[id]/TESTS/SUM.TEST.TS',
    ];
    expect(vitestExcludes(['tests/sum.test.ts'], all)).toEqual([
      'app/\\[id\\]/TESTS/SUM.TEST.TS',
      'tests/sum.test.tsx',
      'tests/x/tests/sum.test.ts',
    ]);
  });
});

describe.skipIf(!installed)('the Vitest runner, with real Vitest', () => {
  let root: string;
  let runner: VitestRunner;
  let files: string[];

  beforeAll(async () => {
    root = await exampleCopy('vitest-project');
    // A file whose path contains tests/sum.test.ts: Vitest's own filter would run it too.
    await mkdir(path.join(root, 'tests/x/tests'), { recursive: true });
    await writeFile(
      path.join(root, 'tests/x/tests/sum.test.ts'),
      "import { it } from 'vitest';\nit('must not run with sum.test.ts', () => {});\n",
    );
    runner = new VitestRunner({
      command: ['vitest', 'run', '--coverage.enabled=false'],
      reporterPath: REPORTER,
    });
    files = (await runner.discover(root, undefined)).map((d) => d.file);
  });

  it('discovers what Vitest lists', () => {
    expect(files).toEqual([
      'tests/cart.test.ts',
      'tests/checksum.test.ts',
      'tests/nested/text.test.ts',
      'tests/stats.heavy.test.ts',
      'tests/sum.test.ts',
      'tests/x/tests/sum.test.ts',
    ]);
  });

  it('runs exactly the shard files, keeps duplicate names apart, and counts file setup', async () => {
    const mine = ['tests/nested/text.test.ts', 'tests/sum.test.ts'];
    const workDir = path.join(root, '.evenshard-work-1');
    const run = await runner.run({
      root,
      command: [],
      plan: twoShards(mine, files),
      shard: 1,
      workDir,
      env: ENV,
    });
    expect(run.commandProblem).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.results.map((r) => `${r.id} ${r.outcome}`)).toEqual([
      'tests/nested/text.test.ts::slugify::with accents & <symbols>::drops them: "Crème brûlée!" passed',
      'tests/nested/text.test.ts::slugify::works passed',
      'tests/nested/text.test.ts::slugify::works [2] passed',
      'tests/nested/text.test.ts::titleCase::capitalises words passed',
      'tests/nested/text.test.ts::titleCase::handles apostrophes (not yet) skipped',
      'tests/sum.test.ts::means passed',
      'tests/sum.test.ts::medians passed',
      'tests/sum.test.ts::sums passed',
    ]);
    // Each file's collection and setup, which Vitest reports apart from its tests, is its visit cost.
    expect(Object.keys(run.costs!.collect).sort()).toEqual(mine);
    expect(run.costs!.collect['tests/sum.test.ts']).toBeGreaterThan(0.001);
    expect(run.costs!.testsEndedAt).toBeGreaterThan(run.costs!.testsStartedAt!);
    expect(run.firstTestAt).toBeGreaterThanOrEqual(run.startedAt);
    const junit = await readFile(run.junitPath!, 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(8);
    expect(junit).not.toContain('must not run');
  });

  it('reports failing tests as failures, and a file it was not given as a command problem', async () => {
    // The command names another file: Vitest runs it (and what its filter matches), and evenshard says so.
    const wrong = new VitestRunner({
      command: ['vitest', 'run', '--coverage.enabled=false', path.join(root, 'tests/sum.test.ts')],
      reporterPath: REPORTER,
    });
    const run = await wrong.run({
      root,
      command: [],
      plan: twoShards(['tests/cart.test.ts'], files),
      shard: 1,
      workDir: path.join(root, '.evenshard-work-2'),
      env: { ...ENV, EVENSHARD_EXAMPLE_FAIL: '1' },
    });
    expect(run.exitCode).toBe(1);
    const failed = run.results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.id)).toEqual([
      'tests/cart.test.ts::discounted::rounds down to whole cents',
    ]);
    expect(failed[0]!.message).toMatch(/expected 849 to be 850/);
    // Vitest's substring filter also took tests/x/tests/sum.test.ts: the reason for --exclude.
    expect(run.commandProblem).toBe(
      'Vitest ran 2 file(s) this shard was not given: tests/sum.test.ts, tests/x/tests/sum.test.ts (check the command for test file filters)',
    );
  });
});
