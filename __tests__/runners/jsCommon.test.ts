import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  atLeast,
  countJsTests,
  detectPackageManager,
  findLocalBinary,
  resolveRunnerCommand,
  runnerIndex,
} from '../../src/runners/js/packages.js';
import { filesNotGiven, jsTestResults } from '../../src/runners/js/results.js';
import { jsRunner, type JsRunnerConfig } from '../../src/runners/js/runner.js';
import { runShardOne } from '../helpers/jsProject.js';

describe('JS runner helpers', () => {
  it('numbers duplicate title paths instead of merging them', () => {
    const { results, duplicateNames } = jsTestResults([
      { file: 'a.test.ts', names: ['d', 'works'], outcome: 'passed', seconds: 0.1 },
      { file: 'a.test.ts', names: ['d', 'works'], outcome: 'failed', seconds: 0.2, message: 'x' },
      { file: 'a.test.ts', names: ['skipped'], outcome: 'skipped', seconds: 0 },
      { file: 'b.test.ts', names: ['works'], outcome: 'passed', seconds: 0.5 },
    ]);
    expect(results).toEqual([
      { id: 'a.test.ts::d::works', outcome: 'passed', seconds: 0.1 },
      { id: 'a.test.ts::d::works [2]', outcome: 'failed', seconds: 0.2, message: 'x' },
      { id: 'a.test.ts::skipped', outcome: 'skipped', seconds: 0 },
      { id: 'b.test.ts::works', outcome: 'passed', seconds: 0.5 },
    ]);
    expect(duplicateNames).toEqual(['a.test.ts::d::works']);
  });

  it('names files a runner reported that it was not given', () => {
    expect(filesNotGiven(['a.ts', 'b.ts', 'a.ts', 'c.ts'], ['a.ts'])).toEqual(['b.ts', 'c.ts']);
  });

  it('counts test call sites', () => {
    const source = [
      "it('a', () => {});",
      "test.skip('b', () => {});",
      'it.each([1, 2])("c %i", () => {});',
      "test.concurrent.each`x`('d', () => {});",
      "describe('not a test', () => { split('x'); submit(1); });",
    ].join('\n');
    expect(countJsTests(source)).toBe(4);
  });

  it('compares versions', () => {
    expect(atLeast('3.0.0', 3)).toBe(true);
    expect(atLeast('2.1.9', 3)).toBe(false);
    expect(atLeast('29.7.0', 27)).toBe(true);
    expect(atLeast('27.0.0-next.1', 27, 1)).toBe(false);
  });

  it('finds the local binary and package manager in the working directory or an ancestor', async () => {
    const repo = await mkdtemp(path.join(tmpdir(), 'evenshard-pm-'));
    const pkg = path.join(repo, 'packages', 'web');
    await mkdir(path.join(repo, 'node_modules', '.bin'), { recursive: true });
    await mkdir(pkg, { recursive: true });
    await writeFile(path.join(repo, 'node_modules', '.bin', 'vitest'), '');
    await writeFile(path.join(repo, 'pnpm-lock.yaml'), '');
    expect(findLocalBinary(pkg, 'vitest')).toBe(path.join(repo, 'node_modules/.bin/vitest'));
    expect(detectPackageManager(pkg)).toBe('pnpm');
    expect(resolveRunnerCommand(['vitest', 'run'], pkg, 'vitest')).toEqual([
      path.join(repo, 'node_modules/.bin/vitest'),
      'run',
    ]);
    // Not installed: through the package manager, which also finds Plug'n'Play installs.
    expect(resolveRunnerCommand(['jest', '--ci'], pkg, 'jest')).toEqual([
      'pnpm',
      'exec',
      'jest',
      '--ci',
    ]);
    expect(resolveRunnerCommand(['npx', 'jest'], pkg, 'jest')).toEqual(['npx', 'jest']);
    expect(runnerIndex(['npx', '--yes', 'vitest', 'run'], 'vitest')).toBe(2);
    expect(runnerIndex(['node', 'node_modules/vitest/vitest.mjs'], 'vitest')).toBe(1);
    expect(runnerIndex(['npm', 'test'], 'vitest')).toBe(-1);
  });
});

describe('jsRunner', () => {
  it("resolves the command and checks the installed version once for a shard's discovery and run", async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'evenshard-js-'));
    // An installed runner the version check reads: the check must pass, and be done once.
    await mkdir(path.join(root, 'node_modules', 'fake-runner'), { recursive: true });
    await writeFile(
      path.join(root, 'node_modules', 'fake-runner', 'package.json'),
      JSON.stringify({ version: '3.1.0' }),
    );
    const splits: string[][] = [];
    const config: JsRunnerConfig<object> = {
      framework: 'vitest',
      title: 'Fake',
      packageName: 'fake-runner',
      defaultCommand: ['fake-runner'],
      minimum: { major: 3, minor: 0 },
      splitCommand: (command) => {
        splits.push([...command]);
        return { program: [...command], options: [] };
      },
      listFiles: () => Promise.resolve(['a.test.js']),
      invocation: ({ workDir }) => ({
        argv: [process.execPath, '-e', ''],
        reportPath: path.join(workDir, 'report.json'),
      }),
      readReport: () => Promise.resolve({}),
      noReport: () => 'no report',
      mapReport: () => ({
        results: { results: [], duplicateNames: [] },
        problems: [],
        costs: { collect: {}, fixtures: [] },
      }),
    };
    const runner = jsRunner(config);
    const files = (await runner.discover(root, undefined)).map((d) => d.file);
    expect(files).toEqual(['a.test.js']);
    const run = await runShardOne(runner, root, files, files, { work: '1' });
    expect(run.commandProblem).toBeUndefined();
    // npx, as there is no local binary and no lockfile; once, although discovery and the run both need it.
    expect(splits).toEqual([['npx', '--no-install', 'fake-runner']]);
  });
});
