/**
 * Any supported timing text → timing entries, the format read from the content rather than the
 * file name (artifacts and caches rename files):
 * - starts with '<'                                   → JUnit XML
 * - JSON object with "schema": "evenshard-history/…"   → evenshard's own history
 * - JSON object with a key holding '::' or naming a .py file, or a list of pairs → pytest-split
 *   (a .py key alone is a file-level pytest-split entry)
 * - any other JSON object, or a list of {"path": …}    → Knapsack / Knapsack Pro
 */
import { historyToTimings, validateHistory, type HistoryHeader } from '../core/history.js';
import { timingEntries } from '../core/timingColumns.js';
import type { TimingColumns, TimingEntry, TimingFormat } from '../core/types.js';
import { TimingFormatError } from './errors.js';
import { scanHistoryText } from './history.js';
import { parseJUnit, timingsFromJUnitCases } from './junit.js';
import { knapsackReportFromJson } from './knapsack.js';
import {
  pytestDurationsFromJson,
  pytestDurationsFromMembers,
  scanNumberObject,
} from './pytestDurations.js';

export { TimingFormatError } from './errors.js';

const EXPECTED =
  'expected JUnit XML, an evenshard history, a pytest-split .test_durations or a Knapsack report';

/** What formatOfJson decides for an object with these keys. */
function formatOfKeys(keys: readonly string[]): TimingFormat {
  if (keys.includes('schema') || (keys.includes('tests') && keys.includes('run'))) {
    return 'evenshard-history';
  }
  if (keys.some((key) => key.includes('::') || key.endsWith('.py'))) return 'pytest-split';
  return 'knapsack';
}

function formatOfJson(value: unknown): TimingFormat {
  if (Array.isArray(value)) {
    const first: unknown = value[0];
    if (first === undefined || Array.isArray(first)) return 'pytest-split';
    if (typeof first === 'object' && first !== null && 'path' in first) return 'knapsack';
    throw new TimingFormatError(
      `${EXPECTED}; got a JSON list whose first item is ${JSON.stringify(first).slice(0, 80)}`,
    );
  }
  if (typeof value === 'object' && value !== null) {
    // A history with a wrong or missing schema still goes to the history parser, whose error
    // names the problem, instead of being misread as a Knapsack report of files "run" and "tests".
    return formatOfKeys(Object.keys(value));
  }
  throw new TimingFormatError(
    `${EXPECTED}; got the JSON value ${JSON.stringify(value).slice(0, 80)}`,
  );
}

function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

export function detectTimingFormat(text: string): TimingFormat {
  return sniff(text).format;
}

/**
 * The format, and for JSON formats the parsed value, so that big files are parsed once; a
 * pytest-split object or an evenshard history is read without JSON.parse when that gives the same
 * entries.
 */
function sniff(text: string): {
  format: TimingFormat;
  json?: unknown;
  columns?: TimingColumns;
  header?: HistoryHeader;
} {
  const start = withoutBom(text).trimStart();
  if (start.startsWith('<')) return { format: 'junit' };
  if (start.startsWith('{')) {
    const members = scanNumberObject(start);
    if (members && formatOfKeys(members.keys) === 'pytest-split') {
      const columns = pytestDurationsFromMembers(members);
      if (columns) return { format: 'pytest-split', columns };
    }
    const history = members ? undefined : scanHistoryText(start);
    if (history) return { format: 'evenshard-history', ...history };
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(start);
    } catch (error) {
      throw new TimingFormatError(
        `${EXPECTED}; the text looks like JSON but is not valid: ${(error as Error).message}`,
      );
    }
    return { format: formatOfJson(json), json };
  }
  if (start === '') throw new TimingFormatError(`${EXPECTED}; the text is empty`);
  throw new TimingFormatError(
    `${EXPECTED}; got text starting with ${JSON.stringify(start.slice(0, 20))}`,
  );
}

export interface ParsedTimings {
  format: TimingFormat;
  /** Sorted by id, one entry per id. */
  entries: TimingEntry[];
  /** JUnit cases left out because the report does not say which file they are in (else 0). */
  unmapped: number;
  /** The history's header, when the text is an evenshard history (it knows what shards cost). */
  history?: HistoryHeader;
  /**
   * The same timings as columns, when they were read that way (a pytest-split file, or a history
   * as evenshard writes it): 100,000 tests then need no object each, and `entries` are made only
   * if asked for.
   */
  columns?: TimingColumns;
}

/**
 * Detects the format and reads the entries. `knownFiles` and `root` help map JUnit cases to ids
 * (see testIdFromJUnitCase); the other formats carry ids already.
 */
export function parseTimingText(
  text: string,
  options: { knownFiles?: ReadonlySet<string>; root?: string } = {},
): ParsedTimings {
  const { format, json, columns, header } = sniff(text);
  switch (format) {
    case 'junit':
      return { format, ...timingsFromJUnitCases(parseJUnit(withoutBom(text)), options) };
    case 'evenshard-history': {
      if (columns) return fromColumns(format, columns, header);
      const history = validateHistory(json);
      return { format, entries: historyToTimings(history), unmapped: 0, history };
    }
    case 'pytest-split':
      if (columns) return fromColumns(format, columns);
      return { format, entries: pytestDurationsFromJson(json), unmapped: 0 };
    case 'knapsack':
      return { format, entries: knapsackReportFromJson(json), unmapped: 0 };
  }
}

/** Timings read as columns, with entries made only if asked for (a spread would make them). */
function fromColumns(
  format: TimingFormat,
  columns: TimingColumns,
  history?: HistoryHeader,
): ParsedTimings {
  let entries: TimingEntry[] | undefined;
  return {
    format,
    columns,
    ...(history ? { history } : {}),
    get entries() {
      return (entries ??= timingEntries(columns));
    },
    unmapped: 0,
  };
}
