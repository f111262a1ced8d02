/**
 * The CLI's store: a folder that plays the part of the artifacts. Layout (docs/cli.md):
 *   DIR/history.json                   the timing history (what the merge writes)
 *   DIR/results/shard-<i>/results.json one shard's results (+ junit.xml)
 *   DIR/coverage/shard-<i>/...         one shard's coverage data, paths relative to the root
 */
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { FILES } from '../names.js';
import type { FetchedHistory, HistorySource, Logger, ShardOutputSink } from '../ports.js';

export class LocalStore implements HistorySource, ShardOutputSink {
  constructor(
    readonly dir: string,
    private readonly log: Logger,
  ) {}

  get historyPath(): string {
    return join(this.dir, FILES.history);
  }

  shardResultsDir(shard: number): string {
    return join(this.dir, 'results', `shard-${shard}`);
  }

  shardCoverageDir(shard: number): string {
    return join(this.dir, 'coverage', `shard-${shard}`);
  }

  async fetch(): Promise<FetchedHistory | null> {
    try {
      return { text: await readFile(this.historyPath, 'utf8'), description: this.historyPath };
    } catch {
      this.log.warning(`evenshard: no history at ${this.historyPath}; planning without history.`);
      return null;
    }
  }

  saveResults(shard: number, dir: string, files: readonly string[]): Promise<string | null> {
    return this.copyInto(this.shardResultsDir(shard), dir, files);
  }

  saveCoverage(shard: number, dir: string, files: readonly string[]): Promise<string | null> {
    return this.copyInto(this.shardCoverageDir(shard), dir, files);
  }

  /** Replaces the target folder, so a re-run of a shard leaves only its latest outputs. */
  private async copyInto(
    target: string,
    base: string,
    files: readonly string[],
  ): Promise<string | null> {
    try {
      await rm(target, { recursive: true, force: true });
      for (const file of files) {
        const to = join(target, relative(base, file));
        await mkdir(dirname(to), { recursive: true });
        await copyFile(file, to);
      }
      return target;
    } catch (error) {
      this.log.warning(`evenshard: could not save to ${target}: ${(error as Error).message}`);
      return null;
    }
  }
}

export const consoleLogger: Logger = {
  info: (message) => void process.stderr.write(message + '\n'),
  notice: (message) => void process.stderr.write(`notice: ${message}\n`),
  warning: (message) => void process.stderr.write(`warning: ${message}\n`),
  error: (message) => void process.stderr.write(`error: ${message}\n`),
  group: async (title, body) => {
    process.stderr.write(`── ${title}\n`);
    return body();
  },
};
