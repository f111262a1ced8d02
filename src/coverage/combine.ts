/**
 * Combines the coverage data of every shard into one report whose numbers are those of one
 * unsharded run, so that a threshold is checked once, on the whole suite (never per shard).
 *
 * Each shard's artifact is a folder whose files keep their paths relative to the project root.
 * The data in them is untrusted: files are only looked for inside the shard folders, recorded
 * source paths are only mapped onto the checkout (never followed elsewhere), and everything is
 * written inside `outDir`.
 */
import { copyFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Logger } from '../ports.js';
import {
  addCoberturaLines,
  coberturaLineTotals,
  parseCobertura,
  writeCobertura,
  type CoberturaFile,
} from './cobertura.js';
import {
  combineAndReport,
  fnmatchLiteral,
  parseCoveragePyJson,
  PythonCoverageError,
  readMeasuredFiles,
} from './coveragepy.js';
import { fileExistsIn, findFilesUnder, rootForms } from './files.js';
import { addIstanbulJson, createIstanbulMap, istanbulLineTotals } from './istanbul.js';
import { lcovLineTotals, mergeLcovFile, parseLcov, writeLcov, type LcovFile } from './lcov.js';
import { isAbsoluteAnywhere, PathMapper } from './paths.js';

export type CoverageKindCombined = 'coverage.py' | 'lcov' | 'istanbul' | 'cobertura';

/** No usable coverage data at all, or the combining tool failed: the merge must fail. */
export class CoverageError extends Error {
  override name = 'CoverageError';
}

/** Where each kind's data files are looked for inside a shard folder, by default. */
export const COVERAGE_DATA_PATTERNS: Readonly<Record<CoverageKindCombined, readonly string[]>> = {
  'coverage.py': ['**/.coverage', '**/.coverage.*'],
  lcov: ['**/lcov.info', '**/*.lcov'],
  istanbul: ['**/coverage-final.json'],
  cobertura: ['**/coverage.xml', '**/cobertura-coverage.xml', '**/cobertura.xml'],
};

export interface CombineCoverageRequest {
  kind: CoverageKindCombined;
  /** One folder per shard (`<dir>/shard-<i>/`); its name is how warnings refer to the shard. */
  shardDirs: readonly string[];
  /** The project checkout: recorded paths are mapped onto it, coverage.py reads sources in it. */
  root: string;
  /** Where the combined reports are written (created if missing). */
  outDir: string;
  /** Python with coverage.py installed (coverage.py only). Default `python3`. */
  python?: string;
  /** Globs relative to each shard folder. Default: `COVERAGE_DATA_PATTERNS[kind]`. */
  patterns?: readonly string[];
  log: Logger;
}

export interface FileCoverageTotals {
  /** POSIX path relative to the checkout; as recorded for files outside it. */
  path: string;
  percent: number;
  covered: number;
  total: number;
}

export interface CombinedCoverage {
  kind: CoverageKindCombined;
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

interface ShardFiles {
  name: string;
  dir: string;
  files: string[];
}

interface KindResult {
  files: FileCoverageTotals[];
  totalPercent?: number;
  reportFiles: string[];
  /** Shard names that contributed at least one usable data file. */
  usedShards: Set<string>;
  dataFileCount: number;
}

export async function combineCoverage(request: CombineCoverageRequest): Promise<CombinedCoverage> {
  const { kind, log } = request;
  const root = resolve(request.root);
  const outDir = resolve(request.outDir);
  const patterns = request.patterns?.length ? request.patterns : COVERAGE_DATA_PATTERNS[kind];

  const shards: ShardFiles[] = [];
  for (const [index, dir] of request.shardDirs.entries()) {
    const absolute = resolve(dir);
    const files = (await findFilesUnder(absolute, patterns)).filter(
      (file) => !isUnder(outDir, file),
    );
    shards.push({
      name: uniqueName(basename(absolute) || `shard-${index + 1}`, shards),
      dir: absolute,
      files,
    });
  }
  const searched = `${patterns.join(', ')} in ${request.shardDirs.length} shard folder(s) (${request.shardDirs.join(', ') || 'none given'})`;
  if (shards.every((s) => s.files.length === 0)) {
    throw new CoverageError(`no ${kind} coverage data found: searched ${searched}. ${HINTS[kind]}`);
  }

  await mkdir(outDir, { recursive: true });
  const result = await COMBINERS[kind]({
    shards,
    root,
    outDir,
    python: request.python ?? 'python3',
    log,
  });

  const withoutData = shards.filter((s) => !result.usedShards.has(s.name)).map((s) => s.name);
  if (result.files.length === 0) {
    throw new CoverageError(
      `no usable ${kind} coverage data: the files found (${searched}) measured no source file. ${HINTS[kind]}`,
    );
  }
  if (withoutData.length > 0) {
    log.warning(
      `evenshard: no usable ${kind} coverage data from ${withoutData.join(', ')} ` +
        `(searched ${patterns.join(', ')}); the combined coverage lacks what their tests covered.`,
    );
  }

  const files = [...result.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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

const HINTS: Record<CoverageKindCombined, string> = {
  'coverage.py':
    'Make each shard write coverage data (pytest --cov, or coverage run -p -m pytest) and check that the upload kept hidden files (.coverage*).',
  lcov: 'Make each shard write lcov.info (e.g. jest --coverage --coverageReporters=lcov, vitest --coverage.reporter=lcov, node --test --experimental-test-coverage --test-reporter=lcov).',
  istanbul:
    'Make each shard write coverage-final.json (jest --coverage --coverageReporters=json, vitest --coverage.reporter=json, c8 --reporter=json).',
  cobertura:
    'Make each shard write a Cobertura XML report (coverage xml, jest --coverageReporters=cobertura).',
};

interface CombineContext {
  shards: ShardFiles[];
  root: string;
  outDir: string;
  python: string;
  log: Logger;
}

const COMBINERS: Record<CoverageKindCombined, (context: CombineContext) => Promise<KindResult>> = {
  'coverage.py': combineCoveragePy,
  lcov: combineLcov,
  istanbul: combineIstanbul,
  cobertura: combineCobertura,
};

function percent(covered: number, total: number): number {
  return total === 0 ? 100 : (covered / total) * 100;
}

function totals(path: string, covered: number, total: number): FileCoverageTotals {
  return { path, percent: percent(covered, total), covered, total };
}

function isUnder(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

function uniqueName(name: string, taken: readonly ShardFiles[]): string {
  let candidate = name;
  for (let n = 2; taken.some((s) => s.name === candidate); n++) candidate = `${name}-${n}`;
  return candidate;
}

/**
 * Folders (relative to the project root) that relative paths in a data file may be relative to,
 * deepest first: a report inside a monorepo package records paths relative to that package.
 */
function baseFolders(shardDir: string, dataFile: string): string[] {
  const folder = relative(shardDir, dirname(dataFile))
    .split(sep)
    .filter((s) => s !== '');
  const bases: string[] = [];
  for (let n = folder.length; n > 0; n--) bases.push(folder.slice(0, n).join('/'));
  return bases;
}

function newMapper(root: string): PathMapper {
  return new PathMapper(rootForms(root), fileExistsIn(root));
}

function describe(shard: ShardFiles, file: string): string {
  return `${shard.name}/${relative(shard.dir, file).split(sep).join('/')}`;
}

async function combineLcov({ shards, root, outDir, log }: CombineContext): Promise<KindResult> {
  const merged = new Map<string, LcovFile>();
  const usedShards = new Set<string>();
  let dataFileCount = 0;
  for (const shard of shards) {
    const mapper = newMapper(root);
    for (const file of shard.files) {
      const records = parseLcov(await readFile(file, 'utf8'));
      if (records.length === 0) {
        log.warning(
          `evenshard: ${describe(shard, file)} holds no lcov records (no SF: lines); skipped.`,
        );
        continue;
      }
      dataFileCount++;
      usedShards.add(shard.name);
      const bases = baseFolders(shard.dir, file);
      for (const record of records) {
        const path = mapper.map(record.path, bases).path;
        const target = merged.get(path);
        if (target === undefined) merged.set(path, { ...record, path });
        else mergeLcovFile(target, record);
      }
    }
  }
  const out = join(outDir, 'lcov.info');
  await writeFile(out, writeLcov([...merged.values()]));
  const files = [...merged.values()].map((f) => {
    const t = lcovLineTotals(f);
    return totals(f.path, t.covered, t.total);
  });
  return { files, reportFiles: [out], usedShards, dataFileCount };
}

async function combineIstanbul({ shards, root, outDir, log }: CombineContext): Promise<KindResult> {
  const map = createIstanbulMap();
  const usedShards = new Set<string>();
  let dataFileCount = 0;
  const roots = rootForms(root);
  for (const shard of shards) {
    const mapper = newMapper(root);
    for (const file of shard.files) {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(file, 'utf8'));
      } catch (error) {
        log.warning(
          `evenshard: ${describe(shard, file)} is not valid JSON (${(error as Error).message}); skipped.`,
        );
        continue;
      }
      const bases = baseFolders(shard.dir, file);
      const added = addIstanbulJson(map, json, (recorded) => {
        const mapped = mapper.map(recorded, bases);
        // Stored under the merge job's checkout, as istanbul reporters expect absolute paths.
        return mapped.inRoot ? join(root, ...mapped.path.split('/')) : recorded;
      });
      if (added.rejected.length > 0) {
        log.warning(
          `evenshard: ${describe(shard, file)}: skipped ${added.rejected.length} entr${added.rejected.length === 1 ? 'y' : 'ies'} ` +
            `that are not istanbul file coverage (${added.rejected.slice(0, 3).join('; ')}).`,
        );
      }
      if (added.added > 0) {
        dataFileCount++;
        usedShards.add(shard.name);
      }
    }
  }
  const out = join(outDir, 'coverage-final.json');
  await writeFile(out, JSON.stringify(map.toJSON()));
  const files = map.files().map((path) => {
    const t = istanbulLineTotals(map, path);
    return totals(displayPath(roots, path), t.covered, t.total);
  });
  return { files, reportFiles: [out], usedShards, dataFileCount };
}

/** A checkout-relative POSIX path for files under the checkout, else the path as stored. */
function displayPath(roots: readonly string[], path: string): string {
  for (const root of roots) {
    if (isUnder(root, path) && path !== root) return relative(root, path).split(sep).join('/');
  }
  return path.replace(/\\/g, '/');
}

async function combineCobertura({
  shards,
  root,
  outDir,
  log,
}: CombineContext): Promise<KindResult> {
  const merged = new Map<string, CoberturaFile>();
  const usedShards = new Set<string>();
  let dataFileCount = 0;
  const exists = fileExistsIn(root);
  for (const shard of shards) {
    const mapper = newMapper(root);
    for (const file of shard.files) {
      let report;
      try {
        report = parseCobertura(await readFile(file, 'utf8'));
      } catch (error) {
        log.warning(`evenshard: ${describe(shard, file)}: ${(error as Error).message}; skipped.`);
        continue;
      }
      if (report.classes.length === 0) {
        log.warning(`evenshard: ${describe(shard, file)} holds no <class> entries; skipped.`);
        continue;
      }
      dataFileCount++;
      usedShards.add(shard.name);
      const bases = baseFolders(shard.dir, file);
      for (const cls of report.classes) {
        addCoberturaLines(
          merged,
          resolveCoberturaFile(cls.filename, report.sources, mapper, exists, bases),
          cls.lines,
        );
      }
    }
  }
  const out = join(outDir, 'coverage.xml');
  await writeFile(out, writeCobertura([...merged.values()], root, Date.now()));
  const files = [...merged.values()].map((f) => {
    const t = coberturaLineTotals(f);
    return totals(f.path, t.covered, t.total);
  });
  return { files, reportFiles: [out], usedShards, dataFileCount };
}

/** A class's `filename` is relative to one of `<sources>` (or absolute): find the checkout file. */
function resolveCoberturaFile(
  filename: string,
  sources: readonly string[],
  mapper: PathMapper,
  exists: (relativePath: string) => boolean,
  bases: readonly string[],
): string {
  if (!isAbsoluteAnywhere(filename)) {
    for (const source of sources) {
      if (!isAbsoluteAnywhere(source)) continue;
      const separator = source.includes('\\') && !source.includes('/') ? '\\' : '/';
      const mapped = mapper.map(source.replace(/[\\/]+$/, '') + separator + filename);
      if (mapped.inRoot && exists(mapped.path)) return mapped.path;
    }
    const relativeSources = sources
      .filter((s) => !isAbsoluteAnywhere(s) && s !== '.')
      .map((s) => s.replace(/\\/g, '/').replace(/^\.\/|\/+$/g, ''));
    return mapper.map(filename, [...bases, ...relativeSources]).path;
  }
  return mapper.map(filename).path;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

async function isSqlite(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SQLITE_MAGIC.length);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead === buffer.length && buffer.toString('latin1') === SQLITE_MAGIC;
  } finally {
    await handle.close();
  }
}

async function combineCoveragePy(context: CombineContext): Promise<KindResult> {
  const { shards, root, outDir, python, log } = context;
  // Every shard's file may be called `.coverage`: copies get unique names in one folder.
  const copiesDir = join(outDir, '.evenshard-coverage-data');
  await rm(copiesDir, { recursive: true, force: true });
  await mkdir(copiesDir, { recursive: true });
  const copies = new Map<string, { shard: ShardFiles; original: string }>();
  try {
    for (const shard of shards) {
      const safeName = shard.name.replace(/[^A-Za-z0-9_-]/g, '_');
      for (const [n, file] of shard.files.entries()) {
        if (!(await isSqlite(file))) {
          log.warning(
            `evenshard: ${describe(shard, file)} is not a coverage.py data file (coverage.py 5 or newer writes SQLite); skipped.`,
          );
          continue;
        }
        const copy = join(copiesDir, `.coverage.${safeName}.${n + 1}`);
        await copyFile(file, copy);
        copies.set(copy, { shard, original: file });
      }
    }
    if (copies.size === 0)
      return { files: [], reportFiles: [], usedShards: new Set(), dataFileCount: 0 };

    const measured = await callPython(python, () =>
      readMeasuredFiles(python, root, [...copies.keys()]),
    );
    for (const [copy, why] of Object.entries(measured.unreadable)) {
      const source = copies.get(copy);
      log.warning(
        `evenshard: coverage.py ${measured.version} cannot read ${source ? describe(source.shard, source.original) : copy} (${why}); skipped.`,
      );
      copies.delete(copy);
    }

    // Shards that ran in another checkout folder recorded other absolute paths: learn each
    // shard's prefix from the files that exist here, and map it onto the checkout with [paths].
    const aliases = new Set<string>();
    const usedShards = new Set<string>();
    const mappers = new Map<string, PathMapper>();
    for (const [copy, { shard }] of copies) {
      usedShards.add(shard.name);
      const mapper = mappers.get(shard.name) ?? newMapper(root);
      mappers.set(shard.name, mapper);
      for (const path of measured.measured[copy] ?? []) mapper.map(path);
    }
    for (const mapper of mappers.values())
      for (const prefix of mapper.prefixes) aliases.add(fnmatchLiteral(prefix));

    const dataFile = join(outDir, '.coverage');
    const jsonReport = join(outDir, 'coverage.json');
    const xmlReport = join(outDir, 'coverage.xml');
    // combine() adds to an existing data file: start from nothing.
    await rm(dataFile, { force: true });
    if (copies.size === 0)
      return { files: [], reportFiles: [], usedShards: new Set(), dataFileCount: 0 };
    await callPython(python, () =>
      combineAndReport(python, root, {
        files: [...copies.keys()],
        dataFile,
        aliases: [...aliases].sort(),
        root,
        json: jsonReport,
        xml: xmlReport,
      }),
    );
    if (aliases.size > 0) {
      log.info(
        `evenshard: mapped coverage.py paths recorded under ${[...aliases].sort().join(', ')} onto ${root}`,
      );
    }

    const report = parseCoveragePyJson(await readFile(jsonReport, 'utf8'));
    const files = Object.entries(report.files).map(([path, file]) => ({
      path: path.replace(/\\/g, '/'),
      percent: file.summary.percent_covered,
      covered: file.summary.covered_lines,
      total: file.summary.num_statements,
    }));
    return {
      files,
      totalPercent: report.totals.percent_covered,
      reportFiles: [dataFile, jsonReport, xmlReport],
      usedShards,
      dataFileCount: copies.size,
    };
  } finally {
    await rm(copiesDir, { recursive: true, force: true });
  }
}

async function callPython<T>(python: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof PythonCoverageError) {
      throw new CoverageError(
        `coverage.py could not combine the shards' data with ${python}: ${error.message}. ` +
          'The merge job needs the same coverage.py version as the shards (pip install coverage) ' +
          'and the checkout, since reports read the sources.',
      );
    }
    throw error;
  }
}
