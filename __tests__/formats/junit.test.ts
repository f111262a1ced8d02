import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TimingFormatError } from '../../src/formats/errors.js';
import { parseJUnit, timingsFromJUnitCases } from '../../src/formats/junit.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/junit/${name}`, import.meta.url), 'utf8');
}

function suite(cases: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><testsuites><testsuite name="s">${cases}</testsuite></testsuites>`;
}

function timeOf(time: string | undefined): number {
  const attribute = time === undefined ? '' : ` time="${time}"`;
  return parseJUnit(suite(`<testcase classname="c" name="n"${attribute}/>`))[0]!.seconds;
}

describe('parseJUnit on real reports', () => {
  it('pytest xunit1: file, classname, decoded names, outcomes and messages', () => {
    const cases = parseJUnit(fixture('pytest-xunit1.xml'));
    expect(cases).toHaveLength(16);
    expect(cases[0]).toEqual({
      classname: 'tests.sub.test_nested.TestK',
      name: 'test_a',
      file: 'tests/sub/test_nested.py',
      suites: ['pytest'],
      seconds: 0,
      outcome: 'passed',
    });
    const byName = new Map(cases.map((c) => [c.name, c]));
    expect(byName.get('test_plain')!.seconds).toBe(0.021);
    expect(byName.has('test_param[a&b<c>d]')).toBe(true);
    expect(byName.has('test_param[caf\\xe9 \\u2615]')).toBe(true);
    expect(byName.get('test_fails')).toMatchObject({
      outcome: 'failed',
      message: 'AssertionError: arithmetic & <logic> broke',
    });
    expect(byName.get('test_errors')).toMatchObject({
      outcome: 'error',
      message: 'failed on setup with "RuntimeError: fixture setup failed"',
    });
    expect(byName.get('test_skipped')!.outcome).toBe('skipped');
    expect(byName.get('test_skipped')!.message).toBeUndefined();
  });

  it('pytest xunit2 has no file attribute', () => {
    const cases = parseJUnit(fixture('pytest-xunit2.xml'));
    expect(cases).toHaveLength(16);
    expect(cases.every((c) => c.file === undefined)).toBe(true);
    expect(cases.find((c) => c.name === 'test_plain')!.seconds).toBe(0.027);
  });

  it('rspec: a bare <testsuite> root with properties; the first non-empty message line', () => {
    const cases = parseJUnit(fixture('rspec-junit.xml'));
    expect(cases.map((c) => c.outcome)).toEqual([
      'passed',
      'failed',
      'skipped',
      'passed',
      'failed',
    ]);
    expect(cases[0]).toMatchObject({
      suites: ['rspec'],
      file: './spec/calc_spec.rb',
      seconds: 0.000353,
    });
    expect(cases[1]!.message).toBe('boom');
    expect(cases[4]!.message).toBe('expected: 3');
  });

  it('PHPUnit: nested suites, file on case and suite, data-set names', () => {
    const cases = parseJUnit(fixture('phpunit-junit.xml'));
    expect(cases).toHaveLength(6);
    expect(cases[0]).toMatchObject({
      name: 'testAdd',
      classname: 'App.Tests.Unit.CalcTest',
      file: '/tmp/es-php/tests/Unit/CalcTest.php',
      suites: ['', 'Unit', 'App\\Tests\\Unit\\CalcTest'],
      seconds: 0.022366,
    });
    expect(cases[4]).toMatchObject({
      name: 'testPairs with data set "small & <tiny>"',
      suites: ['', 'Unit', 'App\\Tests\\Unit\\CalcTest', 'App\\Tests\\Unit\\CalcTest::testPairs'],
    });
    expect(cases.find((c) => c.name === 'testErrors')).toMatchObject({
      outcome: 'error',
      message: 'App\\Tests\\Unit\\CalcTest::testErrors',
    });
  });

  it('Playwright: a skipped case without time is 0 s; system-out is ignored', () => {
    const cases = parseJUnit(fixture('playwright-junit.xml'));
    expect(cases.map((c) => [c.name, c.seconds, c.outcome])).toEqual([
      ['login › with password › accepts a & b < c > d', 0.009, 'passed'],
      ['login › fails on purpose', 0.007, 'failed'],
      ['login › is skipped', 0, 'skipped'],
      ['top-level', 0.033, 'passed'],
      ['home renders café ☕', 0.014, 'passed'],
    ]);
    expect(cases[1]!.message).toBe('expect(received).toBe(expected) // Object.is equality');
  });

  it('Vitest and Jest: suite per file, nanosecond-precise times, CDATA-free failures', () => {
    const vitest = parseJUnit(fixture('vitest-junit.xml'));
    expect(vitest).toHaveLength(8);
    expect(vitest[0]).toMatchObject({
      classname: 'src/math/add.test.ts',
      suites: ['src/math/add.test.ts'],
      seconds: 0.001360656,
    });
    expect(vitest[2]).toMatchObject({
      outcome: 'failed',
      message: 'expected 2 to be 3 // Object.is equality',
    });

    const jest = parseJUnit(fixture('jest-junit-default.xml'));
    expect(jest.map((c) => c.suites[0])).toEqual([
      'addition',
      'addition',
      'addition',
      'addition',
      'addition',
      'page [id]',
    ]);
    expect(jest[2]).toMatchObject({
      outcome: 'failed',
      message: 'Error: expect(received).toBe(expected) // Object.is equality',
    });
  });

  it('gotestsum and go-junit-report: &#xA; in messages, CDATA in errors', () => {
    const gotestsum = parseJUnit(fixture('gotestsum-junit.xml'));
    expect(gotestsum[0]).toMatchObject({
      name: 'TestTable/wrong_on_purpose',
      outcome: 'failed',
      message: 'Failed',
      seconds: 0.01,
    });
    expect(gotestsum[5]!.name).toBe('TestTable/a&b<c>');
    const report = parseJUnit(fixture('go-junit-report-036-report.xml'));
    expect(report.map((c) => c.outcome)).toEqual(['failed', 'failed', 'skipped', 'error']);
    expect(report[3]!.message).toBe('Runtime error');
  });

  it('Surefire: a long <properties> block, integer times, nested class names', () => {
    const [first, second] = parseJUnit(fixture('surefire-TEST-com.github.teleivo.AppTest.xml'));
    expect(first).toMatchObject({
      name: 'shouldAnswerWithTrue',
      seconds: 12.004,
      suites: ['com.github.teleivo.AppTest'],
    });
    expect(second!.seconds).toBe(12);
    const [enclosed] = parseJUnit(fixture('surefire-TEST-surefire.MyTest-enclosed.xml'));
    expect(enclosed).toMatchObject({
      classname: 'surefire.MyTest$A',
      outcome: 'error',
      message: 'java.lang.IndexOutOfBoundsException',
    });
  });
});

describe('parseJUnit details', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['  ', 0],
    ['0.25', 0.25],
    [' 2.5 ', 2.5],
    ['12', 12],
    ['1e-3', 0.001],
    ['1,234.5', 1234.5],
    ['12,345,678', 12345678],
    ['1.234,5', 1234.5],
    ['0,5', 0.5],
    ['0,123', 0.123],
    ['-1', 0],
    ['abc', 0],
    ['NaN', 0],
    ['Infinity', 0],
    ['0x10', 0],
  ])('time=%j → %j s', (time, seconds) => {
    expect(timeOf(time)).toBe(seconds);
  });

  it('decodes the predefined entities and numeric references in attributes', () => {
    const [c] = parseJUnit(
      suite(
        '<testcase classname="a.b" name="x &amp; y &lt;z&gt; &quot;q&quot; &apos;s&apos; &#38; &#x1F600;"/>',
      ),
    );
    expect(c!.name).toBe('x & y <z> "q" \'s\' & 😀');
  });

  it('reads failure text from CDATA when there is no message attribute', () => {
    const [c] = parseJUnit(
      suite(
        '<testcase classname="c" name="n"><failure><![CDATA[\n  first & <line>\nsecond]]></failure></testcase>',
      ),
    );
    expect(c).toMatchObject({ outcome: 'failed', message: 'first & <line>' });
  });

  it('a failure wins over an error; flaky and rerun records are not failures', () => {
    const [both, flaky] = parseJUnit(
      suite(
        '<testcase classname="c" name="both"><failure message="f"/><error message="teardown"/></testcase>' +
          '<testcase classname="c" name="flaky"><flakyFailure message="once"/><rerunFailure message="twice"/></testcase>',
      ),
    );
    expect(both).toMatchObject({ outcome: 'failed', message: 'f' });
    expect(flaky!.outcome).toBe('passed');
  });

  it('cuts a huge first message line', () => {
    const [c] = parseJUnit(
      suite(`<testcase classname="c" name="n"><error message="${'x'.repeat(5000)}"/></testcase>`),
    );
    expect(c!.message).toHaveLength(1001);
  });

  it('inherits the file of the nearest enclosing suite and records suite names outermost first', () => {
    const cases = parseJUnit(
      '<testsuites><testcase classname="top" name="direct"/>' +
        '<testsuite name="outer" file="a.test.js"><testsuite name="inner"><testcase classname="c" name="n"/></testsuite>' +
        '<testsuite name="other" file="b.test.js"><testcase classname="c" name="m" file="c.test.js"/></testsuite></testsuite></testsuites>',
    );
    expect(cases.map((c) => [c.name, c.file, c.suites])).toEqual([
      ['direct', undefined, []],
      ['n', 'a.test.js', ['outer', 'inner']],
      ['m', 'c.test.js', ['outer', 'other']],
    ]);
  });

  it('empty reports have no cases', () => {
    expect(parseJUnit('<testsuites/>')).toEqual([]);
    expect(parseJUnit('<?xml version="1.0"?>\n<testsuite name="x" tests="0"></testsuite>')).toEqual(
      [],
    );
    expect(parseJUnit('\uFEFF<testsuites></testsuites>')).toEqual([]);
  });

  it.each([
    ['{"a": 1}', /expected JUnit XML.*got text starting with "\{/],
    ['', /expected JUnit XML/],
    ['plain text', /expected JUnit XML/],
    ['<html><body/></html>', /root element, found <html>/],
    ['<testsuites><testsuite name="a">', /not well-formed/],
    ['<testsuites><testcase name="a" name="b"/></testsuites>', /not well-formed.*repeated/],
  ])('refuses %j', (text, message) => {
    expect(() => parseJUnit(text)).toThrow(TimingFormatError);
    expect(() => parseJUnit(text)).toThrow(message);
  });
});

describe('parseJUnit security', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<testsuites><testsuite name="&lol9;"><testcase classname="&lol9;" name="&lol9;" time="1"/></testsuite></testsuites>`;

  // Refused before any entity is expanded; how fast is measured by scripts/bench-limits.ts.
  it('refuses a billion-laughs document', () => {
    expect(() => parseJUnit(billionLaughs)).toThrow(/DOCTYPE.*line 2/);
  });

  it('refuses external entities, lowercase doctypes and declarations after the root', () => {
    const external =
      '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><testsuite name="&xxe;"/>';
    expect(() => parseJUnit(external)).toThrow(TimingFormatError);
    expect(() => parseJUnit('<!doctype testsuites><testsuites/>')).toThrow(/DOCTYPE/);
    expect(() => parseJUnit('<testsuites/><!DOCTYPE x [<!ENTITY a "b">]>')).toThrow(/DOCTYPE/);
    expect(() => parseJUnit('<testsuites><!ENTITY a "b"></testsuites>')).toThrow(
      /markup declaration/,
    );
  });

  it('accepts a DOCTYPE that is only text inside CDATA or a comment', () => {
    const text = suite(
      '<!-- <!DOCTYPE x> --><testcase classname="c" name="n"><system-out><![CDATA[<!DOCTYPE html><html>&nope;</html>]]></system-out></testcase>',
    );
    expect(parseJUnit(text).map((c) => c.name)).toEqual(['n']);
  });

  it('refuses absurdly deep nesting with a clear error', () => {
    const deep = `${'<testsuite name="d">'.repeat(150)}<testcase classname="a.b" name="x"/>${'</testsuite>'.repeat(150)}`;
    expect(() => parseJUnit(`<testsuites>${deep}</testsuites>`)).toThrow(
      /could not read the JUnit XML: Maximum nested tags/,
    );
  });

  it('leaves an undeclared entity as text instead of expanding anything', () => {
    const [c] = parseJUnit(suite('<testcase classname="c" name="a &lol9; b"/>'));
    expect(c!.name).toBe('a &lol9; b');
  });
});

describe('timingsFromJUnitCases', () => {
  it('keeps the last attempt of a test reported several times (pytest-rerunfailures)', () => {
    const cases = parseJUnit(
      suite(
        '<testcase classname="tests.test_flaky" name="test_sometimes" file="tests/test_flaky.py" line="3" time="0.500"><failure message="assert False"/></testcase>' +
          '<testcase classname="tests.test_flaky" name="test_sometimes" file="tests/test_flaky.py" line="3" time="0.200"/>' +
          '<testcase classname="tests.test_flaky" name="test_always" file="tests/test_flaky.py" line="7" time="0.100"/>' +
          '<testcase classname="tests.test_flaky" name="test_always" file="tests/test_flaky.py" line="7" time="0.300"><failure message="assert False"/></testcase>',
      ),
    );
    expect(timingsFromJUnitCases(cases)).toEqual({
      entries: [
        { id: 'tests/test_flaky.py::test_always', seconds: 0.3, outcome: 'failed' },
        { id: 'tests/test_flaky.py::test_sometimes', seconds: 0.2, outcome: 'passed' },
      ],
      unmapped: 0,
    });
  });

  it('drops Go subtests whose parent is reported, keeps orphans', () => {
    const known = new Set(['internal/calc/calc_test.go', 'pkg/text/text_test.go']);
    const { entries } = timingsFromJUnitCases(parseJUnit(fixture('gotestsum-junit.xml')), {
      knownFiles: known,
    });
    expect(entries).toEqual([
      { id: 'internal/calc::TestAdd', seconds: 0.02, outcome: 'passed' },
      { id: 'internal/calc::TestSkipped', seconds: 0, outcome: 'skipped' },
      { id: 'internal/calc::TestTable', seconds: 0.02, outcome: 'failed' },
      { id: 'pkg/text::TestUpper', seconds: 0, outcome: 'passed' },
    ]);
    const orphan = parseJUnit(
      suite('<testcase classname="example.com/m/pkg" name="TestX/case" time="0.5"/>'),
    );
    expect(timingsFromJUnitCases(orphan).entries).toEqual([
      { id: 'example.com/m/pkg::TestX/case', seconds: 0.5, outcome: 'passed' },
    ]);
  });

  it('counts the cases whose file the report does not name', () => {
    expect(timingsFromJUnitCases(parseJUnit(fixture('jest-junit-default.xml')))).toEqual({
      entries: [],
      unmapped: 6,
    });
  });

  it('maps PHPUnit with the root and sorts by id', () => {
    const { entries } = timingsFromJUnitCases(parseJUnit(fixture('phpunit-junit.xml')), {
      root: '/tmp/es-php',
    });
    expect(entries.map((e) => e.id)).toEqual([
      'tests/Unit/CalcTest.php::testAdd',
      'tests/Unit/CalcTest.php::testErrors',
      'tests/Unit/CalcTest.php::testFails',
      'tests/Unit/CalcTest.php::testPairs with data set "small & <tiny>"',
      'tests/Unit/CalcTest.php::testPairs with data set #0',
      'tests/Unit/CalcTest.php::testSkipped',
    ]);
    expect(entries[0]).toEqual({
      id: 'tests/Unit/CalcTest.php::testAdd',
      seconds: 0.022366,
      outcome: 'passed',
    });
  });
});
