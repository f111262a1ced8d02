/**
 * Combines the coverage data of every shard into one report whose numbers are those of one
 * unsharded run, so that a threshold is checked once, on the whole suite (never per shard).
 *
 * Each shard's artifact is a folder whose files keep their paths relative to the project root.
 * The data in them is untrusted: files are only looked for inside the shard folders, recorded
 * source paths are only mapped onto the checkout (never followed elsewhere), and everything is
 * written inside `outDir`.
 */
import { mkdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { compareCodeUnits } from '../core/order.js';
import { isWithin } from '../core/paths.js';
import type { Logger } from '../ports.js';
import { findFilesUnder } from './files.js';
import { CoverageError, percent, type FileCoverageTotals, type ShardData } from './format.js';
import { coverageFormat, type CoverageFormatId } from './formats.js';

export { CoverageError, type FileCoverageTotals } from './format.js';
export type { CoverageFormatId } from './formats.js';

export interface CombineCoverageRequest {
  kind: CoverageFormatId;
  /** One folder per shard (`<dir>/shard-<i>/`); its name is how warnings refer to the shard. */
  shardDirs: readonly string[];
  /** The project checkout: recorded paths are mapped onto it, coverage.py reads sources in it. */
  root: string;
  /** Where the combined reports are written (created if missing). */
  outDir: string;
  /** Python with coverage.py installed (coverage.py only). Default `python3`. */
  python?: string;
  /** Globs relative to each shard folder. Default: the format's `dataPatterns`. */
  patterns?: readonly string[];
  log: Logger;
}

export interface CombinedCoverage {
  kind: CoverageFormatId;
  /**
   * The tool's own total: lines covered / lines for lcov, istanbul and cobertura; coverage.py's
   * `percent_covered`, which also counts branches when branch coverage is on (as its
   * `--fail-under` does). Not rounded.
   */
  totalPercent: number;
  linesCovered: number;
  linesTotal: number;
  /** Sorted by path. */
  files: FileCoverageTotals[];
  /** Absolute paths of the combined files written to `outDir`. */
  reportFiles: string[];
  /** Names of shard folders that held no usable data (already warned about). */
  shardsWithoutData: string[];
  /** How many data files were combined. */
  dataFileCount: number;
}

export async function combineCoverage(request: CombineCoverageRequest): Promise<CombinedCoverage> {
  const { kind, log } = request;
  const format = coverageFormat(kind);
  const root = resolve(request.root);
  const outDir = resolve(request.outDir);
  const patterns = request.patterns?.length ? request.patterns : format.dataPatterns;

  const shards: ShardData[] = [];
  for (const [index, dir] of request.shardDirs.entries()) {
    const absolute = resolve(dir);
    const files = (await findFilesUnder(absolute, patterns)).filter(
      (file) => !isWithin(outDir, file),
    );
    shards.push({
      name: uniqueName(basename(absolute) || `shard-${index + 1}`, shards),
      dir: absolute,
      files,
    });
  }
  const searched = `${patterns.join(', ')} in ${request.shardDirs.length} shard folder(s) (${request.shardDirs.join(', ') || 'none given'})`;
  if (shards.every((s) => s.files.length === 0)) {
    throw new CoverageError(
      `no ${kind} coverage data found: searched ${searched}. ${format.missingDataHint}`,
    );
  }

  await mkdir(outDir, { recursive: true });
  const result = await format.combine({
    shards,
    root,
    outDir,
    python: request.python ?? 'python3',
    log,
  });

  const withoutData = shards.filter((s) => !result.usedShards.has(s.name)).map((s) => s.name);
  if (result.files.length === 0) {
    throw new CoverageError(
      `no usable ${kind} coverage data: the files found (${searched}) measured no source file. ${format.missingDataHint}`,
    );
  }
  if (withoutData.length > 0) {
    log.warning(
      `evenshard: no usable ${kind} coverage data from ${withoutData.join(', ')} ` +
        `(searched ${patterns.join(', ')}); the combined coverage lacks what their tests covered.`,
    );
  }

  const files = [...result.files].sort((a, b) => compareCodeUnits(a.path, b.path));
  const linesCovered = files.reduce((sum, f) => sum + f.covered, 0);
  const linesTotal = files.reduce((sum, f) => sum + f.total, 0);
  const combined: CombinedCoverage = {
    kind,
    totalPercent: result.totalPercent ?? percent(linesCovered, linesTotal),
    linesCovered,
    linesTotal,
    files,
    reportFiles: result.reportFiles,
    shardsWithoutData: withoutData,
    dataFileCount: result.dataFileCount,
  };
  log.info(
    `evenshard: combined ${result.dataFileCount} ${kind} data file(s) from ` +
      `${shards.length - withoutData.length} of ${shards.length} shard(s): ` +
      `${combined.totalPercent.toFixed(2)}% (${linesCovered}/${linesTotal} lines) → ${result.reportFiles.join(', ')}`,
  );
  return combined;
}

function uniqueName(name: string, taken: readonly ShardData[]): string {
  let candidate = name;
  for (let n = 2; taken.some((s) => s.name === candidate); n++) candidate = `${name}-${n}`;
  return candidate;
}
