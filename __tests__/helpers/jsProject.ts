/**
 * What the Jest and Vitest runner tests share: a copy of the example project with a trap file
 * (a path that contains another test file's, which the runner's own filters would also run), the
 * environment a child runner gets, and a two-shard plan.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plan } from '../../src/core/types.js';
import type { RunnerRun, TestRunner } from '../../src/runners/types.js';
import { exampleCopy } from './examples.js';

/** This process's environment without what marks it as a Vitest, Jest or node:test worker, which the child would inherit. */
export const RUNNER_ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^VITEST|^NODE_OPTIONS$|^JEST|^NODE_TEST/.test(name),
    ),
  ),
  EVENSHARD_EXAMPLE_TIME_SCALE: '0.05',
};

/** The path of the trap file: it contains `tests/sum.test.ts`. */
export const TRAP_FILE = 'tests/x/tests/sum.test.ts';

/** A temp copy of examples/<name> with the trap file (`source`) added. */
export async function exampleWithTrap(name: string, source: string): Promise<string> {
  const root = await exampleCopy(name);
  await mkdir(path.dirname(path.join(root, TRAP_FILE)), { recursive: true });
  await writeFile(path.join(root, TRAP_FILE), source);
  return root;
}

/** Shard 1 runs `mine`, shard 2 the rest of `all`. */
export function twoShards(mine: readonly string[], all: readonly string[]): Plan {
  const shard = (index: number, files: readonly string[]) => ({
    index,
    files: [...files],
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

/** Runs shard 1 (`mine`) of a two-shard plan in `root`, in its own work folder. */
export function runShardOne(
  runner: TestRunner,
  root: string,
  mine: readonly string[],
  all: readonly string[],
  { work, env = {} }: { work: string; env?: NodeJS.ProcessEnv },
): Promise<RunnerRun> {
  return runner.run({
    root,
    command: [],
    plan: twoShards(mine, all),
    shard: 1,
    workDir: path.join(root, `.evenshard-work-${work}`),
    env: { ...RUNNER_ENV, ...env },
  });
}
