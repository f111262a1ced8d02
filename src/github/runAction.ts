/** The run action's main and post steps: wiring of inputs, ports and outputs. */
import { join } from 'node:path';
import * as core from '@actions/core';
import { exec } from '@actions/exec';
import { countOutcomes } from '../core/shardResult.js';
import { ConfigError } from '../errors.js';
import { RUN_INPUTS, RUN_OUTPUTS } from '../names.js';
import type { EntryContext } from '../ports.js';
import { loadQuarantine } from '../roles/files.js';
import { runShard } from '../roles/runShard.js';
import { runnerFor } from '../runners/index.js';
import { ArtifactShardOutputs, PreviousAttemptArtifact } from './artifacts.js';
import { readGitHubContext } from './context.js';
import { restoreDependencyCache, saveDependencyCache } from './cache/dependencyCache.js';
import {
  actionsStepState,
  loadDependencyCacheState,
  saveDependencyCacheState,
} from './cache/state.js';
import { actionPaths, historySourceFor } from './entry.js';
import { parseRunInputs } from './inputs.js';
import { jobStartedAt } from './jobStart.js';
import { actionsLogger as log, jobSummary } from './log.js';
import { RunPlanArtifact } from './planArtifact.js';

/** `distDir` is the folder of the bundle (the entry wrapper passes it): the pytest plugin lives there. */
export async function runAction({ distDir }: EntryContext): Promise<void> {
  const startedAt = jobStartedAt();
  const actionStartedAt = Math.round(performance.timeOrigin);
  const inputs = parseRunInputs((name) => core.getInput(name));
  const { root, scratch } = actionPaths(inputs.workingDirectory, `evenshard-shard-${inputs.shard}`);

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
    ...(inputs.cache !== 'none' ? { cacheRestore: (installStarted - restoreStarted) / 1000 } : {}),
    ...(inputs.install ? { install: (Date.now() - installStarted) / 1000 } : {}),
  };
  const quarantine = inputs.quarantine
    ? await loadQuarantine(root, inputs.quarantine, `input '${RUN_INPUTS.quarantine}'`)
    : undefined;

  const outcome = await runShard(
    {
      shard: inputs.shard,
      shards: inputs.shards,
      root,
      command: inputs.command,
      testPatterns: inputs.tests,
      workDir: join(scratch, 'work'),
      coveragePatterns: inputs.coverageFiles,
      jobStartedAt: startedAt,
      actionStartedAt,
      preparation,
      ...kindOption(runnerKind(process.env, inputs.runnerLabel)),
      env: process.env,
      runAttempt: readGitHubContext().runAttempt,
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
      history: historySourceFor({
        history: inputs.history,
        root,
        token: inputs.githubToken,
        prefix: inputs.artifactPrefix,
        branch: inputs.historyBranch,
        downloadDir: join(scratch, 'history'),
        log,
      }),
      plan: new RunPlanArtifact(inputs.artifactPrefix, join(scratch, 'plan'), log),
      outputs: new ArtifactShardOutputs(inputs.artifactPrefix, inputs.retentionDays, log),
      summary: jobSummary,
      log,
      previousAttempt: new PreviousAttemptArtifact(
        inputs.artifactPrefix,
        join(scratch, 'previous-attempt'),
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
}

/** Post step: save the dependency cache (its entry never fails the job). */
export async function postAction(): Promise<void> {
  await saveDependencyCache(loadDependencyCacheState(actionsStepState), log);
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
