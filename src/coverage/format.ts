/**
 * The one interface every coverage format implements (`CoverageFormat`), and the pure half of it
 * that the formats evenshard merges itself implement (`MergedFormat`). The registry of formats
 * is `formats.ts`; `combine.ts` finds each shard's data files and hands them to the chosen one.
 *
 * A new format whose data evenshard can add up (line hits per file) is a `MergedFormat`: pure
 * parse / add / report / totals over text, no I/O; `merged.ts` reads and writes the files. A
 * format that only its own tool can combine (coverage.py) implements `CoverageFormat` directly.
 */
import { dirname, relative, sep } from 'node:path';
import type { Logger } from '../ports.js';
import type { ExistsInRoot, PathMapper } from './paths.js';

/** No usable coverage data at all, or the combining tool failed: the merge must fail. */
export class CoverageError extends Error {
  override name = 'CoverageError';
}

export interface FileCoverageTotals {
  /** POSIX path relative to the checkout; as recorded for files outside it. */
  path: string;
  percent: number;
  covered: number;
  total: number;
}

/** One shard's data files (absolute paths, sorted), found by combine.ts inside its folder. */
export interface ShardData {
  /** The shard folder's name, unique among the shards: how warnings refer to the shard. */
  name: string;
  dir: string;
  files: string[];
}

export interface CombineContext {
  shards: readonly ShardData[];
  /** The merge job's checkout, absolute. */
  root: string;
  /** Where the combined reports go (exists already). */
  outDir: string;
  /** Python with coverage.py installed (coverage.py only). */
  python: string;
  log: Logger;
}

/** What a format's combine returns; combine.ts adds the totals, warnings and log line. */
export interface FormatCombined {
  files: FileCoverageTotals[];
  /** The tool's own total, when it differs from lines covered / lines (coverage.py). */
  totalPercent?: number;
  /** Absolute paths of the reports written to `outDir`. */
  reportFiles: string[];
  /** Shard names that contributed at least one usable data file. */
  usedShards: Set<string>;
  dataFileCount: number;
}

export interface CoverageFormat {
  /** The value of the `coverage` input that selects this format. */
  readonly id: string;
  /** Where its data files are looked for inside a shard folder, by default. */
  readonly dataPatterns: readonly string[];
  /** How to make the shards write this data: appended to "no data found" errors. */
  readonly missingDataHint: string;
  combine(context: CombineContext): Promise<FormatCombined>;
}

/**
 * The merge job's checkout as the pure formats see it: recorded paths are mapped onto it through
 * `mapper` (one per shard, it learns the shard's checkout prefix) and `exists`, never by reading.
 */
export interface Checkout {
  /** Absolute path of the checkout. */
  root: string;
  /** `root` and its real path when that differs (symlinked work folders). */
  roots: readonly string[];
  exists: ExistsInRoot;
}

export interface RecordedPaths extends Checkout {
  mapper: PathMapper;
  /** Checkout-relative folders relative recorded paths may be relative to, deepest first. */
  bases: readonly string[];
}

/**
 * A problem with one data file, as the rest of the warning sentence after the file's name
 * (e.g. ` holds no lcov records (no SF: lines); skipped.`).
 */
export type Parsed<Document> = { document: Document } | { problem: string };

/** A format evenshard merges itself: pure functions over text and plain data. */
export interface MergedFormat<Document, Merged> {
  readonly id: string;
  readonly dataPatterns: readonly string[];
  readonly missingDataHint: string;
  /** File name of the combined report in `outDir`. */
  readonly reportName: string;
  parse(text: string): Parsed<Document>;
  /** An empty combination. */
  start(): Merged;
  /**
   * Adds one parsed data file into `merged`. `added` counts the usable entries (a file with none
   * does not count as data); `problem` is warned about (same form as in `Parsed`).
   */
  add(
    merged: Merged,
    document: Document,
    paths: RecordedPaths,
  ): { added: number; problem?: string };
  /** The combined report's text. `now`: milliseconds since the epoch, for formats that stamp it. */
  report(merged: Merged, checkout: Checkout, now: number): string;
  totals(merged: Merged, checkout: Checkout): FileCoverageTotals[];
}

export function percent(covered: number, total: number): number {
  return total === 0 ? 100 : (covered / total) * 100;
}

export function fileTotals(path: string, covered: number, total: number): FileCoverageTotals {
  return { path, percent: percent(covered, total), covered, total };
}

/** How a warning names a data file: `<shard>/<path in the shard folder>`. */
export function describeDataFile(shard: ShardData, file: string): string {
  return `${shard.name}/${relative(shard.dir, file).split(sep).join('/')}`;
}

/**
 * Folders (relative to the project root) that relative paths in a data file may be relative to,
 * deepest first: a report inside a monorepo package records paths relative to that package.
 */
export function baseFolders(shardDir: string, dataFile: string): string[] {
  const folder = relative(shardDir, dirname(dataFile))
    .split(sep)
    .filter((s) => s !== '');
  const bases: string[] = [];
  for (let n = folder.length; n > 0; n--) bases.push(folder.slice(0, n).join('/'));
  return bases;
}
