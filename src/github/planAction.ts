/** The plan action (plan/action.yml): wiring of inputs, ports and outputs. */
import { join } from 'node:path';
import * as core from '@actions/core';
import type { StoredPlan } from '../core/storedPlan.js';
import { PLAN_OUTPUTS as OUT } from '../names.js';
import type { EntryContext } from '../ports.js';
import { planRun } from '../roles/planRun.js';
import { runnerFor } from '../runners/index.js';
import { readGitHubContext } from './context.js';
import { actionPaths, historySourceFor } from './entry.js';
import { parsePlanInputs } from './inputs.js';
import { actionsLogger as log } from './log.js';
import { RunPlanArtifact, RunPlanArtifactSink } from './planArtifact.js';

export async function planAction({ distDir }: EntryContext): Promise<void> {
  const inputs = parsePlanInputs((name) => core.getInput(name));
  const { root, scratch } = actionPaths(inputs.workingDirectory, 'evenshard-plan');
  if (readGitHubContext().runAttempt > 1) {
    // "Re-run all jobs": the plan artifact of attempt 1 still exists (names are unique per run),
    // and replaying it keeps the re-run's shards on the same selection.
    const earlier = await new RunPlanArtifact(
      inputs.artifactPrefix,
      join(scratch, 'replay'),
      log,
    ).fetch();
    if (earlier) {
      setPlanOutputs(earlier, earlier.plan.shards.length);
      return;
    }
  }
  const outcome = await planRun(
    {
      ...(inputs.shards !== undefined ? { shards: inputs.shards } : {}),
      ...(inputs.targetMinutes !== undefined ? { targetMinutes: inputs.targetMinutes } : {}),
      maxShards: inputs.maxShards,
      ...(inputs.maxParallel !== undefined ? { maxParallel: inputs.maxParallel } : {}),
      root,
      ...(inputs.tests ? { testPatterns: inputs.tests } : {}),
    },
    {
      // Discovery as the shards do it: Vitest and Jest list the files with the shards' command.
      runner: runnerFor(inputs.framework, {
        pluginDir: join(distDir, 'pytest'),
        distDir,
        ...(inputs.command ? { command: inputs.command } : {}),
      }),
      history: historySourceFor({
        history: 'auto',
        root,
        token: inputs.githubToken,
        prefix: inputs.artifactPrefix,
        branch: inputs.historyBranch,
        downloadDir: join(scratch, 'previous'),
        log,
      }),
      planSink: new RunPlanArtifactSink(inputs.artifactPrefix, scratch),
      log,
    },
  );
  setPlanOutputs(outcome.stored, outcome.shards);
}

function setPlanOutputs(stored: StoredPlan, shards: number): void {
  core.setOutput(
    OUT.matrix,
    JSON.stringify({ shard: Array.from({ length: shards }, (_, i) => i + 1) }),
  );
  core.setOutput(OUT.shards, String(shards));
  core.setOutput(OUT.estimatedSeconds, String(stored.plan.makespanSeconds));
  core.setOutput(OUT.planFingerprint, stored.plan.fingerprint);
}
