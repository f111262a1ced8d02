/**
 * The run action's inputs, parsed and validated once into a typed object. Every error names the
 * input and says how to fix it. Pure apart from the `read` function it is given.
 */
import stringArgv from 'string-argv';
import { RUN_INPUTS as IN, DEFAULT_ARTIFACT_PREFIX } from '../names.js';
import { ConfigError } from '../roles/runShard.js';

export const FRAMEWORKS = ['pytest', 'vitest', 'jest', 'command'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const COVERAGE_KINDS = ['none', 'coverage.py', 'lcov', 'istanbul', 'cobertura'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

/** Where each coverage tool writes its data by default (relative to the working directory). */
export const DEFAULT_COVERAGE_FILES: Record<Exclude<CoverageKind, 'none'>, string[]> = {
  'coverage.py': ['.coverage', '.coverage.*'],
  lcov: ['coverage/lcov.info'],
  istanbul: ['coverage/coverage-final.json'],
  cobertura: ['coverage.xml', 'coverage/cobertura-coverage.xml'],
};

/** The command when the input is blank; `command` has none: the user's command is the point. */
const DEFAULT_COMMAND: Record<Framework, string | undefined> = {
  pytest: 'python -m pytest',
  vitest: 'vitest run',
  jest: 'jest',
  command: undefined,
};

export interface RunInputs {
  shard: number;
  shards: number;
  framework: Framework;
  command: string[];
  workingDirectory: string;
  tests: string[] | undefined;
  /** `framework: command`: globs of the JUnit files the command writes. */
  junit: string[];
  cache: string;
  cacheDependencyPath: string[];
  /** Command run after the cache restore and before the tests (argument vector), if any. */
  install: string[] | undefined;
  python: string;
  coverage: CoverageKind;
  coverageFiles: string[];
  artifactPrefix: string;
  /** 'auto' (earlier runs), 'none', or a timing file in the checkout. */
  history: string;
  historyBranch: string | undefined;
  retentionDays: number | undefined;
  /** Added to the runner kind the history learns a speed factor for. */
  runnerLabel: string | undefined;
  githubToken: string;
  /** The quarantine list (a file in the checkout), if any. */
  quarantine: string | undefined;
  /** 'failed': a re-run attempt runs only what failed or did not report in the previous one. */
  rerun: RerunMode;
}

export const RERUN_MODES = ['all', 'failed'] as const;
export type RerunMode = (typeof RERUN_MODES)[number];

export function parseRunInputs(read: (name: string) => string): RunInputs {
  const get = (name: string) => read(name).trim();
  const shards = positiveInt(
    get(IN.shards),
    IN.shards,
    'the total number of shards, e.g. `shards: 4`',
  );
  const shard = positiveInt(
    get(IN.shard),
    IN.shard,
    "this job's shard, e.g. `shard: ${{ matrix.shard }}`",
  );
  if (shard > shards) {
    throw new ConfigError(
      `input '${IN.shard}' is ${shard} but '${IN.shards}' is ${shards}: shard must be between 1 and shards.`,
    );
  }
  const framework = oneOf(get(IN.framework) || 'pytest', FRAMEWORKS, IN.framework);
  const coverage = oneOf(get(IN.coverage) || 'none', COVERAGE_KINDS, IN.coverage);
  const coverageFiles = list(read(IN.coverageFiles));
  const prefix = get(IN.artifactPrefix) || DEFAULT_ARTIFACT_PREFIX;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(prefix)) {
    throw new ConfigError(
      `input '${IN.artifactPrefix}' must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(prefix)}).`,
    );
  }
  const retention = get(IN.retentionDays);
  const tests = list(read(IN.tests));
  const junit = list(read(IN.junit));
  const commandText = get(IN.command) || DEFAULT_COMMAND[framework];
  if (framework === 'command') {
    const missing = [
      commandText === undefined
        ? `'${IN.command}' (with {files}, {files-list} or {file} where the shard's files go)`
        : '',
      tests.length === 0 ? `'${IN.tests}' (globs of the test files)` : '',
      junit.length === 0 ? `'${IN.junit}' (globs of the JUnit XML the command writes)` : '',
    ].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(
        `'${IN.framework}: command' needs ${missing.join(', ')}. See the README's "Any runner that writes JUnit".`,
      );
    }
  }
  return {
    shard,
    shards,
    framework,
    command: parseCommand(commandText ?? ''),
    workingDirectory: get(IN.workingDirectory) || '.',
    tests: tests.length ? tests : undefined,
    junit,
    cache: get(IN.cache) || 'none',
    cacheDependencyPath: list(read(IN.cacheDependencyPath)),
    install: get(IN.install) ? parseCommand(get(IN.install), IN.install) : undefined,
    python: get(IN.python) || 'python',
    coverage,
    coverageFiles:
      coverage === 'none'
        ? []
        : coverageFiles.length
          ? coverageFiles
          : DEFAULT_COVERAGE_FILES[coverage],
    artifactPrefix: prefix,
    history: get(IN.history) || 'auto',
    historyBranch: get(IN.historyBranch) || undefined,
    retentionDays: retention ? rangeInt(retention, IN.retentionDays, 1, 90) : undefined,
    runnerLabel: get(IN.runnerLabel).trim() || undefined,
    githubToken: get(IN.githubToken),
    quarantine: get(IN.quarantine) || undefined,
    rerun: oneOf(get(IN.rerun) || 'all', RERUN_MODES, IN.rerun),
  };
}

/**
 * The command runs as an argument vector without a shell, so shell operators would be passed
 * to the test runner as arguments; refuse them with a fix instead.
 */
export function parseCommand(text: string, input: string = IN.command): string[] {
  const argv = stringArgv(text);
  const operator = argv.find((arg) => ['&&', '||', '|', ';', '>', '>>', '<', '&'].includes(arg));
  if (operator) {
    throw new ConfigError(
      `input '${input}' contains the shell operator ${JSON.stringify(operator)}, but the command runs without a shell. ` +
        'Put setup in an earlier step, or call a script that does it.',
    );
  }
  if (argv.length === 0) throw new ConfigError(`input '${input}' is empty.`);
  return argv;
}

/** Newline- or comma-separated list; blank entries and `#` comments dropped. */
export function list(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
}

function positiveInt(raw: string, name: string, example: string): number {
  if (raw === '') throw new ConfigError(`input '${name}' is required: ${example}.`);
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || !Number.isSafeInteger(Number(raw))) {
    throw new ConfigError(
      `input '${name}' must be a whole number ≥ 1 (got ${JSON.stringify(raw)}): ${example}.`,
    );
  }
  return Number(raw);
}

/**
 * An optional numeric input as `{ [key]: value }` (empty when the input is blank), ready to
 * spread into a config object.
 */
export function numberInput<K extends string>(
  raw: string,
  name: string,
  key: K,
  {
    min,
    max = Number.MAX_SAFE_INTEGER,
    integer = false,
  }: { min: number; max?: number; integer?: boolean },
): Partial<Record<K, number>> {
  const text = raw.trim();
  if (text === '') return {};
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const what = integer ? 'a whole number' : 'a number';
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
    throw new ConfigError(`input '${name}' must be ${what} ${range} (got ${JSON.stringify(raw)}).`);
  }
  return { [key]: n } as Partial<Record<K, number>>;
}

function rangeInt(raw: string, name: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    throw new ConfigError(
      `input '${name}' must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)}).`,
    );
  }
  return n;
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(
    `input '${name}' must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)}).`,
  );
}
