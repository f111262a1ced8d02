/** The actions' inputs: parsed once, and every mistake named with its fix. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkShardIndex, list, optionalNumber, parseNumber } from '../../src/config/validate.js';
import { workflowFileOf } from '../../src/github/context.js';
import { linuxProcessStart } from '../../src/github/jobStart.js';
import {
  parseCommand,
  parseMergeInputs,
  parsePlanInputs,
  parseRunInputs,
} from '../../src/github/inputs.js';

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
    [
      { cache: 'maven' },
      /input 'cache' must be one of pip, pip-wheelhouse, .*, none \(got "maven"\)/,
    ],
  ])('%o → a clear error', (overrides, message) => {
    expect(() => parseRunInputs(read(overrides))).toThrow(message);
  });
});

describe('parsePlanInputs', () => {
  const plan = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

  it('needs shards or target-minutes, and defaults max-shards to 32', () => {
    expect(() => parsePlanInputs(plan({}))).toThrow(
      /set input 'shards' \(a fixed count\) or input 'target-minutes'/,
    );
    expect(parsePlanInputs(plan({ 'target-minutes': '5' }))).toMatchObject({
      shards: undefined,
      targetMinutes: 5,
      maxShards: 32,
      framework: 'pytest',
      artifactPrefix: 'evenshard',
      tests: undefined,
      command: undefined,
    });
  });

  it("takes the shards' command for Vitest's and Jest's discovery, as an argument vector", () => {
    expect(
      parsePlanInputs(
        plan({ shards: '2', framework: 'vitest', command: "vitest run --project 'unit a'" }),
      ),
    ).toMatchObject({ framework: 'vitest', command: ['vitest', 'run', '--project', 'unit a'] });
  });

  it.each([
    [
      { shards: '2', command: 'vitest run && echo' },
      /input 'command' contains the shell operator "&&"/,
    ],
    [{ shards: '0' }, /input 'shards' must be a whole number ≥ 1 \(got "0"\)/],
    [{ 'target-minutes': '0' }, /input 'target-minutes' must be a number ≥ 0\.1/],
    [{ shards: '2', 'max-shards': 'many' }, /input 'max-shards' must be a whole number ≥ 1/],
    [{ shards: '2', framework: 'nose' }, /input 'framework' must be one of pytest/],
  ])('%o → a clear error', (inputs, message) => {
    expect(() => parsePlanInputs(plan(inputs))).toThrow(message);
  });
});

describe('parseMergeInputs', () => {
  const merge = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? '';

  it('applies the documented defaults', () => {
    expect(parseMergeInputs(merge({}))).toEqual({
      framework: 'pytest',
      workingDirectory: '.',
      artifactPrefix: 'evenshard',
      historyBranch: undefined,
      githubToken: '',
      shards: undefined,
      coverage: 'none',
      failUnder: undefined,
      python: 'python',
      targetMinutes: undefined,
      maxShards: 64,
      maxParallel: undefined,
      retentionDays: 90,
      testDurations: undefined,
      comment: false,
      quarantine: undefined,
      slowdownRule: { factor: 2, floorSeconds: 0.5, minSamples: 3 },
      flakinessRule: { minRuns: 5, flipRate: 0.2 },
    });
    expect(parseMergeInputs(merge({ comment: 'True', 'fail-under': '80' }))).toMatchObject({
      comment: true,
      failUnder: 80,
    });
  });

  it.each([
    [{ 'fail-under': '120' }, /input 'fail-under' must be a number from 0 to 100/],
    [{ coverage: 'jacoco' }, /input 'coverage' must be one of none, coverage\.py/],
    [{ comment: 'yes' }, /input 'comment' must be one of true, True, TRUE, false/],
    [{ 'retention-days': '0' }, /input 'retention-days' must be a whole number from 1 to 90/],
  ])('%o → a clear error', (inputs, message) => {
    expect(() => parseMergeInputs(merge(inputs))).toThrow(message);
  });
});

const actions: [string, (read: (name: string) => string) => unknown, Record<string, string>][] = [
  ['action.yml', parseRunInputs, { shard: '1', shards: '2' }],
  ['plan/action.yml', parsePlanInputs, { shards: '2' }],
  ['merge/action.yml', parseMergeInputs, {}],
];

describe.each(actions)('%s', (file, parseInputs, required) => {
  it("parses blank inputs as action.yml's defaults", () => {
    const yml = parseYaml(readFileSync(file, 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    const defaults = Object.fromEntries(
      Object.entries(yml.inputs)
        .filter(([name]) => name !== 'github-token')
        .map(([name, spec]) => [name, spec.default ?? '']),
    );
    const withDefaults = parseInputs((name) => ({ ...defaults, ...required })[name] ?? '');
    const blank = parseInputs((name) => required[name] ?? '');
    expect(blank).toEqual(withDefaults);
  });
});

describe('input helpers', () => {
  it('lists split on newlines and commas, dropping blanks and comments', () => {
    expect(list('a, b\n\n# note\n c \n')).toEqual(['a', 'b', 'c']);
  });

  it('optionalNumber is undefined for a blank value and checks the range', () => {
    const percent = { min: 0, max: 100 };
    expect(optionalNumber('', "input 'fail-under'", percent)).toBeUndefined();
    expect(optionalNumber(undefined, '--fail-under', percent)).toBeUndefined();
    expect(optionalNumber(' 85.5 ', "input 'fail-under'", percent)).toBe(85.5);
    expect(() => optionalNumber('101', '--fail-under', percent)).toThrow(
      /^--fail-under must be a number from 0 to 100 \(got "101"\)\.$/,
    );
    for (const bad of ['2.5', '4.0', '1e1', '-1', '0x10', 'four']) {
      expect(() => optionalNumber(bad, "input 'shards'", { min: 1, integer: true })).toThrow(
        /input 'shards' must be a whole number ≥ 1/,
      );
    }
  });

  it('parseNumber names a missing value and its example', () => {
    expect(() =>
      parseNumber('', "input 'shards'", { min: 1, integer: true, example: 'e.g. `shards: 4`' }),
    ).toThrow("input 'shards' is required: e.g. `shards: 4`.");
    expect(parseNumber('12', '--shards', { min: 1, integer: true })).toBe(12);
  });

  it('checkShardIndex spells both settings the way the caller does', () => {
    expect(() => checkShardIndex(3, 2, { shard: '--shard', shards: '--shards' })).toThrow(
      /^--shard is 3 but --shards is 2: /,
    );
    expect(() => checkShardIndex(0, 2, { shard: 'shard', shards: 'shards' })).toThrow(
      /shard is 0 but shards is 2/,
    );
    expect(() => checkShardIndex(2, 2, { shard: 'shard', shards: 'shards' })).not.toThrow();
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
