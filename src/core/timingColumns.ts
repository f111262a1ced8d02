/** Timings and estimates as columns (side by side) and as one object per test. */
import type { EstimatedColumns, EstimatedTest, TimingColumns, TimingEntry } from './types.js';

/** Columns as entries, one object per test: for callers that want them. */
export function timingEntries({ ids, seconds }: TimingColumns): TimingEntry[] {
  const entries = new Array<TimingEntry>(ids.length);
  for (let i = 0; i < ids.length; i++) entries[i] = { id: ids[i]!, seconds: seconds[i]! };
  return entries;
}

/** Entries as columns (their order kept). */
export function timingColumns(entries: readonly TimingEntry[]): TimingColumns {
  return { ids: entries.map((e) => e.id), seconds: entries.map((e) => e.seconds) };
}

/** Estimates as columns (their order kept). */
export function estimatedColumns(tests: readonly EstimatedTest[]): EstimatedColumns {
  return {
    ids: tests.map((t) => t.id),
    files: tests.map((t) => t.file),
    seconds: tests.map((t) => t.seconds),
  };
}
