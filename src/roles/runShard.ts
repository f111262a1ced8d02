/**
 * The run role: fetch history → discover → plan → run this shard → record → upload → summarize.
 * Thin orchestration over the ports; the GitHub entry (src/github/runAction.ts) and the CLI
 * (src/cli/run.ts) differ only in the ports they pass in.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { combineRunAttempts, rerunSkips, withRunAttempt } from '../core/attempts.js';
import { measureShardCosts, type ShardPhases } from '../core/costs.js';
import { heavyFiles, overShare, type HeavyFile } from '../core/floor.js';
import { splitQuarantined, type Quarantine } from '../core/quarantine.js';
import {
  countOutcomes,
  parseShardResultText,
  SHARD_RESULT_SCHEMA,
  type ShardCollection,
  type ShardResult,
  type ShardStatus,
} from '../core/shardResult.js';
import { shardForUnplannedFile, type StoredPlan } from '../core/storedPlan.js';
import type { EstimateReport, Plan, ShardPlan } from '../core/types.js';
import { FILES } from '../names.js';
import { checkShardIndex } from '../config/validate.js';
import { ConfigError } from '../errors.js';
import type {
  FetchedHistory,
  HistorySource,
  Logger,
  PlanSource,
  PreviousAttemptSource,
  ShardOutputSink,
  SummarySink,
} from '../ports.js';
import type { DiscoveredFile, RunnerRun, StartedRun, TestRunner } from '../runners/types.js';
import { renderShardSummary } from '../summary/shardSummary.js';
import { formatDuration } from '../summary/format.js';
import { findFilesInRoot } from './files.js';
import { planSuite, type SuitePlan } from './planSuite.js';

export interface RunShardConfig {
  shard: number;
  shards: number;
  /** Absolute project root: the working directory the tests run in. */
  root: string;
  command: readonly string[];
  /** Globs that override the runner's discovery. */
  testPatterns?: readonly string[];
  /** Private scratch folder for this shard. */
  workDir: string;
  /** Globs (relative to root) of coverage data files to upload, or none. */
  coveragePatterns?: readonly string[];
  /** Epoch ms when the job (or, failing that, this process) started: overhead is measured from it. */
  jobStartedAt: number;
  /** Epoch ms when this action (or CLI) started; the time before it is the job's setup steps. */
  actionStartedAt?: number;
  /** Seconds the action spent before the run role: restoring the cache, installing. */
  preparation?: { cacheRestore?: number; install?: number };
  /** Runner kind (`RUNNER_OS-RUNNER_ARCH`, plus a label): the history's speed factor for it applies. */
  kind?: string;
  env: NodeJS.ProcessEnv;
  /** The run attempt (GITHUB_RUN_ATTEMPT, the CLI's --attempt); default 1. */
  runAttempt?: number;
  /**
   * `rerun: failed`: in attempt > 1, run only the tests that failed or did not report in the
   * previous attempt (same plan, same files) and carry the rest over.
   */
  rerunFailed?: boolean;
  /** Tests whose failure does not fail the shard (still run and reported). */
  quarantine?: Quarantine;
}

export interface RunShardPorts {
  runner: TestRunner;
  history: HistorySource;
  plan?: PlanSource;
  outputs: ShardOutputSink;
  summary: SummarySink;
  log: Logger;
  /** This shard's results from the previous attempt; read only when runAttempt > 1. */
  previousAttempt?: PreviousAttemptSource;
}

export interface RunShardOutcome {
  result: ShardResult;
  /** 0: passed or legitimately empty; 1: tests failed or the command failed. */
  exitCode: number;
  /** Why the shard failed, for the job's failure message. */
  failure?: string;
}

export async function runShard(
  config: RunShardConfig,
  ports: RunShardPorts,
): Promise<RunShardOutcome> {
  checkShardIndex(config.shard, config.shards, { shard: 'shard', shards: 'shards' });
  await mkdir(config.workDir, { recursive: true });
  // The test process starts now and waits for its selection (where the runner can): its
  // start-up overlaps the history fetch and planning instead of following them.
  const started = ports.runner.start?.({
    root: config.root,
    command: config.command,
    workDir: config.workDir,
    env: config.env,
    explicitFiles: explicitFiles(config),
  });
  try {
    return await planAndRunShard(config, ports, started);
  } finally {
    // After the hand-over this does nothing; before it (an empty shard, a failure) it stops
    // the waiting process.
    await started?.cancel();
  }
}

/** The 'tests' globs are the suite: the runner names the files so it collects exactly them. */
function explicitFiles(config: RunShardConfig): boolean {
  return (config.testPatterns?.length ?? 0) > 0;
}

async function planAndRunShard(
  config: RunShardConfig,
  ports: RunShardPorts,
  started: StartedRun | undefined,
): Promise<RunShardOutcome> {
  const { log, runner } = ports;
  const fetchStarted = Date.now();
  const stored = ports.plan ? await ports.plan.fetch() : null;
  const fetched = stored ? null : await ports.history.fetch();
  const planningStarted = Date.now();
  const discovered = await runner.discover(config.root, config.testPatterns);
  if (discovered.length === 0) {
    const where = config.testPatterns?.length
      ? `the 'tests' globs ${JSON.stringify(config.testPatterns)}`
      : `${runner.framework}'s configuration`;
    throw new ConfigError(
      `no test files found in ${config.root} using ${where}. Set 'tests' to globs that match your test files, or 'working-directory' to the project folder.`,
    );
  }
  const { plan, estimates, heavy } = stored
    ? { ...replayStoredPlan(stored, discovered, config, log), heavy: [] }
    : planFromHistory(fetched, discovered, config, runner, log);
  const mine = plan.shards[config.shard - 1]!;
  const planned = Date.now();
  log.info(
    `evenshard: shard ${config.shard}/${config.shards} runs ${mine.files.length} whole files and ${mine.splits.length} split files ` +
      `(${mine.tests.length} planned tests, ~${formatDuration(mine.estimatedSeconds)}; slowest shard ~${formatDuration(plan.makespanSeconds)}, ` +
      `lower bound ${formatDuration(plan.lowerBoundSeconds)}); plan ${plan.fingerprint.slice(0, 12)}.`,
  );
  // The shard that runs a file too heavy to share says so (once per run, not once per shard).
  for (const file of heavy.filter((h) => h.shard === config.shard)) {
    log.notice(heavyFileNotice(file, config.shards));
  }

  const attempt = config.runAttempt ?? 1;
  const previous = attempt > 1 ? await previousAttempt(config, ports, plan.fingerprint) : null;
  const done = config.rerunFailed && previous ? rerunSkips(previous.results) : undefined;
  if (previous && done) {
    log.info(
      `evenshard: re-run attempt ${attempt} with rerun: failed: ${done.length} tests that passed or skipped in attempt ` +
        `${previous.runAttempt ?? 1} are not run again; the rest of the shard's plan runs.`,
    );
  }

  const empty = mine.files.length === 0 && mine.splits.length === 0;
  let run;
  let handedOverAt = Date.now();
  if (empty) {
    await started?.cancel(); // nothing to hand over: no need to keep it waiting meanwhile
    log.notice(
      `evenshard: shard ${config.shard} has nothing to run: there are more shards (${config.shards}) than test units. ` +
        'This is fine; lower `shards` to save runner minutes.',
    );
    const now = Date.now();
    run = {
      exitCode: 0,
      status: { signal: null, finished: true },
      collection: { files: [], selected: [], deselected: [] },
      results: [],
      startedAt: now,
      endedAt: now,
    };
  } else {
    const request = {
      root: config.root,
      command: config.command,
      plan,
      shard: config.shard,
      workDir: config.workDir,
      env: config.env,
      ...(done ? { done } : {}),
      explicitFiles: explicitFiles(config),
    };
    run = await log.group(
      `evenshard: ${runner.framework} shard ${config.shard}/${config.shards}`,
      () => {
        handedOverAt = Date.now();
        return started ? started.run(request) : runner.run(request);
      },
    );
    warnAboutUncollected(mine, run.collection ?? null, log);
  }
  const ran = run.results.map((r) => withRunAttempt({ ...r }, attempt));
  const results = previous
    ? combineRunAttempts(previous.results, ran, attempt, { carry: done !== undefined })
    : ran;

  // Phases do not overlap: a test process started early is counted from its hand-over.
  const commandStartedAt =
    started && !empty ? Math.max(run.startedAt, handedOverAt) : run.startedAt;
  const seconds = (from: number | undefined, to: number | undefined) =>
    from === undefined || to === undefined ? undefined : roundMs(Math.max(0, to - from) / 1000);
  const measured = run.costs;
  const beforeAction =
    config.actionStartedAt !== undefined && config.actionStartedAt > config.jobStartedAt
      ? seconds(config.jobStartedAt, config.actionStartedAt)
      : undefined;
  const phaseList: [keyof ShardPhases, number | undefined][] = [
    ['beforeEvenshard', beforeAction],
    ['cacheRestore', config.preparation?.cacheRestore],
    ['install', config.preparation?.install],
    ['historyFetch', seconds(fetchStarted, planningStarted)],
    ['planning', seconds(planningStarted, planned)],
  ];
  if (!empty) {
    const sessionAt = measured?.sessionStartedAt ?? measured?.collectStartedAt;
    phaseList.push(
      // A process started early only adds what is left of its start-up once it has its selection.
      ['processStart', seconds(commandStartedAt, sessionAt ?? run.firstTestAt)],
      ['collection', seconds(sessionAt, run.firstTestAt)],
      ['tests', seconds(run.firstTestAt, measured?.testsEndedAt)],
      ['processExit', seconds(measured?.testsEndedAt ?? run.firstTestAt, run.endedAt)],
    );
  }
  const phases: ShardPhases = {};
  for (const [phase, value] of phaseList) if (value !== undefined) phases[phase] = value;
  const wallSeconds = empty ? null : roundMs((run.endedAt - config.jobStartedAt) / 1000);

  // Coverage goes up before the result is written, so the result can say what uploading cost.
  if (config.coveragePatterns?.length) {
    const uploadStarted = Date.now();
    await saveCoverage(config, ports);
    phases.uploads = roundMs((Date.now() - uploadStarted) / 1000);
  }

  const result: ShardResult = {
    schema: SHARD_RESULT_SCHEMA,
    shard: config.shard,
    shards: config.shards,
    framework: runner.framework,
    planFingerprint: plan.fingerprint,
    estimatedSeconds: mine.estimatedSeconds,
    makespanSeconds: plan.makespanSeconds,
    lowerBoundSeconds: plan.lowerBoundSeconds,
    plannedFiles: plannedFiles(mine),
    plannedTests: mine.tests,
    discoveredFiles: discovered.map((d) => d.file),
    overheadSeconds: empty
      ? null
      : roundMs(((run.firstTestAt ?? run.endedAt) - config.jobStartedAt) / 1000),
    testSeconds: roundMs((run.endedAt - commandStartedAt) / 1000),
    wallSeconds,
    predictsWall: plan.fixedSeconds !== undefined,
    ...(config.kind !== undefined ? { kind: config.kind } : {}),
    ...(plan.speedFactor !== undefined ? { speedFactor: plan.speedFactor } : {}),
    phases,
    costs: measureShardCosts(run.results, measured, wallSeconds, phases),
    // A re-run that found nothing left to run (every test passed earlier) is not a failed command.
    exitCode: done && ran.length === 0 && !run.commandProblem ? 0 : run.exitCode,
    status: shardStatus(run),
    collection: run.collection ?? null,
    estimates,
    ...(heavy.length ? { heavyFiles: heavy } : {}),
    results,
    ...(attempt > 1 ? { runAttempt: attempt } : {}),
    ...(previous && done
      ? {
          rerun: {
            fromAttempt: previous.runAttempt ?? 1,
            carried: results.length - ran.length,
            ran: ran.length,
          },
        }
      : {}),
  };

  const resultsDir = join(config.workDir, 'results');
  await mkdir(resultsDir, { recursive: true });
  const resultFiles = [join(resultsDir, FILES.shardResult)];
  await writeFile(resultFiles[0]!, JSON.stringify(result) + '\n');
  if (run.junitPath) {
    try {
      await copyFile(run.junitPath, join(resultsDir, FILES.junit));
      resultFiles.push(join(resultsDir, FILES.junit));
    } catch {
      log.info('evenshard: the test command wrote no JUnit file.');
    }
  }
  await ports.outputs.saveResults(config.shard, resultsDir, resultFiles);

  const counts = countOutcomes(result.results);
  const { failing, quarantined } = splitQuarantined(result.results, config.quarantine);
  await ports.summary.write(
    renderShardSummary(result, {
      historySource: stored
        ? `the run's plan ${stored.plan.fingerprint.slice(0, 12)}`
        : (fetched?.description ?? 'none'),
      ...(config.quarantine
        ? { quarantined: quarantined.map((r) => r.id), quarantineSource: config.quarantine.source }
        : {}),
    }),
  );
  for (const r of quarantined) {
    log.warning(
      `evenshard: quarantined test failed (does not fail the job): ${r.id}${r.message ? ` — ${r.message}` : ''}`,
    );
  }

  if (run.commandProblem) return { result, exitCode: 1, failure: run.commandProblem };
  if (failing.length > 0) {
    const excused = quarantined.length ? ` (${quarantined.length} more are quarantined)` : '';
    return {
      result,
      exitCode: 1,
      failure: `${failing.length} of ${counts.tests} tests failed in shard ${config.shard}${excused}.`,
    };
  }
  return { result, exitCode: 0 };
}

/**
 * This shard's results from the previous attempt, when they belong to the same plan: a re-run
 * that planned differently cannot tell which of its tests already ran, so it runs them all.
 */
async function previousAttempt(
  config: RunShardConfig,
  ports: RunShardPorts,
  fingerprint: string,
): Promise<ShardResult | null> {
  const text = ports.previousAttempt ? await ports.previousAttempt.fetch(config.shard) : null;
  if (text === null) {
    if (config.rerunFailed)
      ports.log.info(
        `evenshard: no results of an earlier attempt of shard ${config.shard}; running its whole plan.`,
      );
    return null;
  }
  const parsed = parseShardResultText(text, config.shard);
  if (typeof parsed === 'string') {
    ports.log.warning(
      `evenshard: the earlier attempt's results are unusable (${parsed}); running the whole plan.`,
    );
    return null;
  }
  if (parsed.planFingerprint !== fingerprint) {
    ports.log.warning(
      `evenshard: the earlier attempt of shard ${config.shard} used plan ${parsed.planFingerprint.slice(0, 12)}, this one ${fingerprint.slice(0, 12)}; running the whole plan.`,
    );
    return null;
  }
  return parsed;
}

function planFromHistory(
  fetched: FetchedHistory | null,
  discovered: readonly DiscoveredFile[],
  config: RunShardConfig,
  runner: TestRunner,
  log: Logger,
): { plan: Plan; estimates: EstimateReport; heavy: HeavyFile[] } {
  const options = {
    shards: config.shards,
    splitFiles: runner.selectsSingleTests,
    ...(config.kind !== undefined ? { kind: config.kind } : {}),
  };
  let planned: SuitePlan;
  try {
    const sources = fetched ? [{ name: fetched.description, text: fetched.text }] : [];
    planned = planSuite(sources, { files: discovered }, options);
  } catch (error) {
    if (!fetched) throw error;
    log.warning(
      `evenshard: the history from ${fetched.description} is unreadable (${(error as Error).message}); planning without it.`,
    );
    planned = planSuite([], { files: discovered }, options);
  }
  return {
    plan: planned.plan,
    estimates: planned.estimates,
    heavy: heavyFiles(planned.plan, planned.tests, planned.planCosts?.fileVisitSeconds),
  };
}

/** The file (quoted: it is untrusted), its time and how far that is over total ÷ N. */
export function heavyFileNotice(file: HeavyFile, shards: number): string {
  const over = overShare(file);
  return (
    `evenshard: ${JSON.stringify(file.file)} takes ~${formatDuration(file.seconds)} and runs whole: ` +
    `${Math.round(over.percent)}% (${formatDuration(over.seconds)}) over the suite's total ÷ ${shards} shards ` +
    `(${formatDuration(file.shareSeconds)}). No plan can make the slowest shard shorter than this file; ` +
    'split it into smaller files to go faster.'
  );
}

/**
 * Uses the run's stored plan. A discovered file the plan does not know (the checkout changed
 * after planning) goes whole to a shard chosen by hashing its path, so it still runs exactly once.
 */
function replayStoredPlan(
  stored: StoredPlan,
  discovered: readonly DiscoveredFile[],
  config: RunShardConfig,
  log: Logger,
): { plan: Plan; estimates: EstimateReport } {
  if (stored.plan.shards.length !== config.shards) {
    throw new ConfigError(
      `the run's plan has ${stored.plan.shards.length} shards but 'shards' is ${config.shards}: use the plan job's 'shards' output for both the matrix and 'shards'.`,
    );
  }
  const known = new Set(stored.discoveredFiles);
  const extra = discovered.filter((d) => !known.has(d.file)).map((d) => d.file);
  if (extra.length === 0) return { plan: stored.plan, estimates: stored.estimates };
  log.warning(
    `evenshard: ${extra.length} test file(s) are not in the run's plan (the checkout changed after planning); they run whole, placed by a hash of their path.`,
  );
  const shards = stored.plan.shards.map((shard) => ({ ...shard, files: [...shard.files] }));
  for (const file of extra)
    shards[shardForUnplannedFile(file, config.shards) - 1]!.files.push(file);
  for (const shard of shards) shard.files.sort();
  return { plan: { ...stored.plan, shards }, estimates: stored.estimates };
}

async function saveCoverage(config: RunShardConfig, ports: RunShardPorts): Promise<void> {
  const files = await findFilesInRoot(config.root, config.coveragePatterns!);
  if (files.length === 0) {
    ports.log.warning(
      `evenshard: 'coverage' is set but no coverage data matched ${JSON.stringify(config.coveragePatterns)} in ${config.root}. ` +
        'Make the test command write coverage (e.g. pytest --cov, coverage run -m pytest) or set coverage-files.',
    );
    return;
  }
  await ports.outputs.saveCoverage(config.shard, config.root, files);
}

/** How the command ended: the runner's account, its problem always the run's commandProblem. */
function shardStatus(run: RunnerRun): ShardStatus {
  const status: ShardStatus = run.status ?? {
    signal: null,
    finished: run.commandProblem === undefined,
  };
  if (run.commandProblem !== undefined) return { ...status, problem: run.commandProblem };
  return status;
}

/**
 * Planned ids of split files that the runner did not collect. One shard cannot tell a deleted
 * test from an id that means something else in each process (parametrize over a set, ids from
 * hash()); the merge compares the shards' collections and decides. Here it is named early.
 */
function warnAboutUncollected(
  shard: ShardPlan,
  collection: ShardCollection | null,
  log: Logger,
): void {
  if (collection === null) return;
  const collected = new Map(collection.files.map((f) => [f.file, new Set(f.tests)]));
  for (const split of shard.splits) {
    const ids = collected.get(split.file);
    if (ids === undefined) continue;
    const planned = split.owner ? split.excluded : split.tests;
    const absent = planned.filter((id) => !ids.has(id));
    if (absent.length === 0) continue;
    log.warning(
      `evenshard: ${split.file}: ${absent.length} of its planned test ids were not collected ` +
        `(e.g. ${absent[0]}): deleted or renamed since the history, or ids that differ between ` +
        'processes (parametrize over a set, ids from hash() or id()). The merge compares what the shards collected.',
    );
  }
}

function plannedFiles(shard: ShardPlan): string[] {
  return [...shard.files, ...shard.splits.filter((s) => s.owner).map((s) => s.file)].sort();
}

function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
