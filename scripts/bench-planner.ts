/**
 * Planner benchmark: how close evenshard's plans come to the lower bound on real, public timing
 * files, next to what the other splitters do (longest-first per test and per file), plus the
 * planner's run time on synthetic suites of 100,000 tests.
 *
 *   npx tsx scripts/bench-planner.ts
 *
 * Reads every pytest-split `.test_durations` and Knapsack `.json` report in
 * ../shared/bench/durations (relative to the repository root; override with
 * EVENSHARD_BENCH_DURATIONS), prints a Markdown report and writes it to docs/bench-planner.md.
 * The CLI timings run on this Node and on Node 24, the action's runtime, when it is found
 * (EVENSHARD_NODE24, else .ci/node24 as .ci/run installs it).
 * Exits non-zero when a cell misses the bar: above 1.01 × the lower bound (unless the pigeonhole
 * bound proves that unavoidable), or worse than longest-first per test.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serializeHistory } from '../src/core/history.js';
import { compareCodeUnits } from '../src/core/order.js';
import { planShards, SPLIT_TOLERANCE } from '../src/core/planner.js';
import type { EstimatedTest, Plan } from '../src/core/types.js';
import { syntheticHistory, syntheticSuite } from './synthetic.js';

const SHARD_COUNTS = [2, 3, 4, 6, 8, 12, 16, 32];
const ACCEPTABLE_RATIO = 1.01;
const TIMING_RUNS = 5;
const TIMING_SHARDS = [8, 32];
/** CLI runs per cell: each is a whole process, whose wall varies more than an in-process run. */
const CLI_RUNS = 9;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const durationsDir =
  process.env.EVENSHARD_BENCH_DURATIONS ?? path.resolve(repoRoot, '../shared/bench/durations');

interface Suite {
  name: string;
  /** pytest files can be split into tests; Knapsack reports are per file. */
  splitFiles: boolean;
  tests: EstimatedTest[];
}

function loadSuites(): Suite[] {
  const suites: Suite[] = [];
  for (const name of readdirSync(durationsDir).sort(compareCodeUnits)) {
    const splitFiles = name.endsWith('.test_durations');
    if (!splitFiles && !name.endsWith('.json')) continue;
    const text = readFileSync(path.join(durationsDir, name), 'utf8');
    const durations = JSON.parse(text) as Record<string, number>;
    const tests = Object.entries(durations).map(([id, seconds]): EstimatedTest => ({
      id,
      file: splitFiles ? id.split('::', 1)[0]! : id,
      seconds,
      source: 'measured',
    }));
    suites.push({ name, splitFiles, tests });
  }
  return suites;
}

const toMs = (seconds: number) => Math.round(seconds * 1000);

/** Shards that run part of a file, beyond the first for each file: extra fixture setups. */
function extraVisits(fileOfUnit: readonly string[], shardOfUnit: readonly number[]): number {
  const shardsOfFile = new Map<string, Set<number>>();
  fileOfUnit.forEach((file, unit) => {
    const shards = shardsOfFile.get(file) ?? new Set<number>();
    shards.add(shardOfUnit[unit]!);
    shardsOfFile.set(file, shards);
  });
  return [...shardsOfFile.values()].reduce((sum, shards) => sum + shards.size - 1, 0);
}

/**
 * What the other splitters do: heaviest first onto the least-loaded shard, no refinement. Run on
 * the same whole-millisecond durations as the planner so rounding cannot favour either side.
 */
function longestFirst(
  units: { file: string; ms: number }[],
  shards: number,
): { makespanMs: number; extraVisits: number } {
  const loads = new Array<number>(shards).fill(0);
  const order = units.map((_, index) => index).sort((a, b) => units[b]!.ms - units[a]!.ms);
  const shardOf: number[] = [];
  for (const unit of order) {
    let least = 0;
    for (let shard = 1; shard < shards; shard++) if (loads[shard]! < loads[least]!) least = shard;
    loads[least]! += units[unit]!.ms;
    shardOf[unit] = least;
  }
  return {
    makespanMs: Math.max(...loads),
    extraVisits: extraVisits(
      units.map((u) => u.file),
      shardOf,
    ),
  };
}

/**
 * A lower bound that also counts how units must share shards: among the k·N + 1 heaviest units,
 * some shard holds k + 1 of them, so it carries at least the k + 1 lightest of those.
 */
function pigeonholeBoundMs(weightsMs: number[], shards: number): number {
  const sorted = [...weightsMs].sort((a, b) => b - a);
  let bound = 0;
  for (let k = 1; k * shards < sorted.length; k++) {
    const lightest = sorted.slice(k * shards - k, k * shards + 1);
    bound = Math.max(
      bound,
      lightest.reduce((sum, w) => sum + w, 0),
    );
  }
  return bound;
}

function wholeFiles(tests: readonly EstimatedTest[]): { file: string; ms: number }[] {
  const byFile = new Map<string, number>();
  for (const t of tests) byFile.set(t.file, (byFile.get(t.file) ?? 0) + toMs(t.seconds));
  return [...byFile].map(([file, ms]) => ({ file, ms }));
}

interface Row {
  suite: string;
  shards: number;
  lowerBound: number;
  evenshard: number;
  splitCount: number;
  extraVisits: number;
  testLongestFirst: number;
  testLongestFirstVisits: number;
  fileLongestFirst: number;
  /** Set when a cell is above the bar: the pigeonhole bound ÷ the lower bound. */
  provenFloor?: number;
}

function planVisits(plan: Plan): number {
  return plan.shards.reduce((sum, s) => sum + s.splits.length, 0) - plan.splitFiles.length;
}

function benchSuite(suite: Suite, shards: number): Row {
  const plan = planShards(suite.tests, { shards, splitFiles: suite.splitFiles });
  // The test-level lower bound for every column (Knapsack files are their own tests).
  const lowerBoundMs = toMs(plan.lowerBoundSeconds);
  const ratio = (ms: number) => ms / lowerBoundMs;
  const tests = suite.tests.map((t) => ({ file: t.file, ms: toMs(t.seconds) }));
  const byTest = longestFirst(tests, shards);
  const row: Row = {
    suite: suite.name,
    shards,
    lowerBound: plan.lowerBoundSeconds,
    evenshard: ratio(toMs(plan.makespanSeconds)),
    splitCount: plan.splitFiles.length,
    extraVisits: planVisits(plan),
    testLongestFirst: ratio(byTest.makespanMs),
    testLongestFirstVisits: byTest.extraVisits,
    fileLongestFirst: ratio(longestFirst(wholeFiles(suite.tests), shards).makespanMs),
  };
  if (row.evenshard > ACCEPTABLE_RATIO) {
    const units = suite.splitFiles ? tests : wholeFiles(suite.tests);
    row.provenFloor = ratio(
      pigeonholeBoundMs(
        units.map((u) => u.ms),
        shards,
      ),
    );
  }
  return row;
}

function misses(row: Row): string[] {
  const found: string[] = [];
  if (row.evenshard > ACCEPTABLE_RATIO && (row.provenFloor ?? 0) < row.evenshard) {
    found.push(`above ${ACCEPTABLE_RATIO} × the lower bound`);
  }
  if (row.evenshard > row.testLongestFirst) found.push('worse than longest-first per test');
  return found;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Timing {
  suite: string;
  shards: number;
  firstMs: number;
  medianMs: number;
  /** CPU time: what the planner costs, whatever else the machine is doing. */
  medianCpuMs: number;
  ratio: number;
  splitCount: number;
}

function time(suite: string, tests: EstimatedTest[], shards: number): Timing {
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let plan: Plan | undefined;
  for (let run = 0; run < TIMING_RUNS; run++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    plan = planShards(tests, { shards, splitFiles: true });
    const cpu = process.cpuUsage(cpuStarted);
    times.push(performance.now() - started);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  return {
    suite,
    shards,
    firstMs: times[0]!,
    medianMs: median(times),
    medianCpuMs: median(cpuTimes),
    ratio: plan!.makespanSeconds / plan!.lowerBoundSeconds,
    splitCount: plan!.splitFiles.length,
  };
}

function timings(): Timing[] {
  // Through JSON, like a timing file read from disk (flat strings, not concatenation ropes).
  const synthetic = JSON.parse(JSON.stringify(syntheticSuite(100_000, 1))) as EstimatedTest[];
  // Every second test moved into one file, which then holds about half the time: the planner has
  // to split it, which is its slowest path.
  const concentrated = synthetic.map((t, index) => {
    const file = index % 2 === 0 ? 'tests/test_heavy.py' : t.file;
    return { ...t, id: `${file}::${t.id.slice(t.id.indexOf('::') + 2)}`, file };
  });
  return TIMING_SHARDS.flatMap((shards) => [
    time('syntheticSuite(100_000, 1)', synthetic, shards),
    time('same, half the time in one file', concentrated, shards),
  ]);
}

const fixed = (value: number) => value.toFixed(4);

function report(rows: Row[], timed: Timing[]): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '# Planner benchmark',
    '',
    'Generated by `npx tsx scripts/bench-planner.ts`; do not edit by hand.',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: Node ${process.version}, ${cpu} (${os.cpus().length} cores), load average ${os.loadavg()[0]!.toFixed(1)} when run (other work on the machine slows the timings)`,
    `- Timing files: ${path.relative(repoRoot, durationsDir)} (their sources are in SOURCES.tsv there)`,
    '',
    'Each ratio is the slowest shard ÷ the lower bound `max(total / N, longest single test)`, the',
    'test-level bound for every column (a Knapsack report’s files are its tests). All columns plan',
    'the same durations rounded to whole milliseconds.',
    '',
    '- **evenshard**: `planShards` with split files allowed for pytest and not for Knapsack.',
    '  *split (+visits)*: files spread over several shards, and how many shards run part of a file',
    '  beyond the first (each pays that file’s module fixtures and imports again).',
    '- **longest-first, tests**: heaviest test first onto the least-loaded shard, what pytest-split’s',
    '  `least_duration` does; its *+visits* counts the same way.',
    '- **longest-first, files**: the same per whole file, what most per-file splitters do.',
    '',
    `evenshard stops splitting files once it is within ${SPLIT_TOLERANCE * 100}% of the lower bound, or once it`,
    'matches longest-first per test when that is closer: it is never worse than longest-first, and',
    'spreads far fewer files over several shards (compare the +visits columns).',
    '',
    '| timing file | N | lower bound (s) | evenshard | split (+visits) | longest-first, tests | +visits | longest-first, files |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const floor = row.provenFloor === undefined ? '' : ` (optimum ≥ ${fixed(row.provenFloor)})`;
    lines.push(
      `| ${row.suite} | ${row.shards} | ${row.lowerBound.toFixed(1)} | ${fixed(row.evenshard)}${floor} | ${row.splitCount} (+${row.extraVisits}) | ${fixed(row.testLongestFirst)} | +${row.testLongestFirstVisits} | ${fixed(row.fileLongestFirst)} |`,
    );
  }
  const worst = Math.max(...rows.map((r) => r.evenshard));
  const behind = rows.filter((r) => r.evenshard > r.testLongestFirst);
  lines.push(
    '',
    `Worst evenshard ratio: ${fixed(worst)}. Cells where longest-first per test is ahead: ${behind.length}`,
    `of ${rows.length}, by at most ${fixed(Math.max(0, ...behind.map((r) => r.evenshard - r.testLongestFirst)))}`,
    `× the lower bound.`,
    '',
    '## Planner run time',
    '',
    `In process, split files allowed, ${TIMING_RUNS} runs each: wall time of the first (cold JIT, as in`,
    'a one-shot CLI) and the median, and the median CPU time, which other work on the machine',
    'disturbs less. `syntheticSuite` is in scripts/synthetic.ts (about 2,000 files, log-normal',
    'durations); the input is in random order, so the planner’s sort by id does its full work.',
    '',
    '| suite (100,000 tests) | N | first (ms) | median (ms) | median CPU (ms) | makespan ÷ lower bound | split |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...timed.map(
      (t) =>
        `| ${t.suite} | ${t.shards} | ${t.firstMs.toFixed(0)} | ${t.medianMs.toFixed(0)} | ${t.medianCpuMs.toFixed(0)} | ${t.ratio.toFixed(4)} | ${t.splitCount} |`,
    ),
    '',
  );
  return lines.join('\n');
}

/**
 * The cost model on the suite the issue names: one file holds 40 % of the test time behind a 5 s
 * module fixture. The plain plan balances test time and splits that file; judged by what shards
 * really pay (every visit imports the file and sets its fixture up again, every shard has a
 * fixed cost) it is slower than the cost-aware plan, which splits the file only when that pays.
 */
function costModelSection(): string[] {
  const FIXTURE = 5;
  const IMPORT = 0.05;
  const FIXED = 20;
  const heavy = 'tests/test_db.py';
  const tests: EstimatedTest[] = [
    ...Array.from({ length: 80 }, (_, i) => ({
      id: `${heavy}::test_${i}`,
      file: heavy,
      seconds: 1,
    })),
    ...Array.from({ length: 60 }, (_, f) =>
      Array.from({ length: 4 }, (_, i) => ({
        id: `tests/test_${f}.py::test_${i}`,
        file: `tests/test_${f}.py`,
        seconds: 0.5,
      })),
    ).flat(),
  ].map((t) => ({ ...t, source: 'measured' as const }));
  const files = [...new Set(tests.map((t) => t.file))];
  const costs = {
    fixedSeconds: FIXED,
    fileVisitSeconds: new Map(files.map((f) => [f, IMPORT + (f === heavy ? FIXTURE : 0)])),
  };
  /** The wall each shard of `plan` really pays under the cost model. */
  const judged = (plan: Plan): number => {
    const byId = new Map(tests.map((t) => [t.id, t]));
    return Math.max(
      ...plan.shards.map((s) => {
        const visited = new Set(s.tests.map((id) => byId.get(id)!.file));
        const own = s.tests.reduce((sum, id) => sum + byId.get(id)!.seconds, 0);
        return (
          FIXED + own + [...visited].reduce((sum, f) => sum + costs.fileVisitSeconds.get(f)!, 0)
        );
      }),
    );
  };
  const parts = (plan: Plan) =>
    plan.shards.filter((s) => s.splits.some((x) => x.file === heavy)).length;
  const lines = [
    '## Cost model: a file with a 5 s module fixture and 40 % of the test time',
    '',
    `200 s of tests: \`${heavy}\` has 80 tests of 1 s behind a ${FIXTURE} s module fixture, 60 other files have`,
    `4 tests of 0.5 s; every file costs ${IMPORT * 1000} ms to import per visit, every shard ${FIXED} s fixed. *Plain*: today’s`,
    'plan, balancing test time only (its own estimate, then what its shards really pay once every',
    'visit and the fixed cost are counted). *Cost model*: `planShards` with `costs`, whose estimate is',
    'that real wall. *Parts*: shards that run some of the heavy file.',
    '',
    '| N | plain: estimate (s) | plain: real wall (s) | parts | cost model: wall (s) | parts | saved |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const shards of [2, 3, 4, 8, 16]) {
    const plain = planShards(tests, { shards, splitFiles: true });
    const modelled = planShards(tests, { shards, splitFiles: true, costs });
    const real = judged(plain);
    lines.push(
      `| ${shards} | ${plain.makespanSeconds.toFixed(1)} | ${real.toFixed(1)} | ${parts(plain) || 'whole'} | ${modelled.makespanSeconds.toFixed(1)} | ${parts(modelled) || 'whole'} | ${(((real - modelled.makespanSeconds) / real) * 100).toFixed(1)} % |`,
    );
  }
  lines.push('');
  return lines;
}

/**
 * The whole CLI as a user runs it: `node dist/cli/index.js plan --shards N --durations FILE --json`
 * on 100,000 tests written as a pytest-split file and as an evenshard history, wall time from
 * spawn to exit (stdout discarded).
 * Uses the built bundle (EVENSHARD_DIST or dist/), so run `npm run bundle` first.
 */
function cliTimings(): string[] {
  const dist = path.resolve(repoRoot, process.env.EVENSHARD_DIST ?? 'dist');
  const cli = path.join(dist, 'cli', 'index.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-'));
  const suite = syntheticSuite(100_000, 1);
  // As pytest-split writes it (keys sorted), and the same tests in shuffled key order.
  const sortedFile = path.join(dir, 'sorted.test_durations');
  const shuffledFile = path.join(dir, 'shuffled.test_durations');
  const sorted = [...suite].sort((a, b) => compareCodeUnits(a.id, b.id));
  writeFileSync(
    sortedFile,
    JSON.stringify(Object.fromEntries(sorted.map((t) => [t.id, t.seconds])), null, 4),
  );
  writeFileSync(
    shuffledFile,
    JSON.stringify(Object.fromEntries(suite.map((t) => [t.id, t.seconds]))),
  );
  // What the action itself plans from: the history the merge writes, with its cost model.
  const historyFile = path.join(dir, 'evenshard-history.json');
  writeFileSync(historyFile, serializeHistory(syntheticHistory(suite, 2)));
  const runtimes = nodeRuntimes();
  const lines = [
    '## The CLI on 100,000 tests',
    '',
    `\`node dist/cli/index.js plan --shards N --durations FILE --json\`, wall time from spawn to exit`,
    `(process start, reading and parsing a ${(statSync(sortedFile).size / 1e6).toFixed(1)} MB file, estimating, planning and writing`,
    `the JSON), ${CLI_RUNS} runs each, taken in turns, on \`syntheticSuite(100_000, 1)\` written as pytest-split writes it`,
    '(keys sorted), with its keys shuffled (evenshard then sorts them itself), and as the evenshard history',
    `the merge would write for it (\`syntheticHistory\` in scripts/synthetic.ts: ${(statSync(historyFile).size / 1e6).toFixed(1)} MB, five samples per test,`,
    'a cost model that the plan then applies). Target: a median under 0.5 s.',
    `Runtimes: ${runtimes.map((r) => `Node ${r.version}`).join(' and ')}${runtimes.length > 1 ? ' (the action runs on Node 24; the CLI on whatever Node the user has, 20 or later)' : ''}.`,
    '',
    '| file | N | Node | first (ms) | median (ms) | min (ms) | max (ms) |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
  ];
  const cells = (
    [
      ['sorted keys', sortedFile],
      ['evenshard history', historyFile],
      ['shuffled keys', shuffledFile],
    ] as const
  ).flatMap(([label, file]) =>
    TIMING_SHARDS.flatMap((shards) => runtimes.map((node) => ({ label, file, shards, node }))),
  );
  // Round by round over all the cells: the machine's speed drifts over minutes (other tenants),
  // and a drift then moves every cell alike instead of the last ones only. Node's own start
  // (`node -e 0`) runs in the same turns: the part of each cell no change to evenshard can cut,
  // and the yardstick to compare machines by.
  const walls = cells.map(() => [] as number[]);
  const nodeStarts = runtimes.map(() => [] as number[]);
  for (let i = 0; i < CLI_RUNS; i++) {
    runtimes.forEach((node, r) => {
      const start = process.hrtime.bigint();
      spawnSync(node.path, ['-e', '0'], { stdio: 'ignore' });
      nodeStarts[r]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
    cells.forEach(({ file, shards, node }, cell) => {
      const start = process.hrtime.bigint();
      const run = spawnSync(
        node.path,
        [cli, 'plan', '--shards', String(shards), '--durations', file, '--json'],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      if (run.status !== 0) throw new Error(`the CLI failed: ${run.stderr}`);
      walls[cell]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  cells.forEach(({ label, shards, node }, cell) => {
    const w = walls[cell]!;
    lines.push(
      `| ${label} | ${shards} | ${node.major} | ${w[0]!.toFixed(0)} | ${median(w).toFixed(0)} | ${Math.min(...w).toFixed(0)} | ${Math.max(...w).toFixed(0)} |`,
    );
  });
  lines.push('');
  runtimes.forEach((node, r) => {
    const starts = nodeStarts[r]!;
    lines.push(
      `Node ${node.version}'s own start on this machine (\`node -e 0\`, in the same turns): median ${median(starts).toFixed(0)} ms, ` +
        `min ${Math.min(...starts).toFixed(0)} ms.`,
    );
  });
  rmSync(dir, { recursive: true, force: true });
  return [...lines, ''];
}

/**
 * The Node running this script and, when it is not Node 24 itself, the Node 24 the action runs
 * on: EVENSHARD_NODE24, else the one .ci/run installs into .ci/node24 (absent: this Node only).
 */
function nodeRuntimes(): { path: string; version: string; major: string }[] {
  const runtime = (nodePath: string) => {
    const version = spawnSync(nodePath, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return { path: nodePath, version, major: version.replace(/^v(\d+).*$/, '$1') };
  };
  const here = runtime(process.execPath);
  const node24 =
    process.env.EVENSHARD_NODE24 ??
    path.join(
      repoRoot,
      '.ci/node24/node_modules',
      `node-${process.platform}-${process.arch}`,
      'bin/node',
    );
  if (here.major === '24' || !existsSync(node24)) return [here];
  return [here, runtime(node24)];
}

function main(): void {
  const rows = loadSuites().flatMap((suite) =>
    SHARD_COUNTS.map((shards) => benchSuite(suite, shards)),
  );
  const markdown =
    report(rows, timings()) + '\n' + costModelSection().join('\n') + '\n' + cliTimings().join('\n');
  writeFileSync(path.join(repoRoot, 'docs/bench-planner.md'), markdown);
  console.log(markdown);

  for (const row of rows) {
    for (const miss of misses(row)) console.error(`MISS ${row.suite} N=${row.shards}: ${miss}`);
  }
  if (rows.some((row) => misses(row).length > 0)) process.exitCode = 1;
}

main();
