/** The plan action (plan/action.yml) and the run action's reader of its artifact. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { validateStoredPlan, type StoredPlan } from '../core/storedPlan.js';
import {
  ARTIFACTS,
  DEFAULT_ARTIFACT_PREFIX,
  FILES,
  PLAN_INPUTS as IN,
  PLAN_OUTPUTS as OUT,
} from '../names.js';
import type { Logger } from '../ports.js';
import { planRun } from '../roles/planRun.js';
import { ConfigError, type PlanSource } from '../roles/runShard.js';
import { runnerFor } from '../runners/index.js';
import { readGitHubContext } from './context.js';
import { describeError, PreviousRunHistory } from './history.js';
import { FRAMEWORKS, list, numberInput, oneOf } from './inputs.js';
import { actionsLogger } from './log.js';

export async function planAction({ distDir }: { distDir: string }): Promise<void> {
  try {
    const get = (name: string) => core.getInput(name).trim();
    const prefix = get(IN.artifactPrefix) || DEFAULT_ARTIFACT_PREFIX;
    const framework = oneOf(get(IN.framework) || 'pytest', FRAMEWORKS, IN.framework);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const temp = join(
      process.env.RUNNER_TEMP ?? join(workspace, '.evenshard-tmp'),
      'evenshard-plan',
    );
    const tests = list(core.getInput(IN.tests));
    const log = actionsLogger;
    const context = readGitHubContext();
    if (context.runAttempt > 1) {
      // "Re-run all jobs": the plan artifact of attempt 1 still exists (names are unique per run),
      // and replaying it keeps the re-run's shards on the same selection.
      const earlier = await new RunPlanArtifact(prefix, join(temp, 'replay'), log).fetch();
      if (earlier) {
        setPlanOutputs(earlier, earlier.plan.shards.length);
        return;
      }
    }
    const outcome = await planRun(
      {
        ...numberInput(get(IN.shards), IN.shards, 'shards', { min: 1, integer: true }),
        ...numberInput(get(IN.targetMinutes), IN.targetMinutes, 'targetMinutes', { min: 0.1 }),
        maxShards: numberInput(get(IN.maxShards) || '32', IN.maxShards, 'maxShards', {
          min: 1,
          integer: true,
        }).maxShards!,
        ...numberInput(get(IN.maxParallel), IN.maxParallel, 'maxParallel', {
          min: 1,
          integer: true,
        }),
        root: resolve(workspace, get(IN.workingDirectory) || '.'),
        ...(tests.length ? { testPatterns: tests } : {}),
      },
      {
        runner: runnerFor(framework, { pluginDir: join(distDir, 'pytest') }),
        history: new PreviousRunHistory({
          token: get(IN.githubToken),
          prefix,
          ...(get(IN.historyBranch) ? { branch: get(IN.historyBranch) } : {}),
          downloadDir: join(temp, 'previous'),
          context,
          log,
        }),
        planSink: {
          async save(planJson) {
            await mkdir(temp, { recursive: true });
            const path = join(temp, FILES.plan);
            await writeFile(path, planJson);
            // The shards cannot run without it: a failed upload fails the plan job.
            await new DefaultArtifactClient().uploadArtifact(ARTIFACTS.plan(prefix), [path], temp);
            return ARTIFACTS.plan(prefix);
          },
        },
        log,
      },
    );
    setPlanOutputs(outcome.stored, outcome.shards);
  } catch (error) {
    core.setFailed(
      error instanceof ConfigError ? error.message : `evenshard plan: ${describeError(error)}`,
    );
  }
}

/** The run's `<prefix>-plan` artifact, when a plan job made one. */
export class RunPlanArtifact implements PlanSource {
  constructor(
    private readonly prefix: string,
    private readonly dir: string,
    private readonly log: Logger,
  ) {}

  async fetch(): Promise<StoredPlan | null> {
    const client = new DefaultArtifactClient();
    let id: number | undefined;
    try {
      const { artifacts } = await client.listArtifacts({ latest: true });
      id = artifacts.find((a) => a.name === ARTIFACTS.plan(this.prefix))?.id;
    } catch (error) {
      this.log.info(
        `evenshard: could not look for a plan artifact (${describeError(error)}); planning here.`,
      );
      return null;
    }
    if (id === undefined) return null;
    // A plan exists: every shard must use it, so failing to read it fails the shard.
    await client.downloadArtifact(id, { path: this.dir });
    const stored = validateStoredPlan(
      JSON.parse(await readFile(join(this.dir, FILES.plan), 'utf8')),
    );
    this.log.info(
      `evenshard: using the run's plan ${stored.plan.fingerprint.slice(0, 12)} (${ARTIFACTS.plan(this.prefix)}).`,
    );
    return stored;
  }
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
