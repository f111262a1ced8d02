// Tests of the TEST STAND-IN (./server.ts) with the real @actions/artifact, @actions/cache and
// @actions/github clients from node_modules. The messages asserted here are what those clients
// print or throw; they double as a record of the clients' behaviour.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv } from './env.js';
import { quietly } from '../helpers/stdout.js';
import { startStandin, type Standin } from './server.js';

type ArtifactModule = typeof import('@actions/artifact');
type CacheModule = typeof import('@actions/cache');
type GithubModule = typeof import('@actions/github');

const REPO = 'octo-org/evenshard-demo';
const [OWNER, NAME] = REPO.split('/') as [string, string];
const TOKEN = 'ghs_standin_test_token';

let server: Standin;
let tmp: string;
let workspace: string;
let artifactLib: ArtifactModule;
let cacheLib: CacheModule;
let githubLib: GithubModule;
let artifacts: InstanceType<ArtifactModule['DefaultArtifactClient']>;

/** Point the current process at the stand-in as job `jobId` of run `runId`. */
function actAs(runId: number, jobId: string | number = 'job'): void {
  Object.assign(process.env, standinEnv(server, { runId, jobId, repo: REPO, token: TOKEN }));
}

/** uploadArtifact with its output hidden; id, size and digest are always set on success. */
async function upload(
  name: string,
  files: string[],
  root: string,
  options?: { retentionDays?: number; compressionLevel?: number },
): Promise<{ id: number; size: number; digest: string }> {
  const { value } = await quietly(() => artifacts.uploadArtifact(name, files, root, options));
  const { id, size, digest } = value;
  if (id === undefined || size === undefined || digest === undefined) {
    throw new Error(`incomplete upload response: ${JSON.stringify(value)}`);
  }
  return { id, size, digest };
}

/** The rejection message of `fn`, or a failure if it resolves. */
async function rejection(fn: () => Promise<unknown>): Promise<string> {
  const { value } = await quietly(async () => {
    try {
      await fn();
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
    throw new Error('expected a rejection');
  });
  return value;
}

function writeFiles(root: string, files: Record<string, string>): string[] {
  return Object.entries(files).map(([rel, content]) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  });
}

beforeAll(async () => {
  server = await startStandin();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'standin-test-'));
  workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  fs.mkdirSync(path.join(tmp, 'runner-temp'));
  process.env['GITHUB_WORKSPACE'] = workspace;
  process.env['RUNNER_TEMP'] = path.join(tmp, 'runner-temp');
  delete process.env['ACTIONS_CACHE_MODE'];
  actAs(100);
  // Only after the env is set: @actions/github reads GITHUB_API_URL when it is first imported.
  artifactLib = await import('@actions/artifact');
  cacheLib = await import('@actions/cache');
  githubLib = await import('@actions/github');
  artifacts = new artifactLib.DefaultArtifactClient();
});

afterAll(async () => {
  await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('artifact service', () => {
  it('uploads, lists, gets and downloads within one run', async () => {
    actAs(100, 'shard-0');
    const root = path.join(tmp, 'upload-1');
    const files = writeFiles(root, { 'a.txt': 'alpha\n', 'sub/b.json': '{"b":2}' });
    const uploaded = await upload('result-0', files, root, { retentionDays: 1 });
    expect(uploaded.id).toBeGreaterThan(0);
    expect(uploaded.digest).toMatch(/^[0-9a-f]{64}$/); // bare hex on upload

    actAs(100, 'merge'); // another job of the same run sees it
    const { value: listed } = await quietly(() => artifacts.listArtifacts());
    expect(listed.artifacts).toHaveLength(1);
    expect(listed.artifacts[0]).toMatchObject({
      name: 'result-0',
      id: uploaded.id,
      size: uploaded.size,
      digest: `sha256:${uploaded.digest}`, // prefixed on list/get
    });
    expect(listed.artifacts[0]?.createdAt).toBeInstanceOf(Date);

    const { value: got } = await quietly(() => artifacts.getArtifact('result-0'));
    expect(got.artifact.id).toBe(uploaded.id);

    const into = path.join(tmp, 'download-1');
    const { value: downloaded } = await quietly(() =>
      artifacts.downloadArtifact(uploaded.id, {
        path: into,
        expectedHash: `sha256:${uploaded.digest}`,
      }),
    );
    expect(downloaded.digestMismatch).toBe(false);
    expect(fs.readFileSync(path.join(into, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect(fs.readFileSync(path.join(into, 'sub/b.json'), 'utf8')).toBe('{"b":2}');
    expect(server.artifacts({ runId: 100 })[0]?.state).toBe('finalized');
  });

  it('assembles a multi-block upload in block-list order', async () => {
    actAs(103);
    const root = path.join(tmp, 'upload-big');
    fs.mkdirSync(root, { recursive: true });
    // Incompressible and > 8 MiB: the client stages two blocks, possibly out of order.
    const bytes = randomBytes(9 * 1024 * 1024);
    fs.writeFileSync(path.join(root, 'big.bin'), bytes);
    server.clearRequests();
    const uploaded = await upload('big', [path.join(root, 'big.bin')], root, {
      compressionLevel: 0,
    });
    const blockPuts = server.requests.filter((r) => r.service === 'blob' && r.method === 'PUT');
    expect(blockPuts).toHaveLength(3); // 8 MiB blocks: two blocks, then the block list
    const into = path.join(tmp, 'download-big');
    await quietly(() => artifacts.downloadArtifact(uploaded.id, { path: into }));
    expect(fs.readFileSync(path.join(into, 'big.bin')).equals(bytes)).toBe(true);
  });

  it('rejects a second artifact with the same name in the run with 409', async () => {
    actAs(101, 'shard-0');
    const root = path.join(tmp, 'upload-dup');
    const files = writeFiles(root, { 'x.txt': 'x' });
    await upload('same-name', files, root);
    actAs(101, 'shard-1'); // a different matrix leg, same run
    const message = await rejection(() => artifacts.uploadArtifact('same-name', files, root));
    expect(message).toBe(
      'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: ' +
        'an artifact with this name already exists on the workflow run',
    );
    // The same name in another run is fine.
    actAs(102, 'shard-0');
    const other = await upload('same-name', files, root);
    expect(other.id).toBeGreaterThan(0);
  });

  it("reads another run's artifacts through the REST API with findBy", async () => {
    actAs(200, 'shard-0');
    const root = path.join(tmp, 'upload-2');
    const files = writeFiles(root, { 'timings.json': '{"t":1.5}' });
    const uploaded = await upload('timings-0', files, root);

    actAs(201);
    server.clearRequests();
    const findBy = {
      token: TOKEN,
      workflowRunId: 200,
      repositoryOwner: OWNER,
      repositoryName: NAME,
    };
    // The run's own (twirp) list does not see run 200.
    const { value: own } = await quietly(() => artifacts.listArtifacts());
    expect(own.artifacts.map((a) => a.name)).not.toContain('timings-0');

    const { value: listed } = await quietly(() =>
      artifacts.listArtifacts({ latest: true, findBy }),
    );
    expect(listed.artifacts).toEqual([
      expect.objectContaining({
        name: 'timings-0',
        id: uploaded.id,
        size: uploaded.size,
        digest: `sha256:${uploaded.digest}`,
      }),
    ]);
    const { value: got } = await quietly(() => artifacts.getArtifact('timings-0', { findBy }));
    expect(got.artifact.id).toBe(uploaded.id);

    const into = path.join(tmp, 'download-2');
    const { value: downloaded } = await quietly(() =>
      artifacts.downloadArtifact(uploaded.id, {
        path: into,
        findBy,
        expectedHash: `sha256:${uploaded.digest}`,
      }),
    );
    expect(downloaded.digestMismatch).toBe(false);
    expect(fs.readFileSync(path.join(into, 'timings.json'), 'utf8')).toBe('{"t":1.5}');

    const rest = server.requests.filter((r) => r.service === 'api');
    expect(rest.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `GET /repos/${REPO}/actions/runs/200/artifacts 200`,
      `GET /repos/${REPO}/actions/runs/200/artifacts 200`,
      `GET /repos/${REPO}/actions/artifacts/${uploaded.id}/zip 302`,
    ]);
    expect(rest.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);
  });

  it('deletes artifacts in the own run and, with findBy, in another run', async () => {
    actAs(300);
    const root = path.join(tmp, 'upload-3');
    const files = writeFiles(root, { 'd.txt': 'd' });
    const first = await upload('doomed', files, root);
    const { value: deleted } = await quietly(() => artifacts.deleteArtifact('doomed'));
    expect(deleted.id).toBe(first.id);
    const { value: after } = await quietly(() => artifacts.listArtifacts());
    expect(after.artifacts).toEqual([]);
    expect(await rejection(() => artifacts.getArtifact('doomed'))).toMatch(
      /^Artifact not found for name: doomed/,
    );
    // Deleted names can be uploaded again (this is how upload-artifact's overwrite works).
    const again = await upload('doomed', files, root);
    expect(again.id).toBeGreaterThan(first.id);

    actAs(301);
    const findBy = {
      token: TOKEN,
      workflowRunId: 300,
      repositoryOwner: OWNER,
      repositoryName: NAME,
    };
    const { value: remote } = await quietly(() => artifacts.deleteArtifact('doomed', { findBy }));
    expect(remote.id).toBe(again.id);
    expect(server.artifacts({ runId: 300 })).toEqual([]);
  });

  it('fails fast with a NetworkError when the service is down, and retries a 5xx', async () => {
    actAs(400);
    const root = path.join(tmp, 'upload-4');
    const files = writeFiles(root, { 'n.txt': 'n' });
    server.setFault('artifact', { mode: 'down' });
    const message = await rejection(() => artifacts.uploadArtifact('net', files, root));
    server.clearFaults();
    expect(message).toMatch(/^Failed to CreateArtifact: Unable to make request: ECONNRESET\n/);

    // One 500, then success: the client waits ~3 s and retries.
    server.setFault('artifact', { mode: 'error', status: 500, times: 1 });
    const { value, out } = await quietly(() => artifacts.uploadArtifact('retried', files, root));
    expect(value.id).toBeGreaterThan(0);
    expect(out).toContain(
      'Attempt 1 of 5 failed with error: Failed request: (500) Internal Server Error: stand-in: injected fault. Retrying request in 3000 ms...',
    );
  });
});

describe('cache service v2', () => {
  const cacheDir = (): string => path.join(workspace, 'timings-cache');

  it('misses, saves, hits exactly and by restore-key prefix (newest first)', async () => {
    actAs(500);
    const paths = [cacheDir()];
    fs.rmSync(cacheDir(), { recursive: true, force: true });
    const { value: miss } = await quietly(() =>
      cacheLib.restoreCache(paths, 'timings-main-aaa', ['timings-main-']),
    );
    expect(miss).toBeUndefined();

    writeFiles(cacheDir(), { 'history.json': '{"v":1}' });
    const { value: id } = await quietly(() => cacheLib.saveCache(paths, 'timings-main-aaa'));
    expect(id).toBeGreaterThan(0);

    fs.rmSync(cacheDir(), { recursive: true });
    const { value: exact } = await quietly(() =>
      cacheLib.restoreCache(paths, 'timings-main-aaa', ['timings-main-']),
    );
    expect(exact).toBe('timings-main-aaa');
    expect(fs.readFileSync(path.join(cacheDir(), 'history.json'), 'utf8')).toBe('{"v":1}');

    writeFiles(cacheDir(), { 'history.json': '{"v":2}' });
    await quietly(() => cacheLib.saveCache(paths, 'timings-main-bbb'));
    fs.rmSync(cacheDir(), { recursive: true });
    const { value: prefix, out } = await quietly(() =>
      cacheLib.restoreCache(paths, 'timings-main-ccc', ['timings-main-']),
    );
    expect(prefix).toBe('timings-main-bbb');
    expect(out).toContain('Cache hit for restore-key: timings-main-bbb');
    expect(fs.readFileSync(path.join(cacheDir(), 'history.json'), 'utf8')).toBe('{"v":2}');

    // The version covers the exact path list: another list does not match.
    const { value: otherVersion } = await quietly(() =>
      cacheLib.restoreCache([cacheDir(), path.join(workspace, 'x')], 'timings-main-aaa'),
    );
    expect(otherVersion).toBeUndefined();
  });

  it('returns -1 without throwing when the key exists', async () => {
    actAs(501);
    writeFiles(cacheDir(), { 'history.json': '{"v":3}' });
    const { value: first } = await quietly(() => cacheLib.saveCache([cacheDir()], 'dup-key'));
    expect(first).toBeGreaterThan(0);
    const { value: second, out } = await quietly(() => cacheLib.saveCache([cacheDir()], 'dup-key'));
    expect(second).toBe(-1);
    // Logged with core.info, not as a warning: the 409 is expected between concurrent jobs.
    expect(out).toContain(
      'Failed to save: Unable to reserve cache with key dup-key, another job may be creating this cache.',
    );
    expect(out).not.toContain('::warning::');
    const creates = server.requests.filter((r) => r.path.endsWith('/CreateCacheEntry'));
    expect(creates.at(-1)?.status).toBe(409);
  });

  it('honours a server-side read-only or no-access cache', async () => {
    actAs(502);
    writeFiles(cacheDir(), { 'history.json': '{"v":4}' });
    server.setCacheMode('read');
    try {
      const { value, out } = await quietly(() => cacheLib.saveCache([cacheDir()], 'ro-key'));
      expect(value).toBe(-1);
      expect(out).toContain(
        '::warning::Failed to save: Unable to reserve cache with key ro-key. More details: cache write denied: token has no writable scopes',
      );
      const { value: hit } = await quietly(() => cacheLib.restoreCache([cacheDir()], 'dup-key'));
      expect(hit).toBe('dup-key');

      server.setCacheMode('none');
      const { value: denied, out: deniedOut } = await quietly(() =>
        cacheLib.restoreCache([cacheDir()], 'dup-key'),
      );
      expect(denied).toBeUndefined();
      expect(deniedOut).toContain(
        '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: ',
      );
      expect(deniedOut).toContain('(403) Forbidden: cache read denied:');
    } finally {
      server.setCacheMode('write');
    }
  });

  it('with ACTIONS_CACHE_MODE=read the client itself skips the save', async () => {
    actAs(503);
    process.env['ACTIONS_CACHE_MODE'] = 'read';
    server.clearRequests();
    try {
      const { value, out } = await quietly(() => cacheLib.saveCache([cacheDir()], 'client-ro'));
      expect(value).toBe(-1);
      expect(out).toContain(
        "Cache save skipped: the effective cache-mode 'read' does not permit writes.",
      );
      expect(server.requests).toEqual([]);
    } finally {
      delete process.env['ACTIONS_CACHE_MODE'];
    }
  });

  it('treats a service that is down as a miss on restore and as not saved on save', async () => {
    actAs(504);
    writeFiles(cacheDir(), { 'history.json': '{"v":5}' });
    server.setFault('cache', { mode: 'down' });
    try {
      const { value: restored, out: restoreOut } = await quietly(() =>
        cacheLib.restoreCache([cacheDir()], 'dup-key'),
      );
      expect(restored).toBeUndefined();
      expect(restoreOut).toContain(
        '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET',
      );
      const { value: saved, out: saveOut } = await quietly(() =>
        cacheLib.saveCache([cacheDir()], 'down-key'),
      );
      expect(saved).toBe(-1);
      // Any CreateCacheEntry failure is reported as "another job may be creating this cache".
      expect(saveOut).toContain(
        'Failed to save: Unable to reserve cache with key down-key, another job may be creating this cache.',
      );
    } finally {
      server.clearFaults();
    }
  });
});

describe('REST: workflow runs', () => {
  it('serves listWorkflowRuns with filters, newest first, and pagination', async () => {
    actAs(600);
    const fork = 'someone/evenshard-demo';
    const runs = [
      { id: 601, created_at: '2026-03-01T10:00:00Z' },
      { id: 603, created_at: '2026-03-03T10:00:00Z' },
      { id: 602, created_at: '2026-03-02T10:00:00Z' },
      { id: 604, created_at: '2026-03-04T10:00:00Z', conclusion: 'failure' },
      { id: 605, created_at: '2026-03-05T10:00:00Z', event: 'pull_request', head_repo: fork },
      { id: 606, created_at: '2026-03-06T10:00:00Z', branch: 'feature' },
      { id: 607, created_at: '2026-03-07T10:00:00Z', workflow: 'other.yml' },
      { id: 608, created_at: '2026-03-08T10:00:00Z', status: 'in_progress' },
    ];
    // Uploads above created in-progress runs of ci.yml; these runs use their own workflow file.
    for (const run of runs) {
      server.addRun({ repo: REPO, workflow: 'shard.yml', branch: 'main', event: 'push', ...run });
    }

    const octokit = githubLib.getOctokit(TOKEN);
    const { data } = await octokit.rest.actions.listWorkflowRuns({
      owner: OWNER,
      repo: NAME,
      workflow_id: 'shard.yml',
      branch: 'main',
      status: 'success',
      event: 'push',
      per_page: 10,
    });
    expect(data.total_count).toBe(3);
    expect(data.workflow_runs.map((r) => r.id)).toEqual([603, 602, 601]);
    expect(data.workflow_runs[0]).toMatchObject({
      head_branch: 'main',
      event: 'push',
      status: 'completed',
      conclusion: 'success',
      created_at: '2026-03-03T10:00:00Z',
      path: '.github/workflows/shard.yml',
      head_repository: { full_name: REPO },
    });

    const all = await octokit.paginate(octokit.rest.actions.listWorkflowRuns, {
      owner: OWNER,
      repo: NAME,
      workflow_id: 'shard.yml',
      per_page: 2,
    });
    expect(all.map((r) => r.id)).toEqual([608, 606, 605, 604, 603, 602, 601]);
    const forkRun = all.find((r) => r.id === 605);
    expect(forkRun?.head_repository?.full_name).toBe(fork);

    // A run that uploaded artifacts without being declared shows up as in progress.
    const { data: open } = await octokit.rest.actions.listWorkflowRuns({
      owner: OWNER,
      repo: NAME,
      workflow_id: 'ci.yml',
      status: 'in_progress',
    });
    expect(open.workflow_runs.map((r) => r.id)).toContain(100);
  });

  it('surfaces an injected 500 from the API as an octokit RequestError', async () => {
    const octokit = githubLib.getOctokit(TOKEN);
    server.setFault('api', { mode: 'error', status: 500, times: 1 });
    const error = await octokit.rest.actions
      .listWorkflowRuns({ owner: OWNER, repo: NAME, workflow_id: 'ci.yml' })
      .then(
        () => undefined,
        (e: unknown) => e as { status?: number; message?: string },
      );
    expect(error?.status).toBe(500);
    expect(error?.message).toContain('stand-in: injected fault');
  });
});

describe('as a separate process with a state directory', () => {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const script = path.resolve('__tests__/standin/server.ts');
  const children: ChildProcess[] = [];

  async function spawnStandin(stateDir: string): Promise<{ url: string; child: ChildProcess }> {
    const child = spawn(tsx, [script, '--port', '0', '--state', stateDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
    });
    const { url } = JSON.parse(first) as { url: string };
    return { url, child };
  }

  async function control(
    url: string,
    method: string,
    route: string,
    body?: unknown,
  ): Promise<unknown> {
    const res = await fetch(`${url}/_standin/${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.ok).toBe(true);
    return res.json();
  }

  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });

  it('keeps runs, artifacts and blobs across a restart', async () => {
    const stateDir = path.join(tmp, 'state');
    const first = await spawnStandin(stateDir);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await control(first.url, 'POST', 'runs', { id: 700, head_repo: REPO, conclusion: 'failure' });

    // The real client, pointed at the child process for one upload.
    Object.assign(process.env, standinEnv(first, { runId: 700, repo: REPO }));
    const root = path.join(tmp, 'upload-7');
    const files = writeFiles(root, { 'p.txt': 'persisted' });
    const uploaded = await upload('kept', files, root);

    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    await control(first.url, 'POST', 'shutdown');
    await exited;

    const second = await spawnStandin(stateDir);
    const state = (await control(second.url, 'GET', 'state')) as {
      runs: Array<{ id: number; conclusion: string }>;
      artifacts: Array<{ id: number; name: string }>;
    };
    expect(state.runs).toEqual([expect.objectContaining({ id: 700, conclusion: 'failure' })]);
    expect(state.artifacts).toEqual([expect.objectContaining({ id: uploaded.id, name: 'kept' })]);

    Object.assign(process.env, standinEnv(second, { runId: 700, repo: REPO }));
    const into = path.join(tmp, 'download-7');
    await quietly(() => artifacts.downloadArtifact(uploaded.id, { path: into }));
    expect(fs.readFileSync(path.join(into, 'p.txt'), 'utf8')).toBe('persisted');

    await control(second.url, 'POST', 'faults', { service: 'artifact', fault: { mode: 'down' } });
    const message = await rejection(() => artifacts.listArtifacts());
    expect(message).toContain('Unable to make request: ECONNRESET');
    second.child.kill('SIGTERM');
  });
});
