import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimingEntry } from '../../src/core/types.js';
import { parseTimingText } from '../../src/formats/detect.js';
import { TimingFormatError } from '../../src/formats/errors.js';
import {
  formatPytestDurations,
  parsePytestDurations,
  pytestDurationsFromJson,
  scanNumberObject,
} from '../../src/formats/pytestDurations.js';

const pgmpy = readFileSync(
  new URL('../fixtures/timings/pgmpy.test_durations', import.meta.url),
  'utf8',
);

describe('parsePytestDurations', () => {
  it('reads a real .test_durations', () => {
    const entries = parsePytestDurations(pgmpy);
    expect(entries).toHaveLength(1196);
    expect(entries[0]).toEqual({
      id: 'pgmpy/tests/test_base/test_DAG.py::TestDAGCreation::test_add_edge_nonstring',
      seconds: 0.0005615720001515001,
    });
    expect(
      entries.find(
        (e) => e.id === 'pgmpy/tests/test_estimators/test_PC.py::TestPCRealModels::test_pc_alarm',
      ),
    ).toEqual({
      id: 'pgmpy/tests/test_estimators/test_PC.py::TestPCRealModels::test_pc_alarm',
      seconds: 221.06903660399985,
    });
    expect(entries.reduce((sum, e) => sum + e.seconds, 0)).toBeCloseTo(530.37957, 4);
  });

  it('reads the old list-of-pairs form; a repeated id keeps its last value', () => {
    const text =
      '[["tests/test_a.py::test_x", 1.5], ["tests/test_a.py::test_y[a b]", 0.25], ["tests/test_a.py::test_x", 2]]';
    expect(parsePytestDurations(text)).toEqual([
      { id: 'tests/test_a.py::test_x', seconds: 2 },
      { id: 'tests/test_a.py::test_y[a b]', seconds: 0.25 },
    ]);
  });

  it('normalizes the file part of node ids and sorts by id', () => {
    const text = '{"b.py::t": 1, ".\\\\tests\\\\a.py::test_é[x::y]": 0.5, "./tests/a.py": 3}';
    expect(parsePytestDurations(text)).toEqual([
      { id: 'b.py::t', seconds: 1 },
      { id: 'tests/a.py', seconds: 3 },
      { id: 'tests/a.py::test_é[x::y]', seconds: 0.5 },
    ]);
  });

  it('reads ids that objects treat specially', () => {
    expect(parsePytestDurations('{"__proto__": 1, "10": 2, "constructor": 3}')).toEqual([
      { id: '10', seconds: 2 },
      { id: '__proto__', seconds: 1 },
      { id: 'constructor', seconds: 3 },
    ]);
  });

  it.each([
    ['{"t.py::a": -1}', /"t\.py::a" has duration -1; expected a finite number of seconds >= 0/],
    ['{"t.py::a": "1.5"}', /"t\.py::a" has duration "1\.5"/],
    ['{"t.py::a": null}', /"t\.py::a" has duration null/],
    ['[["t.py::a", 1e400]]', /"t\.py::a" has duration null/],
    ['{"t.py::a": NaN}', /not valid JSON/],
    ['[["t.py::a", 1, 2]]', /item 0 .*expected a \["node id", seconds\] pair/],
    ['[{"path": "t.py"}]', /item 0/],
    ['42', /expected a JSON object/],
  ])('refuses %s', (text, message) => {
    expect(() => parsePytestDurations(text)).toThrow(TimingFormatError);
    expect(() => parsePytestDurations(text)).toThrow(message);
  });
});

describe('formatPytestDurations', () => {
  it('writes real files exactly as pytest-split wrote them, plus a final newline', () => {
    expect(pgmpy.endsWith('}')).toBe(true);
    expect(formatPytestDurations(parsePytestDurations(pgmpy))).toBe(`${pgmpy}\n`);
  });

  it('matches Python json.dump(indent=4, sort_keys=True) for escapes and float syntax', () => {
    // Expected text printed by python3 -c 'json.dumps(d, indent=4, sort_keys=True)' for the same data.
    const entries: TimingEntry[] = [
      { id: 'i.py::t[\u007f"\\]', seconds: 1e22 },
      { id: 'a.py::t[é ☕]', seconds: 5.5e-5 },
      { id: 'b.py::t', seconds: 5 },
      { id: 'c.py::t', seconds: 1e16 },
      { id: 'd.py::t', seconds: 0, outcome: 'passed' },
      { id: 'e.py::t', seconds: 1e-7 },
      { id: 'f.py::t', seconds: 1.2345678901234567e17 },
      { id: 'g.py::t', seconds: 0.0001 },
      { id: 'h.py::t', seconds: 123.456 },
      { id: '__proto__', seconds: 1.5 },
      { id: '10', seconds: 2.5 },
    ];
    expect(formatPytestDurations(entries)).toBe(
      '{\n    "10": 2.5,\n    "__proto__": 1.5,\n    "a.py::t[\\u00e9 \\u2615]": 5.5e-05,\n    "b.py::t": 5.0,\n    "c.py::t": 1e+16,\n    "d.py::t": 0.0,\n    "e.py::t": 1e-07,\n    "f.py::t": 1.2345678901234566e+17,\n    "g.py::t": 0.0001,\n    "h.py::t": 123.456,\n    "i.py::t[\\u007f\\"\\\\]": 1e+22\n}\n',
    );
  });

  it('writes an empty object for no entries and keeps the last of repeated ids', () => {
    expect(formatPytestDurations([])).toBe('{}\n');
    expect(
      formatPytestDurations([
        { id: 'a.py::t', seconds: 1 },
        { id: 'a.py::t', seconds: 2 },
      ]),
    ).toBe('{\n    "a.py::t": 2.0\n}\n');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -0.5])(
    'refuses %s seconds, naming the test',
    (seconds) => {
      expect(() => formatPytestDurations([{ id: 'a.py::bad', seconds }])).toThrow(
        /"a\.py::bad" has duration/,
      );
    },
  );

  it('parse(format(x)) gives x back, sorted and without outcomes', () => {
    const segment = fc.stringMatching(/^[\w.-]{1,8}$/).filter((s) => s !== '.' && s !== '..');
    const file = fc
      .array(segment, { minLength: 1, maxLength: 3 })
      .map((parts) => `${parts.join('/')}.py`);
    const entry = fc.record({
      id: fc
        .tuple(file, fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3 }))
        .map(([f, names]) => [f, ...names].join('::')),
      seconds: fc.double({ min: 0, max: 1e6, noNaN: true }).map(Math.abs),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.id, maxLength: 30 }), (entries) => {
        const expected = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        expect(parsePytestDurations(formatPytestDurations(entries))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scanNumberObject (reading .test_durations without JSON.parse)', () => {
  /** What the JSON.parse path gives: entries, or the error it throws. */
  const viaJsonParse = (text: string) => {
    try {
      return pytestDurationsFromJson(JSON.parse(text));
    } catch (error) {
      return String(error);
    }
  };
  const viaParse = (text: string) => {
    try {
      return parsePytestDurations(text);
    } catch (error) {
      return String(error);
    }
  };

  it('gives exactly what JSON.parse gives, for any object of numbers in any layout', () => {
    // Ids that need normalizing, repeat, sort oddly, are array indices or need escapes.
    const key = fc.oneof(
      // A file name that is a prefix of another (`a.py`, `a.py2`) orders its file differently from its ids.
      fc.constantFrom('a.py::t', 'a.py::t2', './a.py::t', 'a\\b.py::x', '10', '__proto__', 'b.py'),
      fc.constantFrom('a.py', 'a.py2::t', 'a.py-::t', 'a.py::', 'a.py:::t', 'a.py::t::u'),
      fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => `t.py::${s}`),
      fc.string({ maxLength: 4 }),
    );
    const number = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => JSON.stringify(x)),
      fc.constantFrom('0', '-0', '1e3', '2E-2', '1.50', '1e999', '-1', '0.1e+1'),
    );
    const space = fc.constantFrom('', ' ', '\n    ', '\t', '\r\n');
    const text = fc
      .tuple(fc.array(fc.tuple(key, number, space), { maxLength: 12 }), space)
      .map(
        ([members, end]) =>
          `${end}{${members.map(([k, n, s]) => `${s}${JSON.stringify(k)}${s}:${s}${n}`).join(',')}${end}}${end}`,
      );
    fc.assert(
      fc.property(text, (t) => {
        const expected = viaJsonParse(t);
        expect(viaParse(t)).toEqual(expected);
        const keys = Object.keys(JSON.parse(t) as object);
        if (keys.some((k) => k.includes('::') || k.endsWith('.py'))) {
          // The format detector takes the same fast path.
          let detected: unknown;
          try {
            detected = parseTimingText(t).entries;
          } catch (error) {
            detected = String(error);
          }
          expect(detected).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads every decimal as Number() does, short or long', () => {
    const decimal = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^(0|[1-9][0-9]{0,17})$/),
        fc.option(fc.stringMatching(/^[0-9]{1,18}$/), { nil: undefined }),
      )
      .map(
        ([minus, whole, fraction]) =>
          `${minus ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`,
      );
    fc.assert(
      fc.property(fc.array(decimal, { minLength: 1, maxLength: 8 }), (numbers) => {
        const text = `{${numbers.map((n, i) => `"t.py::${i}": ${n}`).join(', ')}}`;
        expect(scanNumberObject(text)?.values).toEqual(numbers.map(Number));
      }),
      { numRuns: 1000 },
    );
  });

  it('reads numbers and escapes as JSON does, and leaves everything else to JSON.parse', () => {
    const text = '{"t.py::\\u00e9\\"q\\n": -0, "u.py": 1.5e-3 }\n';
    expect(scanNumberObject(text)).toEqual({ keys: ['t.py::é"q\n', 'u.py'], values: [-0, 0.0015] });
    for (const other of [
      '{}',
      '{"a": 1,}',
      '{"a": 01}',
      '{"a": .5}',
      '{"a": 1} x',
      '{"a": "1"}',
      '{"a\u0001": 1}',
      '{"a": 1}\u00a0',
      '[["a.py::t", 1]]',
      '{"a": {"b": 1}}',
    ]) {
      expect(scanNumberObject(other), other).toBeUndefined();
    }
  });
});
