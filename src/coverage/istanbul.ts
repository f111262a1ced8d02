/**
 * Istanbul coverage JSON (`coverage-final.json`, written by Jest, Vitest, nyc and c8): merged with
 * istanbul-lib-coverage, the library those tools use themselves, so hit counts add up the way
 * `nyc merge` adds them. Pure: parsed JSON in, coverage map out.
 */
import libCoverage from 'istanbul-lib-coverage';
import type { CoverageMap, FileCoverageData } from 'istanbul-lib-coverage';

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
