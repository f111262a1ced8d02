/**
 * What the real-suite benchmarks (scripts/bench-suite.mjs, scripts/bench-js.mjs) share: a
 * process's wall from spawn to exit, and shards of several methods run one after another,
 * interleaved shard by shard, so a change in the machine's load hits every method alike.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * Runs an argument vector (never a shell) and measures its wall, spawn to exit. Output is kept
 * (`stdout`, and `output` with stderr) and, with `log`, appended to that file. An exit code not
 * in `check` (null: any) rejects with the output's tail.
 */
export function timed(name, argv, { cwd, env = process.env, check = [0], log, note } = {}) {
  return new Promise((resolve, reject) => {
    const out = log ? createWriteStream(log, { flags: 'a' }) : null;
    let stdout = '';
    let output = '';
    const load = os.loadavg()[0];
    const started = process.hrtime.bigint();
    let exitedAt = null;
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
      out?.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      out?.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', () => (exitedAt = process.hrtime.bigint()));
    child.once('close', (code, signal) => {
      out?.end();
      const seconds = Number((exitedAt ?? process.hrtime.bigint()) - started) / 1e9;
      if (check && !check.includes(code)) {
        const tail = log ? readTail(log) : output.slice(-3000);
        reject(new Error(`${name}: exit ${code ?? signal}${log ? `; log ${log}` : ''}:\n${tail}`));
        return;
      }
      note?.(`${name}: ${seconds.toFixed(2)} s`);
      resolve({ name, code, seconds, stdout, output, load });
    });
  });
}

/**
 * Shards 1..n, one after another; for each shard every method runs in turn (`methods[m](shard)`
 * resolves to a run with `seconds`). With `repeats` K, each method's shard runs K times (the
 * methods still alternating) and keeps its fastest run: other work on the machine only adds
 * time. Returns one array of runs per method, in shard order.
 */
export async function interleavedShards(n, methods, repeats = 1) {
  const runs = methods.map(() => []);
  for (let shard = 1; shard <= n; shard++) {
    const best = methods.map(() => null);
    for (let k = 0; k < repeats; k++) {
      for (let m = 0; m < methods.length; m++) best[m] = fastest(best[m], await methods[m](shard));
    }
    best.forEach((run, m) => runs[m].push(run));
  }
  return runs;
}

/** `node <cli> run` for one shard of N, planned from the store's history, running `command`. */
export function evenshardShardArgv({ cli, framework, n, shard, store, root, command }) {
  return [
    process.execPath,
    cli,
    'run',
    ...(framework ? ['--framework', framework] : []),
    ...['--shards', String(n), '--shard', String(shard)],
    ...['--store', store, '--root', root],
    '--',
    ...command,
  ];
}

export function fastest(best, run) {
  return best === null || run.seconds < best.seconds ? run : best;
}

export async function repeat(times, fn) {
  const runs = [];
  for (let i = 0; i < times; i++) runs.push(await fn());
  return runs;
}

/** Median of numbers or of runs' `seconds`. */
export function median(values) {
  const xs = values.map((v) => (typeof v === 'number' ? v : v.seconds)).sort((a, b) => a - b);
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

export function sum(values) {
  return values.reduce((a, b) => a + b, 0);
}

function readTail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '';
  }
}
