/**
 * LCOV tracefiles (`lcov.info`): parse, merge by summing hit counts, write.
 *
 * Hand-written on purpose: the common parser, lcov-parse 1.0, splits function names on commas
 * (so it reads lcov 2's `FN:<line>,<end line>,<name>` as a function named by its end line and
 * breaks C++ names), pairs `FNDA` with the first same-named function only, ignores lcov 2's
 * `FNL`/`FNA` records, and treats any input string that happens to be an existing path as a file
 * to read. The format is a simple line format; the records are documented in geninfo(1).
 *
 * Pure: text in, text out.
 */
import { compareCodeUnits } from '../core/order.js';
import { fileTotals, type MergedFormat } from './format.js';

export interface LcovFunction {
  name: string;
  line: number;
  hits: number;
}

export interface LcovBranch {
  line: number;
  /** Block and branch ids as written (lcov 2 allows an `e` prefix and expression names). */
  block: string;
  branch: string;
  /** null: the branch's block never ran (`-`), which differs from "ran, branch not taken". */
  taken: number | null;
}

export interface LcovFile {
  path: string;
  /** Line number → execution count. */
  lines: Map<number, number>;
  /** Function name → function (lcov refers to functions by name in `FNDA`). */
  functions: Map<string, LcovFunction>;
  /** `line,block,branch` → branch. */
  branches: Map<string, LcovBranch>;
}

function emptyFile(path: string): LcovFile {
  return { path, lines: new Map(), functions: new Map(), branches: new Map() };
}

const INTEGER = /^-?\d+$/;

function count(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!INTEGER.test(trimmed)) return undefined;
  // gcov can report negative counts on overflow; they mean "ran", never "ran -3 times".
  return Math.max(0, Number(trimmed));
}

function functionEntry(file: LcovFile, name: string, line: number): LcovFunction {
  let fn = file.functions.get(name);
  if (fn === undefined) {
    fn = { name, line, hits: 0 };
    file.functions.set(name, fn);
  } else if (fn.line === 0) {
    fn.line = line;
  }
  return fn;
}

/** Splits `a,b,rest,with,commas` into at most `parts` fields; the last keeps its commas. */
function fields(text: string, parts: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < parts - 1) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    out.push(rest.slice(0, comma));
    rest = rest.slice(comma + 1);
  }
  out.push(rest);
  return out;
}

/**
 * Parses a tracefile into one entry per source file (records of the same `SF` merged). Unknown
 * and malformed records are skipped: a tracefile's summary lines (`LF`, `LH`, ...) are
 * recomputed anyway.
 */
export function parseLcov(text: string): LcovFile[] {
  const files = new Map<string, LcovFile>();
  let current: LcovFile | undefined;
  // lcov 2 `FNL:<index>,<line>` gives the line that `FNA:<index>,<count>,<name>` refers to.
  let lineOfFunctionIndex = new Map<string, number>();

  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === 'end_of_record') {
      current = undefined;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (tag === 'SF') {
      const path = value.trim();
      if (path === '') {
        current = undefined;
        continue;
      }
      current = files.get(path) ?? emptyFile(path);
      files.set(path, current);
      lineOfFunctionIndex = new Map();
      continue;
    }
    if (current === undefined) continue;

    switch (tag) {
      case 'DA': {
        const [lineText, hitsText] = fields(value, 3);
        const lineNumber = count(lineText);
        const hits = count(hitsText);
        if (lineNumber === undefined || hits === undefined) break;
        current.lines.set(lineNumber, (current.lines.get(lineNumber) ?? 0) + hits);
        break;
      }
      case 'FN': {
        // `FN:<line>,<name>` (lcov 1) or `FN:<line>,<end line>,<name>` (lcov 2).
        const [lineText, second, third] = fields(value, 3);
        const lineNumber = count(lineText);
        if (lineNumber === undefined || second === undefined) break;
        const name = third !== undefined && INTEGER.test(second) ? third : fields(value, 2)[1];
        if (name) functionEntry(current, name, lineNumber);
        break;
      }
      case 'FNDA': {
        const [hitsText, name] = fields(value, 2);
        const hits = count(hitsText);
        if (hits === undefined || !name) break;
        functionEntry(current, name, 0).hits += hits;
        break;
      }
      case 'FNL': {
        const [index, lineText] = fields(value, 3);
        const lineNumber = count(lineText);
        if (index !== undefined && lineNumber !== undefined)
          lineOfFunctionIndex.set(index, lineNumber);
        break;
      }
      case 'FNA': {
        const [index, hitsText, name] = fields(value, 3);
        const hits = count(hitsText);
        if (index === undefined || hits === undefined || !name) break;
        functionEntry(current, name, lineOfFunctionIndex.get(index) ?? 0).hits += hits;
        break;
      }
      case 'BRDA': {
        const [lineText, block, branch, takenText] = fields(value, 4);
        const lineNumber = count(lineText);
        if (lineNumber === undefined || block === undefined || branch === undefined) break;
        if (takenText === undefined) break;
        const taken = takenText.trim() === '-' ? null : count(takenText);
        if (taken === undefined) break;
        addBranch(current, { line: lineNumber, block, branch, taken });
        break;
      }
      default:
        // TN, VER, LF, LH, FNF, FNH, BRF, BRH and unknown records: recomputed or not needed.
        break;
    }
  }
  return [...files.values()];
}

function addBranch(file: LcovFile, branch: LcovBranch): void {
  const key = `${branch.line},${branch.block},${branch.branch}`;
  const existing = file.branches.get(key);
  if (existing === undefined) {
    file.branches.set(key, { ...branch });
  } else if (branch.taken !== null) {
    existing.taken = (existing.taken ?? 0) + branch.taken;
  }
}

/** Adds `source` into `target` (same file): counts are summed, records only in one are kept. */
export function mergeLcovFile(target: LcovFile, source: LcovFile): void {
  for (const [line, hits] of source.lines) {
    target.lines.set(line, (target.lines.get(line) ?? 0) + hits);
  }
  for (const fn of source.functions.values()) {
    functionEntry(target, fn.name, fn.line).hits += fn.hits;
  }
  for (const branch of source.branches.values()) addBranch(target, branch);
}

export interface LineTotals {
  covered: number;
  total: number;
}

/** Line coverage as lcov counts it (`LH`/`LF`): lines with a `DA` record, covered when hit. */
export function lcovLineTotals(file: LcovFile): LineTotals {
  let covered = 0;
  for (const hits of file.lines.values()) if (hits > 0) covered++;
  return { covered, total: file.lines.size };
}

/** Writes files as one tracefile in a stable order (by path, then line), lcov 1 syntax. */
export function writeLcov(files: readonly LcovFile[]): string {
  const out: string[] = [];
  const byPath = [...files].sort((a, b) => compareCodeUnits(a.path, b.path));
  for (const file of byPath) {
    out.push('TN:', `SF:${file.path}`);
    const functions = [...file.functions.values()].sort(
      (a, b) => a.line - b.line || compareCodeUnits(a.name, b.name),
    );
    for (const fn of functions) out.push(`FN:${fn.line},${fn.name}`);
    for (const fn of functions) out.push(`FNDA:${fn.hits},${fn.name}`);
    out.push(`FNF:${functions.length}`, `FNH:${functions.filter((f) => f.hits > 0).length}`);
    const branches = [...file.branches.values()].sort(
      (a, b) => a.line - b.line || compareIds(a.block, b.block) || compareIds(a.branch, b.branch),
    );
    if (branches.length > 0) {
      for (const b of branches) {
        out.push(`BRDA:${b.line},${b.block},${b.branch},${b.taken === null ? '-' : b.taken}`);
      }
      out.push(
        `BRF:${branches.length}`,
        `BRH:${branches.filter((b) => b.taken !== null && b.taken > 0).length}`,
      );
    }
    const lines = [...file.lines.entries()].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of lines) out.push(`DA:${line},${hits}`);
    const totals = lcovLineTotals(file);
    out.push(`LF:${totals.total}`, `LH:${totals.covered}`, 'end_of_record');
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** Numeric ids compare as numbers, others as text: `2` before `10`, deterministic either way. */
function compareIds(a: string, b: string): number {
  const an = Number(a);
  const bn = Number(b);
  if (INTEGER.test(a) && INTEGER.test(b)) return an - bn;
  return compareCodeUnits(a, b);
}

/** LCOV as a coverage format: records keyed by their path mapped onto the checkout. */
export const lcovFormat: MergedFormat<LcovFile[], Map<string, LcovFile>> = {
  id: 'lcov',
  dataPatterns: ['**/lcov.info', '**/*.lcov'],
  missingDataHint:
    'Make each shard write lcov.info (e.g. jest --coverage --coverageReporters=lcov, vitest --coverage.reporter=lcov, node --test --experimental-test-coverage --test-reporter=lcov).',
  reportName: 'lcov.info',
  parse(text) {
    const records = parseLcov(text);
    return records.length === 0
      ? { problem: ' holds no lcov records (no SF: lines); skipped.' }
      : { document: records };
  },
  start: () => new Map(),
  add(merged, records, { mapper, bases }) {
    for (const record of records) {
      const path = mapper.map(record.path, bases).path;
      const target = merged.get(path);
      if (target === undefined) merged.set(path, { ...record, path });
      else mergeLcovFile(target, record);
    }
    return { added: records.length };
  },
  report: (merged) => writeLcov([...merged.values()]),
  totals: (merged) =>
    [...merged.values()].map((file) => {
      const t = lcovLineTotals(file);
      return fileTotals(file.path, t.covered, t.total);
    }),
};
