/**
 * A seeded, heavy-tailed synthetic suite, shared by the planner benchmark and the CLI timing.
 *
 * Shape: pytest-style ids in about n / 50 files; how many tests a file holds and how slow its
 * tests are both follow log-normal laws, so a few files hold much of the time and most tests are
 * fast, as in the real timing files of ../shared/bench/durations.
 */
import { emptyHistory, type History } from '../src/core/history.js';
import { compareCodeUnits } from '../src/core/order.js';
import type { EstimatedTest } from '../src/core/types.js';

/**
 * mulberry32, the usual 32-bit seeded generator: written out (8 lines) so a benchmark fixture
 * adds no dependency. Returns numbers in [0, 1).
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` tests with durations in seconds; the same (n, seed) always gives the same suite. */
export function syntheticSuite(n: number, seed: number): EstimatedTest[] {
  const random = mulberry32(seed);
  // Box–Muller: a standard normal from two uniforms (1 - u keeps the logarithm finite).
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  const fileCount = Math.max(1, Math.round(n / 50));
  const files = Array.from({ length: fileCount }, (_, index) => ({
    name: `tests/package_${index % 40}/test_module_${index}.py`,
    share: Math.exp(1.2 * normal()),
    // Per-file slowness: integration-style files are slow throughout.
    scale: Math.exp(normal()),
  }));
  const cumulative: number[] = [];
  let sum = 0;
  for (const file of files) cumulative.push((sum += file.share));

  const tests: EstimatedTest[] = [];
  for (let index = 0; index < n; index++) {
    const point = random() * sum;
    let low = 0;
    let high = fileCount - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! <= point) low = middle + 1;
      else high = middle;
    }
    const file = files[low]!;
    tests.push({
      id: `${file.name}::test_case_${index}`,
      file: file.name,
      // Median 40 ms per test, with a long tail of multi-second tests.
      seconds: 0.04 * file.scale * Math.exp(1.4 * normal()),
      source: 'measured',
    });
  }
  return tests;
}

/**
 * An evenshard history of `suite` as the merge keeps it after many runs: five samples per test
 * (within ±20 % of its seconds, in whole milliseconds), outcomes, and a cost model (each file's
 * import, module fixtures in a third of the files, a fixed and a per-test cost per shard).
 */
export function syntheticHistory(suite: readonly EstimatedTest[], seed: number): History {
  const random = mulberry32(seed);
  const run = 40;
  const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;
  const history: History = { ...emptyHistory(), run, updatedAt: '2026-12-01T00:00:00.000Z' };
  const samples = (seconds: number) =>
    Array.from({ length: 5 }, () => ms(seconds * (0.8 + 0.4 * random())));
  for (const test of suite) {
    history.tests[test.id] = { s: samples(test.seconds), seen: run, o: 'P'.repeat(20) };
  }
  const files = [...new Set(suite.map((t) => t.file))].sort(compareCodeUnits);
  files.forEach((file, index) => {
    history.costs.collect[file] = { s: samples(0.05), seen: run };
    if (index % 3 === 0) history.costs.moduleFixtures[file] = { s: samples(0.3), seen: run };
  });
  history.costs.fixed = samples(5);
  history.costs.perTest = samples(0.001);
  history.overhead = samples(30);
  history.suite = samples(suite.reduce((sum, t) => sum + t.seconds, 0));
  return history;
}
