import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fileOfTestId,
  isInsideRoot,
  makeTestId,
  normalizePath,
  testIdFromJUnitCase,
  testIdFromPytestNodeId,
} from '../../src/core/identity.js';
import type { JUnitCase } from '../../src/core/types.js';
import { parseJUnit } from '../../src/formats/junit.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/junit/${name}`, import.meta.url), 'utf8');
}

function ids(
  name: string,
  knownFiles?: ReadonlySet<string>,
  root?: string,
): (string | undefined)[] {
  return parseJUnit(fixture(name)).map((c) => testIdFromJUnitCase(c, knownFiles, root));
}

function junitCase(fields: Partial<JUnitCase>): JUnitCase {
  return { classname: '', name: '', suites: [], seconds: 0, outcome: 'passed', ...fields };
}

describe('normalizePath', () => {
  it.each([
    ['tests\\unit\\test_a.py', 'tests/unit/test_a.py'],
    ['./tests//a.py', 'tests/a.py'],
    ['tests/./sub/../a.py', 'tests/a.py'],
    ['tests/', 'tests'],
    ['../outside/a.py', '../outside/a.py'],
    ['tests/../../a.py', '../a.py'],
    ['/etc/passwd', '/etc/passwd'],
    ['', ''],
  ])('%j → %j', (path, expected) => {
    expect(normalizePath(path)).toBe(expected);
  });

  it.each([
    ['/work/repo/tests/a.py', '/work/repo', 'tests/a.py'],
    ['/work/repo/tests/a.py', '/work/repo/', 'tests/a.py'],
    ['/work/repo//tests/./a.py', '/work/./repo', 'tests/a.py'],
    ['C:\\a\\repo\\tests\\a.py', 'C:\\a\\repo', 'tests/a.py'],
    ['c:/a/Repo/tests/a.py', 'C:\\a\\repo', 'tests/a.py'],
    ['D:\\a\\repo\\a.py', 'C:\\a\\repo', 'D:/a/repo/a.py'],
    // A sibling whose name merely starts like the root is not under it.
    ['/work/repository/a.py', '/work/repo', '/work/repository/a.py'],
    ['/work/repo/../secret/a.py', '/work/repo', '/work/secret/a.py'],
    ['tests/a.py', '/work/repo', 'tests/a.py'],
    ['/work/repo', '/work/repo', ''],
  ])('%j under root %j → %j', (path, root, expected) => {
    expect(normalizePath(path, root)).toBe(expected);
  });
});

describe('isInsideRoot', () => {
  it.each(['tests/a.py', 'a.py', 'app/[id]/page.test.ts', 'a/../b.py', 'dir with space/a b.py'])(
    '%j is inside',
    (path) => {
      expect(isInsideRoot(path)).toBe(true);
    },
  );

  it.each([
    '',
    '.',
    '..',
    '../a.py',
    'a/../../b.py',
    '/abs/a.py',
    'C:/x/a.py',
    'C:x',
    '\\\\server\\share\\a.py',
  ])('%j is not inside', (path) => {
    expect(isInsideRoot(path)).toBe(false);
  });
});

describe('ids', () => {
  it('fileOfTestId stops at the first "::", whatever the names hold', () => {
    expect(fileOfTestId('t.py::test[a::b]')).toBe('t.py');
    expect(fileOfTestId('tests/a.py::TestK::test_x')).toBe('tests/a.py');
    expect(fileOfTestId('spec/a_spec.rb')).toBe('spec/a_spec.rb');
    expect(fileOfTestId('app/[id]/page.test.ts::page [id]::renders')).toBe('app/[id]/page.test.ts');
  });

  it('makeTestId leaves out empty names', () => {
    expect(makeTestId('a.test.js', ['', 'top-level test'])).toBe('a.test.js::top-level test');
    expect(makeTestId('spec/a_spec.rb', [])).toBe('spec/a_spec.rb');
  });

  it('testIdFromPytestNodeId normalizes the file and keeps the rest verbatim', () => {
    expect(testIdFromPytestNodeId('.\\tests\\test_a.py::TestK::test_x[a b]')).toBe(
      'tests/test_a.py::TestK::test_x[a b]',
    );
    expect(testIdFromPytestNodeId('/work/repo/tests/t.py::test_é[x::y\\z ]', '/work/repo')).toBe(
      'tests/t.py::test_é[x::y\\z ]',
    );
    expect(testIdFromPytestNodeId('./tests/t.py')).toBe('tests/t.py');
  });
});

describe('testIdFromJUnitCase on real reports', () => {
  const collected = readFileSync(
    new URL('../fixtures/junit/pytest-src/collected.txt', import.meta.url),
    'utf8',
  )
    .split('\n')
    .filter((line) => line !== '');

  it('pytest xunit1 (file attribute) gives exactly the collected node ids', () => {
    expect(ids('pytest-xunit1.xml')).toEqual(collected);
  });

  it('pytest xunit2 gives the collected node ids, with and without known files', () => {
    expect(ids('pytest-xunit2.xml')).toEqual(collected);
    const known = new Set(['tests/test_mod.py', 'tests/sub/test_nested.py', 'tests/conftest.py']);
    expect(ids('pytest-xunit2.xml', known)).toEqual(collected);
  });

  it('pytest xunit2 run from a rootdir below the repository resolves to the repository path', () => {
    const known = new Set(['backend/tests/test_mod.py', 'backend/tests/sub/test_nested.py']);
    expect(ids('pytest-xunit2.xml', known)).toEqual(collected.map((id) => `backend/${id}`));
  });

  it('jest-junit with default settings names no file: every case is unmapped', () => {
    expect(ids('jest-junit-default.xml')).toEqual(Array(6).fill(undefined));
  });

  const jestIds = [
    'src/math/add.test.js::addition::positive numbers::should add up',
    'src/math/add.test.js::addition::positive numbers::handles a & b < c > d "quoted"',
    'src/math/add.test.js::addition::fails on purpose',
    'src/math/add.test.js::addition::is skipped',
    'src/math/add.test.js::top-level test',
    'src/app/[id]/page.test.js::page [id]::renders café ☕',
  ];

  it('jest-junit with the file attribute and " › " ancestors gives describe::test ids', () => {
    expect(ids('jest-junit-filepath.xml')).toEqual(jestIds);
  });

  it('jest-junit with suiteNameTemplate "{filepath}" but no file attribute reads the suite name', () => {
    const cases = parseJUnit(fixture('jest-junit-filepath.xml')).map(({ file: _file, ...c }) => c);
    expect(cases.map((c) => testIdFromJUnitCase(c))).toEqual(jestIds);
    // With known files, a suite name that is not one of them is not taken for a file.
    const known = new Set(['src/other.test.js']);
    expect(testIdFromJUnitCase(cases[0]!, known)).toBeUndefined();
  });

  it('Vitest splits the title path on " > "', () => {
    expect(ids('vitest-junit.xml')).toEqual([
      'src/math/add.test.ts::addition::positive numbers::should add up',
      // A title holding " > " cannot be told from nesting: `vitest list` joins the same way.
      'src/math/add.test.ts::addition::positive numbers::handles a & b < c::d "quoted"',
      'src/math/add.test.ts::addition::fails on purpose',
      'src/math/add.test.ts::addition::is skipped',
      'src/math/add.test.ts::top-level test',
      'src/math/add.test.ts::each 1',
      'src/math/add.test.ts::each 2',
      'src/app/[id]/page.test.ts::page [id]::renders café ☕',
    ]);
  });

  it('Playwright splits on " › " and completes testDir-relative paths from the known files', () => {
    expect(ids('playwright-junit.xml')).toEqual([
      'auth/login.spec.ts::login::with password::accepts a & b < c > d',
      'auth/login.spec.ts::login::fails on purpose',
      'auth/login.spec.ts::login::is skipped',
      'auth/login.spec.ts::top-level',
      'home.spec.ts::home renders café ☕',
    ]);
    const known = new Set(['tests/auth/login.spec.ts', 'tests/home.spec.ts', 'src/home.ts']);
    expect(ids('playwright-junit.xml', known)).toEqual([
      'tests/auth/login.spec.ts::login::with password::accepts a & b < c > d',
      'tests/auth/login.spec.ts::login::fails on purpose',
      'tests/auth/login.spec.ts::login::is skipped',
      'tests/auth/login.spec.ts::top-level',
      'tests/home.spec.ts::home renders café ☕',
    ]);
    // Two known files end the same way: ambiguous, so the reported path stays.
    const twice = new Set(['a/home.spec.ts', 'b/home.spec.ts']);
    expect(ids('playwright-junit.xml', twice).at(-1)).toBe('home.spec.ts::home renders café ☕');
  });

  it('gotestsum: package::TestName, the package as a directory when the known files show it', () => {
    const pkg = 'example.com/evenshard/gofixture/internal/calc';
    expect(ids('gotestsum-junit.xml')).toEqual([
      `${pkg}::TestTable/wrong_on_purpose`,
      `${pkg}::TestTable`,
      `${pkg}::TestSkipped`,
      `${pkg}::TestAdd`,
      `${pkg}::TestTable/small_numbers`,
      `${pkg}::TestTable/a&b<c>`,
      'example.com/evenshard/gofixture/pkg/text::TestUpper/café_☕',
      'example.com/evenshard/gofixture/pkg/text::TestUpper',
    ]);
    const known = new Set([
      'internal/calc/calc.go',
      'internal/calc/calc_test.go',
      'pkg/text/text_test.go',
    ]);
    expect(ids('gotestsum-junit.xml', known)).toEqual([
      'internal/calc::TestTable/wrong_on_purpose',
      'internal/calc::TestTable',
      'internal/calc::TestSkipped',
      'internal/calc::TestAdd',
      'internal/calc::TestTable/small_numbers',
      'internal/calc::TestTable/a&b<c>',
      'pkg/text::TestUpper/café_☕',
      'pkg/text::TestUpper',
    ]);
    // Known files that are package directories (a Go adapter that lists packages) work too.
    expect(ids('gotestsum-junit.xml', new Set(['internal/calc']))[0]).toBe(
      'internal/calc::TestTable/wrong_on_purpose',
    );
  });

  it('go-junit-report: benchmarks and the build-failure case map to the package', () => {
    expect(ids('go-junit-report-036-report.xml')).toEqual([
      'package/name/benchfail::BenchmarkError',
      'package/name/benchfail::BenchmarkFatal',
      'package/name/benchfail::BenchmarkSkip',
      'package/name/benchfail::Failure',
    ]);
  });

  it('rspec_junit_formatter: the file attribute, with its "./" dropped, and the full description', () => {
    expect(ids('rspec-junit.xml')).toEqual([
      'spec/calc_spec.rb::Calc adds café ☕',
      'spec/calc_spec.rb::Calc raises an error outside expectations',
      'spec/models/user_spec.rb::User is pending',
      'spec/models/user_spec.rb::User #name joins first & last <name>',
      'spec/models/user_spec.rb::User #name fails on purpose',
    ]);
  });

  it('PHPUnit: the absolute file relative to the root, or to the known file it ends with', () => {
    const expected = [
      'tests/Unit/CalcTest.php::testAdd',
      'tests/Unit/CalcTest.php::testFails',
      'tests/Unit/CalcTest.php::testErrors',
      'tests/Unit/CalcTest.php::testSkipped',
      'tests/Unit/CalcTest.php::testPairs with data set "small & <tiny>"',
      'tests/Unit/CalcTest.php::testPairs with data set #0',
    ];
    expect(ids('phpunit-junit.xml', undefined, '/tmp/es-php')).toEqual(expected);
    expect(
      ids('phpunit-junit.xml', new Set(['tests/Unit/CalcTest.php', 'tests/CalcTest.php'])),
    ).toEqual(expected);
    // Without either, the id keeps the absolute path, which isInsideRoot refuses.
    const unrooted = ids('phpunit-junit.xml')[0]!;
    expect(unrooted).toBe('/tmp/es-php/tests/Unit/CalcTest.php::testAdd');
    expect(isInsideRoot(fileOfTestId(unrooted))).toBe(false);
  });

  it('Maven Surefire needs the known files; nested classes become names', () => {
    expect(ids('surefire-TEST-com.github.teleivo.AppTest.xml')).toEqual([undefined, undefined]);
    const known = new Set([
      'src/main/java/com/github/teleivo/App.java',
      'src/test/java/com/github/teleivo/AppTest.java',
      'src/test/java/surefire/MyTest.java',
    ]);
    expect(ids('surefire-TEST-com.github.teleivo.AppTest.xml', known)).toEqual([
      'src/test/java/com/github/teleivo/AppTest.java::shouldAnswerWithTrue',
      'src/test/java/com/github/teleivo/AppTest.java::shouldAnswerWithTrueAsWell',
    ]);
    expect(ids('surefire-TEST-surefire.MyTest-enclosed.xml', known)).toEqual([
      'src/test/java/surefire/MyTest.java::A::t',
    ]);
  });
});

describe('testIdFromJUnitCase edge cases', () => {
  it('a pytest module under a Capitalised folder needs the known files', () => {
    const c = junitCase({
      classname: 'tests.Unit.test_x.TestA',
      name: 'test_y',
      suites: ['pytest'],
    });
    expect(testIdFromJUnitCase(c)).toBe('tests.py::Unit::test_x::TestA::test_y');
    expect(testIdFromJUnitCase(c, new Set(['tests/Unit/test_x.py']))).toBe(
      'tests/Unit/test_x.py::TestA::test_y',
    );
  });

  it('a pytest module in a folder with a dot in its name resolves against the known files', () => {
    const c = junitCase({ classname: 'tests.v1.2.test_api', name: 'test_get[a.b]' });
    expect(testIdFromJUnitCase(c, new Set(['tests/v1.2/test_api.py']))).toBe(
      'tests/v1.2/test_api.py::test_get[a.b]',
    );
  });

  it('a file attribute that escapes the root stays recognisable', () => {
    const c = junitCase({ classname: 'x', name: 'test_a', file: '../other/test_a.py' });
    const id = testIdFromJUnitCase(c)!;
    expect(fileOfTestId(id)).toBe('../other/test_a.py');
    expect(isInsideRoot(fileOfTestId(id))).toBe(false);
  });

  it('a Windows file attribute under a Windows root', () => {
    const c = junitCase({
      classname: 'tests.test_a',
      name: 'test_b',
      file: 'D:\\a\\repo\\repo\\tests\\test_a.py',
    });
    expect(testIdFromJUnitCase(c, undefined, 'D:\\a\\repo\\repo')).toBe('tests/test_a.py::test_b');
  });

  it('names nothing for a case that carries no file, path or module', () => {
    expect(
      testIdFromJUnitCase(junitCase({ classname: 'login page works', name: 'login page works' })),
    ).toBeUndefined();
    expect(testIdFromJUnitCase(junitCase({ name: 'lonely' }))).toBeUndefined();
  });

  it('re-indexes a known-files set that changed size', () => {
    const known = new Set(['tests/auth/login.spec.ts']);
    const c = junitCase({ classname: 'home.spec.ts', name: 'x', suites: ['home.spec.ts'] });
    expect(testIdFromJUnitCase(c, known)).toBe('home.spec.ts::x');
    known.add('e2e/home.spec.ts');
    expect(testIdFromJUnitCase(c, known)).toBe('e2e/home.spec.ts::x');
  });
});
