/**
 * The timing history: what evenshard remembers between runs. Schema documented in
 * docs/history-schema.md. Pure: callers pass the clock and read/write the text.
 */
import { isFailure, isFlaky } from './attempts.js';
import { fileOfTestId } from './identity.js';
import { compareCodeUnits } from './order.js';
import { emptyRecord } from './records.js';
import type { Outcome, TestId, TimingEntry } from './types.js';

export const HISTORY_SCHEMA = 'evenshard-history/3';
/**
 * Older schemas still read: /1 has no cost fields, which read as empty; /1 and /2 have no
 * outcomes or suite totals, which read as none yet.
 */
export const READABLE_HISTORY_SCHEMAS: readonly string[] = [
  'evenshard-history/1',
  'evenshard-history/2',
  HISTORY_SCHEMA,
];

/** How many recent samples each test keeps: enough for a median that ignores one noisy run. */
export const DEFAULT_MAX_SAMPLES = 5;
/** A test not seen in this many consecutive merges is dropped (deleted or renamed tests). */
export const DEFAULT_AGE_OUT_RUNS = 10;
/** How many recent outcomes each test keeps for flakiness across runs. */
export const DEFAULT_MAX_OUTCOMES = 20;
/** A run where more than this share of the tests failed says the infrastructure was down, not
 *  that the tests flipped: its outcomes are not recorded. */
export const INFRASTRUCTURE_FAILURE_SHARE = 0.5;
/** How many recent suite totals the history keeps. */
const MAX_SUITE_SAMPLES = 20;

/**
 * One character per run in which the test ran: `P` passed, `F` failed or errored, `R` passed
 * after a failed attempt in the same run (a flake within the run). Skips are not recorded.
 */
export type OutcomeMark = 'P' | 'F' | 'R';

export interface TestHistory {
  /** Recent durations in seconds, oldest first, at most maxSamples. */
  s: number[];
  /** The history run number in which the test last ran. */
  seen: number;
  /** Recent outcomes, oldest first, one {@link OutcomeMark} per run; at most maxOutcomes. */
  o?: string;
}

export interface History {
  schema: typeof HISTORY_SCHEMA;
  /** Count of merges that produced this history; increases by one per merge. */
  run: number;
  /** ISO time of the merge that wrote it. */
  updatedAt: string;
  tests: Record<TestId, TestHistory>;
  /** Recent per-shard fixed overheads in seconds (job start to first test), oldest first. */
  overhead: number[];
  /** What shards paid beyond their tests' own time (evenshard-history/2; empty when read from /1). */
  costs: CostHistory;
  /** Recent totals of the suite's own test time (sum over tests) in seconds, one per run (/3). */
  suite?: number[];
  /**
   * Files the plan never splits: their test ids named different tests in different shards
   * (parametrize over a set, ids from hash()), so only one process may collect them. Optional:
   * absent when there are none, and in histories written before it existed.
   */
  keepWhole?: string[];
  /**
   * Digests of the shard results already rolled in, so merging the same results again (a re-run
   * merge job, `evenshard merge` twice) adds no samples twice. Optional, like `keepWhole`.
   */
  merged?: string[];
}

/** Recent samples of one cost, oldest first, and the run in which it was last paid. */
export interface CostSamples {
  s: number[];
  seen: number;
}

export interface CostHistory {
  /** Per test file: collection (import) seconds per visit. */
  collect: Record<string, CostSamples>;
  /** Per test file: module-scoped fixture setup seconds per visit. */
  moduleFixtures: Record<string, CostSamples>;
  /** Per class id (`file::Class`): class-scoped fixture setup seconds per visit. */
  classFixtures: Record<string, CostSamples>;
  /** Per-shard fixed cost: wall minus visits, tests and per-test overhead (includes session fixtures). */
  fixed: number[];
  /** The runner's own seconds per test between tests (reporting, hooks). */
  perTest: number[];
  /** Per shard phase (see ShardPhases): recent per-shard seconds. */
  phases: Record<string, number[]>;
  /** Per runner kind: recent actual ÷ predicted wall of its shards. */
  speed: Record<string, number[]>;
}

export function emptyCostHistory(): CostHistory {
  return {
    collect: emptyRecord(),
    moduleFixtures: emptyRecord(),
    classFixtures: emptyRecord(),
    fixed: [],
    perTest: [],
    phases: emptyRecord(),
    speed: emptyRecord(),
  };
}

export class HistoryError extends Error {
  override name = 'HistoryError';
}

export function emptyHistory(): History {
  return {
    schema: HISTORY_SCHEMA,
    run: 0,
    updatedAt: '',
    tests: emptyRecord(),
    overhead: [],
    costs: emptyCostHistory(),
  };
}

/**
 * The planning estimate of a test: the lower median of its recent samples. One slow run among
 * three or more cannot move it, and with two samples the smaller wins, so a single noisy run
 * never doubles an estimate.
 */
export function estimateFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  // A typed array sorts numerically without calling back into JS (100,000 times per plan).
  const sorted = Float64Array.from(samples).sort();
  return sorted[(sorted.length - 1) >> 1]!;
}

/** Tests with at least one duration sample (a test that only ever failed has outcomes only). */
export function historyToTimings(history: History): TimingEntry[] {
  return Object.keys(history.tests)
    .filter((id) => history.tests[id]!.s.length > 0)
    .sort(compareCodeUnits)
    .map((id) => ({ id, seconds: estimateFromSamples(history.tests[id]!.s) }));
}

/** Median per-shard fixed overhead in seconds, or undefined when never measured. */
export function overheadEstimate(history: HistoryHeader): number | undefined {
  return history.overhead.length > 0 ? estimateFromSamples(history.overhead) : undefined;
}

export interface RollOptions {
  /** ISO time of this merge. */
  now: string;
  maxSamples?: number;
  ageOutRuns?: number;
  maxOutcomes?: number;
  /** Files to keep whole from now on (their ids are unstable across processes). */
  keepWhole?: readonly string[];
}

/** What rollHistory reads of a result: its time, final outcome and, if retried, its attempts. */
export type RolledResult = TimingEntry & { attempts?: readonly Outcome[] };

/** The mark a run leaves for a test, or undefined when it leaves none (skipped, unknown). */
export function outcomeMark(result: RolledResult): OutcomeMark | undefined {
  if (result.outcome === undefined || result.outcome === 'skipped') return undefined;
  if (isFailure(result.outcome)) return 'F';
  return isFlaky({
    outcome: result.outcome,
    ...(result.attempts ? { attempts: result.attempts } : {}),
  })
    ? 'R'
    : 'P';
}

/** True when most of the run's tests failed: an outage, not evidence about any test. */
export function looksLikeInfrastructureFailure(results: readonly RolledResult[]): boolean {
  const judged = results.filter((r) => r.outcome !== undefined && r.outcome !== 'skipped');
  if (judged.length === 0) return false;
  const failed = judged.filter((r) => isFailure(r.outcome!)).length;
  return failed / judged.length > INFRASTRUCTURE_FAILURE_SHARE;
}

/**
 * Rolls one run's results into the next history. Only tests that ran and passed or were skipped
 * contribute: a failing test's time (timeouts, early exits) says little about its cost, and a test
 * that did not run keeps what it had. Tests unseen for `ageOutRuns` merges are dropped. Every
 * test that passed or failed also leaves an outcome mark, unless most of the run failed.
 */
export function rollHistory(
  previous: History | null,
  results: readonly RolledResult[],
  overheadSeconds: readonly number[],
  options: RollOptions,
): History {
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const ageOutRuns = options.ageOutRuns ?? DEFAULT_AGE_OUT_RUNS;
  const maxOutcomes = options.maxOutcomes ?? DEFAULT_MAX_OUTCOMES;
  const prev = previous ?? emptyHistory();
  const run = prev.run + 1;
  const tests = emptyRecord<TestHistory>();
  for (const id of Object.keys(prev.tests)) {
    const entry = prev.tests[id]!;
    if (run - entry.seen < ageOutRuns) tests[id] = { ...entry, s: [...entry.s] };
  }
  // An outage says nothing about any test: its outcomes (and suite total) are left out.
  const outage = looksLikeInfrastructureFailure(results);
  for (const result of results) {
    const mark = outage ? undefined : outcomeMark(result);
    if (mark !== undefined) {
      const entry = tests[result.id] ?? { s: [], seen: run };
      entry.o = ((entry.o ?? '') + mark).slice(-maxOutcomes);
      entry.seen = run;
      tests[result.id] = entry;
    }
    if (result.outcome === 'failed' || result.outcome === 'error') continue;
    if (!Number.isFinite(result.seconds) || result.seconds < 0) continue;
    const entry = tests[result.id] ?? { s: [], seen: run };
    entry.s = [...entry.s, roundSeconds(result.seconds)].slice(-maxSamples);
    entry.seen = run;
    tests[result.id] = entry;
  }
  const overhead = [
    ...prev.overhead,
    ...overheadSeconds.filter((x) => x >= 0).map(roundSeconds),
  ].slice(-maxSamples * 4);
  const suiteSeconds = results.reduce(
    (sum, r) => sum + (Number.isFinite(r.seconds) && r.seconds > 0 ? r.seconds : 0),
    0,
  );
  const suite =
    outage || results.length === 0
      ? [...(prev.suite ?? [])]
      : [...(prev.suite ?? []), roundSeconds(suiteSeconds)].slice(-MAX_SUITE_SAMPLES);
  const next: History = {
    schema: HISTORY_SCHEMA,
    run,
    updatedAt: options.now,
    tests: sortKeys(tests),
    overhead,
    costs: prev.costs,
    ...(suite.length ? { suite } : {}),
  };
  // A file stays whole while it has tests in the history.
  const files = new Set(Object.keys(tests).map(fileOfTestId));
  const keepWhole = [...new Set([...(prev.keepWhole ?? []), ...(options.keepWhole ?? [])])]
    .filter((f) => files.has(f))
    .sort(compareCodeUnits);
  if (keepWhole.length > 0) next.keepWhole = keepWhole;
  return next;
}

/** Milliseconds are plenty for planning and keep the history compact. */
export function roundSeconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** A history without its tests: what a plan reads besides the tests' own timings. */
export type HistoryHeader = Omit<History, 'tests'>;

/** Validates an already JSON-parsed value as a history document. */
export function validateHistory(value: unknown): History {
  const header = validateHistoryHeader(value);
  const raw = (value as Record<string, unknown>).tests;
  if (!isRecord(raw)) throw new HistoryError('history "tests" must be an object');
  const tests = emptyRecord<TestHistory>();
  for (const [id, rawEntry] of Object.entries(raw)) tests[id] = validateTestHistory(id, rawEntry);
  return { ...header, tests };
}

/**
 * Everything of a history but its tests, validated as validateHistory does: the fields that make
 * a history unreadable (schema, run) throw, the advisory ones are dropped when malformed.
 */
export function validateHistoryHeader(value: unknown): HistoryHeader {
  if (!isRecord(value)) throw new HistoryError('history is not a JSON object');
  if (typeof value.schema !== 'string' || !READABLE_HISTORY_SCHEMAS.includes(value.schema)) {
    throw new HistoryError(
      `history schema is ${JSON.stringify(value.schema)}, expected "${HISTORY_SCHEMA}" (or an older ${READABLE_HISTORY_SCHEMAS.slice(0, -1).join(', ')})`,
    );
  }
  const run = value.run;
  if (typeof run !== 'number' || !Number.isInteger(run) || run < 0) {
    throw new HistoryError('history "run" must be a non-negative integer');
  }
  const overhead = Array.isArray(value.overhead)
    ? value.overhead.filter(
        (x): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0,
      )
    : [];
  const updatedAt = typeof value.updatedAt === 'string' ? value.updatedAt : '';
  const costs = isRecord(value.costs) ? validateCosts(value.costs) : emptyCostHistory();
  const suite = Array.isArray(value.suite)
    ? value.suite.filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0)
    : [];
  const header: HistoryHeader = {
    schema: HISTORY_SCHEMA,
    run,
    updatedAt,
    overhead,
    costs,
    ...(suite.length ? { suite } : {}),
  };
  // Advisory lists: a malformed one is dropped, never a reason to refuse the history.
  const strings = (v: unknown): string[] | undefined =>
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')
      ? (v as string[])
      : undefined;
  const keepWhole = strings(value.keepWhole);
  if (keepWhole) header.keepWhole = keepWhole;
  const merged = strings(value.merged);
  if (merged) header.merged = merged;
  return header;
}

function validateTestHistory(id: TestId, raw: unknown): TestHistory {
  if (!isRecord(raw) || !Array.isArray(raw.s) || typeof raw.seen !== 'number') {
    throw new HistoryError(`history entry ${JSON.stringify(id)} must be {"s": [...], "seen": n}`);
  }
  const samples = raw.s.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  if (samples.length !== raw.s.length || samples.some((x) => x < 0)) {
    throw new HistoryError(
      `history entry ${JSON.stringify(id)} has a sample that is not a duration`,
    );
  }
  const entry: TestHistory = { s: samples, seen: raw.seen };
  // Outcomes are advisory: an unreadable string is dropped rather than failing the history.
  if (typeof raw.o === 'string' && /^[PFR]+$/.test(raw.o)) entry.o = raw.o;
  return entry;
}

/** Cost fields are advisory: a malformed one is dropped, never a reason to refuse the history. */
function validateCosts(raw: Record<string, unknown>): CostHistory {
  const durations = (value: unknown): number[] =>
    Array.isArray(value)
      ? value.filter((x): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0)
      : [];
  const perKey = (value: unknown): Record<string, CostSamples> => {
    const out = emptyRecord<CostSamples>();
    if (!isRecord(value)) return out;
    for (const [key, entry] of Object.entries(value)) {
      if (isRecord(entry) && typeof entry.seen === 'number') {
        out[key] = { s: durations(entry.s), seen: entry.seen };
      }
    }
    return out;
  };
  const lists = (value: unknown): Record<string, number[]> => {
    const out = emptyRecord<number[]>();
    if (isRecord(value))
      for (const [key, list] of Object.entries(value)) out[key] = durations(list);
    return out;
  };
  return {
    collect: perKey(raw.collect),
    moduleFixtures: perKey(raw.moduleFixtures),
    classFixtures: perKey(raw.classFixtures),
    fixed: durations(raw.fixed),
    perTest: durations(raw.perTest),
    phases: lists(raw.phases),
    speed: lists(raw.speed),
  };
}

/** Byte-for-byte stable serialization: keys sorted by code unit, one test per line. */
export function serializeHistory(history: History): string {
  const ids = Object.keys(history.tests).sort(compareCodeUnits);
  const lines = ids.map((id) => {
    const entry = history.tests[id]!;
    const outcomes = entry.o ? `, "o": ${JSON.stringify(entry.o)}` : '';
    return `    ${JSON.stringify(id)}: {"s": ${JSON.stringify(entry.s)}, "seen": ${entry.seen}${outcomes}}`;
  });
  return (
    '{\n' +
    `  "schema": ${JSON.stringify(history.schema)},\n` +
    `  "run": ${history.run},\n` +
    `  "updatedAt": ${JSON.stringify(history.updatedAt)},\n` +
    `  "overhead": ${JSON.stringify(history.overhead)},\n` +
    (history.suite ? `  "suite": ${JSON.stringify(history.suite)},\n` : '') +
    `  "costs": ${serializeCosts(history.costs)},\n` +
    (history.keepWhole?.length ? `  "keepWhole": ${JSON.stringify(history.keepWhole)},\n` : '') +
    (history.merged?.length ? `  "merged": ${JSON.stringify(history.merged)},\n` : '') +
    `  "tests": {${lines.length ? '\n' + lines.join(',\n') + '\n  ' : ''}}\n` +
    '}\n'
  );
}

/** One line per file or class, keys sorted, like the tests. */
function serializeCosts(costs: CostHistory): string {
  const perKey = (record: Record<string, CostSamples>) => {
    const keys = Object.keys(record).sort(compareCodeUnits);
    if (keys.length === 0) return '{}';
    const rows = keys.map(
      (key) =>
        `      ${JSON.stringify(key)}: {"s": ${JSON.stringify(record[key]!.s)}, "seen": ${record[key]!.seen}}`,
    );
    return `{\n${rows.join(',\n')}\n    }`;
  };
  const lists = (record: Record<string, number[]>) =>
    JSON.stringify(sortKeys(record)).replace(/\],"/g, '], "');
  return (
    '{\n' +
    `    "fixed": ${JSON.stringify(costs.fixed)},\n` +
    `    "perTest": ${JSON.stringify(costs.perTest)},\n` +
    `    "phases": ${lists(costs.phases)},\n` +
    `    "speed": ${lists(costs.speed)},\n` +
    `    "collect": ${perKey(costs.collect)},\n` +
    `    "moduleFixtures": ${perKey(costs.moduleFixtures)},\n` +
    `    "classFixtures": ${perKey(costs.classFixtures)}\n` +
    '  }'
  );
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  const out = emptyRecord<T>();
  for (const key of Object.keys(record).sort(compareCodeUnits)) out[key] = record[key]!;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
