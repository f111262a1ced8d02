/**
 * The merge summary's coverage section: the combined total against its threshold, then the files
 * a pull request changes (or, outside one, the least covered files).
 */
import { compareCodeUnits } from '../../core/order.js';
import { belowThreshold } from '../../core/verdict.js';
import type { Block } from '../budget.js';
import { formatCount, plural } from '../format.js';
import { codeText, moreLine, TABLE_CLOSE, tableOpen } from '../markup.js';
import type { CoverageFile, MergeSummaryInput } from '../mergeSummary.js';
import { allShards } from './shardNames.js';

const MAX_COVERAGE_FILES = 50;
const LEAST_COVERED_FILES = 5;

export function renderCoverage(input: MergeSummaryInput): Block[] {
  const coverage = input.coverage;
  if (coverage === undefined || 'error' in coverage) return [];
  const threshold =
    coverage.failUnder === undefined
      ? ''
      : belowThreshold(coverage)
        ? ` · ❌ below the required ${formatThreshold(coverage.failUnder)}`
        : ` · required ${formatThreshold(coverage.failUnder)} ✅`;
  const blocks: Block[] = [
    { kind: 'essential', text: '#### Coverage' },
    {
      kind: 'essential',
      text:
        `<p><b>${formatCoverage(coverage.totalPercent)}</b> combined over ` +
        `${allShards(input.report.shards)}${threshold}</p>`,
    },
  ];

  const files = coverage.files.filter((f) => Number.isFinite(f.percent));
  let shown: CoverageFile[];
  let caption: string;
  if (coverage.changedFiles !== undefined) {
    const changed = new Set(coverage.changedFiles.map(normalizePath));
    shown = files.filter((f) => changed.has(normalizePath(f.path)));
    const unmeasured = changed.size - shown.length;
    if (shown.length === 0) {
      blocks.push({
        kind: 'optional',
        text:
          changed.size === 0
            ? '<p>This pull request changes no files.</p>'
            : `<p>None of the ${plural(changed.size, 'changed file has', 'changed files have')} coverage data ` +
              `(not code, or not measured).</p>`,
      });
      return blocks;
    }
    caption =
      `<p>Files this pull request changes, least covered first` +
      (unmeasured > 0
        ? ` (${plural(unmeasured, 'other changed file has', 'other changed files have')} no coverage data)`
        : '') +
      ':</p>';
  } else {
    shown = files.filter((f) => f.total > 0);
    if (shown.length === 0) return blocks;
    caption = '<p>Least covered files:</p>';
  }
  shown.sort((a, b) => a.percent - b.percent || compareCodeUnits(a.path, b.path));
  const limit = coverage.changedFiles !== undefined ? MAX_COVERAGE_FILES : LEAST_COVERED_FILES;
  blocks.push({ kind: 'optional', text: caption });
  blocks.push({
    kind: 'list',
    list: {
      total: coverage.changedFiles !== undefined ? shown.length : Math.min(shown.length, limit),
      limit,
      row: (i) => {
        const f = shown[i]!;
        return (
          `<tr><td>${codeText(f.path)}</td><td align="right">${formatCoverage(f.percent)}</td>` +
          `<td align="right">${formatCount(f.covered)} / ${formatCount(f.total)}</td></tr>`
        );
      },
      open: tableOpen(['File', 'Covered', 'Lines'], [1, 2]),
      close: TABLE_CLOSE,
      more: (omitted, shown) =>
        moreLine(omitted, shown, 'changed file', 'changed files', 'the coverage report has them'),
    },
  });
  return blocks;
}

/**
 * One decimal, rounded down: 84.96 must not read "85.0%" next to a failed 85% threshold.
 * The small epsilon keeps 87.3 (stored as 87.29999…) from showing as 87.2.
 */
export function formatCoverage(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  return `${(Math.floor(percent * 10 + 1e-6) / 10).toFixed(1)}%`;
}

export function formatThreshold(percent: number): string {
  return `${Math.round(percent * 100) / 100}%`;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
