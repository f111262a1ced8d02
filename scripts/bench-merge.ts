/**
 * Merge download benchmark: a 32-shard merge (the BUILT merge action, as a process, against the
 * wire-protocol stand-in) with the shards' artifacts downloaded one at a time (the baseline
 * bundle) and a few at a time (this checkout's bundle), with and without a simulated network
 * round trip. Writes docs/bench-merge.md.
 *
 *   npx tsx scripts/bench-merge.ts [--baseline <git-rev>] [--dist <dir>]
 *
 * --baseline bundles that revision into a scratch folder (default 3098589, the last revision
 * whose merge downloaded one artifact at a time); --dist is the bundle under test (default dist/,
 * which `npm run bench` rebuilds first).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultArtifactClient } from '@actions/artifact';
import {
  actionDefaults,
  hostEnv,
  inputVariable,
  parseFileCommands,
  REPO,
  TOKEN,
} from '../__tests__/e2e/harness.js';
import { passed, shardResult } from '../__tests__/helpers/shardResult.js';
import { standinEnv } from '../__tests__/standin/env.js';
import { startStandin, type Standin } from '../__tests__/standin/server.js';

const SHARDS = 32;
const TESTS_PER_SHARD = 200;
const REPEATS = 3;
const LATENCIES_MS = [0, 50];
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
}

/** Bundles `rev` of this repository into a scratch folder (its own sources, these node_modules). */
function bundleRevision(rev: string): string {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-merge-'));
  const tree = path.join(scratch, 'src');
  mkdirSync(tree);
  const archive = execFileSync(
    'git',
    ['archive', rev, 'src', 'scripts/bundle.mjs', 'package.json', 'tsconfig.json'],
    {
      cwd: repoRoot,
      maxBuffer: 1 << 28,
    },
  );
  execFileSync('tar', ['-x', '-C', tree], { input: archive });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tree, 'node_modules'));
  const out = path.join(scratch, 'dist');
  execFileSync(process.execPath, [path.join(tree, 'scripts/bundle.mjs'), out], {
    stdio: 'inherit',
  });
  return out;
}

let nextRunId = 5000;

/** A run whose 32 shards uploaded their results (in this process, through the real client). */
async function runWithShards(standin: Standin): Promise<number> {
  const runId = nextRunId++;
  standin.addRun({
    id: runId,
    repo: REPO,
    status: 'in_progress',
    workflow: 'ci.yml',
    branch: 'main',
  });
  const saved = { ...process.env };
  // The client logs every request (::debug:: lines) to stdout: keep the report readable.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-shards-'));
  try {
    for (let shard = 1; shard <= SHARDS; shard++) {
      Object.assign(
        process.env,
        standinEnv(standin, { runId, jobId: `test-${shard}`, repo: REPO, token: TOKEN }),
      );
      const results = Array.from({ length: TESTS_PER_SHARD }, (_, i) =>
        passed(`tests/test_s${shard}_${Math.floor(i / 20)}.py::test_${i}`, 0.5),
      );
      const dir = path.join(scratch, String(shard));
      mkdirSync(dir);
      const file = path.join(dir, 'results.json');
      writeFileSync(file, JSON.stringify(shardResult({ shard, shards: SHARDS, results })));
      await new DefaultArtifactClient().uploadArtifact(`evenshard-results-${shard}`, [file], dir, {
        retentionDays: 1,
      });
    }
  } finally {
    process.stdout.write = write;
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
    rmSync(scratch, { recursive: true, force: true });
  }
  return runId;
}

interface Timing {
  /** The merge step's wall time. */
  merge: number;
  /** First signed-URL request received → last shard blob answered, from the stand-in's log. */
  downloads: number;
}

/** Runs `<dist>/merge.js` for the run as the runner would; its wall times in seconds. */
async function merge(standin: Standin, dist: string, runId: number): Promise<Timing> {
  standin.clearRequests();
  const home = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-merge-job-'));
  const workspace = path.join(home, 'work');
  mkdirSync(workspace);
  const files = {
    GITHUB_OUTPUT: path.join(home, 'output'),
    GITHUB_STEP_SUMMARY: path.join(home, 'summary'),
    GITHUB_STATE: path.join(home, 'state'),
    GITHUB_ENV: path.join(home, 'env'),
    GITHUB_PATH: path.join(home, 'path'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  const inputs = { ...actionDefaults('merge'), shards: String(SHARDS) };
  const env = {
    ...hostEnv(),
    ...standinEnv(standin, { runId, jobId: 'merge', repo: REPO, token: TOKEN }),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(home, 'temp'),
    ...files,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]),
    ),
  };
  const started = performance.now();
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, [path.join(dist, 'merge.js')], { cwd: workspace, env });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('error', reject);
      child.once('close', (exit) => resolve({ code: exit, stdout: out }));
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const outputs = parseFileCommands(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
  rmSync(home, { recursive: true, force: true });
  if (code !== 0 || outputs['tests'] !== String(SHARDS * TESTS_PER_SHARD))
    throw new Error(
      `merge of run ${runId} with ${dist} failed (exit ${code}, outputs ${JSON.stringify(outputs)}):\n${stdout}`,
    );
  const requests = standin.requests;
  const signed = requests.filter((r) => r.path.endsWith('/GetSignedArtifactURL'));
  const blobs = requests.filter(
    (r) => r.service === 'blob' && r.method === 'GET' && /evenshard-results-\d+/.test(r.path),
  );
  if (signed.length !== SHARDS || blobs.length !== SHARDS)
    throw new Error(
      `expected ${SHARDS} downloads, saw ${signed.length} signed URLs and ${blobs.length} blobs`,
    );
  const first = Math.min(...signed.map((r) => r.receivedAt));
  const last = Math.max(...blobs.map((r) => r.answeredAt ?? r.receivedAt));
  return { merge: seconds, downloads: (last - first) / 1000 };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const baselineRev = argument('--baseline') ?? '3098589';
const dist = path.resolve(argument('--dist') ?? path.join(repoRoot, 'dist'));
const baseline = bundleRevision(baselineRev);
const standin = await startStandin();
const rows: string[] = [];
try {
  for (const latency of LATENCIES_MS) {
    const times: Record<'before' | 'after', Timing[]> = { before: [], after: [] };
    for (let i = 0; i < REPEATS; i++) {
      for (const [label, bundle] of [
        ['before', baseline],
        ['after', dist],
      ] as const) {
        standin.setLatency(0);
        const runId = await runWithShards(standin);
        standin.setLatency(latency);
        times[label].push(await merge(standin, bundle, runId));
      }
    }
    const cell = (label: 'before' | 'after', part: keyof Timing) =>
      median(times[label].map((t) => t[part]));
    rows.push(
      `| ${latency} ms | ${cell('before', 'downloads').toFixed(2)} s | ${cell('after', 'downloads').toFixed(2)} s | ` +
        `${(cell('before', 'downloads') / cell('after', 'downloads')).toFixed(1)}× | ` +
        `${cell('before', 'merge').toFixed(2)} s | ${cell('after', 'merge').toFixed(2)} s |`,
    );
    process.stdout.write(`${rows.at(-1)}\n`);
  }
} finally {
  standin.setLatency(0);
  await standin.close();
  rmSync(path.dirname(baseline), { recursive: true, force: true });
}

const report = `# Merge download benchmark

Generated by \`npx tsx scripts/bench-merge.ts --baseline ${baselineRev}${argument('--dist') ? ` --dist ${argument('--dist')}` : ''}\`
(\`npm run bench\` runs it on a fresh dist/); do not edit by hand.

- Date: ${new Date().toISOString().slice(0, 10)}
- Machine: Node ${process.version}, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores), load average ${os.loadavg()[0]!.toFixed(1)} when run

A ${SHARDS}-shard merge (${SHARDS * TESTS_PER_SHARD} tests): the built merge action as a process
against the stand-in (\`__tests__/standin\`), which serves the real @actions/artifact client. Each
shard's results artifact is listed, its signed URL fetched, and the blob downloaded and unzipped.
*before*: ${baselineRev}, one download at a time; *after*: this bundle, ${'`DOWNLOAD_CONCURRENCY`'}
(src/github/artifacts.ts) at a time. The round trip is the stand-in's delay per request, 0 on
loopback and 50 ms for a runner talking to GitHub's artifact storage. Median of ${REPEATS} merges.
*downloads*: from the first signed-URL request to the last shard's blob sent, in the stand-in's
request log; *merge step*: the whole step, which also starts Node, looks up the history, writes
the summary and uploads the next history (the same work before and after; on a loaded machine it
dominates and varies).

| round trip | downloads before | downloads after | speed-up | merge step before | merge step after |
| --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`;
writeFileSync(path.join(repoRoot, 'docs/bench-merge.md'), report);
process.stdout.write(report);
