/**
 * The soak's checker (scripts/soak-check.mjs) must catch what the soak exists to find: a test
 * lost or run twice and not named, a test named that did run once, a merge that passes over a
 * loss. Each case plants one and expects a mismatch; the honest outcomes must not be one.
 */
import { describe, expect, it } from 'vitest';
import {
  checkMerge,
  effectiveRuns,
  parseRecord,
  type MergeJson,
  type RecordedRun,
} from '../scripts/soak-check.mjs';

const suite = ['tests/a.py::test_1', 'tests/a.py::test_2', 'tests/b.py::test_3'];
const ran = (...ids: string[]): RecordedRun[] => ids.map((id) => ({ id, outcome: 'P' }));
const report = (over: Partial<MergeJson> = {}): MergeJson => ({
  passed: false,
  lost: [],
  duplicated: [],
  ...over,
});
const lost = (id: string) => ({ id, file: id.split('::')[0]! });

describe('the soak checker', () => {
  it('accepts a pass where the recorder saw every test once', () => {
    const check = checkMerge({
      suite,
      runs: ran(...suite),
      exitCode: 0,
      report: report({ passed: true }),
    });
    expect(check).toMatchObject({ verdict: 'pass', problems: [] });
  });

  it('accepts a failure that names exactly the lost and the duplicated tests', () => {
    const check = checkMerge({
      suite,
      runs: ran('tests/a.py::test_1', 'tests/a.py::test_1'),
      exitCode: 1,
      report: report({
        lost: [lost('tests/a.py::test_2'), { id: 'tests/b.py', file: 'tests/b.py' }],
        duplicated: [{ id: 'tests/a.py::test_1' }],
      }),
    });
    expect(check.problems).toEqual([]);
    expect(check.verdict).toBe('fail-named');
    expect(check.wholeFiles).toBe(1);
    expect(check.notOnce).toEqual(suite);
  });

  it('catches a planted loss the merge passed over', () => {
    const check = checkMerge({
      suite,
      runs: ran('tests/a.py::test_1', 'tests/b.py::test_3'),
      exitCode: 0,
      report: report({ passed: true }),
    });
    expect(check.verdict).toBe('mismatch');
    expect(check.problems.join('\n')).toContain('not named: tests/a.py::test_2');
  });

  it('catches a planted duplicate the merge did not name', () => {
    const check = checkMerge({
      suite,
      runs: ran(...suite, 'tests/b.py::test_3'),
      exitCode: 1,
      report: report({ lost: [] }),
    });
    expect(check.verdict).toBe('mismatch');
    expect(check.problems.join('\n')).toContain('not named: tests/b.py::test_3');
  });

  it('catches a test named lost that ran exactly once (a false alarm)', () => {
    const check = checkMerge({
      suite,
      runs: ran('tests/a.py::test_1', 'tests/a.py::test_2'),
      exitCode: 1,
      report: report({ lost: [lost('tests/a.py::test_2'), lost('tests/b.py::test_3')] }),
    });
    expect(check.verdict).toBe('mismatch');
    expect(check.problems).toEqual(['named but ran exactly once: tests/a.py::test_2']);
  });

  it('a failure with nothing to name needs a failing test; a passing merge needs none', () => {
    const clean = { suite, runs: ran(...suite) };
    expect(checkMerge({ ...clean, exitCode: 1, report: report() }).verdict).toBe('mismatch');
    const failing = [...ran(...suite.slice(1)), { id: suite[0]!, outcome: 'F' as const }];
    expect(checkMerge({ suite, runs: failing, exitCode: 1, report: report() }).verdict).toBe(
      'fail-named',
    );
    expect(
      checkMerge({ suite, runs: failing, exitCode: 0, report: report({ passed: true }) }).verdict,
    ).toBe('mismatch');
  });

  it('a merge without a JSON report, or a usage error, is a mismatch', () => {
    expect(checkMerge({ suite, runs: ran(...suite), exitCode: 2, report: null }).verdict).toBe(
      'mismatch',
    );
  });

  it('a whole re-run replaces the attempt before it; rerun: failed keeps its passed tests', () => {
    const first = parseRecord('tests/a.py::test_1\tP\ntests/a.py::test_2\tF\n');
    expect(first).toEqual([
      { id: 'tests/a.py::test_1', outcome: 'P' },
      { id: 'tests/a.py::test_2', outcome: 'F' },
    ]);
    const second = ran('tests/a.py::test_2');
    expect(
      effectiveRuns([
        { entries: first, rerunFailed: false },
        { entries: second, rerunFailed: false },
      ]),
    ).toEqual(second);
    expect(
      effectiveRuns([
        { entries: first, rerunFailed: false },
        { entries: second, rerunFailed: true },
      ]).map((r) => r.id),
    ).toEqual(['tests/a.py::test_1', 'tests/a.py::test_2']);
  });
});
