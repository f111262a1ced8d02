/**
 * Shard outputs as workflow-run artifacts. Names carry the shard index because artifact names
 * are unique per run (a second upload of a name is a 409). An upload failure is a warning:
 * it must never turn a green test run red.
 */
import {
  ArtifactNotFoundError,
  DefaultArtifactClient,
  type UploadArtifactOptions,
  type UploadArtifactResponse,
} from '@actions/artifact';
import { ARTIFACTS } from '../names.js';
import type { Logger, ShardOutputSink } from '../ports.js';
import { describeError } from './history.js';

export class ArtifactShardOutputs implements ShardOutputSink {
  private readonly client = new DefaultArtifactClient();

  constructor(
    private readonly prefix: string,
    private readonly retentionDays: number | undefined,
    private readonly log: Logger,
  ) {}

  saveResults(shard: number, dir: string, files: readonly string[]): Promise<string | null> {
    return this.upload(ARTIFACTS.results(this.prefix, shard), dir, files);
  }

  saveCoverage(shard: number, dir: string, files: readonly string[]): Promise<string | null> {
    return this.upload(ARTIFACTS.coverage(this.prefix, shard), dir, files);
  }

  private async upload(
    name: string,
    dir: string,
    files: readonly string[],
  ): Promise<string | null> {
    try {
      const { id, size } = await uploadReplacingEarlierAttempt(this.client, name, [...files], dir, {
        ...(this.retentionDays ? { retentionDays: this.retentionDays } : {}),
      });
      this.log.info(
        `evenshard: uploaded artifact ${name} (${files.length} files, ${size ?? 0} bytes, id ${id}).`,
      );
      return `artifact ${name}`;
    } catch (error) {
      const why = describeError(error);
      const hint = /409|already exists/i.test(why)
        ? ` Another job of this run already uploaded ${name}: give every matrix job its own 'shard', or set a distinct 'artifact-prefix' per test job.`
        : '';
      this.log.warning(`evenshard: could not upload artifact ${name}: ${why}.${hint}`);
      return null;
    }
  }
}

/**
 * Uploads an artifact; in a re-run (attempt > 1) it first deletes the artifact of the same name
 * that an earlier attempt of this run uploaded. Names are unique per run ACROSS attempts, so
 * without this a re-run shard's upload is a 409 and the merge keeps reading the earlier attempt's
 * results (as `actions/upload-artifact` does with `overwrite: true`).
 */
export async function uploadReplacingEarlierAttempt(
  client: DefaultArtifactClient,
  name: string,
  files: string[],
  rootDirectory: string,
  options: UploadArtifactOptions,
  attempt: number = Number(process.env.GITHUB_RUN_ATTEMPT ?? 1),
): Promise<UploadArtifactResponse> {
  if (attempt > 1) {
    try {
      await client.deleteArtifact(name);
    } catch (error) {
      if (!(error instanceof ArtifactNotFoundError)) throw error;
    }
  }
  return client.uploadArtifact(name, files, rootDirectory, options);
}
