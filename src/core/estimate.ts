/**
 * Duration estimates for planning: measured history first; a test with no history of its own gets
 * the mean of its file, then of the nearest folder that has measurements, then the suite median;
 * a whole file of unknown content gets the same chain at file level. With no history at all the
 * proxy is the number of tests in the file (from its source), which beats splitting by name.
 */
import { fileOfTestId, fileOfTestIdSharing } from './identity.js';
import { compareCodeUnits, sortByCodeUnits } from './order.js';
import type {
  EstimatedColumns,
  EstimatedTest,
  EstimateReport,
  EstimateSource,
  TestId,
  TimingColumns,
} from './types.js';

/** A test (or, with `id === file`, a whole file of unknown content) to be estimated. */
export interface SuiteEntry {
  id: TestId;
  file: string;
  /** For a whole-file entry: tests counted in its source, used as the no-history proxy. */
  testCountHint?: number;
}

/** Estimates are never zero: a zero would let the planner pile unknown work onto one shard. */
export const MIN_ESTIMATE_SECONDS = 0.001;
/** Proxy seconds per test when nothing at all was measured (only the ratios matter then). */
export const PROXY_SECONDS_PER_TEST = 1;

export function estimateDurations(
  suite: readonly SuiteEntry[],
  measured: ReadonlyMap<TestId, number>,
): { tests: EstimatedTest[]; report: EstimateReport } {
  const stats = new Stats(measured);
  const counts: Record<EstimateSource, number> = {
    measured: 0,
    file: 0,
    directory: 0,
    suite: 0,
    proxy: 0,
  };
  const tests: EstimatedTest[] = [];
  for (const entry of suite) {
    const known = measured.get(entry.id);
    if (known !== undefined) {
      // The usual case, first and without a result object: 100,000 tests come through here.
      counts.measured += 1;
      tests.push({ id: entry.id, file: entry.file, seconds: known, source: 'measured' });
      continue;
    }
    const estimate = estimateOne(entry, measured, stats);
    counts[estimate.source] += 1;
    tests.push({
      id: entry.id,
      file: entry.file,
      seconds: estimate.seconds,
      source: estimate.source,
    });
  }
  sortByCodeUnits(tests, (t) => t.id);
  return { tests, report: { counts, suiteEstimateSeconds: stats.suitePerTest } };
}

/**
 * estimateDurations for a suite that is exactly the measured tests, given as columns (one timing
 * file, no suite of its own): every estimate is the measurement, so no map is built or looked
 * up, and the estimates stay columns: 100,000 tests need no object each.
 */
export function estimateMeasured({ ids, seconds }: TimingColumns): {
  tests: EstimatedColumns;
  report: EstimateReport;
} {
  // One plain pass: it runs once per process over 100,000 tests, before any callback is optimized.
  const files = new Array<string>(ids.length);
  const perTest = new Float64Array(ids.length);
  let file = '';
  for (let i = 0; i < ids.length; i++) {
    file = fileOfTestIdSharing(ids[i]!, file);
    files[i] = file;
    perTest[i] = seconds[i]!;
  }
  // A typed array sorts numerically without calling back into JS.
  perTest.sort();
  return {
    tests: { ids, files, seconds },
    report: {
      counts: { measured: ids.length, file: 0, directory: 0, suite: 0, proxy: 0 },
      suiteEstimateSeconds: Math.max(median(perTest), MIN_ESTIMATE_SECONDS),
    },
  };
}

/**
 * What estimates of unmeasured tests need, computed once on first use: a suite that is all
 * measured (the usual case) only needs the suite median for its report.
 */
class Stats {
  readonly suitePerTest: number;
  readonly any: boolean;
  #byFile: ReturnType<typeof fileStats> | undefined;

  constructor(private readonly measured: ReadonlyMap<TestId, number>) {
    // A typed array sorts numerically without calling back into JS.
    const perTest = new Float64Array(measured.size);
    let i = 0;
    for (const seconds of measured.values()) perTest[i++] = seconds;
    perTest.sort();
    this.suitePerTest = Math.max(median(perTest), MIN_ESTIMATE_SECONDS);
    this.any = measured.size > 0;
  }

  get byFile(): ReturnType<typeof fileStats> {
    return (this.#byFile ??= fileStats(this.measured));
  }
}

function fileStats(measured: ReadonlyMap<TestId, number>): {
  /** Per file: sum and count of measured test-level durations. */
  perFile: Map<string, { sum: number; count: number }>;
  /** Per folder (every ancestor): measured per-test sum/count and per-file totals. */
  perDir: Map<string, { testSum: number; testCount: number; files: Set<string>; fileSum: number }>;
  suitePerFile: number;
} {
  const perFile = new Map<string, { sum: number; count: number }>();
  for (const [id, seconds] of measured) {
    const file = fileOfTestId(id);
    const slot = perFile.get(file) ?? { sum: 0, count: 0 };
    slot.sum += seconds;
    slot.count += 1;
    perFile.set(file, slot);
  }
  const perDir: ReturnType<typeof fileStats>['perDir'] = new Map();
  const files = [...perFile.keys()].sort(compareCodeUnits);
  for (const file of files) {
    const { sum, count } = perFile.get(file)!;
    for (const dir of ancestors(file)) {
      const slot = perDir.get(dir) ?? { testSum: 0, testCount: 0, files: new Set(), fileSum: 0 };
      slot.testSum += sum;
      slot.testCount += count;
      slot.files.add(file);
      slot.fileSum += sum;
      perDir.set(dir, slot);
    }
  }
  const perFileTotals = Float64Array.from(files, (f) => perFile.get(f)!.sum).sort();
  return {
    perFile,
    perDir,
    suitePerFile: Math.max(median(perFileTotals), MIN_ESTIMATE_SECONDS),
  };
}

function estimateOne(
  entry: SuiteEntry,
  measured: ReadonlyMap<TestId, number>,
  stats: Stats,
): { seconds: number; source: EstimateSource } {
  const known = measured.get(entry.id);
  if (known !== undefined) return { seconds: known, source: 'measured' };
  const wholeFile = entry.id === entry.file;
  const hint = wholeFile ? Math.max(entry.testCountHint ?? 1, 1) : 1;
  if (!stats.any) return { seconds: hint * PROXY_SECONDS_PER_TEST, source: 'proxy' };

  const { perFile, perDir, suitePerFile } = stats.byFile;
  const file = perFile.get(entry.file);
  if (file && !wholeFile) return clamp(file.sum / file.count, 'file');
  for (const dir of ancestors(entry.file)) {
    const slot = perDir.get(dir);
    if (!slot) continue;
    if (wholeFile && entry.testCountHint === undefined) {
      return clamp(slot.fileSum / slot.files.size, 'directory');
    }
    return clamp((hint * slot.testSum) / slot.testCount, 'directory');
  }
  if (wholeFile && entry.testCountHint === undefined) return clamp(suitePerFile, 'suite');
  return clamp(hint * stats.suitePerTest, 'suite');
}

function clamp(
  seconds: number,
  source: EstimateSource,
): { seconds: number; source: EstimateSource } {
  return { seconds: Math.max(seconds, MIN_ESTIMATE_SECONDS), source };
}

/** Folders containing `file`, nearest first; the root is left to the suite-wide estimate. */
function ancestors(file: string): string[] {
  const out: string[] = [];
  let at = file.lastIndexOf('/');
  while (at > 0) {
    out.push(file.slice(0, at));
    at = file.lastIndexOf('/', at - 1);
  }
  return out;
}

function median(sorted: ArrayLike<number>): number {
  if (sorted.length === 0) return 0;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
