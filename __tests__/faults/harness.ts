/**
 * The fault matrix's harness: the run and merge roles with in-memory ports, the real pytest
 * runner and plugin (src/runners/pytest), and small throw-away projects. One shard is one pytest
 * process; a whole "run" is N of them and a merge, no bundle and no network.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ShardUpload } from '../../src/ports.js';
import { mergeRun, type MergeOutcome } from '../../src/roles/mergeRun.js';
import { runShard, type RunShardOutcome } from '../../src/roles/runShard.js';
import { runnerFor } from '../../src/runners/index.js';
import type { DiscoveredFile, RunnerRun, RunRequest, TestRunner } from '../../src/runners/types.js';
import type { CollectedFile } from '../../src/core/shardResult.js';
import { RecordingLogger } from '../helpers/logger.js';
import { findPython } from '../helpers/python.js';

export const PLUGIN_DIR = fileURLToPath(new URL('../../src/runners/pytest', import.meta.url));
export const PYTHON = findPython({ xdist: true });
/** Tests that need real pytest skip without it, loudly; CI has it (and must not skip). */
export const NO_PYTHON = PYTHON === null;
if (NO_PYTHON) console.warn('SKIPPED: the fault matrix run tests need a Python with pytest.');

const temps: string[] = [];
export async function cleanUp(): Promise<void> {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** A project folder with these files (a pytest.ini with testpaths = tests unless given). */
export async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'evenshard-fault-'));
  temps.push(dir);
  const all = { 'pytest.ini': '[pytest]\ntestpaths = tests\n', ...files };
  for (const [name, text] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** Everything one simulated run left behind: the store the shards wrote to, and the logs. */
export class MemoryStore {
  history: string | null = null;
  readonly uploads = new Map<number, string>();
  readonly log = new RecordingLogger();
  summaries: string[] = [];
}

export interface ShardOptions {
  shards: number;
  command?: string[];
  testPatterns?: string[];
  env?: NodeJS.ProcessEnv;
  /** A re-run attempt (> 1) reads the shard's previous upload from the store. */
  attempt?: number;
  rerunFailed?: boolean;
}

export async function runOneShard(
  root: string,
  store: MemoryStore,
  shard: number,
  options: ShardOptions,
): Promise<RunShardOutcome> {
  const workDir = path.join(root, '.evenshard', `shard-${shard}`);
  return runShard(
    {
      shard,
      shards: options.shards,
      root,
      command: options.command ?? [
        PYTHON!.executable,
        '-m',
        'pytest',
        '-q',
        '-p',
        'no:cacheprovider',
      ],
      ...(options.testPatterns ? { testPatterns: options.testPatterns } : {}),
      workDir,
      jobStartedAt: Date.now(),
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...options.env },
      ...(options.attempt ? { runAttempt: options.attempt } : {}),
      ...(options.rerunFailed ? { rerunFailed: true } : {}),
    },
    {
      runner: runnerFor('pytest', { pluginDir: PLUGIN_DIR }),
      previousAttempt: { fetch: async (index) => store.uploads.get(index) ?? null },
      history: {
        fetch: async () =>
          store.history === null ? null : { text: store.history, description: 'memory' },
      },
      outputs: {
        async saveResults(index, dir) {
          store.uploads.set(index, await readFile(path.join(dir, 'results.json'), 'utf8'));
          return 'memory';
        },
        saveCoverage: async () => null,
      },
      summary: { write: async (markdown) => void store.summaries.push(markdown) },
      log: store.log,
    },
  );
}

export async function mergeStore(store: MemoryStore, shards: number): Promise<MergeOutcome> {
  const uploads: ShardUpload[] = [...store.uploads]
    .sort(([a], [b]) => a - b)
    .map(([shard, resultText]) => ({ shard, resultText }));
  return mergeRun(
    { expectedShards: shards, splitFiles: true, exportTestDurations: false, now: '2026-12-02' },
    {
      uploads: { fetchAll: async () => uploads },
      previousHistory: {
        fetch: async () =>
          store.history === null ? null : { text: store.history, description: 'memory' },
      },
      historySink: {
        async save(files) {
          store.history = files.historyJson;
          return 'memory';
        },
      },
      summary: { write: async (markdown) => void store.summaries.push(markdown) },
      log: store.log,
    },
  );
}

/** Runs every shard of one run (in order) and merges. */
export async function runAndMerge(
  root: string,
  store: MemoryStore,
  options: ShardOptions & { perShard?: (shard: number) => Partial<ShardOptions> },
): Promise<{ shards: RunShardOutcome[]; merge: MergeOutcome }> {
  const outcomes: RunShardOutcome[] = [];
  for (let shard = 1; shard <= options.shards; shard++) {
    outcomes.push(
      await runOneShard(root, store, shard, { ...options, ...options.perShard?.(shard) }),
    );
  }
  return { shards: outcomes, merge: await mergeStore(store, options.shards) };
}

/**
 * A runner that "runs" a suite held in memory exactly the way the pytest plugin selects: whole
 * files, a non-owner's listed tests, an owner's file minus its excluded tests. Every run is
 * appended to `ran`, the recorder the merge's proof is checked against. Fast: no processes.
 */
export class FakeRunner implements TestRunner {
  readonly framework = 'pytest';
  readonly selectsSingleTests = true;
  readonly ran: string[] = [];
  constructor(public suite: Map<string, string[]>) {}

  async discover(): Promise<DiscoveredFile[]> {
    return [...this.suite.keys()].sort().map((file) => ({ file }));
  }

  async run(request: RunRequest): Promise<RunnerRun> {
    const mine = request.plan.shards[request.shard - 1]!;
    const now = Date.now();
    const runs: string[] = [];
    const selected: string[] = [];
    const files: CollectedFile[] = [];
    for (const file of mine.files) {
      const ids = this.suite.get(file) ?? [];
      files.push({ file, tests: ids, fingerprint: 'stable' });
      runs.push(...ids);
    }
    for (const split of mine.splits) {
      const ids = this.suite.get(split.file) ?? [];
      files.push({ file: split.file, tests: ids, fingerprint: 'stable', split: true });
      const excluded = new Set(split.excluded);
      const listed = new Set(split.tests);
      const part = ids.filter((id) => (split.owner ? !excluded.has(id) : listed.has(id)));
      selected.push(...part);
      runs.push(...part);
    }
    this.ran.push(...runs);
    return {
      exitCode: 0,
      status: { signal: null, finished: true },
      collection: { files, selected, deselected: [] },
      results: runs.map((id) => ({ id, seconds: 0.01, outcome: 'passed' })),
      startedAt: now,
      endedAt: now,
    };
  }
}

/** Runs shard `shard` of a fake suite with its own history text (null: none). */
export async function runFakeShard(
  runner: FakeRunner,
  store: MemoryStore,
  shard: number,
  shards: number,
  history: string | null = store.history,
): Promise<RunShardOutcome> {
  return runShard(
    {
      shard,
      shards,
      root: tmpdir(),
      command: ['fake'],
      workDir: await mkdtemp(path.join(tmpdir(), 'evenshard-fake-')).then(
        (d) => (temps.push(d), d),
      ),
      jobStartedAt: Date.now(),
      env: {},
    },
    {
      runner,
      history: {
        fetch: async () => (history === null ? null : { text: history, description: 'memory' }),
      },
      outputs: {
        async saveResults(index, dir) {
          store.uploads.set(index, await readFile(path.join(dir, 'results.json'), 'utf8'));
          return 'memory';
        },
        saveCoverage: async () => null,
      },
      summary: { write: async () => undefined },
      log: store.log,
    },
  );
}
