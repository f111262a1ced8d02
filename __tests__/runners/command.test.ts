/**
 * `framework: command` with node's own test runner and its JUnit reporter (no install needed):
 * placeholders, one run per file, results by file, failures, and a reporter that names no file.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommandRunner, commandMode, fillCommand } from '../../src/runners/command/index.js';
import { exampleCopy } from '../helpers/examples.js';
import { RUNNER_ENV as ENV, twoShards } from '../helpers/jsProject.js';

const NODE_TEST = [
  process.execPath,
  '--test',
  '--test-reporter=junit',
  '--test-reporter-destination=junit.xml',
];

describe('command placeholders', () => {
  it('accepts exactly one kind of placeholder and fills it in', () => {
    expect(commandMode(['rspec', '{files}'])).toBe('files');
    expect(commandMode(['xargs', '-a', '{files-list}', 'rspec'])).toBe('files-list');
    expect(commandMode(['go', 'test', '{file}'])).toBe('file');
    expect(() => commandMode(['rspec'])).toThrow(/exactly one of the placeholders/);
    expect(() => commandMode(['x', '{file}', '{files}'])).toThrow(/not \{file\} and \{files\}/);
    expect(fillCommand(['t', '{files}', '--list={files-list}'], ['a b.js', 'c.js'], '/l')).toEqual([
      't',
      'a b.js',
      'c.js',
      '--list=/l',
    ]);
  });

  it('needs junit globs and tests globs', async () => {
    const plan = twoShards(['a.js'], ['a.js']);
    const request = {
      root: '/tmp',
      command: ['x', '{files}'],
      plan,
      shard: 1,
      workDir: '/tmp',
      env: {},
    };
    await expect(new CommandRunner({ junit: [] }).run(request)).rejects.toThrow(/set 'junit'/);
    await expect(
      new CommandRunner({ junit: ['j.xml'] }).discover('/tmp', undefined),
    ).rejects.toThrow(/set 'tests'/);
  });
});

describe("node's test runner through framework: command", () => {
  let root: string;
  let files: string[];
  const runner = new CommandRunner({ junit: ['junit.xml'] });

  beforeAll(async () => {
    root = await exampleCopy('node-test-project');
    files = (await runner.discover(root, ['test/**/*.test.js'])).map((d) => d.file);
  });

  it('runs one file per invocation with {file} and attributes each case to its file', async () => {
    expect(files).toEqual([
      'test/low-stock.heavy.test.js',
      'test/restock.test.js',
      'test/take-more.test.js',
      'test/take.test.js',
    ]);
    const run = await runner.run({
      root,
      command: [...NODE_TEST, '{file}'],
      plan: twoShards(['test/restock.test.js', 'test/take.test.js'], files),
      shard: 1,
      workDir: path.join(root, '.evenshard-work-1'),
      env: { ...ENV, EVENSHARD_EXAMPLE_FAIL: '1' },
    });
    expect(run.results.map((r) => `${r.id} ${r.outcome}`)).toEqual([
      'test/restock.test.js::restock::adds to an empty shelf failed',
      'test/restock.test.js::restock::adds to existing stock passed',
      'test/restock.test.js::restock::refuses zero passed',
      'test/take.test.js::take::refuses more than there is passed',
      'test/take.test.js::take::takes what is there passed',
    ]);
    expect(run.exitCode).toBe(1);
    // A failing test is a failure, not a command problem.
    expect(run.commandProblem).toBeUndefined();
    expect(run.results[0]!.message).toBeTruthy();
  });

  it('says so when the reports name no file of the shard', async () => {
    // node's junit reporter (Node 20–24) writes no file attribute: {files} cannot attribute cases.
    const run = await runner.run({
      root,
      command: [...NODE_TEST, '{files}'],
      plan: twoShards(['test/take-more.test.js'], files),
      shard: 1,
      workDir: path.join(root, '.evenshard-work-2'),
      env: ENV,
    });
    expect(run.commandProblem).toMatch(/name no test of this shard's files.*\{file\}/);
  });

  it('names a command that wrote no JUnit file', async () => {
    const run = await runner.run({
      root,
      command: [process.execPath, '--test', '{files}'],
      plan: twoShards(['test/take-more.test.js'], files),
      shard: 1,
      workDir: path.join(root, '.evenshard-work-3'),
      env: ENV,
    });
    expect(run.exitCode).toBe(0);
    expect(run.commandProblem).toMatch(/wrote no JUnit file matching \["junit.xml"\]/);
  });
});
