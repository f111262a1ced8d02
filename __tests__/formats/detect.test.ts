import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HistoryError, rollHistory, serializeHistory } from '../../src/core/history.js';
import {
  detectTimingFormat,
  parseTimingText,
  TimingFormatError,
} from '../../src/formats/detect.js';

function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

const history = serializeHistory(
  rollHistory(
    null,
    [
      { id: 'tests/test_a.py::test_x', seconds: 1.5, outcome: 'passed' },
      { id: 'tests/test_a.py::test_y', seconds: 0.5, outcome: 'skipped' },
    ],
    [12],
    { now: '2026-11-21T00:00:00Z' },
  ),
);

describe('detectTimingFormat', () => {
  it.each([
    ['junit/pytest-xunit1.xml', 'junit'],
    ['junit/rspec-junit.xml', 'junit'],
    ['junit/surefire-TEST-com.github.teleivo.AppTest.xml', 'junit'],
    ['timings/pgmpy.test_durations', 'pytest-split'],
    ['timings/openfoodnetwork_knapsack_rspec_report.json', 'knapsack'],
  ])('%s is %s', (path, format) => {
    expect(detectTimingFormat(fixture(path))).toBe(format);
  });

  it.each([
    [history, 'evenshard-history'],
    ['{"schema": "evenshard-history/9", "run": 1, "tests": {}}', 'evenshard-history'],
    ['{"run": 3, "tests": {}}', 'evenshard-history'],
    ['[["tests/a.py::t", 1]]', 'pytest-split'],
    ['[]', 'pytest-split'],
    ['{"tests/test_a.py": 1.5, "tests/test_b.py": 2}', 'pytest-split'],
    ['{"spec/a_spec.rb": 1.5}', 'knapsack'],
    ['{}', 'knapsack'],
    ['[{"path": "spec/a_spec.rb", "time_execution": 1}]', 'knapsack'],
    ['\uFEFF  \n{"t.py::x": 1}', 'pytest-split'],
    ['\n\n<?xml version="1.0"?><testsuites/>', 'junit'],
  ])('%j is %s', (text, format) => {
    expect(detectTimingFormat(text)).toBe(format);
  });

  it.each([
    ['', /the text is empty/],
    ['   \n', /the text is empty/],
    [
      'hello',
      /expected JUnit XML, an evenshard history, a pytest-split \.test_durations or a Knapsack report; got text starting with "hello"/,
    ],
    ['42', /got text starting with "42"/],
    ['{"a.py::t": 1', /looks like JSON but is not valid/],
    ['[1, 2]', /JSON list whose first item is 1/],
  ])('refuses %j', (text, message) => {
    expect(() => detectTimingFormat(text)).toThrow(TimingFormatError);
    expect(() => detectTimingFormat(text)).toThrow(message);
  });
});

describe('parseTimingText', () => {
  it('reads JUnit with the known files and reports unmapped cases', () => {
    const known = new Set(['tests/auth/login.spec.ts', 'tests/home.spec.ts']);
    expect(parseTimingText(fixture('junit/playwright-junit.xml'), { knownFiles: known })).toEqual({
      format: 'junit',
      entries: [
        {
          id: 'tests/auth/login.spec.ts::login::fails on purpose',
          seconds: 0.007,
          outcome: 'failed',
        },
        { id: 'tests/auth/login.spec.ts::login::is skipped', seconds: 0, outcome: 'skipped' },
        {
          id: 'tests/auth/login.spec.ts::login::with password::accepts a & b < c > d',
          seconds: 0.009,
          outcome: 'passed',
        },
        { id: 'tests/auth/login.spec.ts::top-level', seconds: 0.033, outcome: 'passed' },
        { id: 'tests/home.spec.ts::home renders café ☕', seconds: 0.014, outcome: 'passed' },
      ],
      unmapped: 0,
    });
    expect(parseTimingText(fixture('junit/jest-junit-default.xml'))).toEqual({
      format: 'junit',
      entries: [],
      unmapped: 6,
    });
  });

  it('reads JUnit with a root for absolute file attributes', () => {
    const parsed = parseTimingText(fixture('junit/phpunit-junit.xml'), { root: '/tmp/es-php' });
    expect(parsed.entries.map((e) => e.id)).toContain(
      'tests/Unit/CalcTest.php::testPairs with data set #0',
    );
  });

  it('reads pytest-split and Knapsack texts', () => {
    const pytest = parseTimingText(fixture('timings/pgmpy.test_durations'));
    expect(pytest.format).toBe('pytest-split');
    expect(pytest.entries).toHaveLength(1196);
    expect(pytest.unmapped).toBe(0);
    const knapsack = parseTimingText('\uFEFF{"./spec/a_spec.rb": 3.5}');
    expect(knapsack).toEqual({
      format: 'knapsack',
      entries: [{ id: 'spec/a_spec.rb', seconds: 3.5 }],
      unmapped: 0,
    });
    expect(parseTimingText('{"tests/test_b.py": 2}').entries).toEqual([
      { id: 'tests/test_b.py', seconds: 2 },
    ]);
  });

  it('reads an evenshard history through the history module', () => {
    const parsed = parseTimingText(history);
    expect(parsed).toMatchObject({
      format: 'evenshard-history',
      entries: [
        { id: 'tests/test_a.py::test_x', seconds: 1.5 },
        { id: 'tests/test_a.py::test_y', seconds: 0.5 },
      ],
      unmapped: 0,
    });
    // And its header: the planner reads the shards' costs from it.
    expect(parsed.history).toMatchObject({ run: 1, overhead: [12] });
    expect(parsed.history?.costs).toBeDefined();
  });

  it("lets a broken history fail with the history module's error", () => {
    expect(() =>
      parseTimingText('{"schema": "evenshard-history/9", "run": 1, "tests": {}}'),
    ).toThrow(HistoryError);
    expect(() => parseTimingText('{"run": 1, "tests": {}}')).toThrow(/schema/);
  });

  it('passes format errors on as TimingFormatError', () => {
    expect(() => parseTimingText('{"a.py::t": -1}')).toThrow(TimingFormatError);
    expect(() => parseTimingText('<!DOCTYPE x><testsuites/>')).toThrow(TimingFormatError);
  });
});
