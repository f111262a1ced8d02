/**
 * The Jest adapter with the real Jest of examples/jest-project: discovery with --listTests,
 * exact selection with --runTestsByPath, results from the --json report, failures, --shard refused.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/types.js';
import { JestRunner, splitJestCommand } from '../../src/runners/jest/index.js';
import { exampleCopy, exampleInstalled } from '../helpers/examples.js';

const installed = exampleInstalled('jest-project', 'jest');
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^VITEST|^NODE_OPTIONS$|^JEST/.test(name)),
  ),
  EVENSHARD_EXAMPLE_TIME_SCALE: '0.05',
};

function twoShards(mine: string[], all: string[]): Plan {
  const shard = (index: number, files: string[]) => ({ index, files, splits: [], tests: [] });
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
  let runner: JestRunner;
  let files: string[];

  beforeAll(async () => {
    root = await exampleCopy('jest-project');
    // Jest's positional patterns are regexes: tests/sum.test.ts would also match this file.
    await mkdir(path.join(root, 'tests/x/tests'), { recursive: true });
    await writeFile(
      path.join(root, 'tests/x/tests/sum.test.ts'),
      "it('must not run with sum.test.ts', () => {});\n",
    );
    runner = new JestRunner({ command: ['jest', '--coverage=false'] });
    files = (await runner.discover(root, undefined)).map((d) => d.file);
  });

  it('discovers what Jest lists', () => {
    expect(files).toEqual([
      'tests/cart.test.ts',
      'tests/checksum.test.ts',
      'tests/nested/text.test.ts',
      'tests/stats.heavy.test.ts',
      'tests/sum.test.ts',
      'tests/x/tests/sum.test.ts',
    ]);
  });

  it('runs exactly the shard files and keeps duplicate names apart', async () => {
    const run = await runner.run({
      root,
      command: [],
      plan: twoShards(['tests/nested/text.test.ts', 'tests/sum.test.ts'], files),
      shard: 1,
      workDir: path.join(root, '.evenshard-work-1'),
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
    expect(run.firstTestAt).toBeGreaterThanOrEqual(run.startedAt);
    // A file's time outside its tests (environment, transform, imports) is its visit cost.
    expect(Object.keys(run.costs!.collect).sort()).toEqual([
      'tests/nested/text.test.ts',
      'tests/sum.test.ts',
    ]);
    expect(run.costs!.collect['tests/sum.test.ts']).toBeGreaterThan(0);
  });

  it('reports failing tests as failures, with their message', async () => {
    const run = await runner.run({
      root,
      command: [],
      plan: twoShards(['tests/cart.test.ts'], files),
      shard: 1,
      workDir: path.join(root, '.evenshard-work-2'),
      env: { ...ENV, EVENSHARD_EXAMPLE_FAIL: '1' },
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
