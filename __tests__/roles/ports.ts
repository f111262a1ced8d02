/**
 * In-memory ports for the role tests: every role's decisions, without Python, the stand-in or
 * the Actions toolkit. Each records what the role did with it, so tests assert calls. The Logger
 * is the shared RecordingLogger (../helpers/logger.ts).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ShardResult, TestResult } from '../../src/core/shardResult.js';
import type { StoredPlan } from '../../src/core/storedPlan.js';
import type {
  FetchedHistory,
  HistorySource,
  ShardOutputSink,
  SummarySink,
} from '../../src/ports.js';
import type { HistorySink, PlanSource, ShardUpload, ShardUploadSource } from '../../src/ports.js';
import type {
  DiscoveredFile,
  RunnerRun,
  RunRequest,
  StartedRun,
  StartRequest,
  TestRunner,
} from '../../src/runners/types.js';

/** A history source that counts its fetches. */
export class MemoryHistory implements HistorySource {
  fetches = 0;
  constructor(private readonly history: FetchedHistory | null = null) {}
  fetch(): Promise<FetchedHistory | null> {
    this.fetches += 1;
    return Promise.resolve(this.history);
  }
}

export class MemoryPlan implements PlanSource {
  constructor(private readonly stored: StoredPlan | null) {}
  fetch(): Promise<StoredPlan | null> {
    return Promise.resolve(this.stored);
  }
}

/** What a shard uploaded: the results document as parsed from the file the role wrote. */
export interface SavedResults {
  shard: number;
  files: string[];
  result: ShardResult;
}

/** The shard's artifact store; `failing` makes every upload fail the way the real sink does (null). */
export class MemoryOutputs implements ShardOutputSink {
  readonly results: SavedResults[] = [];
  readonly coverage: { shard: number; files: string[] }[] = [];
  constructor(private readonly failing = false) {}
  async saveResults(shard: number, _dir: string, files: readonly string[]): Promise<string | null> {
    const doc = files.find((f) => basename(f) === 'results.json');
    const result = JSON.parse(await readFile(doc!, 'utf8')) as ShardResult;
    this.results.push({ shard, files: files.map((f) => basename(f)), result });
    return this.failing ? null : `memory results-${shard}`;
  }
  saveCoverage(shard: number, _dir: string, files: readonly string[]): Promise<string | null> {
    this.coverage.push({ shard, files: [...files] });
    return Promise.resolve(this.failing ? null : `memory coverage-${shard}`);
  }
}

export class MemorySummary implements SummarySink {
  readonly written: string[] = [];
  write(markdown: string): Promise<void> {
    this.written.push(markdown);
    return Promise.resolve();
  }
}

/** The merge's view of the shards' artifacts. */
export class MemoryUploads implements ShardUploadSource {
  constructor(private readonly uploads: ShardUpload[]) {}
  static of(results: readonly ShardResult[]): MemoryUploads {
    return new MemoryUploads(
      results.map((r) => ({ shard: r.shard, resultText: JSON.stringify(r) })),
    );
  }
  fetchAll(): Promise<ShardUpload[]> {
    return Promise.resolve(this.uploads.map((u) => ({ ...u })));
  }
}

export class MemoryHistorySink implements HistorySink {
  readonly saved: { historyJson: string; testDurations?: string }[] = [];
  save(files: { historyJson: string; testDurations?: string }): Promise<string | null> {
    this.saved.push(files);
    return Promise.resolve('memory history');
  }
}

/**
 * A framework in memory: the suite is `file → test names`; `run` reports every planned test of
 * the shard (whole files, and a split file's listed or remaining tests) as passed, except those
 * in `failing`, and leaves out the request's `done` ids. Records each request.
 */
export class FakeRunner implements TestRunner {
  readonly framework = 'pytest';
  /** Set false to play a runner that runs whole files only (Jest, Vitest). */
  selectsSingleTests = true;
  readonly requests: RunRequest[] = [];
  constructor(
    private readonly suite: Record<string, string[]>,
    private readonly failing: ReadonlySet<string> = new Set(),
  ) {}

  discover(): Promise<DiscoveredFile[]> {
    return Promise.resolve(
      Object.entries(this.suite).map(([file, tests]) => ({ file, testCountHint: tests.length })),
    );
  }

  run(request: RunRequest): Promise<RunnerRun> {
    this.requests.push(request);
    const mine = request.plan.shards[request.shard - 1]!;
    const ids = [
      ...mine.files.flatMap((file) => this.idsOf(file)),
      ...mine.splits.flatMap((split) =>
        split.owner
          ? this.idsOf(split.file).filter((id) => !split.excluded.includes(id))
          : split.tests,
      ),
    ];
    // `rerun: failed`: what passed in an earlier attempt is deselected, as the plugin does.
    const done = new Set(request.done ?? []);
    const results: TestResult[] = ids
      .filter((id) => !done.has(id))
      .map((id) =>
        this.failing.has(id)
          ? { id, seconds: 1, outcome: 'failed', message: 'AssertionError: boom' }
          : { id, seconds: 1, outcome: 'passed' },
      );
    const startedAt = 1_000_000;
    return Promise.resolve({
      exitCode: results.some((r) => r.outcome === 'failed') ? 1 : 0,
      status: { signal: null, finished: true },
      collection: null,
      results,
      startedAt,
      firstTestAt: startedAt + 500,
      endedAt: startedAt + 1000 * (results.length + 1),
    });
  }

  idsOf(file: string): string[] {
    return (this.suite[file] ?? []).map((name) => `${file}::${name}`);
  }

  get allIds(): string[] {
    return Object.keys(this.suite).flatMap((file) => this.idsOf(file));
  }
}

/**
 * A FakeRunner whose test process starts before the plan (TestRunner.start), as pytest's does:
 * records what happens to the started process, in order. The process "started" 5 s before its
 * hand-over; the run's own times are real epoch milliseconds.
 */
export class StartingRunner extends FakeRunner {
  readonly events: string[] = [];

  start(request: StartRequest): StartedRun {
    this.events.push(`start in ${request.workDir}`);
    const startedAt = Date.now() - 5_000;
    let handedOver = false;
    return {
      run: async (run) => {
        handedOver = true;
        this.events.push('hand-over');
        const result = await this.run(run);
        const now = Date.now();
        return {
          ...result,
          startedAt,
          firstTestAt: now + 500,
          endedAt: now + 1000 * (result.results.length + 1),
        };
      },
      // As the real one: nothing to stop once the selection is handed over.
      cancel: () => {
        if (!handedOver) this.events.push('cancel');
        handedOver = true;
        return Promise.resolve();
      },
    };
  }
}
