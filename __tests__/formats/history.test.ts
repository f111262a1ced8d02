import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyCostHistory,
  HISTORY_SCHEMA,
  historyToTimings,
  serializeHistory,
  type History,
} from '../../src/core/history.js';
import { compareCodeUnits } from '../../src/core/order.js';
import { parseTimingText } from '../../src/formats/detect.js';
import { parseHistoryText, scanHistoryText } from '../../src/formats/history.js';

/** What the JSON.parse path gives: the header and the planning estimates, or the error it throws. */
function viaJsonParse(text: string): unknown {
  try {
    const { tests, ...header } = parseHistoryText(text);
    const entries = historyToTimings({ ...header, tests });
    return { header, ids: entries.map((e) => e.id), seconds: entries.map((e) => e.seconds) };
  } catch (error) {
    return String(error);
  }
}

/** What the scanner gives, or undefined when it leaves the text to JSON.parse. */
function viaScan(text: string): unknown {
  try {
    const scanned = scanHistoryText(text);
    return scanned && { header: scanned.header, ...scanned.columns };
  } catch (error) {
    return String(error);
  }
}

/** Ids and file names are untrusted: Object.prototype's member names are ordinary keys. */
const prototypeName = fc.constantFrom(
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
);
const id = fc.oneof(
  fc.constantFrom('a.py::t', 'a.py::t2', 'a.py2::t', 'b.py::x[1-2]', 'c.py::T::u', 'tests'),
  prototypeName,
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => `t.py::${s}`),
  fc.string({ maxLength: 5 }).map((s) => `u.py::${s}`),
);
const seconds = fc.double({ min: 0, max: 1e4, noNaN: true });
const samples = fc.array(seconds, { maxLength: 5 });
const history: fc.Arbitrary<History> = fc
  .record({
    run: fc.nat(1000),
    tests: fc.dictionary(
      id,
      fc.record(
        { s: samples, seen: fc.nat(1000), o: fc.stringMatching(/^[PFR]{1,6}$/) },
        { requiredKeys: ['s', 'seen'] },
      ),
      { maxKeys: 12 },
    ),
    overhead: fc.array(seconds, { maxLength: 3 }),
    suite: fc.option(fc.array(seconds, { minLength: 1, maxLength: 3 }), { nil: undefined }),
    fixed: fc.array(seconds, { maxLength: 3 }),
    collect: fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 6 }).map((s) => `${s}.py`),
        prototypeName,
      ),
      fc.record({ s: samples, seen: fc.nat(100) }),
      { maxKeys: 4 },
    ),
    keepWhole: fc.array(fc.constantFrom('a.py', 'tests', 'x "y".py'), { maxLength: 2 }),
  })
  .map(({ run, tests, overhead, suite, fixed, collect, keepWhole }) => ({
    schema: HISTORY_SCHEMA,
    run,
    updatedAt: '2026-12-06T00:00:00Z',
    tests,
    overhead,
    costs: { ...emptyCostHistory(), fixed, collect },
    ...(suite ? { suite } : {}),
    ...(keepWhole.length ? { keepWhole } : {}),
  }));

describe('parseHistoryText', () => {
  it('reads back every history serializeHistory writes, and writes it again byte for byte', () => {
    fc.assert(
      fc.property(history, (h) => {
        const text = serializeHistory(h);
        const parsed = parseHistoryText(text);
        expect(Object.keys(parsed.tests)).toEqual(Object.keys(h.tests).sort(compareCodeUnits));
        expect(Object.keys(parsed.costs.collect).sort()).toEqual(
          Object.keys(h.costs.collect).sort(),
        );
        expect(parsed).toEqual(h);
        expect(serializeHistory(parsed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scanHistoryText (reading a history without an object per test)', () => {
  it('reads every history evenshard writes, exactly as JSON.parse and validation read it', () => {
    fc.assert(
      fc.property(history, (h) => {
        const text = serializeHistory(h);
        const scanned = viaScan(text);
        expect(scanned).toBeDefined();
        expect(scanned).toEqual(viaJsonParse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a history of 10,000 tests as JSON.parse does (samples are parsed a few thousand tests at a time)', () => {
    const h: History = {
      schema: HISTORY_SCHEMA,
      run: 1,
      updatedAt: '',
      tests: {},
      overhead: [],
      costs: emptyCostHistory(),
    };
    for (let i = 0; i < 10_000; i++) {
      // 0 to 5 samples per test, so every batch of tests holds a different number of samples.
      const s = Array.from({ length: i % 6 }, (_, k) => ((i * 7 + k * 13) % 997) / 100);
      h.tests[`t${String(i).padStart(5, '0')}.py::t`] = { s, seen: 1 };
    }
    const text = serializeHistory(h);
    const scanned = viaScan(text) as { ids: string[]; seconds: number[] } | undefined;
    expect(scanned?.ids).toHaveLength(10_000 - Math.ceil(10_000 / 6));
    expect(scanned).toEqual(viaJsonParse(text));
  });

  it('gives what JSON.parse gives, or leaves the text to it, whatever was done to the text', () => {
    // Edits a user, a merge tool or a truncated download could make to a written history.
    const edit = fc.oneof(
      fc.constant((t: string) => JSON.stringify(JSON.parse(t))),
      fc.constant((t: string) => JSON.stringify(JSON.parse(t), null, 2)),
      fc.constant((t: string) => t.replace(/\n}\n$/, ',\n  "extra": 1\n}\n')),
      fc.constant((t: string) => t.replace('"schema": ', '"schemata": ')),
      fc.constant((t: string) => t.replace('"run": ', '"run": -')),
      fc.constant((t: string) => t.replace('"s": [', '"s": [-1, ')),
      fc.constant((t: string) => t.replace('"s": [', '"s": [1e999, ')),
      fc.constant((t: string) => t.replace('"seen": ', '"seen": "')),
      fc.constant((t: string) => t.replace(/"o": "[PFR]+"/, '"o": "x"')),
      fc.constant((t: string) => t.replace('{\n', '{\n  "costs": {\n  "tests": {}},\n')),
      fc.constant((t: string) => t.replace('{\n', '{ ,\n')),
      fc.constant((t: string) => t.replace(',\n  "tests"', '\n  "tests"')),
      fc.constant((t: string) =>
        t.replace(/\n {4}("[^\n]*),\n {4}("[^\n]*)\n/, '\n    $2,\n    $1\n'),
      ),
      fc.constant((t: string) => t.slice(0, -4)),
      fc.integer({ min: 0, max: 400 }).map((at) => (t: string) => t.slice(0, at) + t.slice(at + 1)),
    );
    fc.assert(
      fc.property(history, fc.array(edit, { minLength: 1, maxLength: 2 }), (h, edits) => {
        let text = serializeHistory(h);
        try {
          for (const e of edits) text = e(text);
        } catch {
          return; // An edit that needs valid JSON, after one that broke it.
        }
        const scanned = viaScan(text);
        if (scanned !== undefined) expect(scanned).toEqual(viaJsonParse(text));
      }),
      { numRuns: 600 },
    );
  });

  it('leaves to JSON.parse the texts it does not read exactly', () => {
    const written = serializeHistory({
      schema: HISTORY_SCHEMA,
      run: 3,
      updatedAt: '',
      tests: { 'a.py::t': { s: [1, 2, 3], seen: 3 }, 'b.py::u': { s: [], seen: 2, o: 'F' } },
      overhead: [],
      costs: emptyCostHistory(),
    });
    expect(scanHistoryText(written)).toEqual({
      header: expect.objectContaining({ run: 3 }) as unknown,
      // b.py::u has outcomes only: no duration to plan with, as historyToTimings says.
      columns: { ids: ['a.py::t'], seconds: [2] },
    });
    for (const other of [
      JSON.stringify(JSON.parse(written)), // no line for the tests' start
      written.replace('"a.py::t"', '"c.py::t"'), // out of id order
      written.replace('"schema"', '"schemaX"'), // not recognisably a history
      written.replace('"seen": 3', '"seen": 3, "x": 1'), // a member the scanner does not know
      written.replace('[1,2,3]', '[1,2,-3]'), // not a duration: JSON.parse's path says so
      written.replace(/}\n$/, '} x'), // not JSON
      // No comma before the tests: not JSON, though the members before them would close into it.
      `{\n  "schema": "${HISTORY_SCHEMA}",\n  "run": 15\n  "tests": {\n    "a.py::t": {"s": [1], "seen": 1}\n  }\n}\n`,
    ]) {
      expect(scanHistoryText(other), other).toBeUndefined();
    }
  });

  it('feeds the format detector: columns for the planner, the header for its cost model', () => {
    const h: History = {
      schema: HISTORY_SCHEMA,
      run: 7,
      updatedAt: '',
      tests: { 'a.py::t': { s: [2, 1], seen: 7 }, 'a.py::u': { s: [0.5], seen: 7 } },
      overhead: [9],
      costs: { ...emptyCostHistory(), fixed: [4] },
      keepWhole: ['a.py'],
    };
    const parsed = parseTimingText(`\uFEFF${serializeHistory(h)}`);
    expect(parsed.format).toBe('evenshard-history');
    expect(parsed.columns).toEqual({ ids: ['a.py::t', 'a.py::u'], seconds: [1, 0.5] });
    expect(parsed.entries).toEqual(historyToTimings(h));
    expect(parsed.history).toMatchObject({ run: 7, overhead: [9], keepWhole: ['a.py'] });
    expect(parsed.history?.costs.fixed).toEqual([4]);
  });
});
