/** The run action's main and post steps: wiring of inputs, ports and outputs. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { exec } from '@actions/exec';
import { countOutcomes } from '../core/shardResult.js';
import { RUN_INPUTS, RUN_OUTPUTS } from '../names.js';
import type { FetchedHistory, HistorySource, Logger } from '../ports.js';
import { isInside } from '../core/paths.js';
import { loadQuarantine } from '../roles/files.js';
import { ConfigError, runShard } from '../roles/runShard.js';
import { runnerFor } from '../runners/index.js';
import { ArtifactShardOutputs, PreviousAttemptArtifact } from './artifacts.js';
import { readGitHubContext, type GitHubContext } from './context.js';
import { restoreDependencyCache, saveDependencyCache } from './cache/dependencyCache.js';
import {
  actionsStepState,
  loadDependencyCacheState,
  saveDependencyCacheState,
} from './cache/state.js';
import { PreviousRunHistory } from './history.js';
import { RunPlanArtifact } from './planAction.js';
import { parseRunInputs, type RunInputs } from './inputs.js';
import { jobStartedAt } from './jobStart.js';
import { actionsLogger, jobSummary } from './log.js';

/** `distDir` is the folder of the bundle (the entry wrapper passes it): the pytest plugin lives there. */
export async function runAction({ distDir }: { distDir: string }): Promise<void> {
  const startedAt = jobStartedAt();
  const actionStartedAt = Math.round(performance.timeOrigin);
  try {
    const inputs = parseRunInputs((name) => core.getInput(name));
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const root = resolve(workspace, inputs.workingDirectory);
    const temp = process.env.RUNNER_TEMP ?? join(workspace, '.evenshard-tmp');
    const workDir = join(temp, `evenshard-shard-${inputs.shard}`);
    const log = actionsLogger;

    const restoreStarted = Date.now();
    const cacheState = await restoreDependencyCache({
      tool: inputs.cache,
      dependencyPath: inputs.cacheDependencyPath,
      root,
      python: inputs.python,
      log,
    });
    core.setOutput(RUN_OUTPUTS.cacheHit, String(cacheState?.hit ?? false));
    if (cacheState) saveDependencyCacheState(cacheState, actionsStepState);
    const installStarted = Date.now();
    if (inputs.install) await install(inputs.install, root);
    const preparation = {
      ...(inputs.cache !== 'none'
        ? { cacheRestore: (installStarted - restoreStarted) / 1000 }
        : {}),
      ...(inputs.install ? { install: (Date.now() - installStarted) / 1000 } : {}),
    };
    const quarantine = inputs.quarantine
      ? await loadQuarantine(root, inputs.quarantine, `input '${RUN_INPUTS.quarantine}'`)
      : undefined;
    const context = readGitHubContext();

    const outcome = await runShard(
      {
        shard: inputs.shard,
        shards: inputs.shards,
        root,
        command: inputs.command,
        testPatterns: inputs.tests,
        workDir,
        coveragePatterns: inputs.coverageFiles,
        jobStartedAt: startedAt,
        actionStartedAt,
        preparation,
        ...kindOption(runnerKind(process.env, inputs.runnerLabel)),
        env: process.env,
        runAttempt: context.runAttempt,
        rerunFailed: inputs.rerun === 'failed',
        ...(quarantine ? { quarantine } : {}),
      },
      {
        runner: runnerFor(inputs.framework, {
          pluginDir: join(distDir, 'pytest'),
          distDir,
          command: inputs.command,
          junit: inputs.junit,
          log: (message) => log.info(message),
        }),
        history: historySource(inputs, root, join(temp, 'evenshard-history'), context, log),
        plan: new RunPlanArtifact(inputs.artifactPrefix, join(temp, 'evenshard-plan'), log),
        outputs: new ArtifactShardOutputs(inputs.artifactPrefix, inputs.retentionDays, log),
        summary: jobSummary,
        log,
        previousAttempt: new PreviousAttemptArtifact(
          inputs.artifactPrefix,
          join(temp, 'evenshard-previous-attempt'),
          log,
        ),
      },
    );
    const counts = countOutcomes(outcome.result.results);
    core.setOutput(RUN_OUTPUTS.tests, String(counts.tests));
    core.setOutput(RUN_OUTPUTS.failed, String(counts.failed + counts.errors));
    core.setOutput(RUN_OUTPUTS.durationSeconds, String(outcome.result.testSeconds));
    core.setOutput(RUN_OUTPUTS.estimatedSeconds, String(outcome.result.estimatedSeconds));
    core.setOutput(RUN_OUTPUTS.planFingerprint, outcome.result.planFingerprint);
    if (outcome.exitCode !== 0) core.setFailed(outcome.failure ?? 'evenshard: the shard failed.');
  } catch (error) {
    core.setFailed(error instanceof ConfigError ? error.message : `evenshard: ${describe(error)}`);
  }
}

/** Post step: save the dependency cache. Never fails the job. */
export async function postAction(): Promise<void> {
  try {
    await saveDependencyCache(loadDependencyCacheState(actionsStepState), actionsLogger);
  } catch (error) {
    core.notice(`evenshard: dependency cache not saved: ${describe(error)}`);
  }
}

/** Installs dependencies after the cache restore, so the restored cache is what the install uses. */
async function install(argv: readonly string[], cwd: string): Promise<void> {
  const [tool, ...args] = argv;
  const code = await core.group(`evenshard: install (${argv.join(' ')})`, () =>
    exec(tool!, args, { cwd, ignoreReturnCode: true }),
  );
  if (code !== 0)
    throw new ConfigError(
      `input '${RUN_INPUTS.install}' failed with exit code ${code}: ${argv.join(' ')}`,
    );
}

function historySource(
  inputs: RunInputs,
  root: string,
  downloadDir: string,
  context: GitHubContext,
  log: Logger,
): HistorySource {
  if (inputs.history === 'none') return { fetch: async () => null };
  if (inputs.history !== 'auto') return new CheckoutFileHistory(root, inputs.history, log);
  return new PreviousRunHistory({
    token: inputs.githubToken,
    prefix: inputs.artifactPrefix,
    ...(inputs.historyBranch ? { branch: inputs.historyBranch } : {}),
    downloadDir,
    context,
    log,
  });
}

/** A timing file kept in the repository (e.g. a pytest-split `.test_durations`). */
class CheckoutFileHistory implements HistorySource {
  constructor(
    private readonly root: string,
    private readonly path: string,
    private readonly log: Logger,
  ) {}

  async fetch(): Promise<FetchedHistory | null> {
    const full = resolve(this.root, this.path);
    if (!isInside(this.root, full)) {
      throw new ConfigError(
        `input '${RUN_INPUTS.history}' must be 'auto', 'none' or a file inside the working directory (got ${JSON.stringify(this.path)}).`,
      );
    }
    try {
      return { text: await readFile(full, 'utf8'), description: this.path };
    } catch {
      this.log.warning(
        `evenshard: the history file ${this.path} does not exist; planning without history.`,
      );
      return null;
    }
  }
}

/** The runner kind a history's speed factor is learned for: `RUNNER_OS-RUNNER_ARCH[-label]`. */
function runnerKind(env: NodeJS.ProcessEnv, label: string | undefined): string | undefined {
  const os = env['RUNNER_OS'];
  const arch = env['RUNNER_ARCH'];
  if (!os || !arch) return label;
  return label ? `${os}-${arch}-${label}` : `${os}-${arch}`;
}

function kindOption(kind: string | undefined): { kind?: string } {
  return kind === undefined ? {} : { kind };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
