#!/usr/bin/env node
/**
 * JS benchmark (issue 9): a generated Vitest suite (200 files, log-normal durations, a per-file
 * setup cost paid at collection) run shard by shard with the real Vitest of
 * examples/vitest-project, 2/4/8 ways, by evenshard's CLI (`--framework vitest`, planned from a
 * serial run's history) and by Vitest's own `--shard I/N`.
 *
 *   node scripts/bench-js.mjs [--files N] [--scale X] [--out FILE] [--dist DIR] [--keep]
 *
 * Shards run one after another (never at the same time), the two methods interleaved shard by
 * shard, so a change in the machine's load hits both alike; a shard's wall is its whole process,
 * spawn to exit (for evenshard: Node, `vitest list`, planning, Vitest, writing results). The
 * makespan is what N parallel jobs would take. Both run with --no-file-parallelism so that a
 * shard's wall is its files' sum, as on a one-worker runner. Writes docs/bench-js.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const SHARD_COUNTS = [2, 4, 8];
const SEED = 20261202;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    files: { type: 'string', default: '200' },
    scale: { type: 'string', default: '1' },
    out: { type: 'string' },
    dist: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const fileCount = Number(opts.files);
const scale = Number(opts.scale);
const outFile = opts.out ?? path.join(repo, 'docs', 'bench-js.md');
const example = path.join(repo, 'examples', 'vitest-project');
if (!existsSync(path.join(example, 'node_modules', '.bin', 'vitest'))) {
  throw new Error('examples/vitest-project is not installed: run `npm ci` in it first');
}

const started = Date.now();
const loadBefore = os.loadavg()[0];
const work = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-js-'));
const suite = path.join(work, 'suite');
const dist = opts.dist ? path.resolve(opts.dist) : path.join(work, 'dist');
const cli = path.join(dist, 'cli', 'index.js');
const vitest = path.join(suite, 'node_modules', '.bin', 'vitest');
const VITEST_OPTIONS = ['run', '--no-file-parallelism', '--reporter=dot'];

try {
  await main();
} finally {
  if (opts.keep) note(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

async function main() {
  if (!opts.dist) {
    note('bundling evenshard');
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'bundle.mjs'), dist], {
      stdio: 'inherit',
    });
  }
  const info = generate();
  note(
    `suite: ${info.tests} tests in ${info.files} files, ${info.testSeconds.toFixed(1)} s of tests + ${info.setupSeconds.toFixed(1)} s of setup`,
  );
  await timed('warm-up', [vitest, ...VITEST_OPTIONS]);

  const serialStore = path.join(work, 'store-1');
  const serial = await evenshard(1, 1, serialStore);
  await timed('merge-1', [process.execPath, cli, 'merge', '--store', serialStore, '--shards', '1']);
  const plain = await timed('vitest serial', [vitest, ...VITEST_OPTIONS]);

  const rows = [];
  for (const n of SHARD_COUNTS) {
    const store = path.join(work, `store-${n}`);
    mkdirSync(store);
    copyFileSync(path.join(serialStore, 'history.json'), path.join(store, 'history.json'));
    const even = [];
    const own = [];
    for (let shard = 1; shard <= n; shard++) {
      even.push(await evenshard(n, shard, store));
      own.push(
        await timed(`vitest --shard ${shard}/${n}`, [
          vitest,
          ...VITEST_OPTIONS,
          `--shard=${shard}/${n}`,
        ]),
      );
    }
    const merge = await timed(
      `merge-${n}`,
      [process.execPath, cli, 'merge', '--store', store, '--shards', String(n)],
      [0, 1],
    );
    rows.push({ n, even, own, exactlyOnce: merge.code === 0 });
  }
  const report = render(info, serial, plain, rows);
  process.stdout.write(report);
  writeFileSync(outFile, report);
  note(`wrote ${path.relative(process.cwd(), outFile)}`);
  if (rows.some((r) => !r.exactlyOnce)) {
    process.stderr.write('bench-js: a merge did not prove exactly-once\n');
    process.exitCode = 1;
  }
}

function evenshard(n, shard, store) {
  return timed(`evenshard ${shard}/${n}`, [
    process.execPath,
    cli,
    'run',
    '--framework',
    'vitest',
    '--shards',
    String(n),
    '--shard',
    String(shard),
    '--store',
    store,
    '--root',
    suite,
    '--',
    'vitest',
    ...VITEST_OPTIONS,
  ]);
}

/** Deterministic random numbers (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate() {
  const rand = random(SEED);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  mkdirSync(path.join(suite, 'tests'), { recursive: true });
  symlinkSync(path.join(example, 'node_modules'), path.join(suite, 'node_modules'), 'dir');
  writeFileSync(path.join(suite, 'package.json'), '{ "private": true, "type": "module" }\n');
  writeFileSync(
    path.join(suite, 'vitest.config.mjs'),
    "export default { test: { include: ['tests/**/*.test.mjs'] } };\n",
  );
  writeFileSync(
    path.join(suite, 'tests', 'work.mjs'),
    'export const work = (s) => new Promise((r) => setTimeout(r, s * 1000));\n',
  );
  let tests = 0;
  let testSeconds = 0;
  let setupSeconds = 0;
  for (let i = 0; i < fileCount; i++) {
    // Log-normal file durations (median 0.12 s, a long tail), a setup cost per file paid when
    // Vitest collects it, and 1–8 tests sharing the file's time unevenly.
    const fileSeconds = Math.min(6, 0.12 * Math.exp(1.1 * normal())) * scale;
    const setup = (0.02 + 0.08 * rand()) * scale;
    const count = 1 + Math.floor(rand() * 8);
    const weights = Array.from({ length: count }, () => 0.2 + rand());
    const total = weights.reduce((a, b) => a + b, 0);
    const dir = `group${i % 10}`;
    mkdirSync(path.join(suite, 'tests', dir), { recursive: true });
    const lines = [
      "import { describe, expect, it } from 'vitest';",
      "import { work } from '../work.mjs';",
      `await work(${setup.toFixed(4)});`,
      `describe('file ${i}', () => {`,
      ...weights.map(
        (w, t) =>
          `  it('test ${t}', async () => { await work(${((fileSeconds * w) / total).toFixed(4)}); expect(${t}).toBe(${t}); });`,
      ),
      '});',
    ];
    writeFileSync(
      path.join(suite, 'tests', dir, `f${String(i).padStart(3, '0')}.test.mjs`),
      lines.join('\n') + '\n',
    );
    tests += count;
    testSeconds += fileSeconds;
    setupSeconds += setup;
  }
  return { files: fileCount, tests, testSeconds, setupSeconds };
}

function timed(name, argv, check = [0]) {
  return new Promise((resolve, reject) => {
    const load = os.loadavg()[0];
    const t0 = process.hrtime.bigint();
    const env = { ...process.env };
    for (const key of Object.keys(env)) if (/^VITEST|^NODE_OPTIONS$/.test(key)) delete env[key];
    const child = spawn(argv[0], argv.slice(1), {
      cwd: suite,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (output += c));
    child.once('error', reject);
    child.once('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (!check.includes(code)) {
        reject(new Error(`${name}: exit ${code}\n${output.slice(-3000)}`));
        return;
      }
      note(`${name}: ${seconds.toFixed(2)} s`);
      resolve({ name, code, seconds, load });
    });
  });
}

function render(info, serial, plain, rows) {
  const f = (x) => x.toFixed(1);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
  const vitestVersion = execFileSync(vitest, ['--version'], {
    cwd: suite,
    encoding: 'utf8',
  }).trim();
  const lines = [
    '# JS benchmark: evenshard vs Vitest `--shard`',
    '',
    `Generated by \`node scripts/bench-js.mjs${opts.files !== '200' ? ` --files ${opts.files}` : ''}${opts.scale !== '1' ? ` --scale ${opts.scale}` : ''}\` (part of \`npm run bench\`) — do not edit by hand.`,
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}; evenshard ${commit}; ${vitestVersion}; Node ${process.version}`,
    `- Machine: ${os.cpus()[0]?.model.trim() ?? 'CPU'} (${os.cpus().length} cores); load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)} — shared machine: other work only adds time`,
    `- Whole benchmark ${((Date.now() - started) / 60000).toFixed(1)} minutes`,
    ...(Math.max(loadBefore, os.loadavg()[0]) > 2 * os.cpus().length
      ? [
          '',
          `**The machine was overloaded (load average above twice its ${os.cpus().length} cores): these walls measure the other work more than the two methods. Rerun on a quiet machine before drawing conclusions.**`,
        ]
      : []),
    '',
    '## The suite',
    '',
    `${info.files} generated Vitest files (seed ${SEED}, not committed), ${info.tests} tests in 10 folders. File durations are log-normal (median 0.12 s × ${scale}, σ 1.1, capped at 6 s): ${f(info.testSeconds)} s of tests. Every file also sleeps at the top level, a setup cost of 20–100 ms × ${scale} that Vitest counts as collection (${f(info.setupSeconds)} s in all). Tests sleep, so two cores are not the bottleneck.`,
    '',
    '## Method',
    '',
    '1. Serial: `evenshard run --framework vitest --shards 1` (the **serial wall**, and the history), then `evenshard merge`; plain `vitest run` is timed too.',
    "2. For N = 2, 4, 8, shard by shard, interleaved: `evenshard run --framework vitest --shards N --shard I -- vitest run --no-file-parallelism`, planned from that history, then Vitest's own `vitest run --no-file-parallelism --shard=I/N` (which splits the hash-sorted files by count). After each N, `evenshard merge` checks that every test ran exactly once.",
    "3. A shard's wall is its whole process, spawn to exit, one run each. The makespan is the slowest shard: what N parallel jobs would take.",
    '',
    '## Results',
    '',
    `Serial wall: **${f(serial.seconds)} s** through evenshard, ${f(plain.seconds)} s as plain \`vitest run\`.`,
    '',
    '| N | method | each shard’s wall (s) | makespan (s) | serial ÷ N (s) | makespan ÷ (serial ÷ N) | exactly once |',
    '| ---: | --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of rows) {
    const ideal = serial.seconds / row.n;
    for (const [method, runs] of [
      ['evenshard', row.even],
      ['vitest --shard', row.own],
    ]) {
      const walls = runs.map((r) => r.seconds);
      const makespan = Math.max(...walls);
      lines.push(
        `| ${row.n} | ${method} | ${walls.map(f).join(', ')} | ${f(makespan)} | ${f(ideal)} | **${(makespan / ideal).toFixed(2)}** | ${method === 'evenshard' ? (row.exactlyOnce ? 'proven by the merge' : 'NO') : 'not checked'} |`,
      );
    }
  }
  lines.push(
    '',
    'Each evenshard shard also pays `vitest list` for discovery and Node for the CLI (about one Vitest start-up more than a `--shard` shard); the heavier the tail of file durations, the more the even plan wins over equal file counts.',
    '',
  );
  return lines.join('\n');
}

function note(message) {
  process.stderr.write(`bench-js: ${message}\n`);
}
