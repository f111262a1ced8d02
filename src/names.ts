/**
 * The one place for every name that crosses a boundary: action inputs and outputs (must match
 * action.yml, checked by __tests__/action-yml.test.ts), post-step state, artifact names and the
 * files inside them. Change a name here and nowhere else.
 */

export const RUN_INPUTS = {
  shard: 'shard',
  shards: 'shards',
  framework: 'framework',
  command: 'command',
  workingDirectory: 'working-directory',
  tests: 'tests',
  junit: 'junit',
  cache: 'cache',
  cacheDependencyPath: 'cache-dependency-path',
  install: 'install',
  python: 'python',
  coverage: 'coverage',
  coverageFiles: 'coverage-files',
  artifactPrefix: 'artifact-prefix',
  history: 'history',
  historyBranch: 'history-branch',
  retentionDays: 'retention-days',
  runnerLabel: 'runner-label',
  githubToken: 'github-token',
  quarantine: 'quarantine',
  rerun: 'rerun',
} as const;

export const RUN_OUTPUTS = {
  tests: 'tests',
  failed: 'failed',
  durationSeconds: 'duration-seconds',
  estimatedSeconds: 'estimated-seconds',
  planFingerprint: 'plan-fingerprint',
  cacheHit: 'cache-hit',
} as const;

/** Saved by the main step for the post step (same action only). */
export const RUN_STATE = {
  cache: 'evenshard-cache',
} as const;

export const ARTIFACTS = {
  results: (prefix: string, shard: number) => `${prefix}-results-${shard}`,
  coverage: (prefix: string, shard: number) => `${prefix}-coverage-${shard}`,
  history: (prefix: string) => `${prefix}-history`,
  plan: (prefix: string) => `${prefix}-plan`,
} as const;

/** File names inside artifacts and the local store. */
export const FILES = {
  history: 'history.json',
  shardResult: 'results.json',
  junit: 'junit.xml',
  plan: 'plan.json',
} as const;

/**
 * Size limits on what comes back from artifacts, which are untrusted: anything larger is refused
 * before it is read (a shard's results for 100,000 tests take about 30 MB).
 */
export const ARTIFACT_LIMITS = {
  /** A whole artifact, as the service declares its size, checked before downloading. */
  artifactBytes: 2 * 1024 ** 3,
  /** A shard's results file once unzipped (a small zip can unpack to much more). */
  shardResultBytes: 256 * 1024 ** 2,
  /**
   * One upload or download: past this the service is taken to have stopped answering (a
   * connection reset mid-response leaves the client waiting forever).
   */
  operationSeconds: 600,
} as const;

export type ArtifactLimits = { readonly [K in keyof typeof ARTIFACT_LIMITS]: number };

export const DEFAULT_ARTIFACT_PREFIX = 'evenshard';

/** Placeholders in the `command` of `framework: command` (src/runners/command). */
export const COMMAND_PLACEHOLDERS = {
  /** The shard's files as separate arguments. */
  files: '{files}',
  /** The path of a file listing the shard's files, one per line. */
  filesList: '{files-list}',
  /** One invocation per file. */
  file: '{file}',
} as const;

export const MERGE_INPUTS = {
  shards: 'shards',
  framework: 'framework',
  workingDirectory: 'working-directory',
  coverage: 'coverage',
  failUnder: 'fail-under',
  python: 'python',
  targetMinutes: 'target-minutes',
  maxShards: 'max-shards',
  maxParallel: 'max-parallel',
  artifactPrefix: 'artifact-prefix',
  historyBranch: 'history-branch',
  retentionDays: 'retention-days',
  testDurations: 'test-durations',
  comment: 'comment',
  githubToken: 'github-token',
  quarantine: 'quarantine',
  slowerFactor: 'slower-factor',
  slowerMinSeconds: 'slower-min-seconds',
  flakyFlipRate: 'flaky-flip-rate',
} as const;

export const MERGE_OUTPUTS = {
  tests: 'tests',
  failed: 'failed',
  lost: 'lost',
  duplicated: 'duplicated',
  coverage: 'coverage',
  balance: 'balance',
  recommendedShards: 'recommended-shards',
  historyRun: 'history-run',
} as const;

export const PLAN_INPUTS = {
  shards: 'shards',
  targetMinutes: 'target-minutes',
  maxShards: 'max-shards',
  maxParallel: 'max-parallel',
  framework: 'framework',
  command: 'command',
  workingDirectory: 'working-directory',
  tests: 'tests',
  artifactPrefix: 'artifact-prefix',
  historyBranch: 'history-branch',
  githubToken: 'github-token',
} as const;

export const PLAN_OUTPUTS = {
  matrix: 'matrix',
  shards: 'shards',
  estimatedSeconds: 'estimated-seconds',
  planFingerprint: 'plan-fingerprint',
} as const;
