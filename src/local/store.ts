/**
 * The CLI's store: a folder that plays the part of the artifacts. Layout (docs/cli.md):
 *   DIR/history.json                   the timing history (what the merge writes)
 *   DIR/run-history.json               the history attempt 1 planned from (later attempts replay it)
 *   DIR/results/shard-<i>/results.json one shard's results (+ junit.xml)
 *   DIR/coverage/shard-<i>/...         one shard's coverage data, paths relative to the root
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { FILES } from '../names.js';
import {
  logLine,
  type FetchedHistory,
  type HistorySink,
  type HistorySource,
  type Logger,
  type PreviousAttemptSource,
  type ShardOutputSink,
  type ShardUpload,
  type ShardUploadSource,
} from '../ports.js';

/** The only code that knows the layout: the CLI's run and merge both go through it. */
export class LocalStore implements HistorySource, ShardOutputSink, ShardUploadSource {
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

  /**
   * The history a run attempt plans from. Attempt 1 reads `history.json` and keeps a copy; later
   * attempts read that copy, so a merge in between (which rewrites `history.json`) cannot change
   * the plan of a re-run — as on GitHub, where every attempt sees the history of the run's start.
   */
  historyForAttempt(attempt: number): HistorySource {
    const snapshot = join(this.dir, 'run-history.json');
    return {
      fetch: async () => {
        if (attempt > 1) {
          // An empty copy: attempt 1 had no history.
          const text = await readFile(snapshot, 'utf8').catch(() => null);
          if (text === '') return null;
          if (text !== null)
            return { text, description: `${this.historyPath} (as attempt 1 read it)` };
        }
        const fetched = await this.fetch();
        if (attempt === 1) {
          await mkdir(this.dir, { recursive: true });
          await writeFile(snapshot, fetched?.text ?? '');
        }
        return fetched;
      },
    };
  }

  /** A shard's results as its last run left them: the previous attempt, for `run --attempt N`. */
  previousAttempt(): PreviousAttemptSource {
    return {
      fetch: (shard) =>
        readFile(join(this.shardResultsDir(shard), FILES.shardResult), 'utf8').catch(() => null),
    };
  }

  /** Every shard that saved results (or at least a results folder), in shard order. */
  async fetchAll(): Promise<ShardUpload[]> {
    const uploads: ShardUpload[] = [];
    const names = await readdir(join(this.dir, 'results')).catch(() => [] as string[]);
    for (const name of names) {
      const match = /^shard-(\d+)$/.exec(name);
      if (!match) continue;
      const shard = Number(match[1]);
      const resultText = await readFile(
        join(this.shardResultsDir(shard), FILES.shardResult),
        'utf8',
      ).catch(() => null);
      const coverageDir = this.shardCoverageDir(shard);
      const hasCoverage = (await readdir(coverageDir).catch(() => [])).length > 0;
      uploads.push({ shard, resultText, ...(hasCoverage ? { coverageDir } : {}) });
    }
    return uploads.sort((a, b) => a.shard - b.shard);
  }

  /** Where the merge writes the next history; `testDurationsPath` receives the optional export. */
  historySink(testDurationsPath?: string): HistorySink {
    return {
      save: async (files) => {
        await mkdir(this.dir, { recursive: true });
        await writeFile(this.historyPath, files.historyJson);
        if (testDurationsPath && files.testDurations)
          await writeFile(testDurationsPath, files.testDurations);
        return this.historyPath;
      },
    };
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
  info: (message) => void process.stderr.write(logLine(message) + '\n'),
  notice: (message) => void process.stderr.write(`notice: ${logLine(message)}\n`),
  warning: (message) => void process.stderr.write(`warning: ${logLine(message)}\n`),
  error: (message) => void process.stderr.write(`error: ${logLine(message)}\n`),
  group: async (title, body) => {
    process.stderr.write(`── ${logLine(title)}\n`);
    return body();
  },
};
