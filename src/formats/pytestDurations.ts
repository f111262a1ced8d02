/**
 * pytest-split's `.test_durations`: `{"<node id>": seconds}` as pytest-split writes it
 * (json.dump with sort_keys and indent=4), or the list of `[node id, seconds]` pairs that early
 * versions wrote.
 */
import {
  fileOfTestId,
  fileOfTestIdSharing,
  normalizePath,
  testIdFromPytestNodeId,
} from '../core/identity.js';
import { compareCodeUnits, sortByCodeUnits } from '../core/order.js';
import { timingEntries } from '../core/timingColumns.js';
import type { TimingColumns, TimingEntry } from '../core/types.js';
import { TimingFormatError } from './errors.js';
import { decodeJsonString, JSON_NUMBER, JSON_STRING_BODY, JSON_WS } from './jsonScan.js';

function checkedSeconds(id: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TimingFormatError(
      `.test_durations: ${JSON.stringify(id)} has duration ${JSON.stringify(value) ?? String(value)}; expected a finite number of seconds >= 0`,
    );
  }
  return value;
}

/** Entries sorted by id; node ids get their file part normalized; a repeated id keeps its last value. */
export function parsePytestDurations(text: string): TimingEntry[] {
  const members = scanNumberObject(text);
  const fast = members && pytestDurationsFromMembers(members);
  if (fast) return timingEntries(fast);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TimingFormatError(`.test_durations is not valid JSON: ${(error as Error).message}`);
  }
  return pytestDurationsFromJson(value);
}

/** The same, from already parsed JSON (the format detector parses once). */
export function pytestDurationsFromJson(value: unknown): TimingEntry[] {
  const byId = new Map<string, number>();
  if (Array.isArray(value)) {
    value.forEach((pair: unknown, i) => {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') {
        throw new TimingFormatError(
          `.test_durations: item ${i} is ${JSON.stringify(pair)}; expected a ["node id", seconds] pair`,
        );
      }
      byId.set(testIdFromPytestNodeId(pair[0]), checkedSeconds(pair[0], pair[1]));
    });
  } else if (typeof value === 'object' && value !== null) {
    // for…in over the parsed object: no array of 100,000 [key, value] pairs to allocate.
    const record = value as Record<string, unknown>;
    for (const nodeid in record)
      byId.set(testIdFromPytestNodeId(nodeid), checkedSeconds(nodeid, record[nodeid]));
  } else {
    throw new TimingFormatError(
      '.test_durations: expected a JSON object of {"node id": seconds} or a list of ["node id", seconds] pairs',
    );
  }
  return sortByCodeUnits(
    [...byId].map(([id, seconds]) => ({ id, seconds })),
    (entry) => entry.id,
  );
}

/** One `"key": number` member of a JSON object and the `,` or `}` after it. */
const MEMBER = new RegExp(
  `${JSON_WS}"(${JSON_STRING_BODY})"${JSON_WS}:${JSON_WS}(${JSON_NUMBER})${JSON_WS}([,}])`,
  'y',
);

/** The members of a JSON object of numbers, in text order: what `.test_durations` holds. */
export interface NumberMembers {
  keys: string[];
  values: number[];
}

/**
 * Reads a non-empty JSON object whose values are all numbers straight from its text (leading
 * whitespace allowed), or returns undefined for any other text, valid or not: JSON.parse then
 * reads it and reports any error. For 100,000 tests this is several times faster than
 * JSON.parse, which builds an object of 100,000 properties only for it to be walked once.
 */
export function scanNumberObject(text: string): NumberMembers | undefined {
  const open = /^[ \t\n\r]*\{/.exec(text);
  if (!open) return undefined;
  const keys: string[] = [];
  const values: number[] = [];
  MEMBER.lastIndex = open[0].length;
  for (;;) {
    const member = MEMBER.exec(text);
    if (!member) return undefined;
    keys.push(decodeJsonString(member[1]!));
    values.push(Number(member[2]));
    if (member[3] === '}') break;
  }
  return /^[ \t\n\r]*$/.test(text.slice(MEMBER.lastIndex)) ? { keys, values } : undefined;
}

/**
 * pytestDurationsFromJson's entries, as columns, from scanned members, or undefined when that
 * needs the parsed object's exact semantics: a node id whose file part needs normalizing (two ids
 * may then become one, and which value wins depends on the object's key order) or a value that
 * is not a duration (the error names the first in that order). A file already in id order, as
 * pytest-split writes it, needs neither a map nor a sort, nor an object per test.
 */
export function pytestDurationsFromMembers({
  keys,
  values,
}: NumberMembers): TimingColumns | undefined {
  let ordered = true;
  for (let i = 0; i < keys.length; i++) {
    const seconds = values[i]!;
    if (!(seconds >= 0) || seconds === Infinity) return undefined;
    if (ordered && i > 0 && !(keys[i - 1]! < keys[i]!)) ordered = false;
  }
  // Keys cut out of the text compare several times slower than fresh strings, and a JSON round
  // trip makes fresh ones in far less time than sorting the cut ones (and every later step
  // reading them) would lose.
  if (!ordered) return sortedByFile(JSON.parse(JSON.stringify(keys)) as string[], values);
  // In id order a file's tests come one after another, so each file's path is checked once:
  // testIdFromPytestNodeId(id) !== id exactly when the file part needs normalizing.
  let cleanFile = '';
  for (const id of keys) {
    const file = fileOfTestIdSharing(id, cleanFile);
    if (file === cleanFile) continue;
    if (normalizePath(file) !== file) return undefined;
    cleanFile = file;
  }
  return { ids: keys, seconds: values };
}

/**
 * Members out of id order (or repeated) sorted by id, the last value of each id winning as in
 * the parsed object, or undefined as above. Written by hand because no sort does this fast: one
 * sort of 100,000 ids that share long prefixes was the slowest step of `evenshard plan`. Ids are
 * grouped by file first, so only the ~2,000 file names and then each file's few dozen ids are
 * compared; a file name that is a prefix of another (`a.py`, `a.py2`) can order two groups
 * differently from their ids, which the final check sees, and then one sort of all ids decides.
 */
function sortedByFile(
  keys: readonly string[],
  values: readonly number[],
): TimingColumns | undefined {
  const membersOfFile = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const file = fileOfTestId(keys[i]!);
    const members = membersOfFile.get(file);
    if (members) members.push(i);
    else membersOfFile.set(file, [i]);
  }
  const files = [...membersOfFile.keys()].sort();
  if (files.some((file) => normalizePath(file) !== file)) return undefined;
  // Equal ids keep text order, so the last of each run is the value JSON.parse keeps.
  const byId = (a: number, b: number) => compareCodeUnits(keys[a]!, keys[b]!) || a - b;
  const ids: string[] = [];
  const seconds: number[] = [];
  for (const file of files) {
    const members = membersOfFile.get(file)!.sort(byId);
    for (let j = 0; j < members.length; j++) {
      const id = keys[members[j]!]!;
      if (j + 1 < members.length && keys[members[j + 1]!] === id) continue;
      ids.push(id);
      seconds.push(values[members[j]!]!);
    }
  }
  for (let i = 1; i < ids.length; i++) {
    if (!(ids[i - 1]! < ids[i]!)) {
      const entries = sortByCodeUnits(timingEntries({ ids, seconds }), (entry) => entry.id);
      return { ids: entries.map((e) => e.id), seconds: entries.map((e) => e.seconds) };
    }
  }
  return { ids, seconds };
}

/** Python's json.dump escapes everything outside printable ASCII (ensure_ascii); so do we. */
function escapeNonAscii(json: string): string {
  return json.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A float as Python's repr writes it (json.dump uses it): the same shortest digits as JavaScript,
 * but exponents outside [1e-4, 1e16) as "5.5e-05" / "1e+16", and integral values as "5.0".
 */
function pythonFloat(value: number): string {
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const fixed = String(value);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/**
 * The text pytest-split writes, byte for byte: one object, keys sorted, 4-space indent,
 * non-ASCII escaped, Python float syntax; plus a trailing newline. A repeated id keeps its last entry; outcomes are not part of the format.
 */
export function formatPytestDurations(entries: readonly TimingEntry[]): string {
  const byId = new Map<string, number>();
  for (const entry of entries) byId.set(entry.id, checkedSeconds(entry.id, entry.seconds));
  if (byId.size === 0) return '{}\n';
  // Written by hand, not via an object: objects put integer-like keys first and treat
  // "__proto__" specially.
  const lines = [...byId.keys()]
    .sort(compareCodeUnits)
    .map((id) => `    ${JSON.stringify(id)}: ${pythonFloat(byId.get(id)!)}`);
  return `${escapeNonAscii(`{\n${lines.join(',\n')}\n}`)}\n`;
}
