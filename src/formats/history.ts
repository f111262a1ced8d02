/** evenshard's own history document as text (schema: docs/history-schema.md). */
import {
  estimateFromSamples,
  HistoryError,
  validateHistory,
  validateHistoryHeader,
  type History,
  type HistoryHeader,
} from '../core/history.js';
import type { TimingColumns } from '../core/types.js';
import { decodeJsonString, JSON_NUMBER, JSON_STRING_BODY, JSON_WS } from './jsonScan.js';

export function parseHistoryText(text: string): History {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HistoryError(`history is not valid JSON: ${(error as Error).message}`);
  }
  return validateHistory(value);
}

/**
 * Where serializeHistory starts the tests, which it writes last. If its layout changes, the
 * first test in __tests__/formats/history.test.ts fails instead of every history going the slow way.
 */
const TESTS_START = '\n  "tests": {';

/** One member of a history's tests, as serializeHistory writes it, and the `,` or `}` after it. */
const TEST_MEMBER = new RegExp(
  `${JSON_WS}"(${JSON_STRING_BODY})"${JSON_WS}:${JSON_WS}\\{` +
    `${JSON_WS}"s"${JSON_WS}:${JSON_WS}\\[${JSON_WS}((?:${JSON_NUMBER})(?:${JSON_WS},${JSON_WS}${JSON_NUMBER})*)?${JSON_WS}\\]` +
    `${JSON_WS},${JSON_WS}"seen"${JSON_WS}:${JSON_WS}${JSON_NUMBER}` +
    `(?:${JSON_WS},${JSON_WS}"o"${JSON_WS}:${JSON_WS}"${JSON_STRING_BODY}")?${JSON_WS}\\}${JSON_WS}([,}])`,
  'y',
);

/**
 * A history as serializeHistory writes it, read without an object per test: the header parsed
 * and validated as parseHistoryText would, and the tests' planning estimates (historyToTimings)
 * as columns in id order. Undefined for any other text, valid or not: parseHistoryText then
 * reads it and reports any error. For 100,000 tests JSON.parse and validation built ~400,000
 * objects and arrays only for the plan to keep one number per test (docs/bench-planner.md).
 */
export function scanHistoryText(
  text: string,
): { header: HistoryHeader; columns: TimingColumns } | undefined {
  const at = text.indexOf(TESTS_START);
  if (at < 0) return undefined;
  // The members before the tests, closed into an object of their own. A marker that is not a
  // member of the top-level object leaves brackets open, which JSON.parse refuses.
  const before = text.slice(0, at).replace(/[ \t\n\r]*$/, '');
  if (!before.endsWith(',')) return undefined;
  let headValue: unknown;
  try {
    headValue = JSON.parse(`${before.slice(0, -1)}}`);
  } catch {
    return undefined;
  }
  // With a "schema" every reader takes the text for a history; without one it is left to them.
  if (typeof headValue !== 'object' || headValue === null || !Object.hasOwn(headValue, 'schema'))
    return undefined;
  const columns = scanTests(text, at + TESTS_START.length);
  if (!columns) return undefined;
  // Only now, with the whole text read: JSON.parse would have refused a broken text first.
  return { header: validateHistoryHeader(headValue), columns };
}

/** The tests object from `from` (just after its `{`) to the end of the document. */
function scanTests(text: string, from: number): TimingColumns | undefined {
  const ids: string[] = [];
  // Each test's samples as written ("0.1,0.12,0.09"), read together once the tests are scanned.
  const sampleLists: string[] = [];
  const empty = /[ \t\n\r]*\}/y;
  empty.lastIndex = from;
  let end: number;
  if (empty.test(text)) {
    end = empty.lastIndex;
  } else {
    TEST_MEMBER.lastIndex = from;
    let previous: string | undefined;
    for (;;) {
      const member = TEST_MEMBER.exec(text);
      if (!member) return undefined;
      const id = decodeJsonString(member[1]!);
      // In id order, as written: no id twice, so no question of which value JSON.parse keeps.
      if (previous !== undefined && !(previous < id)) return undefined;
      previous = id;
      if (member[2] !== undefined) {
        ids.push(id);
        sampleLists.push(member[2]);
      }
      if (member[3] === '}') break;
    }
    end = TEST_MEMBER.lastIndex;
  }
  if (!/^[ \t\n\r]*\}[ \t\n\r]*$/.test(text.slice(end))) return undefined;
  const seconds = estimatesOfSampleLists(sampleLists);
  return seconds && { ids, seconds };
}

/**
 * Each test's planning estimate from its samples as TEST_MEMBER matched them (JSON numbers and
 * commas), or undefined when a sample is not a duration. One JSON.parse of all samples gives one
 * array of doubles; splitting each test's text made ~5 strings and 2 arrays per test and took
 * twice as long (docs/bench-planner.md).
 */
function estimatesOfSampleLists(lists: readonly string[]): number[] | undefined {
  const estimates = new Array<number>(lists.length);
  // A few thousand tests per JSON.parse: as fast as one for all, without their text and numbers
  // all held at once.
  for (let chunk = 0; chunk < lists.length; chunk += SAMPLE_LISTS_PER_PARSE) {
    const end = Math.min(chunk + SAMPLE_LISTS_PER_PARSE, lists.length);
    const samples = JSON.parse(`[${lists.slice(chunk, end).join(',')}]`) as number[];
    // JSON.parse reads a number too large for a double as Infinity.
    if (!samples.every((x) => x >= 0 && x !== Infinity)) return undefined;
    let start = 0;
    for (let i = chunk; i < end; i++) {
      const list = lists[i]!;
      let count = 1;
      for (let at = list.indexOf(','); at >= 0; at = list.indexOf(',', at + 1)) count++;
      estimates[i] = estimateFromSamples(samples.slice(start, start + count));
      start += count;
    }
  }
  return estimates;
}

const SAMPLE_LISTS_PER_PARSE = 4096;
