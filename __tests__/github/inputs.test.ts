/** The run action's inputs: parsed once, and every mistake named with its fix. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { workflowFileOf } from '../../src/github/context.js';
import { linuxProcessStart } from '../../src/github/jobStart.js';
import { list, numberInput, parseCommand, parseRunInputs } from '../../src/github/inputs.js';

const base: Record<string, string> = { shard: '2', shards: '4' };
const read =
  (overrides: Record<string, string> = {}) =>
  (name: string) =>
    ({ ...base, ...overrides })[name] ?? '';

describe('parseRunInputs', () => {
  it('applies the documented defaults', () => {
    expect(parseRunInputs(read())).toMatchObject({
      shard: 2,
      shards: 4,
      framework: 'pytest',
      command: ['python', '-m', 'pytest'],
      workingDirectory: '.',
      tests: undefined,
      cache: 'none',
      install: undefined,
      coverage: 'none',
      coverageFiles: [],
      artifactPrefix: 'evenshard',
      history: 'auto',
      retentionDays: undefined,
    });
  });

  it('splits the command without a shell, keeping quoted arguments whole', () => {
    expect(
      parseRunInputs(read({ command: 'python -m pytest -k "not slow and fast" -q' })).command,
    ).toEqual(['python', '-m', 'pytest', '-k', 'not slow and fast', '-q']);
  });

  it('gives coverage.py its hidden data files by default', () => {
    expect(parseRunInputs(read({ coverage: 'coverage.py' })).coverageFiles).toEqual([
      '.coverage',
      '.coverage.*',
    ]);
    expect(
      parseRunInputs(read({ coverage: 'lcov', 'coverage-files': 'out/lcov.info' })).coverageFiles,
    ).toEqual(['out/lcov.info']);
  });

  it.each([
    [{ shard: '' }, /input 'shard' is required/],
    [{ shards: 'four' }, /input 'shards' must be a whole number ≥ 1 \(got "four"\)/],
    [{ shard: '5' }, /input 'shard' is 5 but 'shards' is 4/],
    [
      { framework: 'nose' },
      /input 'framework' must be one of pytest, vitest, jest, command \(got "nose"\)/,
    ],
    [{ framework: 'command' }, /'framework: command' needs 'command' .*'tests' .*'junit'/],
    [
      { coverage: 'jacoco' },
      /input 'coverage' must be one of none, coverage\.py, lcov, istanbul, cobertura/,
    ],
    [{ command: 'pip install . && pytest' }, /input 'command' contains the shell operator "&&"/],
    [
      { install: 'pip install -r r.txt | tee log' },
      /input 'install' contains the shell operator "\|"/,
    ],
    [{ 'artifact-prefix': 'my prefix' }, /input 'artifact-prefix' must be letters, digits/],
    [{ 'retention-days': '91' }, /input 'retention-days' must be a whole number from 1 to 90/],
  ])('%o → a clear error', (overrides, message) => {
    expect(() => parseRunInputs(read(overrides))).toThrow(message);
  });
});

describe('input helpers', () => {
  it('lists split on newlines and commas, dropping blanks and comments', () => {
    expect(list('a, b\n\n# note\n c \n')).toEqual(['a', 'b', 'c']);
  });

  it('numberInput is empty for a blank input and checks the range', () => {
    expect(numberInput('', 'fail-under', 'failUnder', { min: 0, max: 100 })).toEqual({});
    expect(numberInput('85.5', 'fail-under', 'failUnder', { min: 0, max: 100 })).toEqual({
      failUnder: 85.5,
    });
    expect(() => numberInput('2.5', 'shards', 'n', { min: 1, integer: true })).toThrow(
      /input 'shards' must be a whole number ≥ 1/,
    );
  });

  it('refuses an empty command', () => {
    expect(() => parseCommand('   ')).toThrow(/input 'command' is empty/);
  });

  it('finds the workflow file in GITHUB_WORKFLOW_REF', () => {
    expect(workflowFileOf('octo/repo/.github/workflows/ci.yml@refs/heads/main')).toBe('ci.yml');
    expect(workflowFileOf('octo/repo/.github/workflows/tests.yaml@refs/pull/7/merge')).toBe(
      'tests.yaml',
    );
    expect(workflowFileOf(undefined)).toBeUndefined();
  });
});

describe.runIf(process.platform === 'linux')('job start time from /proc', () => {
  // Ordering, not a time limit (how close it comes to process.uptime() is in
  // scripts/bench-limits.ts): a parent started before its child, a child spawned now after us.
  it('orders a parent, this process and a child spawned now', async () => {
    const self = linuxProcessStart(process.pid);
    expect(linuxProcessStart(process.ppid)).toBeLessThanOrEqual(self);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], {
      stdio: 'ignore',
    });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(linuxProcessStart(child.pid!)).toBeGreaterThanOrEqual(self);
    } finally {
      child.kill();
    }
    expect(() => linuxProcessStart(2 ** 22 + 1)).toThrow();
  });
});
