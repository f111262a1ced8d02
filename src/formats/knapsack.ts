/**
 * Knapsack reports: the knapsack gem's `knapsack_*_report.json` (`{"spec/a_spec.rb": 1.23}`) and
 * Knapsack Pro's list of test files (`[{"path": "spec/a_spec.rb", "time_execution": 1.23}]`, as
 * its queue mode writes them under tmp/knapsack_pro/queue/). Ids are files; an RSpec example id
 * that Knapsack Pro writes when it splits a file by examples (`spec/a_spec.rb[1:2]`) becomes
 * `spec/a_spec.rb::[1:2]`, so that its file part stays the file.
 */
import { makeTestId, normalizePath } from '../core/identity.js';
import { sortByCodeUnits } from '../core/order.js';
import type { TestId, TimingEntry } from '../core/types.js';
import { TimingFormatError } from './errors.js';

const EXAMPLE_ID = /^(.+?)(\[\d+(?::\d+)*(?:,\d+(?::\d+)*)*\])$/;

function idOfPath(path: string): TestId {
  const example = EXAMPLE_ID.exec(path);
  if (example) return makeTestId(normalizePath(example[1]!), [example[2]!]);
  return normalizePath(path);
}

function checkedSeconds(path: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TimingFormatError(
      `Knapsack report: ${JSON.stringify(path)} has time ${JSON.stringify(value) ?? String(value)}; expected a finite number of seconds >= 0`,
    );
  }
  return value;
}

/** Entries sorted by id; a path listed twice keeps its last time. */
export function parseKnapsackReport(text: string): TimingEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TimingFormatError(`Knapsack report is not valid JSON: ${(error as Error).message}`);
  }
  return knapsackReportFromJson(value);
}

/** The same, from already parsed JSON (the format detector parses once). */
export function knapsackReportFromJson(value: unknown): TimingEntry[] {
  const byId = new Map<TestId, number>();
  if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      const file =
        typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
      if (typeof file.path !== 'string') {
        throw new TimingFormatError(
          `Knapsack Pro report: item ${i} is ${JSON.stringify(item)}; expected {"path": "...", "time_execution": seconds}`,
        );
      }
      byId.set(idOfPath(file.path), checkedSeconds(file.path, file.time_execution));
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [path, seconds] of Object.entries(value)) {
      byId.set(idOfPath(path), checkedSeconds(path, seconds));
    }
  } else {
    throw new TimingFormatError(
      'Knapsack report: expected a JSON object of {"test file": seconds} or a list of {"path", "time_execution"} objects',
    );
  }
  return sortByCodeUnits(
    [...byId].map(([id, seconds]) => ({ id, seconds })),
    (entry) => entry.id,
  );
}
