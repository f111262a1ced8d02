/**
 * Each action's inputs, parsed and validated once into a typed object (run, plan, merge), as
 * upload-artifact's input helpers do. Every error names the input and the accepted values; the
 * validators are the CLI's too (src/config/validate.ts). Pure apart from the `read` function it
 * is given (core.getInput in the action, a record in tests). Defaults here repeat action.yml's,
 * so a blank input means the same as an absent one.
 */
import stringArgv from 'string-argv';
import { CACHE_TOOLS, type CacheTool } from '../core/cacheKey.js';
import { list, oneOf, optionalNumber, parseNumber, checkShardIndex } from '../config/validate.js';
import { DEFAULT_FLAKINESS_RULE, type FlakinessRule } from '../core/flakiness.js';
import { DEFAULT_SLOWDOWN_RULE, type SlowdownRule } from '../core/slowdowns.js';
import { COVERAGE_KINDS, DEFAULT_COVERAGE_FILES, type CoverageKind } from '../coverage/kinds.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_ARTIFACT_PREFIX, MERGE_INPUTS, PLAN_INPUTS, RUN_INPUTS } from '../names.js';
import {
  DEFAULT_PYTHON,
  defaultCommand,
  RUNNER_FRAMEWORKS,
  type RunnerFramework,
} from '../runners/index.js';

/** How a message names an action input. */
const input = (name: string) => `input '${name}'`;

/** The inputs every role shares: where the project is and where the run's artifacts live. */
interface CommonInputs {
  framework: RunnerFramework;
  workingDirectory: string;
  artifactPrefix: string;
  historyBranch: string | undefined;
  githubToken: string;
}

export interface RunInputs extends CommonInputs {
  shard: number;
  shards: number;
  command: string[];
  tests: string[] | undefined;
  /** `framework: command`: globs of the JUnit files the command writes. */
  junit: string[];
  cache: CacheTool;
  cacheDependencyPath: string[];
  /** Command run after the cache restore and before the tests (argument vector), if any. */
  install: string[] | undefined;
  python: string;
  coverage: CoverageKind;
  coverageFiles: string[];
  /** 'auto' (earlier runs), 'none', or a timing file in the checkout. */
  history: string;
  retentionDays: number | undefined;
  /** Added to the runner kind the history learns a speed factor for. */
  runnerLabel: string | undefined;
  /** The quarantine list (a file in the checkout), if any. */
  quarantine: string | undefined;
  /** 'failed': a re-run attempt runs only what failed or did not report in the previous one. */
  rerun: RerunMode;
}

export const RERUN_MODES = ['all', 'failed'] as const;
export type RerunMode = (typeof RERUN_MODES)[number];

export interface PlanInputs extends CommonInputs {
  /** Fixed shard count; else chosen from targetMinutes. */
  shards: number | undefined;
  targetMinutes: number | undefined;
  maxShards: number;
  /** How many shards can run at once (a workflow's max-parallel, an org's runner limit). */
  maxParallel: number | undefined;
  tests: string[] | undefined;
  /** The shards' test command, when given: Vitest and Jest discover with it. */
  command: string[] | undefined;
}

export interface MergeInputs extends CommonInputs {
  /** The matrix size, to name shards that uploaded nothing. */
  shards: number | undefined;
  coverage: CoverageKind;
  failUnder: number | undefined;
  python: string;
  targetMinutes: number | undefined;
  maxShards: number;
  maxParallel: number | undefined;
  /** The history must outlive the gap between runs: 90 days unless set. */
  retentionDays: number;
  /** Path (relative to the working directory) to write a pytest-split `.test_durations` to. */
  testDurations: string | undefined;
  comment: boolean;
  /** The quarantine list (a file in the checkout), if any. */
  quarantine: string | undefined;
  /** When a test is "slower" and "flaky" (core/slowdowns.ts, core/flakiness.ts). */
  slowdownRule: SlowdownRule;
  flakinessRule: FlakinessRule;
}

type Read = (name: string) => string;

export function parseRunInputs(read: Read): RunInputs {
  const IN = RUN_INPUTS;
  const get = (name: string) => read(name).trim();
  const shards = parseNumber(get(IN.shards), input(IN.shards), {
    min: 1,
    integer: true,
    example: 'the total number of shards, e.g. `shards: 4`',
  });
  const shard = parseNumber(get(IN.shard), input(IN.shard), {
    min: 1,
    integer: true,
    example: "this job's shard, e.g. `shard: ${{ matrix.shard }}`",
  });
  checkShardIndex(shard, shards, { shard: input(IN.shard), shards: `'${IN.shards}'` });
  const common = parseCommon(read, IN);
  const coverage = oneOf(get(IN.coverage) || 'none', COVERAGE_KINDS, input(IN.coverage));
  const coverageFiles = list(read(IN.coverageFiles));
  const tests = list(read(IN.tests));
  const junit = list(read(IN.junit));
  const commandText = get(IN.command) || defaultCommand(common.framework)?.join(' ');
  if (common.framework === 'command') {
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
    ...common,
    shard,
    shards,
    command: parseCommand(commandText ?? ''),
    tests: tests.length ? tests : undefined,
    junit,
    cache: oneOf(get(IN.cache).toLowerCase() || 'none', CACHE_TOOLS, input(IN.cache)),
    cacheDependencyPath: list(read(IN.cacheDependencyPath)),
    install: get(IN.install) ? parseCommand(get(IN.install), IN.install) : undefined,
    python: get(IN.python) || DEFAULT_PYTHON,
    coverage,
    coverageFiles:
      coverage === 'none'
        ? []
        : coverageFiles.length
          ? coverageFiles
          : DEFAULT_COVERAGE_FILES[coverage],
    history: get(IN.history) || 'auto',
    retentionDays: optionalNumber(get(IN.retentionDays), input(IN.retentionDays), {
      min: 1,
      max: 90,
      integer: true,
    }),
    runnerLabel: get(IN.runnerLabel) || undefined,
    quarantine: get(IN.quarantine) || undefined,
    rerun: oneOf(get(IN.rerun) || 'all', RERUN_MODES, input(IN.rerun)),
  };
}

export function parsePlanInputs(read: Read): PlanInputs {
  const IN = PLAN_INPUTS;
  const get = (name: string) => read(name).trim();
  const shards = optionalNumber(get(IN.shards), input(IN.shards), { min: 1, integer: true });
  const targetMinutes = optionalNumber(get(IN.targetMinutes), input(IN.targetMinutes), {
    min: 0.1,
  });
  if (shards === undefined && targetMinutes === undefined) {
    throw new ConfigError(
      `set ${input(IN.shards)} (a fixed count) or ${input(IN.targetMinutes)} (evenshard picks the count).`,
    );
  }
  const tests = list(read(IN.tests));
  const command = get(IN.command);
  return {
    ...parseCommon(read, IN),
    shards,
    targetMinutes,
    command: command ? parseCommand(command, IN.command) : undefined,
    maxShards: parseNumber(get(IN.maxShards) || '32', input(IN.maxShards), {
      min: 1,
      integer: true,
    }),
    maxParallel: optionalNumber(get(IN.maxParallel), input(IN.maxParallel), {
      min: 1,
      integer: true,
    }),
    tests: tests.length ? tests : undefined,
  };
}

export function parseMergeInputs(read: Read): MergeInputs {
  const IN = MERGE_INPUTS;
  const get = (name: string) => read(name).trim();
  const comment = get(IN.comment) || 'false';
  return {
    ...parseCommon(read, IN),
    shards: optionalNumber(get(IN.shards), input(IN.shards), { min: 1, integer: true }),
    coverage: oneOf(get(IN.coverage) || 'none', COVERAGE_KINDS, input(IN.coverage)),
    failUnder: optionalNumber(get(IN.failUnder), input(IN.failUnder), { min: 0, max: 100 }),
    python: get(IN.python) || DEFAULT_PYTHON,
    targetMinutes: optionalNumber(get(IN.targetMinutes), input(IN.targetMinutes), { min: 0 }),
    maxShards: parseNumber(get(IN.maxShards) || '64', input(IN.maxShards), {
      min: 1,
      integer: true,
    }),
    retentionDays: parseNumber(get(IN.retentionDays) || '90', input(IN.retentionDays), {
      min: 1,
      max: 90,
      integer: true,
    }),
    maxParallel: optionalNumber(get(IN.maxParallel), input(IN.maxParallel), {
      min: 1,
      integer: true,
    }),
    testDurations: get(IN.testDurations) || undefined,
    // The YAML 1.2 core schema's booleans, as core.getBooleanInput accepts them.
    comment: oneOf(comment, BOOLEANS, input(IN.comment)).toLowerCase() === 'true',
    quarantine: get(IN.quarantine) || undefined,
    slowdownRule: {
      ...DEFAULT_SLOWDOWN_RULE,
      factor:
        optionalNumber(get(IN.slowerFactor), input(IN.slowerFactor), { min: 1 }) ??
        DEFAULT_SLOWDOWN_RULE.factor,
      floorSeconds:
        optionalNumber(get(IN.slowerMinSeconds), input(IN.slowerMinSeconds), { min: 0 }) ??
        DEFAULT_SLOWDOWN_RULE.floorSeconds,
    },
    flakinessRule: {
      ...DEFAULT_FLAKINESS_RULE,
      flipRate:
        optionalNumber(get(IN.flakyFlipRate), input(IN.flakyFlipRate), { min: 0, max: 1 }) ??
        DEFAULT_FLAKINESS_RULE.flipRate,
    },
  };
}

const BOOLEANS = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE'] as const;

function parseCommon(
  read: Read,
  IN: {
    framework: string;
    workingDirectory: string;
    artifactPrefix: string;
    historyBranch: string;
    githubToken: string;
  },
): CommonInputs {
  const get = (name: string) => read(name).trim();
  const prefix = get(IN.artifactPrefix) || DEFAULT_ARTIFACT_PREFIX;
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(prefix)) {
    throw new ConfigError(
      `${input(IN.artifactPrefix)} must be letters, digits, '.', '_' or '-' (got ${JSON.stringify(prefix)}).`,
    );
  }
  return {
    framework: oneOf(get(IN.framework) || 'pytest', RUNNER_FRAMEWORKS, input(IN.framework)),
    workingDirectory: get(IN.workingDirectory) || '.',
    artifactPrefix: prefix,
    historyBranch: get(IN.historyBranch) || undefined,
    githubToken: get(IN.githubToken),
  };
}

/**
 * The command runs as an argument vector without a shell, so shell operators would be passed
 * to the test runner as arguments; refuse them with a fix instead.
 */
export function parseCommand(text: string, name: string = RUN_INPUTS.command): string[] {
  const argv = stringArgv(text);
  const operator = argv.find((arg) => ['&&', '||', '|', ';', '>', '>>', '<', '&'].includes(arg));
  if (operator) {
    throw new ConfigError(
      `${input(name)} contains the shell operator ${JSON.stringify(operator)}, but the command runs without a shell. ` +
        'Put setup in an earlier step, or call a script that does it.',
    );
  }
  if (argv.length === 0) throw new ConfigError(`${input(name)} is empty.`);
  return argv;
}
