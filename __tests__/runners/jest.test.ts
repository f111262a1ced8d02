/**
 * The Jest adapter with the real Jest of examples/jest-project: discovery with --listTests,
 * exact selection with --runTestsByPath, results from the --json report, failures, --shard refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { jestRunner, splitJestCommand } from '../../src/runners/jest/index.js';
import type { TestRunner } from '../../src/runners/types.js';
import { exampleInstalled } from '../helpers/examples.js';
import { exampleWithTrap, runShardOne, TRAP_FILE } from '../helpers/jsProject.js';

const installed = exampleInstalled('jest-project', 'jest');

describe('splitJestCommand', () => {
  it('finds Jest in the command and refuses --shard', () => {
    expect(splitJestCommand(['npx', 'jest', '--ci'])).toEqual({
      program: ['npx', 'jest'],
      options: ['--ci'],
    });
    expect(() => splitJestCommand(['jest', '--shard=1/2'])).toThrow(/remove --shard/);
    expect(() => splitJestCommand(['npm', 'test'])).toThrow(/does not call jest/);
  });
});

describe.skipIf(!installed)('the Jest runner, with real Jest', () => {
  let root: string;
  let runner: TestRunner;
  let files: string[];

  beforeAll(async () => {
    // Jest's positional patterns are regexes: tests/sum.test.ts would also match the trap file.
    root = await exampleWithTrap(
      'jest-project',
      "it('must not run with sum.test.ts', () => {});\n",
    );
    runner = jestRunner({ command: ['jest', '--coverage=false'] });
    files = (await runner.discover(root, undefined)).map((d) => d.file);
  });

  it('discovers what Jest lists', () => {
    expect(files).toEqual([
      'tests/cart.test.ts',
      'tests/checksum.test.ts',
      'tests/nested/text.test.ts',
      'tests/stats.heavy.test.ts',
      'tests/sum.test.ts',
      TRAP_FILE,
    ]);
  });

  it('runs exactly the shard files and keeps duplicate names apart', async () => {
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
    expect(run.firstTestAt).toBeGreaterThanOrEqual(run.startedAt);
    // What ran is the collection record: the merge proves exactly-once from it.
    expect(run.collection!.files.map((f) => [f.file, f.tests.length])).toEqual([
      [mine[0], 5],
      [mine[1], 3],
    ]);
    // A file's time outside its tests (environment, transform, imports) is its visit cost.
    expect(Object.keys(run.costs!.collect).sort()).toEqual([
      'tests/nested/text.test.ts',
      'tests/sum.test.ts',
    ]);
    expect(run.costs!.collect['tests/sum.test.ts']).toBeGreaterThan(0);
  });

  it('reports failing tests as failures, with their message', async () => {
    const run = await runShardOne(runner, root, ['tests/cart.test.ts'], files, {
      work: '2',
      env: { EVENSHARD_EXAMPLE_FAIL: '1' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.commandProblem).toBeUndefined();
    const failed = run.results.filter((r) => r.outcome === 'failed');
    expect(failed.map((r) => r.id)).toEqual([
      'tests/cart.test.ts::discounted::rounds down to whole cents',
    ]);
    expect(failed[0]!.message).toMatch(/expect\(received\)\.toBe\(expected\)/);
    expect(run.results).toHaveLength(8);
  });
});
