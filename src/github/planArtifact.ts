/** The run's `<prefix>-plan` artifact: written by the plan action, read by every shard. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { validateStoredPlan, type StoredPlan } from '../core/storedPlan.js';
import { ARTIFACTS, FILES } from '../names.js';
import type { Logger, PlanSink, PlanSource } from '../ports.js';
import { describeError } from './errors.js';

/** The run's plan artifact, when a plan job made one. */
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
        `evenshard: could not look for a plan artifact (${describeError(error, "list this run's artifacts")}); planning here.`,
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

/** Uploads the plan. The shards cannot run without it: a failed upload fails the plan job. */
export class RunPlanArtifactSink implements PlanSink {
  constructor(
    private readonly prefix: string,
    private readonly dir: string,
  ) {}

  async save(planJson: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, FILES.plan);
    await writeFile(path, planJson);
    const name = ARTIFACTS.plan(this.prefix);
    await new DefaultArtifactClient().uploadArtifact(name, [path], this.dir);
    return name;
  }
}
