/**
 * Quarantine: a list of test ids the team keeps in a file. Quarantined tests still run and are
 * reported; their failure does not fail the job, and every such failure is named in the summary.
 * Nothing is ever quarantined automatically. Pure.
 */
import { isFailure } from './attempts.js';
import { fileOfTestId, parseTestIdLines, testIdFromPytestNodeId } from './identity.js';
import { compareCodeUnits } from './order.js';
import type { TestResult } from './shardResult.js';
import type { TestId } from './types.js';

export class QuarantineError extends Error {
  override name = 'QuarantineError';
}

export interface Quarantine {
  /** Where the list came from, for messages. */
  source: string;
  /** The listed ids, sorted. A bare file path quarantines every test of the file. */
  ids: TestId[];
}

/**
 * One test id per line; blank lines and `#` comments (whole-line or after whitespace) are
 * ignored; a leading `./` and backslashes in the file part are normalised like every id.
 */
export function parseQuarantine(text: string, source: string): Quarantine {
  const ids = new Set<TestId>();
  for (const { line, id } of parseTestIdLines(text)) {
    if (/[\0-\x1f]/.test(id)) {
      throw new QuarantineError(`${source}:${line}: a test id cannot contain control characters`);
    }
    // The same canonical form as every id: file part normalised, the rest verbatim.
    ids.add(testIdFromPytestNodeId(id));
  }
  return { source, ids: [...ids].sort(compareCodeUnits) };
}

/** A predicate over test ids: listed exactly, or in a listed file. */
export function quarantineMatcher(quarantine: Quarantine | undefined): (id: TestId) => boolean {
  if (!quarantine || quarantine.ids.length === 0) return () => false;
  const ids = new Set(quarantine.ids);
  return (id) => ids.has(id) || ids.has(fileOfTestId(id));
}

export interface QuarantineSplit {
  /** Failures that fail the job. */
  failing: TestResult[];
  /** Failures of quarantined tests: reported, not failing. */
  quarantined: TestResult[];
}

/** Splits the failed results into those that count and those the quarantine list excuses. */
export function splitQuarantined<T extends TestResult>(
  results: readonly T[],
  quarantine: Quarantine | undefined,
): { failing: T[]; quarantined: T[] } {
  const matches = quarantineMatcher(quarantine);
  const failing: T[] = [];
  const quarantined: T[] = [];
  for (const r of results) {
    if (!isFailure(r.outcome)) continue;
    (matches(r.id) ? quarantined : failing).push(r);
  }
  return { failing, quarantined };
}
