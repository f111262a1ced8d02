/** Attempts within a run and across re-run attempts, and the quarantine list. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  combineRunAttempts,
  describeAttempts,
  flakyResults,
  isFlaky,
  rerunSkips,
  resultsByRunAttempt,
} from '../../src/core/attempts.js';
import { parseQuarantine, QuarantineError, splitQuarantined } from '../../src/core/quarantine.js';
import type { TestResult } from '../../src/core/shardResult.js';
import type { Outcome } from '../../src/core/types.js';

const r = (id: string, outcome: Outcome, extra: Partial<TestResult> = {}): TestResult => ({
  id,
  seconds: 0.1,
  outcome,
  ...extra,
});

describe('flaky within a run', () => {
  it('is flaky when a failed attempt is followed by a pass; the last attempt decides', () => {
    expect(isFlaky(r('a', 'passed', { attempts: ['failed', 'passed'] }))).toBe(true);
    expect(isFlaky(r('a', 'passed', { attempts: ['error', 'failed', 'passed'] }))).toBe(true);
    expect(isFlaky(r('a', 'failed', { attempts: ['failed', 'failed'] }))).toBe(false);
    expect(isFlaky(r('a', 'failed', { attempts: ['passed', 'failed'] }))).toBe(false);
    expect(isFlaky(r('a', 'passed'))).toBe(false);
    expect(describeAttempts(r('a', 'passed', { attempts: ['failed', 'passed'] }))).toBe(
      'failed → passed',
    );
    expect(
      flakyResults([r('b', 'passed', { attempts: ['failed', 'passed'] }), r('a', 'passed')]),
    ).toHaveLength(1);
  });
});

describe('re-run attempts', () => {
  const first = [
    r('t/a.py::ok', 'passed'),
    r('t/a.py::skip', 'skipped'),
    r('t/a.py::bad', 'failed', { message: 'boom' }),
    r('t/b.py', 'error', { message: 'ImportError' }),
  ];

  it('skips only what passed or skipped', () => {
    expect(rerunSkips(first)).toEqual(['t/a.py::ok', 't/a.py::skip']);
  });

  it('combines: re-run results supersede and keep every attempt, the rest is carried', () => {
    const second = [
      r('t/a.py::bad', 'passed'),
      r('t/b.py::x', 'passed'),
      r('t/new.py::n', 'failed'),
    ];
    const combined = combineRunAttempts(first, second, 2);
    expect(combined.map((x) => x.id)).toEqual([
      't/a.py::bad',
      't/a.py::ok',
      't/a.py::skip',
      't/b.py',
      't/b.py::x',
      't/new.py::n',
    ]);
    const bad = combined.find((x) => x.id === 't/a.py::bad')!;
    expect(bad).toMatchObject({
      outcome: 'passed',
      attempts: ['failed', 'passed'],
      runAttempt: 2,
      message: 'boom',
    });
    expect(isFlaky(bad)).toBe(true);
    expect(combined.find((x) => x.id === 't/a.py::ok')!.runAttempt).toBeUndefined();
    expect(resultsByRunAttempt(combined)).toEqual([
      { attempt: 1, count: 3 },
      { attempt: 2, count: 3 },
    ]);
  });

  it('a third attempt keeps the attempt each carried result came from', () => {
    const second = combineRunAttempts(first, [r('t/a.py::bad', 'failed')], 2);
    const third = combineRunAttempts(second, [r('t/a.py::bad', 'passed')], 3);
    const bad = third.find((x) => x.id === 't/a.py::bad')!;
    expect(bad.attempts).toEqual(['failed', 'failed', 'passed']);
    expect(bad.runAttempt).toBe(3);
    expect(third.find((x) => x.id === 't/a.py::ok')!.runAttempt).toBeUndefined();
  });

  it('property: every id once, the final outcome is the latest attempt, attempts only grow', () => {
    const outcome = fc.constantFrom<Outcome>('passed', 'failed', 'skipped', 'error');
    const results = fc.uniqueArray(
      fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), outcome }),
      { selector: (x) => x.id },
    );
    fc.assert(
      fc.property(results, results, (prev, cur) => {
        const before = prev.map((x) => r(x.id, x.outcome));
        const now = cur.map((x) => r(x.id, x.outcome));
        const combined = combineRunAttempts(before, now, 2);
        const ids = combined.map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set([...prev, ...cur].map((x) => x.id)));
        for (const c of combined) {
          const latest = now.find((x) => x.id === c.id) ?? before.find((x) => x.id === c.id)!;
          expect(c.outcome).toBe(latest.outcome);
          const ranTwice = now.some((x) => x.id === c.id) && before.some((x) => x.id === c.id);
          expect(c.attempts?.length ?? 1).toBe(ranTwice ? 2 : 1);
        }
      }),
    );
  });
});

describe('quarantine', () => {
  it('parses ids and file paths, ignoring comments and blank lines', () => {
    const q = parseQuarantine(
      '# known flaky\n./tests/a.py::test_x  # ticket 12\n\ntests\\b.py\ntests/c.py::T::y[p#1]\n',
      'quarantine.txt',
    );
    expect(q.ids).toEqual(['tests/a.py::test_x', 'tests/b.py', 'tests/c.py::T::y[p#1]']);
  });

  it('rejects control characters with the line number', () => {
    expect(() => parseQuarantine('ok\nbad\u0007id\n', 'q.txt')).toThrow(QuarantineError);
    expect(() => parseQuarantine('ok\nbad\u0007id\n', 'q.txt')).toThrow(/q\.txt:2/);
  });

  it('excuses only failures of listed tests (or tests of a listed file)', () => {
    const q = parseQuarantine('tests/a.py::test_x\ntests/b.py\n', 'q');
    const split = splitQuarantined(
      [
        r('tests/a.py::test_x', 'failed'),
        r('tests/a.py::test_y', 'failed'),
        r('tests/b.py::z', 'error'),
        r('tests/b.py::w', 'passed'),
      ],
      q,
    );
    expect(split.quarantined.map((x) => x.id)).toEqual(['tests/a.py::test_x', 'tests/b.py::z']);
    expect(split.failing.map((x) => x.id)).toEqual(['tests/a.py::test_y']);
    expect(splitQuarantined([r('tests/a.py::test_x', 'failed')], undefined).failing).toHaveLength(
      1,
    );
  });
});
