/** The failed-test table both summaries show: one row per failed or erroring test, by id. */
import { compareCodeUnits } from '../core/order.js';
import type { TestResult } from '../core/shardResult.js';
import type { RowList } from './budget.js';
import { formatCount } from './format.js';
import { codeText, messageText, moreLine, TABLE_CLOSE, tableOpen } from './markup.js';

/** A failed test; `shard` where it ran, for the merge summary's Shard column. */
export type FailedTest = Pick<TestResult, 'id' | 'outcome' | 'message'> & { shard?: number };

export function failedTestsHeading(count: number): string {
  return count === 1 ? '#### Failed test' : `#### Failed tests (${formatCount(count)})`;
}

/**
 * The rows, sorted by id (then shard) so the failures of one file sit together and the order is
 * the same every run. `shardColumn` adds where each ran; `hint` says where the full list is.
 */
export function failedTestRows(
  failures: readonly FailedTest[],
  options: { limit: number; shardColumn: boolean; hint: string },
): RowList {
  const sorted = [...failures].sort(
    (a, b) => compareCodeUnits(a.id, b.id) || (a.shard ?? 0) - (b.shard ?? 0),
  );
  return {
    total: sorted.length,
    limit: options.limit,
    row: (i) => {
      const test = sorted[i]!;
      const label = test.outcome === 'error' ? ' <sub>(error)</sub>' : '';
      const shard = options.shardColumn ? `<td align="right">${test.shard ?? '?'}</td>` : '';
      return `<tr><td>${codeText(test.id)}${label}</td>${shard}<td>${messageText(test.message)}</td></tr>`;
    },
    open: options.shardColumn
      ? tableOpen(['Test', 'Shard', 'Message (first line)'], [1])
      : tableOpen(['Test', 'Message (first line)']),
    close: TABLE_CLOSE,
    more: (omitted, shown) => moreLine(omitted, shown, 'failed test', 'failed tests', options.hint),
  };
}
