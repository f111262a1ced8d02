#!/usr/bin/env node
// The demo: evenshard's main job end to end on the bundled example project, no GitHub needed.
// Round 1 has no timing history (evenshard plans by the number of tests per file); the merge
// writes a history; round 2 plans by measured durations and its shards come out even.
// Usage: npm run demo [-- --shards N]   (needs Python with pytest: python3 -m pytest)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(process.env.EVENSHARD_DIST ?? join(repo, 'dist'), 'cli', 'index.js');
const shardsArg = process.argv.indexOf('--shards');
const shards = shardsArg > 0 ? Number(process.argv[shardsArg + 1]) : 3;

const python = findPython();
const work = mkdtempSync(join(tmpdir(), 'evenshard-demo-'));
const project = join(work, 'pytest-project');
const store = join(work, 'store');
cpSync(join(repo, 'examples', 'pytest-project'), project, { recursive: true });

console.log(`evenshard demo: ${shards} shards of examples/pytest-project (copied to ${project})`);
console.log(`python: ${python}\n`);
const round1 = round(1, 'no timing history yet: planned by the number of tests per file');
const round2 = round(2, 'planned by the history the first merge wrote');

console.log('── shard wall times (test command only)');
console.log(`round 1: ${round1.map(fmt).join('  ')}   spread ${fmt(spread(round1))}`);
console.log(`round 2: ${round2.map(fmt).join('  ')}   spread ${fmt(spread(round2))}`);
console.log(`\nStore (history, results, summaries): ${store}`);
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });

function round(n, label) {
  console.log(`══ round ${n}: ${label}`);
  const walls = [];
  for (let shard = 1; shard <= shards; shard++) {
    const run = evenshard([
      'run',
      '--shards',
      String(shards),
      '--shard',
      String(shard),
      '--store',
      store,
      '--root',
      project,
      '--',
      python,
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
    ]);
    process.stdout.write(run.stdout);
    const result = JSON.parse(
      readFileSync(join(store, 'results', `shard-${shard}`, 'results.json'), 'utf8'),
    );
    walls.push(result.testSeconds);
  }
  const merge = evenshard(['merge', '--store', store, '--shards', String(shards)]);
  const headline = merge.stdout.split('\n').find((line) => line.startsWith('###')) ?? '';
  console.log(`merge: ${headline.replace(/^#+\s*/, '')}\n`);
  return walls;
}

function evenshard(args) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      EVENSHARD_EXAMPLE_TIME_SCALE: process.env.EVENSHARD_EXAMPLE_TIME_SCALE ?? '0.5',
    },
  });
  if (result.status !== 0 && result.status !== 1) {
    process.stderr.write(result.stderr);
    throw new Error(`evenshard ${args[0]} exited with ${result.status}`);
  }
  return result;
}

function findPython() {
  for (const candidate of [process.env.EVENSHARD_PYTHON, 'python3', '/usr/bin/python3', 'python']) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['-c', 'import pytest'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  console.error(
    'The demo needs Python with pytest: apt-get install python3-pytest (or pip install pytest).',
  );
  process.exit(2);
}

function spread(walls) {
  return Math.max(...walls) - Math.min(...walls);
}

function fmt(seconds) {
  return `${seconds.toFixed(2)}s`;
}
