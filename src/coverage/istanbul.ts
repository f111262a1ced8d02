/**
 * Istanbul coverage JSON (`coverage-final.json`, written by Jest, Vitest, nyc and c8): merged with
 * istanbul-lib-coverage, the library those tools use themselves, so hit counts add up the way
 * `nyc merge` adds them. Pure: parsed JSON in, coverage map out.
 */
import libCoverage from 'istanbul-lib-coverage';
import type { CoverageMap, FileCoverageData } from 'istanbul-lib-coverage';
import { join, relative, sep } from 'node:path';
import { fileTotals, type MergedFormat } from './format.js';
import { isInside } from '../core/paths.js';

export type { CoverageMap };

export function createIstanbulMap(): CoverageMap {
  return libCoverage.createCoverageMap({});
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface IstanbulAddResult {
  added: number;
  /** Entries that are not file coverage objects, with why (for a warning). */
  rejected: string[];
}

/**
 * Adds every file of one parsed coverage-final.json to `map`. `mapPath` turns the recorded path
 * into the path to store it under, so the same source from shards in different checkouts merges.
 */
export function addIstanbulJson(
  map: CoverageMap,
  json: unknown,
  mapPath: (recorded: string) => string,
): IstanbulAddResult {
  const result: IstanbulAddResult = { added: 0, rejected: [] };
  if (!isRecord(json)) {
    result.rejected.push('the document is not a JSON object of file coverages');
    return result;
  }
  for (const [key, value] of Object.entries(json)) {
    // Some writers wrap the file coverage as `{ data: {...} }`.
    const entry =
      isRecord(value) && !('path' in value) && isRecord(value.data) ? value.data : value;
    if (!isRecord(entry)) {
      result.rejected.push(`${key}: not an object`);
      continue;
    }
    const recorded = typeof entry.path === 'string' && entry.path !== '' ? entry.path : key;
    try {
      // The FileCoverage constructor rejects objects without the statement/function/branch maps.
      map.addFileCoverage({ ...entry, path: mapPath(recorded) } as unknown as FileCoverageData);
      result.added++;
    } catch (error) {
      result.rejected.push(`${key}: ${(error as Error).message}`);
    }
  }
  return result;
}

/** Line coverage of one file with istanbul's own semantics (`getLineCoverage`, `toSummary`). */
export function istanbulLineTotals(
  map: CoverageMap,
  path: string,
): { covered: number; total: number } {
  const lines = map.fileCoverageFor(path).toSummary().lines;
  return { covered: lines.covered, total: lines.total };
}

/** A checkout-relative POSIX path for files under the checkout, else the path as stored. */
function displayPath(roots: readonly string[], path: string): string {
  for (const root of roots) {
    if (isInside(root, path)) return relative(root, path).split(sep).join('/');
  }
  return path.replace(/\\/g, '/');
}

/** Istanbul JSON as a coverage format: one istanbul-lib-coverage map over every shard. */
export const istanbulFormat: MergedFormat<unknown, CoverageMap> = {
  id: 'istanbul',
  dataPatterns: ['**/coverage-final.json'],
  missingDataHint:
    'Make each shard write coverage-final.json (jest --coverage --coverageReporters=json, vitest --coverage.reporter=json, c8 --reporter=json).',
  reportName: 'coverage-final.json',
  parse(text) {
    try {
      return { document: JSON.parse(text) as unknown };
    } catch (error) {
      return { problem: ` is not valid JSON (${(error as Error).message}); skipped.` };
    }
  },
  start: createIstanbulMap,
  add(map, json, { root, mapper, bases }) {
    const { added, rejected } = addIstanbulJson(map, json, (recorded) => {
      const mapped = mapper.map(recorded, bases);
      // Stored under the merge job's checkout, as istanbul reporters expect absolute paths.
      return mapped.inRoot ? join(root, ...mapped.path.split('/')) : recorded;
    });
    if (rejected.length === 0) return { added };
    const problem =
      `: skipped ${rejected.length} entr${rejected.length === 1 ? 'y' : 'ies'} ` +
      `that are not istanbul file coverage (${rejected.slice(0, 3).join('; ')}).`;
    return { added, problem };
  },
  report: (map) => JSON.stringify(map.toJSON()),
  totals: (map, { roots }) =>
    map.files().map((path) => {
      const t = istanbulLineTotals(map, path);
      return fileTotals(displayPath(roots, path), t.covered, t.total);
    }),
};
