/**
 * The Vitest adapter with the real Vitest of examples/vitest-project: discovery through Vitest,
 * exact selection (a file whose path contains the selected one's never runs), results and
 * per-file setup time from evenshard's reporter, failures and unexpected files.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestRunner } from '../../src/runners/types.js';
import {
  splitVitestCommand,
  vitestExcludes,
  vitestRunner,
} from '../../src/runners/vitest/index.js';
import { REPO_ROOT, exampleInstalled } from '../helpers/examples.js';
import { exampleWithTrap, runShardOne, TRAP_FILE } from '../helpers/jsProject.js';

const REPORTER = path.join(REPO_ROOT, 'src/runners/vitest/evenshard-reporter.mjs');
const installed = exampleInstalled('vitest-project', 'vitest');

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
  let runner: TestRunner;
  let files: string[];

  beforeAll(async () => {
    // The trap file's path contains tests/sum.test.ts: Vitest's own filter would run it too.
    root = await exampleWithTrap(
      'vitest-project',
      "import { it } from 'vitest';\nit('must not run with sum.test.ts', () => {});\n",
    );
    runner = vitestRunner({
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
      TRAP_FILE,
    ]);
  });

  it('runs exactly the shard files, keeps duplicate names apart, and counts file setup', async () => {
    const mine = ['tests/nested/text.test.ts', 'tests/sum.test.ts'];
    const run = await runShardOne(runner, root, mine, files, { work: '1' });
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
    // What ran is the collection record: the merge proves exactly-once from it.
    expect(run.collection!.files.map((f) => [f.file, f.tests.length])).toEqual([
      [mine[0], 5],
      [mine[1], 3],
    ]);
    const junit = await readFile(run.junitPath!, 'utf8');
    expect(junit.match(/<testcase /g)?.length).toBe(8);
    expect(junit).not.toContain('must not run');
  });

  it('reports failing tests as failures, and a file it was not given as a command problem', async () => {
    // The command names another file: Vitest runs it (and what its filter matches), and evenshard says so.
    const wrong = vitestRunner({
      command: ['vitest', 'run', '--coverage.enabled=false', path.join(root, 'tests/sum.test.ts')],
      reporterPath: REPORTER,
    });
    const run = await runShardOne(wrong, root, ['tests/cart.test.ts'], files, {
      work: '2',
      env: { EVENSHARD_EXAMPLE_FAIL: '1' },
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
