/**
 * Planner benchmark: how close evenshard's plans come to the lower bound on real, public timing
 * files, next to what the other splitters do (longest-first per test and per file), plus the
 * planner's run time on a synthetic suite of 100,000 tests.
 *
 *   npx tsx scripts/bench-planner.ts
 *
 * Reads every pytest-split `.test_durations` and Knapsack `.json` report in
 * ../shared/bench/durations (relative to the repository root; override with
 * EVENSHARD_BENCH_DURATIONS), prints a Markdown report and writes it to docs/bench-planner.md.
 * Exits non-zero when a cell misses the acceptance bar (≤ 1.01 × the lower bound, or any worse
 * than longest-first per test) and the pigeonhole bound below does not prove the miss unavoidable.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareCodeUnits } from '../src/core/order.js';
import { planShards } from '../src/core/planner.js';
import type { EstimatedTest } from '../src/core/types.js';
import { syntheticSuite } from './synthetic.js';

const SHARD_COUNTS = [2, 3, 4, 6, 8, 12, 16, 32];
const ACCEPTABLE_RATIO = 1.01;
const TIMING_RUNS = 5;

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
    const durations = JSON.parse(readFileSync(path.join(durationsDir, name), 'utf8')) as Record<
      string,
      number
    >;
    const tests = Object.entries(durations).map(
      ([id, seconds]): EstimatedTest => ({
        id,
        file: splitFiles ? id.split('::', 1)[0]! : id,
        seconds,
        source: 'measured',
      }),
    );
    suites.push({ name, splitFiles, tests });
  }
  return suites;
}

/**
 * What the other splitters do: heaviest first onto the least-loaded shard, no refinement. Run on
 * the same whole-millisecond durations as the planner so rounding cannot favour either side.
 */
function longestFirstMakespanMs(weightsMs: number[], shards: number): number {
  const loads = new Array<number>(shards).fill(0);
  for (const weight of [...weightsMs].sort((a, b) => b - a)) {
    let least = 0;
    for (let shard = 1; shard < shards; shard++) if (loads[shard]! < loads[least]!) least = shard;
    loads[least]! += weight;
  }
  return Math.max(...loads);
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

const toMs = (seconds: number) => Math.round(seconds * 1000);

function fileWeightsMs(tests: readonly EstimatedTest[]): number[] {
  const byFile = new Map<string, number>();
  for (const t of tests) byFile.set(t.file, (byFile.get(t.file) ?? 0) + toMs(t.seconds));
  return [...byFile.values()];
}

interface Row {
  suite: string;
  shards: number;
  lowerBound: number;
  evenshard: number;
  splitCount: number;
  /** Shard visits to files beyond the first per file: what splitting costs in fixture setup. */
  extraVisits: number;
  testLongestFirst: number;
  fileLongestFirst: number;
  /** Set when a cell misses the bar: the pigeonhole bound ÷ the lower bound. */
  provenFloor?: number;
}

function benchSuite(suite: Suite, shards: number): Row {
  const plan = planShards(suite.tests, { shards, splitFiles: suite.splitFiles });
  // The test-level lower bound for every column (Knapsack files are their own tests).
  const lowerBoundMs = toMs(plan.lowerBoundSeconds);
  const testWeights = suite.tests.map((t) => toMs(t.seconds));
  const ratio = (ms: number) => ms / lowerBoundMs;
  const row: Row = {
    suite: suite.name,
    shards,
    lowerBound: plan.lowerBoundSeconds,
    evenshard: ratio(toMs(plan.makespanSeconds)),
    splitCount: plan.splitFiles.length,
    extraVisits: plan.shards.reduce((sum, s) => sum + s.splits.length, 0) - plan.splitFiles.length,
    testLongestFirst: ratio(longestFirstMakespanMs(testWeights, shards)),
    fileLongestFirst: ratio(longestFirstMakespanMs(fileWeightsMs(suite.tests), shards)),
  };
  if (row.evenshard > ACCEPTABLE_RATIO) {
    const units = suite.splitFiles ? testWeights : fileWeightsMs(suite.tests);
    row.provenFloor = ratio(pigeonholeBoundMs(units, shards));
  }
  return row;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeSynthetic(shards: number): { ms: number; ratio: number } {
  // Through JSON, like a timing file read from disk (flat strings, not concatenation ropes).
  const tests = JSON.parse(JSON.stringify(syntheticSuite(100_000, 1))) as EstimatedTest[];
  const times: number[] = [];
  let ratio = 0;
  for (let run = 0; run < TIMING_RUNS; run++) {
    const started = performance.now();
    const plan = planShards(tests, { shards, splitFiles: true });
    times.push(performance.now() - started);
    ratio = plan.makespanSeconds / plan.lowerBoundSeconds;
  }
  return { ms: median(times), ratio };
}

const fixed = (value: number) => value.toFixed(4);

function report(rows: Row[], timings: { shards: number; ms: number; ratio: number }[]): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const lines = [
    '# Planner benchmark',
    '',
    'Generated by `npx tsx scripts/bench-planner.ts` — do not edit by hand.',
    '',
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    `- Machine: Node ${process.version}, ${cpu} (${os.cpus().length} cores)`,
    `- Timing files: ${path.relative(repoRoot, durationsDir)}`,
    '',
    'Each cell is the slowest shard ÷ the lower bound `max(total / N, longest single test)` (the',
    'test-level bound, for every column). **evenshard** splits pytest files into tests only where',
    'balance needs it and keeps Knapsack files whole; **longest-first, tests** is pytest-split’s',
    '`least_duration`; **longest-first, files** is what most per-file splitters do. All three run on',
    'the same durations rounded to whole milliseconds.',
    '',
    '| timing file | N | lower bound (s) | evenshard | files split (+ extra visits) | longest-first, tests | longest-first, files |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    const floor = row.provenFloor === undefined ? '' : ` (optimum ≥ ${fixed(row.provenFloor)})`;
    lines.push(
      `| ${row.suite} | ${row.shards} | ${row.lowerBound.toFixed(1)} | ${fixed(row.evenshard)}${floor} | ${row.splitCount} (+${row.extraVisits}) | ${fixed(row.testLongestFirst)} | ${fixed(row.fileLongestFirst)} |`,
    );
  }
  lines.push(
    '',
    '## Planner run time',
    '',
    `Planning \`syntheticSuite(100_000, 1)\` from scripts/synthetic.ts (about 2,000 files, log-normal`,
    `durations), in process, split files allowed; median of ${TIMING_RUNS} runs.`,
    '',
    '| N | median (ms) | makespan ÷ lower bound |',
    '| ---: | ---: | ---: |',
    ...timings.map((t) => `| ${t.shards} | ${t.ms.toFixed(0)} | ${t.ratio.toFixed(4)} |`),
    '',
  );
  return lines.join('\n');
}

function main(): void {
  const rows = loadSuites().flatMap((suite) =>
    SHARD_COUNTS.map((shards) => benchSuite(suite, shards)),
  );
  const timings = [8, 32].map((shards) => ({ shards, ...timeSynthetic(shards) }));
  const markdown = report(rows, timings);
  writeFileSync(path.join(repoRoot, 'docs/bench-planner.md'), markdown);
  console.log(markdown);

  const misses = rows.filter(
    (row) =>
      row.evenshard > row.testLongestFirst ||
      (row.evenshard > ACCEPTABLE_RATIO && (row.provenFloor ?? 0) < row.evenshard),
  );
  for (const row of misses) console.error(`MISS: ${row.suite} N=${row.shards}`);
  if (misses.length > 0) process.exitCode = 1;
}

main();
