#!/usr/bin/env node
/**
 * JS benchmark (issue 9): a generated suite (200 files, log-normal durations, a per-file setup
 * cost) run shard by shard, 2/4/8 ways, by evenshard's CLI (`--framework vitest|jest`, planned
 * from a serial run's history) and by the runner's own `--shard I/N`: once with the real Vitest
 * of examples/vitest-project, once with the real Jest (and its @swc/jest TypeScript transform)
 * of examples/jest-project. Both suites have the same files' durations (one seed).
 *
 *   node scripts/bench-js.mjs [--files N] [--scale X] [--frameworks vitest,jest] [--out FILE] [--dist DIR] [--keep]
 *
 * Shards run one after another (never at the same time), the two methods interleaved shard by
 * shard (scripts/bench-lib.mjs), so a change in the machine's load hits both alike; a shard's
 * wall is its whole process, spawn to exit (for evenshard: Node, discovery through the runner,
 * planning, the runner, writing results). The makespan is what N parallel jobs would take. Every
 * run uses one worker (Vitest --no-file-parallelism, Jest --runInBand), so that a shard's wall is
 * its files' sum, as on a one-worker runner. Writes docs/bench-js.md.
 */
import { execFileSync } from 'node:child_process';
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
import { evenshardShardArgv, interleavedShards, timed as timedRun } from './bench-lib.mjs';

const SHARD_COUNTS = [2, 4, 8];
const SEED = 20261202;
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    files: { type: 'string', default: '200' },
    scale: { type: 'string', default: '1' },
    frameworks: { type: 'string', default: 'vitest,jest' },
    out: { type: 'string' },
    dist: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const fileCount = Number(opts.files);
const scale = Number(opts.scale);
if (!Number.isInteger(fileCount) || fileCount < 1)
  throw new Error(`--files must be a positive integer (got ${opts.files})`);
if (!(scale > 0)) throw new Error(`--scale must be a positive number (got ${opts.scale})`);
const outFile = opts.out ?? path.join(repo, 'docs', 'bench-js.md');

/**
 * What differs between the runners: the example whose toolchain runs the suite, the one-worker
 * options, the runner's own shard flag, and how a file pays its setup cost (Vitest: a top-level
 * await, which it counts as collection; Jest: a beforeAll, outside every test's duration, which
 * evenshard counts as the file's collection cost).
 */
const FRAMEWORKS = {
  vitest: {
    title: 'Vitest',
    example: 'vitest-project',
    bin: 'vitest',
    options: ['run', '--no-file-parallelism', '--reporter=dot'],
    files: {
      'package.json': '{ "private": true, "type": "module" }\n',
      'vitest.config.mjs': "export default { test: { include: ['tests/**/*.test.mjs'] } };\n",
      'tests/work.mjs': 'export const work = (s) => new Promise((r) => setTimeout(r, s * 1000));\n',
    },
    testFile: 'test.mjs',
    header: (setup) => [
      "import { describe, expect, it } from 'vitest';",
      "import { work } from '../work.mjs';",
      `await work(${setup});`,
    ],
    setupNote: 'a top-level await, which Vitest counts as the file’s collection',
  },
  jest: {
    title: 'Jest',
    example: 'jest-project',
    bin: 'jest',
    options: ['--ci', '--runInBand', '--silent'],
    files: {
      'package.json': '{ "private": true }\n',
      'jest.config.js':
        "module.exports = { testMatch: ['<rootDir>/tests/**/*.test.ts'], transform: { '^.+\\\\.ts$': '@swc/jest' } };\n",
      'tests/work.ts':
        'export const work = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));\n',
    },
    testFile: 'test.ts',
    header: (setup) => [
      "import { beforeAll, describe, expect, it } from '@jest/globals';",
      "import { work } from '../work';",
      `beforeAll(() => work(${setup}));`,
    ],
    setupNote:
      'a `beforeAll`, outside every test’s duration, which evenshard counts as the file’s collection cost',
  },
};
const chosen = opts.frameworks.split(',').map((f) => f.trim());
for (const name of chosen) {
  if (!FRAMEWORKS[name])
    throw new Error(`--frameworks: unknown runner ${name} (choose from vitest, jest)`);
  const bin = path.join(repo, 'examples', FRAMEWORKS[name].example, 'node_modules', '.bin');
  if (!existsSync(path.join(bin, FRAMEWORKS[name].bin))) {
    throw new Error(
      `examples/${FRAMEWORKS[name].example} is not installed: run \`npm ci\` in it first`,
    );
  }
}

const started = Date.now();
const loadBefore = os.loadavg()[0];
const work = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-js-'));
const dist = opts.dist ? path.resolve(opts.dist) : path.join(work, 'dist');
const cli = path.join(dist, 'cli', 'index.js');

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
  const sections = [];
  for (const name of chosen) sections.push(await benchmark(name, FRAMEWORKS[name]));
  const report = render(sections);
  process.stdout.write(report);
  writeFileSync(outFile, report);
  note(`wrote ${path.relative(process.cwd(), outFile)}`);
  if (sections.some((s) => s.rows.some((r) => !r.exactlyOnce))) {
    process.stderr.write('bench-js: a merge did not prove exactly-once\n');
    process.exitCode = 1;
  }
}

/** One runner's part: its suite, the serial run, then N = 2, 4, 8 against its own --shard. */
async function benchmark(name, fw) {
  const suite = path.join(work, `suite-${name}`);
  const runner = path.join(suite, 'node_modules', '.bin', fw.bin);
  const run = (label, argv, check) => timed(suite, `${name}: ${label}`, argv, check);
  const evenshard = (n, shard, store) =>
    run(
      `evenshard ${shard}/${n}`,
      evenshardShardArgv({
        cli,
        framework: name,
        n,
        shard,
        store,
        root: suite,
        command: [fw.bin, ...fw.options],
      }),
    );
  const merge = (n, store) =>
    run(
      `merge-${n}`,
      [process.execPath, cli, 'merge', '--store', store, '--shards', String(n)],
      [0, 1],
    );

  const info = generate(suite, fw);
  note(
    `${name} suite: ${info.tests} tests in ${info.files} files, ${info.testSeconds.toFixed(1)} s of tests + ${info.setupSeconds.toFixed(1)} s of setup`,
  );
  await run('warm-up', [runner, ...fw.options]);
  const serialStore = path.join(work, `store-${name}-1`);
  const serial = await evenshard(1, 1, serialStore);
  await merge(1, serialStore);
  const plain = await run(`${fw.bin} serial`, [runner, ...fw.options]);

  const rows = [];
  for (const n of SHARD_COUNTS) {
    const store = path.join(work, `store-${name}-${n}`);
    mkdirSync(store);
    copyFileSync(path.join(serialStore, 'history.json'), path.join(store, 'history.json'));
    const [even, own] = await interleavedShards(n, [
      (shard) => evenshard(n, shard, store),
      (shard) =>
        run(`${fw.bin} --shard ${shard}/${n}`, [runner, ...fw.options, `--shard=${shard}/${n}`]),
    ]);
    const merged = await merge(n, store);
    rows.push({ n, even, own, exactlyOnce: merged.code === 0 });
  }
  const printed = execFileSync(runner, ['--version'], { cwd: suite, encoding: 'utf8' });
  const version = /\d+\.\d+\.\d+/.exec(printed)?.[0] ?? printed.trim();
  return { name, fw, info, serial, plain, rows, version };
}

/** Runs in a suite's folder with the runners' own variables unset (this may run under one). */
function timed(cwd, name, argv, check = [0]) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^VITEST|^JEST|^NODE_OPTIONS$/.test(key)) delete env[key];
  return timedRun(name, argv, { cwd, env, check, note });
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

/** Writes the suite; the same seed gives every runner's suite the same durations. */
function generate(suite, fw) {
  const rand = random(SEED);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  mkdirSync(path.join(suite, 'tests'), { recursive: true });
  symlinkSync(
    path.join(repo, 'examples', fw.example, 'node_modules'),
    path.join(suite, 'node_modules'),
    'dir',
  );
  for (const [file, text] of Object.entries(fw.files)) writeFileSync(path.join(suite, file), text);
  let tests = 0;
  let testSeconds = 0;
  let setupSeconds = 0;
  for (let i = 0; i < fileCount; i++) {
    // Log-normal file durations (median 0.12 s, a long tail), a setup cost per file, and 1–8
    // tests sharing the file's time unevenly.
    const fileSeconds = Math.min(6, 0.12 * Math.exp(1.1 * normal())) * scale;
    const setup = (0.02 + 0.08 * rand()) * scale;
    const count = 1 + Math.floor(rand() * 8);
    const weights = Array.from({ length: count }, () => 0.2 + rand());
    const total = weights.reduce((a, b) => a + b, 0);
    const dir = `group${i % 10}`;
    mkdirSync(path.join(suite, 'tests', dir), { recursive: true });
    const lines = [
      ...fw.header(setup.toFixed(4)),
      `describe('file ${i}', () => {`,
      ...weights.map(
        (w, t) =>
          `  it('test ${t}', async () => { await work(${((fileSeconds * w) / total).toFixed(4)}); expect(${t}).toBe(${t}); });`,
      ),
      '});',
    ];
    writeFileSync(
      path.join(suite, 'tests', dir, `f${String(i).padStart(3, '0')}.${fw.testFile}`),
      lines.join('\n') + '\n',
    );
    tests += count;
    testSeconds += fileSeconds;
    setupSeconds += setup;
  }
  return { files: fileCount, tests, testSeconds, setupSeconds };
}

function render(sections) {
  const f = (x) => x.toFixed(1);
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
  const titles = sections.map((s) => `${s.fw.title} \`--shard\``).join(' and ');
  const args = [
    ...(opts.files !== '200' ? [`--files ${opts.files}`] : []),
    ...(opts.scale !== '1' ? [`--scale ${opts.scale}`] : []),
    ...(opts.frameworks !== 'vitest,jest' ? [`--frameworks ${opts.frameworks}`] : []),
  ];
  const loadAfter = os.loadavg()[0];
  const first = sections[0].info;
  const lines = [
    `# JS benchmark: evenshard vs ${titles}`,
    '',
    `Generated by \`node scripts/bench-js.mjs${args.map((a) => ` ${a}`).join('')}\` (part of \`npm run bench\`) — do not edit by hand.`,
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}; evenshard ${commit}; ${sections.map((s) => `${s.fw.title} ${s.version}`).join('; ')}; Node ${process.version}`,
    `- Machine: ${os.cpus()[0]?.model.trim() ?? 'CPU'} (${os.cpus().length} cores); load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} — shared machine: other work only adds time`,
    `- Whole benchmark ${((Date.now() - started) / 60000).toFixed(1)} minutes`,
    ...(Math.max(loadBefore, loadAfter) > 2 * os.cpus().length
      ? [
          '',
          `**The machine was overloaded (load average above twice its ${os.cpus().length} cores): these walls measure the other work more than the two methods. Rerun on a quiet machine before drawing conclusions.**`,
        ]
      : []),
    '',
    '## The suite',
    '',
    `${first.files} generated test files per runner (seed ${SEED}, not committed), ${first.tests} tests in 10 folders; every runner's suite has the same durations. File durations are log-normal (median 0.12 s × ${scale}, σ 1.1, capped at 6 s): ${f(first.testSeconds)} s of tests. Every file also sleeps once before its tests, a setup cost of 20–100 ms × ${scale} (${f(first.setupSeconds)} s in all). Tests sleep, so two cores are not the bottleneck.`,
    '',
    ...sections.map(
      (s) =>
        `- ${s.fw.title}: \`.${s.fw.testFile}\` files run by the toolchain of \`examples/${s.fw.example}\`; the setup is ${s.fw.setupNote}.`,
    ),
    '',
    '## Method',
    '',
    'For each runner:',
    '',
    '1. Serial: `evenshard run --framework F --shards 1` (the **serial wall**, and the history), then `evenshard merge`; the plain runner is timed too.',
    "2. For N = 2, 4, 8, shard by shard, interleaved: `evenshard run --framework F --shards N --shard I -- RUNNER OPTIONS`, planned from that history, then the runner's own `RUNNER OPTIONS --shard=I/N` (which splits the files by count, in the runner's own hashed order). After each N, `evenshard merge` checks that every test ran exactly once.",
    "3. A shard's wall is its whole process, spawn to exit, one run each. The makespan is the slowest shard: what N parallel jobs would take.",
    '',
    'OPTIONS keep one worker, so that a shard’s wall is its files’ sum: ' +
      sections.map((s) => `\`${s.fw.bin} ${s.fw.options.join(' ')}\``).join(', ') +
      '.',
    '',
  ];
  for (const s of sections) {
    lines.push(
      `## Results: ${s.fw.title}`,
      '',
      `Serial wall: **${f(s.serial.seconds)} s** through evenshard, ${f(s.plain.seconds)} s as plain \`${s.fw.bin}\`.`,
      '',
      '| N | method | each shard’s wall (s) | makespan (s) | serial ÷ N (s) | makespan ÷ (serial ÷ N) | exactly once |',
      '| ---: | --- | --- | ---: | ---: | ---: | --- |',
    );
    for (const row of s.rows) {
      const ideal = s.serial.seconds / row.n;
      for (const [method, runs] of [
        ['evenshard', row.even],
        [`${s.fw.bin} --shard`, row.own],
      ]) {
        const walls = runs.map((r) => r.seconds);
        const makespan = Math.max(...walls);
        lines.push(
          `| ${row.n} | ${method} | ${walls.map(f).join(', ')} | ${f(makespan)} | ${f(ideal)} | **${(makespan / ideal).toFixed(2)}** | ${method === 'evenshard' ? (row.exactlyOnce ? 'proven by the merge' : 'NO') : 'not checked'} |`,
        );
      }
    }
    lines.push('');
  }
  lines.push(
    'Each evenshard shard also pays the runner’s discovery (`vitest list`, `jest --listTests`) and Node for the CLI (about one runner start-up more than a `--shard` shard); the heavier the tail of file durations, the more the even plan wins over equal file counts.',
    '',
  );
  return lines.join('\n');
}

function note(message) {
  process.stderr.write(`bench-js: ${message}\n`);
}
