/**
 * Shard outputs as workflow-run artifacts. Names carry the shard index because artifact names
 * are unique per run (a second upload of a name is a 409). An upload failure is a warning:
 * it must never turn a green test run red. The merge downloads them all, a few at a time.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ArtifactNotFoundError,
  DefaultArtifactClient,
  type UploadArtifactOptions,
  type UploadArtifactResponse,
} from '@actions/artifact';
import { ARTIFACT_LIMITS, ARTIFACTS, FILES, type ArtifactLimits } from '../names.js';
import type {
  Logger,
  PreviousAttemptSource,
  ShardOutputSink,
  ShardUpload,
  ShardUploadSource,
} from '../ports.js';
import { describeError } from './errors.js';

export class ArtifactShardOutputs implements ShardOutputSink {
  private readonly client = new DefaultArtifactClient();

  constructor(
    private readonly prefix: string,
    private readonly retentionDays: number | undefined,
    private readonly log: Logger,
    private readonly limits: ArtifactLimits = ARTIFACT_LIMITS,
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
      const { id, size } = await withDeadline(
        uploadReplacingEarlierAttempt(this.client, name, [...files], dir, {
          ...(this.retentionDays ? { retentionDays: this.retentionDays } : {}),
        }),
        this.limits.operationSeconds,
        'the upload',
      );
      this.log.info(
        `evenshard: uploaded artifact ${name} (${files.length} files, ${size ?? 0} bytes, id ${id}).`,
      );
      return `artifact ${name}`;
    } catch (error) {
      const why = describeError(error, 'upload artifacts');
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

/**
 * Downloads at once in the merge. Each download is a few round trips (signed URL, blob, unzip)
 * that mostly wait on the network; actions/download-artifact runs 5 at a time. Measured in
 * docs/bench-merge.md.
 */
export const DOWNLOAD_CONCURRENCY = 4;

/** The `<prefix>-results-<i>` and `<prefix>-coverage-<i>` artifacts of this run, downloaded. */
export class RunArtifacts implements ShardUploadSource {
  private readonly client = new DefaultArtifactClient();

  constructor(
    private readonly prefix: string,
    private readonly dir: string,
    private readonly log: Logger,
    private readonly limits: ArtifactLimits = ARTIFACT_LIMITS,
  ) {}

  async fetchAll(): Promise<ShardUpload[]> {
    const { artifacts } = await this.client.listArtifacts({ latest: true }).catch((error) => {
      const why = describeError(error, "list this run's artifacts");
      const hint = /ACTIONS_RUNTIME_TOKEN/.test(why)
        ? " The runner gives that token to JavaScript actions only: run the merge as its action step ('uses: …/merge'), not from a 'run:' step."
        : '';
      throw new Error(`could not list this run's artifacts: ${why}.${hint}`);
    });
    const ours = artifacts.flatMap((artifact) => {
      const match = artifact.name.startsWith(`${this.prefix}-`)
        ? /^(results|coverage)-(\d+)$/.exec(artifact.name.slice(this.prefix.length + 1))
        : null;
      return match ? [{ artifact, kind: match[1]!, shard: Number(match[2]) }] : [];
    });
    const downloaded = await mapConcurrently(ours, DOWNLOAD_CONCURRENCY, async (item) => {
      const path = join(this.dir, `${item.kind}-${item.shard}`);
      try {
        refuseOverLimit(item.artifact.size, this.limits.artifactBytes, 'the artifact');
        await withDeadline(
          this.client.downloadArtifact(item.artifact.id, { path }),
          this.limits.operationSeconds,
          'the download',
        );
        const resultText =
          item.kind === 'results' ? await readResultsFile(path, this.limits) : null;
        return { ...item, path, resultText, ok: true };
      } catch (error) {
        this.log.warning(
          `evenshard: could not download ${item.artifact.name}: ${describeError(error, "download this run's artifacts")}`,
        );
        return { ...item, path, resultText: null, ok: false };
      }
    });
    // A shard whose artifacts failed to download is still listed: the merge names it unreadable.
    const uploads = new Map<number, ShardUpload>();
    for (const { shard, kind, path, resultText, ok } of downloaded) {
      const upload = uploads.get(shard) ?? { shard, resultText: null };
      if (ok && kind === 'results') upload.resultText = resultText;
      if (ok && kind === 'coverage') upload.coverageDir = path;
      uploads.set(shard, upload);
    }
    return [...uploads.values()].sort((a, b) => a.shard - b.shard);
  }
}

/**
 * `work`, or a rejection once `seconds` pass. The timer is deliberately not unref'd: a client
 * stuck on a dead connection holds no handle, so without it the process would simply exit
 * mid-step, skipping the rest of the step (and the exit code of a failing shard).
 */
function withDeadline<T>(work: Promise<T>, seconds: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`${what} did not finish within ${seconds} s: the service stopped answering`),
        ),
      seconds * 1000,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Throws when an untrusted size is over its limit, saying both. */
function refuseOverLimit(bytes: number, limit: number, what: string): void {
  if (bytes > limit) {
    const size = (n: number) => (n >= 1024 ** 2 ? `${Math.round(n / 1024 ** 2)} MB` : `${n} bytes`);
    throw new Error(
      `${what} is ${size(bytes)}, over evenshard's limit of ${size(limit)}; refused unread`,
    );
  }
}

/** A downloaded shard's results file, refused unread when it is over the limit. */
async function readResultsFile(dir: string, limits: ArtifactLimits): Promise<string> {
  const file = join(dir, FILES.shardResult);
  refuseOverLimit((await stat(file)).size, limits.shardResultBytes, FILES.shardResult);
  return readFile(file, 'utf8');
}

/**
 * `work` over `items` with at most `limit` calls in flight; results in the order of `items`.
 * Hand-written (a few lines) because no concurrency-limit package is a dependency, and a
 * `work` that throws rejects the whole map as Promise.all does (the merge's never throws).
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * This shard's results artifact as an earlier attempt of this run left it. Read before this
 * attempt uploads its own (which replaces it), so a re-run can see what already passed.
 */
export class PreviousAttemptArtifact implements PreviousAttemptSource {
  private readonly client = new DefaultArtifactClient();

  constructor(
    private readonly prefix: string,
    private readonly dir: string,
    private readonly log: Logger,
    private readonly limits: ArtifactLimits = ARTIFACT_LIMITS,
  ) {}

  async fetch(shard: number): Promise<string | null> {
    const name = ARTIFACTS.results(this.prefix, shard);
    try {
      const { artifact } = await this.client.getArtifact(name);
      const path = join(this.dir, name);
      refuseOverLimit(artifact.size, this.limits.artifactBytes, 'the artifact');
      await withDeadline(
        this.client.downloadArtifact(artifact.id, { path }),
        this.limits.operationSeconds,
        'the download',
      );
      return await readResultsFile(path, this.limits);
    } catch (error) {
      if (error instanceof ArtifactNotFoundError) {
        this.log.info(`evenshard: no earlier attempt uploaded ${name}.`);
      } else {
        this.log.warning(
          `evenshard: could not read the earlier attempt's ${name}: ${describeError(error, "read this run's artifacts")}.`,
        );
      }
      return null;
    }
  }
}
