/**
 * A seeded, heavy-tailed synthetic suite, shared by the planner benchmark and the CLI timing.
 *
 * Shape: pytest-style ids in about n / 50 files; how many tests a file holds and how slow its
 * tests are both follow log-normal laws, so a few files hold much of the time and most tests are
 * fast, as in the real timing files of ../shared/bench/durations.
 */
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
