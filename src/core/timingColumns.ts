/** Timings as columns (ids and seconds side by side) and as one entry object per test. */
import type { TimingColumns, TimingEntry } from './types.js';

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
