/**
 * Fault matrix, services and crafted artifacts: the run and merge roles with the REAL artifact
 * ports (src/github/artifacts.ts, the real @actions/artifact client) against the wire-protocol
 * stand-in, which answers 429 with Retry-After, resets connections mid-response, answers 404 on
 * a download, or serves a zip crafted by hand. Outcome each time: the correct result or a clear
 * message; an upload failure never turns a green shard red; nothing lands outside the target.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_LIMITS, type ArtifactLimits } from '../../src/names.js';
import {
  restoreDependencyCache,
  saveDependencyCache,
} from '../../src/github/cache/dependencyCache.js';
import { mergeRun } from '../../src/roles/mergeRun.js';
import { runShard } from '../../src/roles/runShard.js';
import { RecordingLogger } from '../helpers/logger.js';
import { quietly as printed } from '../helpers/stdout.js';
import { standinEnv } from '../standin/env.js';
import { startStandin, type Standin } from '../standin/server.js';
import { FakeRunner } from './harness.js';

type Artifacts = typeof import('../../src/github/artifacts.js');

const REPO = 'octo-org/evenshard-faults';
const SUITE = new Map([
  ['tests/test_a.py', ['tests/test_a.py::test_1', 'tests/test_a.py::test_2']],
  ['tests/test_b.py', ['tests/test_b.py::test_3']],
]);
/** A call the service stopped answering is given up after a second here (10 minutes in use). */
const LIMITS: ArtifactLimits = { ...ARTIFACT_LIMITS, operationSeconds: 1 };

let server: Standin;
let tmp: string;
let artifacts: Artifacts;
const realSetTimeout = globalThis.setTimeout;
const originalEnv = { ...process.env };

/** This process acts as job `job` of run `runId`; `token: false` leaves no runtime token. */
function actAs(runId: number, job = 'job', { token = true } = {}): void {
  Object.assign(process.env, standinEnv(server, { runId, jobId: job, repo: REPO }));
  if (!token) delete process.env['ACTIONS_RUNTIME_TOKEN'];
}

/** Hides what @actions/core prints (the clients' retry notes) while `fn` runs. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  return (await printed(fn)).value;
}

/** One shard of the fake suite, uploading through the real artifact port. */
async function shard(index: number, shards = 2, limits = LIMITS) {
  const log = new RecordingLogger();
  const outcome = await quietly(() =>
    runShard(
      {
        shard: index,
        shards,
        root: tmp,
        command: ['fake'],
        workDir: mkdtempSync(path.join(tmp, 'work-')),
        jobStartedAt: Date.now(),
        env: {},
      },
      {
        runner: new FakeRunner(SUITE),
        history: { fetch: async () => null },
        outputs: new artifacts.ArtifactShardOutputs('evenshard', undefined, log, limits),
        summary: { write: async () => undefined },
        log,
      },
    ),
  );
  return { outcome, log };
}

/** The merge of this run's artifacts, downloaded through the real port. */
async function merge(shards = 2, limits = LIMITS) {
  const log = new RecordingLogger();
  const dir = mkdtempSync(path.join(tmp, 'merge-'));
  const outcome = await quietly(() =>
    mergeRun(
      { expectedShards: shards, splitFiles: true, exportTestDurations: false, now: '2026-12-02' },
      {
        uploads: new artifacts.RunArtifacts('evenshard', dir, log, limits),
        previousHistory: { fetch: async () => null },
        historySink: { save: async () => 'memory' },
        summary: { write: async () => undefined },
        log,
      },
    ),
  );
  return { outcome, log, dir };
}

const warnings = (log: RecordingLogger) => log.lines.filter((l) => l.startsWith('warning: '));

/** A zip with these entries stored as given (no compression), names unchecked: a crafted one. */
function craftZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

beforeAll(async () => {
  server = await startStandin();
  tmp = mkdtempSync(path.join(tmpdir(), 'evenshard-services-'));
  mkdirSync(path.join(tmp, 'runner-temp'));
  process.env['GITHUB_WORKSPACE'] = tmp;
  process.env['RUNNER_TEMP'] = path.join(tmp, 'runner-temp');
  actAs(500);
  // Only after the env is set: @actions/github reads GITHUB_API_URL when it is first imported.
  artifacts = await import('../../src/github/artifacts.js');
  // The clients wait 3–10 s between retries and 5 s between download attempts: the waits are
  // what this file does not test, so they are cut to a millisecond (their own timeouts stay).
  const shortened = (fn: () => void, ms?: number) =>
    realSetTimeout(fn, ms !== undefined && ms >= 2_000 && ms <= 20_000 ? 1 : ms);
  globalThis.setTimeout = shortened as typeof setTimeout;
});

afterAll(async () => {
  globalThis.setTimeout = realSetTimeout;
  await server?.close();
  for (const name of Object.keys(process.env)) if (!(name in originalEnv)) delete process.env[name];
  Object.assign(process.env, originalEnv);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('fault matrix: services and crafted artifacts', () => {
  it('the artifact service answering 429 with Retry-After: the upload is retried and lands; answering it every time, the shard stays green and warns naming the 429', async () => {
    actAs(501, 'shard-1');
    server.clearRequests();
    server.setFault('artifact', { mode: 'error', status: 429, retryAfter: 1, times: 1 });
    const retried = await shard(1);
    expect(retried.outcome.exitCode).toBe(0);
    expect(server.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(server.artifacts({ runId: 501 }).map((a) => a.name)).toEqual(['evenshard-results-1']);
    expect(warnings(retried.log)).toEqual([]);

    actAs(502, 'shard-1');
    server.setFault('artifact', { mode: 'error', status: 429, retryAfter: 1 });
    const refused = await shard(1);
    server.clearFaults();
    expect(refused.outcome.exitCode).toBe(0);
    expect(warnings(refused.log)).toEqual([
      expect.stringMatching(
        /^warning: evenshard: could not upload artifact evenshard-results-1: .*\(429\) Too Many Requests/,
      ),
    ]);
    expect(server.artifacts({ runId: 502 })).toEqual([]);
  });

  it('the cache service answering 429 with Retry-After: the restore is a miss with a warning, the save a notice; nothing fails the job', async () => {
    actAs(509);
    const root = mkdtempSync(path.join(tmp, 'cache-'));
    writeFileSync(path.join(root, 'requirements.txt'), 'attrs\n');
    const pipCache = path.join(root, 'pip-cache');
    const log = new RecordingLogger();
    const config = {
      tool: 'pip',
      root,
      python: 'python3',
      environment: { vars: { ...process.env, PIP_CACHE_DIR: pipCache } },
      log,
    };
    server.clearRequests();
    server.setFault('cache', { mode: 'error', status: 429, retryAfter: 1 });
    const restored = await printed(() => restoreDependencyCache(config));
    expect(restored.value).toMatchObject({ hit: false, tool: 'pip' });
    expect(restored.out).toMatch(/::warning::Failed to restore: .*429/);
    expect(server.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    mkdirSync(pipCache, { recursive: true });
    writeFileSync(path.join(pipCache, 'x'), 'x');
    const saved = await quietly(() => saveDependencyCache(restored.value, log));
    server.clearFaults();
    expect(saved.saved).toBe(false);
    expect(log.lines.filter((l) => l.startsWith('notice: '))).toEqual([
      expect.stringMatching(/^notice: Dependency cache \(pip\): /),
    ]);
    expect(log.lines.filter((l) => l.startsWith('error: '))).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('a connection reset mid-response: the upload warns and the shard stays green; a download cut mid-body fails the merge naming that shard', async () => {
    actAs(503, 'shard-1');
    server.setFault('artifact', { mode: 'reset' });
    const cut = await shard(1);
    server.clearFaults();
    expect(cut.outcome.exitCode).toBe(0);
    expect(warnings(cut.log)).toEqual([
      expect.stringMatching(
        /^warning: evenshard: could not upload artifact evenshard-results-1: the upload did not finish within 1 s: the service stopped answering/,
      ),
    ]);

    actAs(504, 'shard-1');
    expect((await shard(1)).outcome.exitCode).toBe(0);
    actAs(504, 'shard-2');
    expect((await shard(2)).outcome.exitCode).toBe(0);
    actAs(504, 'merge');
    server.setFault('blob', { mode: 'reset', path: 'evenshard-results-2' });
    const { outcome, log } = await merge();
    server.clearFaults();
    expect(warnings(log)).toEqual([
      expect.stringMatching(
        /^warning: evenshard: could not download evenshard-results-2: Unable to download and extract artifact/,
      ),
    ]);
    expect(outcome.failures).toContainEqual(
      'shard 2: its results artifact has no readable results.json',
    );
    expect(outcome.report.results.length).toBeGreaterThan(0);
  });

  it('404 on an artifact download: the merge fails naming the shard; a re-run reads its earlier attempt as none and runs the whole shard', async () => {
    actAs(505, 'shard-1');
    expect((await shard(1)).outcome.exitCode).toBe(0);
    actAs(505, 'shard-2');
    expect((await shard(2)).outcome.exitCode).toBe(0);
    actAs(505, 'merge');
    // The artifact went away between the listing and the download.
    const notFound = { mode: 'error', status: 404, path: 'GetSignedArtifactURL' } as const;
    server.setFault('artifact', { ...notFound, times: 1 });
    const { outcome, log } = await merge();
    const [warning, ...others] = warnings(log);
    expect(others).toEqual([]);
    const lost = /^warning: evenshard: could not download evenshard-results-(\d): .*\(404\)/.exec(
      warning ?? '',
    );
    expect(lost, warning).not.toBeNull();
    expect(outcome.failures).toContainEqual(
      `shard ${lost![1]}: its results artifact has no readable results.json`,
    );

    actAs(505, 'shard-1');
    server.setFault('artifact', notFound);
    const previous = new artifacts.PreviousAttemptArtifact(
      'evenshard',
      mkdtempSync(path.join(tmp, 'previous-')),
      log,
    );
    expect(await quietly(() => previous.fetch(1))).toBeNull();
    server.clearFaults();
    expect(warnings(log)[1]).toMatch(
      /^warning: evenshard: could not read the earlier attempt's evenshard-results-1: .*\(404\)/,
    );
  });

  it('no runtime token (ACTIONS_RUNTIME_TOKEN unset): the shard stays green and warns; the merge fails with one line saying what is missing', async () => {
    actAs(506, 'shard-1', { token: false });
    const { outcome, log } = await shard(1);
    expect(outcome.exitCode).toBe(0);
    expect(warnings(log)).toEqual([
      expect.stringMatching(
        /^warning: evenshard: could not upload artifact evenshard-results-1: .*ACTIONS_RUNTIME_TOKEN/,
      ),
    ]);
    await expect(quietly(() => merge())).rejects.toThrow(
      /^could not list this run's artifacts: .*ACTIONS_RUNTIME_TOKEN.*run the merge as its action step/,
    );
    actAs(506);
  });

  it('a crafted zip with entries outside the target (../x, absolute paths): everything lands inside the download folder', async () => {
    actAs(507, 'shard-1');
    expect((await shard(1, 1)).outcome.exitCode).toBe(0);
    const [artifact] = server.artifacts({ runId: 507 });
    const good = await quietly(() => merge(1));
    expect(good.outcome.failures).toEqual([]);
    const resultsJson = JSON.stringify(good.outcome.report); // any text: only where it lands matters
    const escape = path.join(tmp, 'escaped.txt');
    const absolute = path.join(tmp, 'absolute.txt');
    server.setArtifactContent(
      artifact!.id,
      craftZip({
        '../escaped.txt': 'x',
        '../../escaped.txt': 'x',
        [absolute]: 'x',
        'results.json': resultsJson,
      }),
    );
    const crafted = await merge(1);
    // The target is <merge dir>/results-1: '../' would land in the merge dir, '../../' in tmp.
    expect(readdirSync(crafted.dir)).toEqual(['results-1']);
    expect(existsSync(escape)).toBe(false);
    expect(existsSync(absolute)).toBe(false);
    expect(readdirSync(path.join(crafted.dir, 'results-1')).sort()).toContain('results.json');
    // It is read as what it is: not a shard result.
    expect(crafted.outcome.failures.join('\n')).toMatch(/shard 1/);
  });

  it('an artifact or a results file over the size limit is refused unread, naming the limit', async () => {
    actAs(508, 'shard-1');
    expect((await shard(1, 1)).outcome.exitCode).toBe(0);
    const [artifact] = server.artifacts({ runId: 508 });
    const declared = await merge(1, { ...LIMITS, artifactBytes: artifact!.size - 1 });
    expect(warnings(declared.log)).toEqual([
      expect.stringMatching(
        /^warning: evenshard: could not download evenshard-results-1: the artifact is \d+ bytes, over evenshard's limit of \d+ bytes; refused unread/,
      ),
    ]);
    expect(declared.outcome.failures).toContainEqual(
      'shard 1: its results artifact has no readable results.json',
    );
    // A small zip can unpack to much more: the file itself is checked too.
    server.setArtifactContent(artifact!.id, craftZip({ 'results.json': ' '.repeat(4096) }));
    const unpacked = await merge(1, { ...LIMITS, shardResultBytes: 1024 });
    expect(warnings(unpacked.log)).toEqual([
      expect.stringMatching(
        /: results\.json is 4096 bytes, over evenshard's limit of 1024 bytes; refused unread/,
      ),
    ]);
    expect(unpacked.outcome.failures).toContainEqual(
      'shard 1: its results artifact has no readable results.json',
    );
    // A re-run reading its earlier attempt honours the same limits.
    const previous = new artifacts.PreviousAttemptArtifact(
      'evenshard',
      mkdtempSync(path.join(tmp, 'previous-')),
      unpacked.log,
      { ...LIMITS, shardResultBytes: 1024 },
    );
    expect(await quietly(() => previous.fetch(1))).toBeNull();
    expect(warnings(unpacked.log).at(-1)).toMatch(
      /^warning: evenshard: could not read the earlier attempt's evenshard-results-1: .*results\.json is 4096 bytes, over evenshard's limit of 1024 bytes; refused unread/,
    );
  });
});
