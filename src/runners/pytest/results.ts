/**
 * What a pytest shard ran, as the evenshard plugin records it: the results document it writes at
 * the end, and the journal of finished tests it appends as it goes (read when the process died
 * before the document). Costs (collection seconds, shared fixtures) ride in the document.
 */
import { readFile } from 'node:fs/promises';
import type { FixtureCost } from '../../core/costs.js';
import { compareCodeUnits } from '../../core/order.js';
import { emptyRecord } from '../../core/records.js';
import type { TestResult } from '../../core/shardResult.js';
import type { Outcome } from '../../core/types.js';

/** The plugin's results document, as parsed. */
export interface PytestResultsDocument {
  version: 1;
  pytestVersion: string;
  exitStatus: number;
  /** The session reached its end (pytest_sessionfinish). */
  finished: boolean;
  /** pytest's reason for stopping early (-x, --maxfail), if it did. */
  stopped?: string;
  /** Why pytest could not start the session (a conftest that fails to import). */
  fatal?: string;
  /** Epoch milliseconds measured by the plugin; null when pytest never got that far. */
  sessionStart: number | null;
  firstTestStart: number | null;
  sessionEnd: number | null;
  /** Epoch milliseconds bracketing collection; null under xdist (workers collect). */
  collectStart: number | null;
  collectEnd: number | null;
  /** Per test file: collection (import) seconds. */
  collect: Record<string, number>;
  /** Setups of fixtures shared beyond one test (module, class, package, session scope). */
  fixtures: FixtureCost[];
  results: TestResult[];
}

/** What the plugin measured of the session, carried into the shard's run as it is. */
export type PytestSessionMeasures = Pick<
  PytestResultsDocument,
  | 'sessionStart'
  | 'firstTestStart'
  | 'sessionEnd'
  | 'collectStart'
  | 'collectEnd'
  | 'collect'
  | 'fixtures'
>;

const OUTCOMES: ReadonlySet<string> = new Set<Outcome>(['passed', 'failed', 'skipped', 'error']);

export function pytestJournalPath(resultsPath: string): string {
  return `${resultsPath}.journal`;
}

/**
 * The tests a session that never wrote its results document finished (the plugin's journal, one
 * entry per line); a last line cut short by the kill is left out.
 */
export async function readPytestJournal(resultsPath: string): Promise<TestResult[]> {
  const text = await readFile(pytestJournalPath(resultsPath), 'utf8').catch(() => '');
  const results: unknown[] = [];
  for (const line of text.split('\n')) {
    try {
      if (line.trim() !== '') results.push(JSON.parse(line));
    } catch {
      // A line cut short by the kill.
    }
  }
  try {
    return parsePytestResults(
      JSON.stringify({ version: 1, results }),
      pytestJournalPath(resultsPath),
    ).results;
  } catch {
    return [];
  }
}

/** Reads the plugin's results document; null when pytest never wrote one. */
export async function readPytestResults(file: string): Promise<PytestResultsDocument | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return parsePytestResults(text, file);
}

/** Parses and checks the plugin's results document. Timestamps become epoch milliseconds. */
export function parsePytestResults(text: string, source = 'pytest results'): PytestResultsDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON (${(err as Error).message})`);
  }
  const doc = raw as Record<string, unknown>;
  if (typeof doc !== 'object' || doc === null || doc['version'] !== 1) {
    throw new Error(`${source}: not an evenshard pytest results document (version 1)`);
  }
  if (!Array.isArray(doc['results'])) throw new Error(`${source}: "results" is not a list`);
  const byId = new Map<string, TestResult>();
  for (const entry of doc['results'] as unknown[]) {
    const e = entry as Record<string, unknown>;
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e['id'] !== 'string' ||
      typeof e['outcome'] !== 'string' ||
      !OUTCOMES.has(e['outcome']) ||
      typeof e['seconds'] !== 'number' ||
      !Number.isFinite(e['seconds'])
    ) {
      throw new Error(`${source}: malformed result ${JSON.stringify(entry)}`);
    }
    const result: TestResult = {
      id: canonicalPytestId(e['id']),
      seconds: Math.max(0, e['seconds']),
      outcome: e['outcome'] as Outcome,
    };
    if (typeof e['message'] === 'string' && e['message'] !== '') result.message = e['message'];
    const shared = e['fixtureSeconds'];
    if (typeof shared === 'number' && Number.isFinite(shared) && shared > 0) {
      result.fixtureSeconds = Math.min(shared, result.seconds);
    }
    const attempts = e['attempts'];
    if (
      Array.isArray(attempts) &&
      attempts.length > 1 &&
      attempts.every((a) => typeof a === 'string' && OUTCOMES.has(a))
    ) {
      // The final outcome decides; the plugin appends it, so the last attempt equals it.
      result.attempts = [...(attempts as Outcome[]).slice(0, -1), result.outcome];
    }
    byId.set(result.id, result);
  }
  const results = [...byId.values()].sort((a, b) => compareCodeUnits(a.id, b.id));
  return {
    version: 1,
    pytestVersion: String(doc['pytestVersion'] ?? ''),
    exitStatus: typeof doc['exitStatus'] === 'number' ? doc['exitStatus'] : -1,
    finished: doc['finished'] === true,
    ...(typeof doc['stopped'] === 'string' && doc['stopped'] !== ''
      ? { stopped: doc['stopped'] }
      : {}),
    ...(typeof doc['fatal'] === 'string' && doc['fatal'] !== '' ? { fatal: doc['fatal'] } : {}),
    sessionStart: epochMs(doc['sessionStart']),
    firstTestStart: epochMs(doc['firstTestStart']),
    sessionEnd: epochMs(doc['sessionEnd']),
    collectStart: epochMs(doc['collectStart']),
    collectEnd: epochMs(doc['collectEnd']),
    collect: collectSeconds(doc['collect']),
    fixtures: fixtureCosts(doc['fixtures']),
    results,
  };
}

/** The plugin's per-file collection seconds; anything malformed is left out (costs are advisory). */
function collectSeconds(value: unknown): Record<string, number> {
  const out = emptyRecord<number>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [file, seconds] of Object.entries(value as Record<string, unknown>)) {
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) {
      out[canonicalPytestId(file)] = seconds;
    }
  }
  return out;
}

const SHARED_SCOPES: ReadonlySet<string> = new Set(['module', 'class', 'package', 'session']);

function fixtureCosts(value: unknown): FixtureCost[] {
  if (!Array.isArray(value)) return [];
  const out: FixtureCost[] = [];
  for (const raw of value as unknown[]) {
    const f = raw as Record<string, unknown>;
    if (
      typeof f === 'object' &&
      f !== null &&
      typeof f['name'] === 'string' &&
      typeof f['scope'] === 'string' &&
      SHARED_SCOPES.has(f['scope']) &&
      typeof f['node'] === 'string' &&
      typeof f['seconds'] === 'number' &&
      Number.isFinite(f['seconds']) &&
      f['seconds'] >= 0
    ) {
      out.push({
        name: f['name'],
        scope: f['scope'] as FixtureCost['scope'],
        node: f['node'] === '' ? '' : canonicalPytestId(f['node']),
        seconds: f['seconds'],
      });
    }
  }
  return out;
}

/**
 * A pytest node id as a canonical test id: the file part in POSIX form without `./`. Only the
 * file part changes: parameter ids may legitimately contain backslashes.
 */
export function canonicalPytestId(nodeid: string): string {
  const cut = nodeid.indexOf('::');
  const file = cut === -1 ? nodeid : nodeid.slice(0, cut);
  const rest = cut === -1 ? '' : nodeid.slice(cut);
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '') + rest;
}

function epochMs(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;
}
