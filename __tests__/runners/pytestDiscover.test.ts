import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countTestsInSource,
  discoverPytestFiles,
  fnmatchRegExp,
  parseIni,
  readPytestConfig,
} from '../../src/runners/pytest/discover.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/pytest-project', import.meta.url));

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A temp project from a map of relative path → content. */
async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'evenshard-discover-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

const T = 'def test_x():\n    pass\n';

/** The same tree under every config flavour. */
const TREE = {
  'tests/test_a.py': T,
  'tests/b_test.py': T,
  'tests/check_c.py': T,
  'tests/helpers.py': '',
  'tests/conftest.py': '',
  'tests/__init__.py': '',
  'other/test_o.py': T,
};

describe('readPytestConfig + discoverPytestFiles per config flavour', () => {
  const flavours: [string, Record<string, string>][] = [
    [
      'pytest.ini',
      { 'pytest.ini': '[pytest]\ntestpaths =\n    tests\npython_files = check_*.py test_*.py\n' },
    ],
    [
      '.pytest.ini',
      { '.pytest.ini': '[pytest]\ntestpaths = tests\npython_files = check_*.py test_*.py\n' },
    ],
    [
      'pyproject.toml ini_options',
      {
        'pyproject.toml':
          '[project]\nname = "x"\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\npython_files = "check_*.py test_*.py"\n',
      },
    ],
    [
      'pyproject.toml native [tool.pytest]',
      {
        'pyproject.toml':
          '[tool.pytest]\ntestpaths = ["tests"]\npython_files = ["check_*.py", "test_*.py"]\n',
      },
    ],
    [
      'pytest.toml',
      {
        'pytest.toml':
          '[pytest]\ntestpaths = ["tests"]\npython_files = ["check_*.py", "test_*.py"]\n',
      },
    ],
    [
      'tox.ini',
      {
        'tox.ini':
          '[tox]\nenvlist = py311\n\n[pytest]\ntestpaths = tests\npython_files: check_*.py test_*.py\n',
      },
    ],
    [
      'setup.cfg',
      {
        'setup.cfg':
          '[metadata]\nname = x\n\n[tool:pytest]\ntestpaths = tests\npython_files =\n  check_*.py\n  test_*.py\n',
      },
    ],
  ];
  for (const [name, config] of flavours) {
    it(`reads testpaths and python_files from ${name}`, async () => {
      const dir = await project({ ...TREE, ...config });
      const cfg = await readPytestConfig(dir);
      expect(path.basename(cfg.file ?? '')).toBe(Object.keys(config)[0]);
      expect(cfg.testpaths).toEqual(['tests']);
      expect(cfg.pythonFiles).toEqual(['check_*.py', 'test_*.py']);
      const { files } = await discoverPytestFiles(dir);
      expect(files).toEqual(['tests/check_c.py', 'tests/test_a.py']);
    });
  }

  it('uses the defaults without a config file: whole tree, test_*.py and *_test.py', async () => {
    const dir = await project(TREE);
    const { files, config } = await discoverPytestFiles(dir);
    expect(config.file === null || !config.file.startsWith(dir)).toBe(true);
    expect(files).toEqual(['other/test_o.py', 'tests/b_test.py', 'tests/test_a.py']);
  });

  it('takes the first config in pytest order and skips files without a pytest section', async () => {
    const dir = await project({
      ...TREE,
      'tox.ini': '[tox]\nenvlist = py3\n', // no [pytest]: not a pytest config
      'setup.cfg': '[tool:pytest]\ntestpaths = other\n',
      'pyproject.toml': '[project]\nname = "x"\n', // no [tool.pytest]: skipped
    });
    expect(path.basename((await readPytestConfig(dir)).file ?? '')).toBe('setup.cfg');
    expect((await discoverPytestFiles(dir)).files).toEqual(['other/test_o.py']);

    await writeFile(path.join(dir, 'pytest.ini'), '# empty, but pytest.ini always wins\n');
    const cfg = await readPytestConfig(dir);
    expect(path.basename(cfg.file ?? '')).toBe('pytest.ini');
    expect(cfg.testpaths).toEqual([]);
  });

  it('finds a config in a parent directory but ignores its testpaths there, like pytest', async () => {
    const dir = await project({
      'pytest.ini': '[pytest]\ntestpaths = nowhere\npython_files = check_*.py\n',
      'sub/check_s.py': T,
      'sub/test_s.py': T,
    });
    const sub = path.join(dir, 'sub');
    const { files, config } = await discoverPytestFiles(sub);
    expect(config.file).toBe(path.join(dir, 'pytest.ini'));
    expect(files).toEqual(['check_s.py']);
  });

  it('falls back to the root with a warning when testpaths match nothing', async () => {
    const dir = await project({ ...TREE, 'pytest.ini': '[pytest]\ntestpaths = missing\n' });
    const { files, warnings } = await discoverPytestFiles(dir);
    expect(files).toContain('tests/test_a.py');
    expect(warnings.join('\n')).toMatch(/testpaths .*missing/);
  });

  it('expands testpaths globs and takes files named there whatever python_files says', async () => {
    const dir = await project({
      'pytest.ini': '[pytest]\ntestpaths = pkg*/tests extra/checks.py\n',
      'pkg1/tests/test_1.py': T,
      'pkg2/tests/test_2.py': T,
      'pkg2/test_outside.py': T,
      'extra/checks.py': T,
    });
    expect((await discoverPytestFiles(dir)).files).toEqual([
      'extra/checks.py',
      'pkg1/tests/test_1.py',
      'pkg2/tests/test_2.py',
    ]);
  });
});

describe('what the walk skips', () => {
  it('honours default norecursedirs, virtualenvs and __pycache__', async () => {
    const dir = await project({
      'tests/test_ok.py': T,
      'node_modules/pkg/test_nm.py': T,
      '.git/test_git.py': T,
      '.venv/lib/test_venv.py': T,
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/site-packages/pkg/test_env.py': T,
      'conda/conda-meta/history': '',
      'conda/lib/test_conda.py': T,
      'oldenv/bin/activate': '',
      'oldenv/lib/test_oldenv.py': T,
      'winenv/Scripts/activate.bat': '',
      'winenv/Lib/test_winenv.py': T,
      'build/test_build.py': T,
      'dist/test_dist.py': T,
      'venv/test_venvdir.py': T,
      'x.egg/test_egg.py': T,
      '{arch}/test_arch.py': T,
      'tests/__pycache__/test_cached.py': T,
      'tests/deep/er/test_deep.py': T,
    });
    expect((await discoverPytestFiles(dir)).files).toEqual([
      'tests/deep/er/test_deep.py',
      'tests/test_ok.py',
    ]);
  });

  it('honours a custom norecursedirs (and then walks what the defaults skipped)', async () => {
    const dir = await project({
      'pytest.ini': '[pytest]\nnorecursedirs = slow* [abc]x\n',
      'build/test_b.py': T,
      'slow_ones/test_s.py': T,
      'bx/test_bx.py': T,
      'dx/test_dx.py': T,
    });
    expect((await discoverPytestFiles(dir)).files).toEqual(['build/test_b.py', 'dx/test_dx.py']);
  });

  it('matches python_files patterns that contain a directory against the full path', async () => {
    const dir = await project({
      'pytest.ini': '[pytest]\npython_files = checks/*.py\n',
      'a/checks/one.py': T,
      'a/checks/deeper/two.py': T, // fnmatch `*` crosses `/`, as in pytest
      'a/one.py': T,
    });
    expect((await discoverPytestFiles(dir)).files).toEqual([
      'a/checks/deeper/two.py',
      'a/checks/one.py',
    ]);
  });

  it('explicit patterns override testpaths and python_files but keep exclusions', async () => {
    const dir = await project({
      'pytest.ini': '[pytest]\ntestpaths = tests\n',
      'tests/test_a.py': T,
      'spec/a_spec.py': T,
      'spec/sub/b_spec.py': T,
      'spec/helpers.txt': '',
      'node_modules/spec/c_spec.py': T,
      'integration/test_i.py': T,
    });
    const { files } = await discoverPytestFiles(dir, {
      patterns: ['**/*_spec.py', 'integration'],
    });
    expect(files).toEqual(['integration/test_i.py', 'spec/a_spec.py', 'spec/sub/b_spec.py']);
    const none = await discoverPytestFiles(dir, { patterns: ['nothing/**/*.py'] });
    expect(none.files).toEqual([]);
    expect(none.warnings.join('\n')).toMatch(/no file matches/);
  });

  it('returns sorted POSIX paths with unusual characters intact', async () => {
    const dir = await project({
      'tests/ü/test_ä.py': T,
      'tests/sp ace/test_b [1].py': T,
      'tests/test_a.py': T,
    });
    expect((await discoverPytestFiles(dir)).files).toEqual([
      'tests/sp ace/test_b [1].py',
      'tests/test_a.py',
      'tests/ü/test_ä.py',
    ]);
  });

  it('finds the example project files', async () => {
    const { files, config } = await discoverPytestFiles(EXAMPLE);
    expect(path.basename(config.file ?? '')).toBe('pyproject.toml');
    expect(files).toEqual([
      'tests/test_arith.py',
      'tests/test_heavy.py',
      'tests/test_params.py',
      'tests/test_text.py',
      'tests/unit/rounding_test.py',
      'tests/unit/test_parse.py',
    ]);
  });
});

describe('parseIni (iniconfig dialect)', () => {
  it('joins continuation lines, accepts = and :, keeps inline # as text', () => {
    const ini = parseIni(
      '; comment\n[pytest]\naddopts = -ra # not a comment\ntestpaths =\n    a\n\n    b\nkey: v:w\nurl = http://x\n',
    );
    expect(ini.get('pytest')).toEqual({
      addopts: '-ra # not a comment',
      testpaths: 'a\nb',
      key: 'v:w',
      url: 'http://x',
    });
  });

  it('rejects values before any section', () => {
    expect(() => parseIni('a = 1\n')).toThrow(/no section/);
  });

  it('splits quoted testpaths like shlex', async () => {
    const dir = await project({
      'pytest.ini': '[pytest]\ntestpaths = "my tests" other\n',
      'my tests/test_q.py': T,
      'other/test_o.py': T,
    });
    expect((await readPytestConfig(dir)).testpaths).toEqual(['my tests', 'other']);
    expect((await discoverPytestFiles(dir)).files).toEqual([
      'my tests/test_q.py',
      'other/test_o.py',
    ]);
  });

  it('reports invalid TOML with the file name', async () => {
    const dir = await project({ 'pyproject.toml': '[tool.pytest.ini_options\n' });
    await expect(readPytestConfig(dir)).rejects.toThrow(/pyproject\.toml: invalid TOML/);
  });
});

describe('fnmatchRegExp', () => {
  it.each([
    ['test_*.py', 'test_a.py', true],
    ['test_*.py', 'atest_a.py', false],
    ['*_test.py', 'dir/x_test.py', true], // `*` crosses `/`
    ['?x', 'ax', true],
    ['[abc]x', 'bx', true],
    ['[!abc]x', 'bx', false],
    ['[!abc]x', 'dx', true],
    ['{arch}', '{arch}', true],
    ['{arch}', 'arch', false],
    ['a.b', 'axb', false],
    ['[unclosed', '[unclosed', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(fnmatchRegExp(pattern).test(name)).toBe(expected);
  });
});

describe('countTestsInSource', () => {
  it('counts test functions and methods, sync and async, at any indent', () => {
    const source = [
      'import pytest',
      'def test_a(): pass',
      'async def test_b():',
      '    pass',
      'class TestC:',
      '    def test_c1(self): pass',
      '    async  def  test_c2 (self): pass',
      '    def helper(self): pass',
      'def testing_prefix(): pass',
    ].join('\n');
    expect(countTestsInSource(source)).toBe(5);
  });

  it('ignores comments, docstrings and non-test definitions', () => {
    const source = [
      '# def test_commented(): pass',
      '    # def test_indented_comment(): pass',
      'def helper_test(): pass',
      'def _test_private(): pass',
      '"""',
      'def test_in_docstring(): pass',
      '"""',
      "x = '''",
      'def test_in_string(): pass',
      "'''",
      'def test_real(): pass',
    ].join('\n');
    expect(countTestsInSource(source)).toBe(1);
  });

  it('is 0 for a file without tests', () => {
    expect(countTestsInSource('')).toBe(0);
    expect(countTestsInSource('def run():\n    return 1\n')).toBe(0);
  });
});
