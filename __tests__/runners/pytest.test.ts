/**
 * Runs REAL pytest through runPytestShard and the evenshard plugin. The interpreter comes from
 * findPython (EVENSHARD_PYTHON, /usr/bin/python3, python3), preferring one with pytest-xdist; it
 * needs pytest (>= 7). The pytest-xdist tests run when that interpreter has it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestResult } from '../../src/core/shardResult.js';
import type { FileSplit, ShardPlan } from '../../src/core/types.js';
import { discoverPytestFiles } from '../../src/runners/pytest/discover.js';
import { canonicalPytestId, parsePytestResults } from '../../src/runners/pytest/results.js';
import { pytestCollectionPath } from '../../src/runners/pytest/collection.js';
import {
  pytestSelectionForShard,
  runPytestShard,
  SELECTION_WAIT_ENV,
  startWaitingPytestShard,
  type PytestSelection,
  type PytestShardRun,
} from '../../src/runners/pytest/run.js';
import { findPython } from '../helpers/python.js';

const PLUGIN_DIR = fileURLToPath(new URL('../../src/runners/pytest', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/pytest-project', import.meta.url));

// The interpreter with pytest-xdist when there is one (Debian's python3 in CI has pytest 7, the
// oldest we support, and xdist), so the -n 2 tests run wherever they can.
const PYTHON = findPython({ xdist: true })?.executable ?? 'python3';

function probe(code: string): string | null {
  const r = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
const PYTEST_VERSION = probe('import pytest; print(pytest.__version__)');
const HAS_XDIST = PYTEST_VERSION !== null && probe('import xdist') !== null;
// Debian's python3-pytest-rerunfailures (.ci/run installs it).
const HAS_RERUNS = PYTEST_VERSION !== null && probe('import pytest_rerunfailures') !== null;
if (PYTEST_VERSION !== null && !HAS_RERUNS) {
  console.warn(
    `pytest-rerunfailures is not installed for '${PYTHON}': the --reruns test is skipped.`,
  );
}
if (PYTEST_VERSION === null) {
  console.warn(
    `SKIPPED: the pytest runner tests need a Python with pytest; '${PYTHON}' has none. ` +
      'Install pytest or set EVENSHARD_PYTHON to an interpreter that has it.',
  );
} else if (!HAS_XDIST) {
  console.warn(`pytest-xdist is not installed for '${PYTHON}': the -n 2 tests are skipped.`);
}

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'evenshard-pytest-'));
  temps.push(dir);
  return dir;
}

async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

interface Shard extends PytestShardRun {
  output: string;
  junit: string | null;
  workDir: string;
}

async function shard(
  root: string,
  selection: PytestSelection | null,
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<Shard> {
  const work = await tempDir();
  let output = '';
  const run = await runPytestShard({
    root,
    command: [PYTHON, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', ...(options.args ?? [])],
    selection,
    pluginDir: PLUGIN_DIR,
    resultsPath: path.join(work, 'results.json'),
    junitPath: path.join(work, 'junit.xml'),
    env: {
      ...process.env,
      PYTHONDONTWRITEBYTECODE: '1',
      EVENSHARD_EXAMPLE_TIME_SCALE: '0.02',
      ...options.env,
    },
    onOutput: (chunk) => {
      output += chunk;
    },
  });
  const junitFile = path.join(work, 'junit.xml');
  const junit = existsSync(junitFile) ? await readFile(junitFile, 'utf8') : null;
  return { ...run, output, junit, workDir: work };
}

const ids = (results: readonly TestResult[]): string[] => results.map((r) => r.id);
const outcomeOf = (run: Shard, id: string): string | undefined =>
  run.results.find((r) => r.id === id)?.outcome;

const whole = (...files: string[]): PytestSelection => ({ files, splits: [] });
const split = (file: string, part: Partial<FileSplit>): FileSplit => ({
  file,
  tests: [],
  owner: false,
  excluded: [],
  ...part,
});

const PASS = (name: string): string => `def ${name}():\n    pass\n`;
const BOOM = 'raise RuntimeError("this module must not be imported")\n';

describe.skipIf(PYTEST_VERSION === null)(`pytest ${PYTEST_VERSION ?? ''} via ${PYTHON}`, () => {
  describe('what a shard pays beyond its tests (collection, shared fixtures)', () => {
    const COSTLY = `import time
import pytest

time.sleep(0.2)  # the module's own imports

@pytest.fixture(scope="session", autouse=True)
def database():
    time.sleep(0.3)

@pytest.fixture(scope="module", autouse=True)
def schema():
    time.sleep(0.25)
    yield

class TestAccounts:
    @pytest.fixture(scope="class", autouse=True)
    def accounts(self):
        time.sleep(0.15)

    def test_one(self):
        pass

    def test_two(self):
        pass

def test_plain():
    pass
`;
    const SETUP_MODULE =
      'import time\n\ndef setup_module(module):\n    time.sleep(0.1)\n\ndef test_b():\n    pass\n';

    const check = (run: Shard, collected: boolean): void => {
      expect(run.exitCode, run.output).toBe(0);
      const paid = (scope: string, node: string) =>
        run.fixtures.filter((f) => f.scope === scope && f.node === node);
      const [session] = paid('session', '');
      expect(session?.name).toBe('database');
      expect(session!.seconds).toBeGreaterThanOrEqual(0.29);
      expect(paid('module', 'tests/test_a.py').map((f) => f.name)).toEqual(['schema']);
      expect(paid('module', 'tests/test_a.py')[0]!.seconds).toBeGreaterThanOrEqual(0.24);
      expect(paid('class', 'tests/test_a.py::TestAccounts').map((f) => f.name)).toEqual([
        'accounts',
      ]);
      // xunit-style setup_module is a module-scoped fixture too.
      expect(paid('module', 'tests/test_b.py')).toHaveLength(1);
      // What the first test of each scope paid for the others is marked as such.
      const shared = run.results.reduce((sum, r) => sum + (r.fixtureSeconds ?? 0), 0);
      const fixtures = run.fixtures.reduce((sum, f) => sum + f.seconds, 0);
      expect(shared).toBeCloseTo(fixtures, 2);
      for (const r of run.results) expect(r.seconds - (r.fixtureSeconds ?? 0)).toBeLessThan(0.1);
      if (collected) {
        expect(Object.keys(run.collect).sort()).toEqual(['tests/test_a.py', 'tests/test_b.py']);
        expect(run.collect['tests/test_a.py']).toBeGreaterThanOrEqual(0.19);
        expect(run.collectStart).not.toBeNull();
        expect(run.collectEnd).toBeGreaterThanOrEqual(run.collectStart!);
      }
    };

    it('times each file’s collection and each shared fixture where it is paid', async () => {
      const root = await project({ 'tests/test_a.py': COSTLY, 'tests/test_b.py': SETUP_MODULE });
      check(await shard(root, whole('tests/test_a.py', 'tests/test_b.py')), true);
    });

    it.skipIf(!HAS_XDIST)('hands the fixture costs over from pytest-xdist workers', async () => {
      const root = await project({ 'tests/test_a.py': COSTLY, 'tests/test_b.py': SETUP_MODULE });
      const run = await shard(root, whole('tests/test_a.py', 'tests/test_b.py'), {
        args: ['-n', '2'],
      });
      expect(run.exitCode, run.output).toBe(0);
      // Each worker pays what it sets up (a file spread over both workers pays twice).
      const names = new Set(run.fixtures.map((f) => `${f.scope} ${f.name}`));
      expect([...names].sort()).toEqual([
        'class accounts',
        'module _xunit_setup_module_fixture_test_b',
        'module schema',
        'session database',
      ]);
      const shared = run.results.reduce((sum, r) => sum + (r.fixtureSeconds ?? 0), 0);
      expect(shared).toBeCloseTo(
        run.fixtures.reduce((sum, f) => sum + f.seconds, 0),
        2,
      );
    });
  });

  describe('the example project', () => {
    let serial: Shard;

    it('runs serially with every test recorded once, in canonical form', async () => {
      serial = await shard(EXAMPLE, null);
      expect(serial.exitCode, serial.output).toBe(0);
      expect(serial.commandProblem).toBeUndefined();
      expect(serial.results).toHaveLength(35);
      expect(new Set(ids(serial.results)).size).toBe(35);
      expect(ids(serial.results)).toEqual(
        expect.arrayContaining([
          'tests/test_arith.py::TestArithmetic::test_add',
          'tests/test_params.py::test_slug_is_ascii[a b]',
          'tests/test_params.py::test_slug_is_ascii[[x]]',
          'tests/test_params.py::test_slug_is_ascii[\\xfcn\\xef]', // pytest escapes non-ASCII ids
          'tests/test_params.py::test_slug_examples[a/b]',
          'tests/test_params.py::test_slug_examples[leading [and] trailing]',
          'tests/unit/rounding_test.py::test_third',
        ]),
      );
      expect(outcomeOf(serial, 'tests/test_text.py::test_greek_is_transliterated')).toBe('skipped');
      expect(serial.results.filter((r) => r.outcome === 'passed')).toHaveLength(34);
      // The module fixture's cost lands in the heavy file.
      const heavy = serial.results.filter((r) => r.id.startsWith('tests/test_heavy.py::'));
      expect(heavy).toHaveLength(10);
      // Timestamps: process start ≤ session start ≤ first test ≤ session end ≤ process end.
      const { spawnedAt, sessionStart, firstTestStart, sessionEnd, exitedAt } = serial;
      expect(sessionStart).not.toBeNull();
      expect(spawnedAt).toBeLessThanOrEqual(sessionStart!);
      expect(sessionStart!).toBeLessThanOrEqual(firstTestStart!);
      expect(firstTestStart!).toBeLessThanOrEqual(sessionEnd!);
      expect(sessionEnd!).toBeLessThanOrEqual(exitedAt + 1);
      expect(serial.junit?.match(/<testcase /g)).toHaveLength(35);
    });

    it('three shards of it (with two split files) run every serial test exactly once', async () => {
      const { files } = await discoverPytestFiles(EXAMPLE);
      // Discovery and pytest agree on the files.
      expect(files).toEqual(
        [...new Set(ids(serial.results).map((id) => id.split('::')[0]))].sort(),
      );

      const inFile = (file: string): string[] =>
        ids(serial.results).filter((id) => id.startsWith(`${file}::`));
      const heavy = inFile('tests/test_heavy.py');
      const params = inFile('tests/test_params.py');
      // The "history" knows all but the last test of each split file: those count as added
      // since, and must run in the owner only.
      const heavyKnown = heavy.slice(0, -1);
      const paramsKnown = params.slice(0, -1);
      const wholes = files.filter(
        (f) => f !== 'tests/test_heavy.py' && f !== 'tests/test_params.py',
      );
      const plan: Pick<ShardPlan, 'index' | 'files' | 'splits'>[] = [
        {
          index: 1,
          files: wholes.filter((_, i) => i % 3 === 0),
          splits: [
            split('tests/test_heavy.py', { tests: heavyKnown.slice(0, 3) }),
            split('tests/test_params.py', {
              owner: true,
              excluded: paramsKnown.slice(2),
              tests: paramsKnown.slice(0, 2),
            }),
          ],
        },
        {
          index: 2,
          files: wholes.filter((_, i) => i % 3 === 1),
          splits: [
            split('tests/test_heavy.py', { tests: heavyKnown.slice(3, 6) }),
            split('tests/test_params.py', { tests: paramsKnown.slice(2) }),
          ],
        },
        {
          index: 3,
          files: wholes.filter((_, i) => i % 3 === 2),
          splits: [
            split('tests/test_heavy.py', {
              owner: true,
              tests: heavyKnown.slice(6),
              excluded: heavyKnown.slice(0, 6),
            }),
          ],
        },
      ];
      const selections = plan.map((s) => pytestSelectionForShard(plan, s.index));
      expect(selections.map((s) => s.runUnlisted)).toEqual([true, false, false]);
      expect(selections[2]!.allFiles).toEqual(files);
      const runs = await Promise.all(
        selections.map((s, i) =>
          shard(EXAMPLE, s, i === 1 && HAS_XDIST ? { args: ['-n', '2'] } : {}),
        ),
      );
      for (const run of runs) {
        expect(run.exitCode, run.output).toBe(0);
        expect(run.results.length).toBeGreaterThan(0);
      }
      const all = runs.flatMap((r) => ids(r.results));
      expect([...all].sort()).toEqual(ids(serial.results)); // each exactly once
      for (const run of runs) {
        for (const r of run.results) expect(r.outcome).toBe(outcomeOf(serial, r.id));
      }
      expect(ids(runs[0]!.results)).toContain(params.at(-1));
      expect(ids(runs[2]!.results)).toContain(heavy.at(-1));
    });

    it('EVENSHARD_EXAMPLE_FAIL=1 makes exactly one test fail', async () => {
      const run = await shard(EXAMPLE, null, { env: { EVENSHARD_EXAMPLE_FAIL: '1' } });
      expect(run.exitCode).toBe(1);
      expect(run.commandProblem).toBeUndefined();
      const failed = run.results.filter((r) => r.outcome === 'failed');
      expect(ids(failed)).toEqual(['tests/test_arith.py::TestArithmetic::test_add']);
      expect(failed[0]!.message).toMatch(/assert 4 == 5/);
    });
  });

  describe('selection', () => {
    const SHARDED = {
      'tests/test_a.py': PASS('test_a1') + PASS('test_a2'),
      'tests/test_b.py': BOOM + PASS('test_b'),
      'tests/sub/test_c.py': PASS('test_c'),
      'tests/conftest.py': 'import pytest\n\n@pytest.fixture\ndef f():\n    return 1\n',
    };
    const ALL = ['tests/sub/test_c.py', 'tests/test_a.py', 'tests/test_b.py'];

    it.each([
      ['with allFiles', ALL],
      ['by python_files, without allFiles', undefined],
    ])('runs whole files and never imports the files of other shards (%s)', async (_, allFiles) => {
      const root = await project(SHARDED);
      const run = await shard(root, {
        files: ['tests/test_a.py', 'tests/sub/test_c.py'],
        splits: [],
        allFiles,
      });
      expect(run.exitCode, run.output).toBe(0);
      expect(ids(run.results)).toEqual([
        'tests/sub/test_c.py::test_c',
        'tests/test_a.py::test_a1',
        'tests/test_a.py::test_a2',
      ]);
    });

    it('runs a test file the plan does not know on the unlisted shard only', async () => {
      const root = await project({ ...SHARDED, 'tests/test_new.py': PASS('test_new') });
      const plan = [
        { index: 1, files: ['tests/test_a.py'], splits: [] },
        { index: 2, files: ['tests/sub/test_c.py'], splits: [] },
        { index: 3, files: ['tests/test_b.py'], splits: [] },
      ];
      const first = await shard(root, pytestSelectionForShard(plan, 1));
      const second = await shard(root, pytestSelectionForShard(plan, 2));
      expect(ids(first.results)).toEqual([
        'tests/test_a.py::test_a1',
        'tests/test_a.py::test_a2',
        'tests/test_new.py::test_new',
      ]);
      expect(ids(second.results)).toEqual(['tests/sub/test_c.py::test_c']);
    });

    it('splits a file: non-owner runs its list, owner runs the rest including new tests', async () => {
      const root = await project({
        'tests/test_s.py':
          PASS('test_1') +
          PASS('test_2') +
          'class TestK:\n    def test_m(self):\n        pass\n' +
          PASS('test_added_since_history'),
        'tests/test_w.py': PASS('test_w'),
      });
      const planned = ['tests/test_s.py::test_1', 'tests/test_s.py::TestK::test_m'];
      const nonOwner = await shard(root, {
        files: ['tests/test_w.py'],
        splits: [
          split('tests/test_s.py', { tests: [...planned, 'tests/test_s.py::test_deleted'] }),
        ],
      });
      const owner = await shard(root, {
        files: [],
        splits: [
          split('tests/test_s.py', {
            owner: true,
            tests: ['tests/test_s.py::test_2'],
            excluded: [...planned, 'tests/test_s.py::test_deleted'],
          }),
        ],
      });
      expect(nonOwner.exitCode, nonOwner.output).toBe(0);
      expect(owner.exitCode, owner.output).toBe(0);
      expect(ids(nonOwner.results)).toEqual([...planned, 'tests/test_w.py::test_w'].sort());
      expect(ids(owner.results)).toEqual([
        'tests/test_s.py::test_2',
        'tests/test_s.py::test_added_since_history',
      ]);
      expect(nonOwner.output).toMatch(/2 deselected/);
    });

    it('selects ids with spaces, brackets, slashes and non-ASCII exactly', async () => {
      const root = await project({
        'tests/test_p.py':
          'import pytest\n\n' +
          '@pytest.mark.parametrize("s", ["a b", "[x]", "ünï", "a/b", "c::d"])\n' +
          'def test_p(s):\n    pass\n',
      });
      const mine = [
        'tests/test_p.py::test_p[a b]',
        'tests/test_p.py::test_p[[x]]',
        'tests/test_p.py::test_p[\\xfcn\\xef]',
      ];
      const nonOwner = await shard(root, {
        files: [],
        splits: [split('tests/test_p.py', { tests: mine })],
      });
      const owner = await shard(root, {
        files: [],
        splits: [split('tests/test_p.py', { owner: true, excluded: mine })],
      });
      expect(ids(nonOwner.results)).toEqual([...mine].sort());
      expect(ids(owner.results)).toEqual([
        'tests/test_p.py::test_p[a/b]',
        'tests/test_p.py::test_p[c::d]',
      ]);
    });

    it('normalises Windows separators and ./ in the selection', async () => {
      const root = await project({
        'tests/test_a.py': PASS('test_a'),
        'tests/test_b.py': PASS('test_b1') + PASS('test_b2'),
      });
      const run = await shard(root, {
        files: ['.\\tests\\test_a.py'],
        splits: [split('tests\\test_b.py', { tests: ['./tests/test_b.py::test_b2'] })],
      });
      expect(ids(run.results)).toEqual(['tests/test_a.py::test_a', 'tests/test_b.py::test_b2']);
    });

    it('an empty selection runs nothing: exit code 5, an empty shard, no results', async () => {
      const root = await project({ 'tests/test_a.py': PASS('test_a'), 'tests/test_b.py': BOOM });
      const run = await shard(root, whole());
      expect(run.exitCode, run.output).toBe(5);
      expect(run.empty).toBe(true);
      expect(run.commandProblem).toBeUndefined();
      expect(run.results).toEqual([]);
      expect(run.firstTestStart).toBeNull();
    });

    it("deselects another shard's file named on the command line", async () => {
      const root = await project({
        'tests/test_a.py': PASS('test_a'),
        'tests/test_b.py': PASS('test_b'),
      });
      const run = await shard(root, whole('tests/test_a.py'), {
        args: ['tests/test_a.py', 'tests/test_b.py'],
      });
      expect(run.exitCode, run.output).toBe(0);
      expect(ids(run.results)).toEqual(['tests/test_a.py::test_a']);
    });

    it('runs items from files outside the plan only where unlisted items are wanted', async () => {
      const root = await project({
        'pytest.ini': '[pytest]\naddopts = --doctest-modules\n',
        'lib/util.py':
          'def double(x):\n    """\n    >>> double(2)\n    4\n    """\n    return 2 * x\n',
        'tests/test_a.py': PASS('test_a'),
        'tests/test_b.py': PASS('test_b'),
      });
      const allFiles = ['tests/test_a.py', 'tests/test_b.py'];
      const first = await shard(root, { ...whole('tests/test_a.py'), allFiles, runUnlisted: true });
      const second = await shard(root, {
        ...whole('tests/test_b.py'),
        allFiles,
        runUnlisted: false,
      });
      expect(ids(first.results)).toEqual(['lib/util.py::util.double', 'tests/test_a.py::test_a']);
      expect(ids(second.results)).toEqual(['tests/test_b.py::test_b']);
    });

    it('keeps ids relative to evenshard’s root when pytest’s rootdir is a parent', async () => {
      const top = await project({
        'pytest.ini': '[pytest]\n',
        'sub/tests/test_a.py': PASS('test_a') + PASS('test_b'),
      });
      const root = path.join(top, 'sub');
      const run = await shard(root, {
        files: [],
        splits: [split('tests/test_a.py', { tests: ['tests/test_a.py::test_b'] })],
      });
      expect(run.output).toMatch(/rootdir|passed/);
      expect(ids(run.results)).toEqual(['tests/test_a.py::test_b']);
      expect(run.junit).toContain('test_b');
    });
  });

  describe('outcomes and durations', () => {
    const OUTCOMES = `
import time
import pytest

@pytest.fixture
def slow():
    time.sleep(0.15)
    yield
    time.sleep(0.15)

@pytest.fixture
def broken_setup():
    raise RuntimeError("setup broke")

@pytest.fixture
def broken_teardown():
    yield
    raise RuntimeError("teardown broke")

def test_timed(slow):
    time.sleep(0.1)

def test_fails():
    assert 1 == 2, "one is not two"

def test_setup_error(broken_setup):
    pass

def test_teardown_error(broken_teardown):
    pass

def test_fails_and_teardown_error(broken_teardown):
    assert False

@pytest.mark.skip(reason="not today")
def test_skipped():
    pass

def test_skips_itself():
    pytest.skip("inside")

@pytest.mark.xfail
def test_xfail():
    assert False

@pytest.mark.xfail
def test_xpass():
    pass

@pytest.mark.xfail(strict=True)
def test_xpass_strict():
    pass
`;
    const EXPECTED: Record<string, string> = {
      test_timed: 'passed',
      test_fails: 'failed',
      test_setup_error: 'error',
      test_teardown_error: 'error',
      test_fails_and_teardown_error: 'failed',
      test_skipped: 'skipped',
      test_skips_itself: 'skipped',
      test_xfail: 'skipped',
      test_xpass: 'passed',
      test_xpass_strict: 'failed',
    };

    const check = (run: Shard): void => {
      expect(run.exitCode, run.output).toBe(1);
      expect(run.commandProblem).toBeUndefined();
      const got = Object.fromEntries(
        run.results.map((r) => [r.id.replace('tests/test_o.py::', ''), r.outcome]),
      );
      expect(got).toEqual(EXPECTED);
      const timed = run.results.find((r) => r.id.endsWith('::test_timed'))!;
      // setup + call + teardown, each counted once: at least their sleeps, at most the command's wall.
      expect(timed.seconds).toBeGreaterThanOrEqual(0.38);
      expect(timed.seconds).toBeLessThanOrEqual((run.exitedAt - run.spawnedAt) / 1000);
      const failed = run.results.find((r) => r.id.endsWith('::test_fails'))!;
      expect(failed.message).toMatch(/one is not two/);
      const setupError = run.results.find((r) => r.id.endsWith('::test_setup_error'))!;
      expect(setupError.message).toMatch(/setup broke/);
    };

    it('maps setup/teardown errors, skips, xfail and xpass', async () => {
      const root = await project({ 'tests/test_o.py': OUTCOMES });
      check(await shard(root, whole('tests/test_o.py')));
    });

    it.skipIf(!HAS_XDIST)(
      'reports the same through pytest-xdist (-n 2), from the controller',
      async () => {
        const root = await project({
          'tests/test_o.py': OUTCOMES,
          'tests/test_other.py': BOOM + PASS('test_never'),
        });
        const run = await shard(root, whole('tests/test_o.py'), { args: ['-n', '2'] });
        check(run);
        expect(run.output).toMatch(/2 workers|gw0|gw1|created: 2/);
      },
    );

    it('reports a module that fails to import as an error under its file name', async () => {
      const root = await project({
        'tests/test_broken.py': 'import no_such_module_evenshard\n' + PASS('test_x'),
        'tests/test_fine.py': PASS('test_fine'),
        'tests/test_skipmod.py':
          'import pytest\npytest.skip("not here", allow_module_level=True)\n' + PASS('test_y'),
      });
      const run = await shard(root, whole('tests/test_broken.py', 'tests/test_skipmod.py'));
      expect(run.exitCode, run.output).toBe(2);
      expect(run.commandProblem).toMatch(/interrupted/);
      expect(run.results).toEqual([
        expect.objectContaining({
          id: 'tests/test_broken.py',
          outcome: 'error',
          message: expect.stringMatching(/no_such_module_evenshard/),
        }),
        expect.objectContaining({ id: 'tests/test_skipmod.py', outcome: 'skipped' }),
      ]);
      // Not selected: never imported, so no error.
      const other = await shard(root, whole('tests/test_fine.py'));
      expect(other.exitCode, other.output).toBe(0);
      expect(ids(other.results)).toEqual(['tests/test_fine.py::test_fine']);
    });

    it.skipIf(!HAS_RERUNS)(
      'pytest-rerunfailures: every attempt is kept and the final one decides',
      async () => {
        const root = await project({
          'tests/test_retry.py':
            'CALLS = []\n\n' +
            'def test_flaky():\n    CALLS.append(1)\n    assert len(CALLS) > 1, "first call fails"\n\n' +
            'def test_always():\n    assert False, "always"\n\n' +
            PASS('test_fine'),
        });
        const run = await shard(root, whole('tests/test_retry.py'), { args: ['--reruns', '2'] });
        expect(run.exitCode, run.output).toBe(1);
        const byId = new Map(run.results.map((r) => [r.id.split('::')[1], r]));
        expect(byId.get('test_flaky')).toMatchObject({
          outcome: 'passed',
          attempts: ['failed', 'passed'],
          message: expect.stringMatching(/first call fails/),
        });
        expect(byId.get('test_always')).toMatchObject({
          outcome: 'failed',
          attempts: ['failed', 'failed', 'failed'],
        });
        expect(byId.get('test_fine')!.attempts).toBeUndefined();
      },
    );

    it('deselects the tests listed as done (a re-run attempt runs only the rest)', async () => {
      const root = await project({
        'tests/test_a.py': PASS('test_one') + PASS('test_two'),
        'tests/test_b.py': PASS('test_three'),
      });
      const run = await shard(root, {
        ...whole('tests/test_a.py', 'tests/test_b.py'),
        done: ['tests/test_a.py::test_one', 'tests/test_b.py::test_three'],
      });
      expect(run.exitCode, run.output).toBe(0);
      expect(ids(run.results)).toEqual(['tests/test_a.py::test_two']);
    });

    it.skipIf(!HAS_XDIST)('reports an import error under pytest-xdist too', async () => {
      const root = await project({
        'tests/test_broken.py': 'import no_such_module_evenshard\n' + PASS('test_x'),
        'tests/test_fine.py': PASS('test_fine'),
      });
      const run = await shard(root, whole('tests/test_broken.py', 'tests/test_fine.py'), {
        args: ['-n', '2'],
      });
      expect(run.exitCode).not.toBe(0);
      expect(run.results).toContainEqual(
        expect.objectContaining({ id: 'tests/test_broken.py', outcome: 'error' }),
      );
    });
  });

  describe('discovery agrees with pytest', () => {
    it('finds the same files pytest collects, skipping what pytest skips', async () => {
      const root = await project({
        'pytest.ini': '[pytest]\npython_files = test_*.py *_check.py\n',
        'tests/test_a.py': PASS('test_a'),
        'tests/b_check.py': PASS('test_b'),
        'tests/not_a_test.py': PASS('test_n'),
        'tests/deep/er/test_d.py': PASS('test_d'),
        'node_modules/x/test_nm.py': BOOM,
        '.hidden/test_h.py': BOOM,
        'build/test_build.py': BOOM,
        // A real virtualenv has both markers: pytest 7 looks for bin/activate, 8+ for pyvenv.cfg.
        'env/pyvenv.cfg': 'home = /usr\n',
        'env/bin/activate': '',
        'env/lib/test_venv.py': BOOM,
        'tests/__pycache__/test_cache.py': BOOM,
      });
      const { files } = await discoverPytestFiles(root);
      const run = await shard(root, null);
      expect(run.exitCode, run.output).toBe(0);
      expect(files).toEqual([...new Set(ids(run.results).map((id) => id.split('::')[0]))].sort());
      expect(files).toEqual(['tests/b_check.py', 'tests/deep/er/test_d.py', 'tests/test_a.py']);
    });
  });

  describe('the plugin on its own', () => {
    it('refuses an unreadable or unknown selection with a usage error (exit code 4)', async () => {
      const root = await project({ 'tests/test_a.py': PASS('test_a') });
      const work = await tempDir();
      const bad = path.join(work, 'selection.json');
      await writeFile(bad, JSON.stringify({ version: 99, files: [] }));
      const r = spawnSync(
        PYTHON,
        ['-m', 'pytest', '-p', 'evenshard_plugin', '-p', 'no:cacheprovider'],
        {
          cwd: root,
          encoding: 'utf8',
          env: {
            ...process.env,
            PYTHONPATH: PLUGIN_DIR,
            PYTHONDONTWRITEBYTECODE: '1',
            EVENSHARD_SELECTION: bad,
          },
        },
      );
      expect(r.status).toBe(4);
      expect(r.stderr + r.stdout).toMatch(/evenshard: .*version/);
    });

    it('writes its results atomically and in a form parsePytestResults accepts', async () => {
      const root = await project({ 'tests/test_a.py': PASS('test_a') });
      const run = await shard(root, whole('tests/test_a.py'));
      expect(run.results).toEqual([
        { id: 'tests/test_a.py::test_a', outcome: 'passed', seconds: expect.any(Number) },
      ]);
      const left = await readdir(run.workDir);
      expect(left.sort()).toEqual([
        'junit.xml',
        'results.json',
        'results.json.collection.json',
        'results.json.selection.json',
      ]);
    });
  });

  describe('started before its selection (startWaitingPytestShard)', () => {
    const TWO_FILES = {
      'pytest.ini': '[pytest]\n',
      'tests/test_a.py': 'def test_1():\n    pass\n\ndef test_2():\n    pass\n',
      'tests/test_b.py': 'def test_1():\n    pass\n',
    };

    async function waiting(root: string, args: string[] = []) {
      const work = await tempDir();
      let output = '';
      const resultsPath = path.join(work, 'results.json');
      const process_ = startWaitingPytestShard({
        root,
        command: [PYTHON, '-m', 'pytest', '-p', 'no:cacheprovider', '-q', ...args],
        pluginDir: PLUGIN_DIR,
        resultsPath,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
        onOutput: (chunk) => {
          output += chunk;
        },
      });
      return { process: process_, resultsPath, output: () => output };
    }

    it('waits for the selection, then runs exactly it; its session starts after the hand-over', async () => {
      const root = await project(TWO_FILES);
      const { process: pytest } = await waiting(root);
      // Time for pytest to reach the wait (the test holds whatever pytest's start takes).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const handedOverAt = Date.now();
      const run = await pytest.run(whole('tests/test_a.py'));
      expect(run.commandProblem).toBeUndefined();
      expect(ids(run.results)).toEqual(['tests/test_a.py::test_1', 'tests/test_a.py::test_2']);
      expect(run.spawnedAt).toBeLessThan(handedOverAt);
      expect(run.sessionStart!).toBeGreaterThanOrEqual(handedOverAt);
    });

    it.skipIf(!HAS_XDIST)('hands the selection to pytest-xdist workers too', async () => {
      const root = await project(TWO_FILES);
      const { process: pytest } = await waiting(root, ['-n', '2']);
      const run = await pytest.run(whole('tests/test_b.py'));
      expect(run.commandProblem).toBeUndefined();
      expect(ids(run.results)).toEqual(['tests/test_b.py::test_1']);
    });

    it('cancel ends the waiting pytest before it collects or runs anything', async () => {
      const root = await project(TWO_FILES);
      const { process: pytest, resultsPath } = await waiting(root);
      await pytest.cancel();
      expect(existsSync(resultsPath)).toBe(false);
      expect(existsSync(pytestCollectionPath(resultsPath))).toBe(false);
    });

    /** pytest with the plugin, told to wait for process `pid`'s selection; run to its end. */
    const pytestWaitingFor = (pid: number, root: string, env: Record<string, string>) =>
      spawnSync(PYTHON, ['-m', 'pytest', '-p', 'no:cacheprovider', '-p', 'evenshard_plugin'], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, PYTHONPATH: PLUGIN_DIR, [SELECTION_WAIT_ENV]: String(pid), ...env },
      });

    it('a cancel selection ends pytest at once with exit 0 (a wrapper the kill misses)', async () => {
      const root = await project(TWO_FILES);
      const selection = path.join(root, 'selection.json');
      await writeFile(selection, JSON.stringify({ version: 1, cancel: true }));
      const results = path.join(root, 'results.json');
      const r = pytestWaitingFor(process.pid, root, {
        EVENSHARD_SELECTION: selection,
        EVENSHARD_RESULTS: results,
      });
      expect(r.status).toBe(0);
      expect(r.stdout).not.toMatch(/passed/);
      expect(existsSync(results)).toBe(false);
    });

    it('a pytest whose evenshard process is gone stops with a usage error instead of waiting', async () => {
      const root = await project(TWO_FILES);
      const gone = spawnSync(PYTHON, ['-c', 'pass']).pid!;
      const r = pytestWaitingFor(gone, root, {
        EVENSHARD_SELECTION: path.join(root, 'never-written.json'),
      });
      expect(r.status).toBe(4);
      expect(r.stderr).toContain(
        `evenshard (process ${gone}) stopped before handing over this shard's selection`,
      );
    });

    it('reports a command that cannot start when the selection is handed over', async () => {
      const work = await tempDir();
      const pytest = startWaitingPytestShard({
        root: work,
        command: ['evenshard-no-such-python'],
        pluginDir: PLUGIN_DIR,
        resultsPath: path.join(work, 'r.json'),
        onOutput: () => {},
      });
      await expect(pytest.run(whole())).rejects.toThrow(
        /cannot start the test command 'evenshard-no-such-python'/,
      );
    });
  });

  describe('runPytestShard', () => {
    it('reports a command that cannot start', async () => {
      const work = await tempDir();
      await expect(
        runPytestShard({
          root: work,
          command: ['evenshard-no-such-python'],
          selection: whole(),
          pluginDir: PLUGIN_DIR,
          resultsPath: path.join(work, 'r.json'),
          onOutput: () => {},
        }),
      ).rejects.toThrow(/cannot start the test command 'evenshard-no-such-python'/);
    });

    it('flags a command that never loaded the plugin', async () => {
      const work = await tempDir();
      const run = await runPytestShard({
        root: work,
        command: [PYTHON, '-c', 'import sys; sys.exit(0)'],
        selection: whole(),
        pluginDir: PLUGIN_DIR,
        resultsPath: path.join(work, 'r.json'),
        onOutput: () => {},
      });
      expect(run.exitCode).toBe(0);
      expect(run.commandProblem).toMatch(/without the evenshard pytest plugin's results/);
    });

    it('removes a stale results file before running', async () => {
      const work = await tempDir();
      const resultsPath = path.join(work, 'r.json');
      await writeFile(
        resultsPath,
        JSON.stringify({ version: 1, results: [{ id: 'stale', outcome: 'passed', seconds: 1 }] }),
      );
      const run = await runPytestShard({
        root: work,
        command: [PYTHON, '-c', 'pass'],
        selection: null,
        pluginDir: PLUGIN_DIR,
        resultsPath,
        onOutput: () => {},
      });
      expect(run.results).toEqual([]);
    });
  });
});

describe('parsePytestResults', () => {
  it('canonicalises ids, sorts them and converts timestamps to milliseconds', () => {
    const doc = parsePytestResults(
      JSON.stringify({
        version: 1,
        pytestVersion: '8.3.0',
        exitStatus: 1,
        sessionStart: 100.5,
        firstTestStart: 101,
        sessionEnd: null,
        results: [
          {
            id: 'tests\\b.py::t[a\\b]',
            outcome: 'failed',
            seconds: 0.5,
            message: 'boom',
            kind: 'test',
          },
          { id: './tests/a.py::t', outcome: 'passed', seconds: 1.25, kind: 'test' },
        ],
      }),
    );
    expect(doc.sessionStart).toBe(100500);
    expect(doc.firstTestStart).toBe(101000);
    expect(doc.sessionEnd).toBeNull();
    expect(doc.results).toEqual([
      { id: 'tests/a.py::t', outcome: 'passed', seconds: 1.25 },
      { id: 'tests/b.py::t[a\\b]', outcome: 'failed', seconds: 0.5, message: 'boom' },
    ]);
  });

  it('keeps the collection seconds of files named like Object.prototype members', () => {
    // JSON.parse makes "__proto__" an own key; the document's keys are the plugin's file names.
    const doc = parsePytestResults(
      '{"version": 1, "results": [], "collect": {"__proto__": 0.5, "constructor": 0.25, "toString": 1}}',
    );
    expect(Object.keys(doc.collect).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect([doc.collect['__proto__'], doc.collect['constructor'], doc.collect['toString']]).toEqual(
      [0.5, 0.25, 1],
    );
  });

  it.each([
    ['not json', /not JSON/],
    [JSON.stringify({ version: 2, results: [] }), /version 1/],
    [JSON.stringify({ version: 1 }), /not a list/],
    [
      JSON.stringify({ version: 1, results: [{ id: 'a', outcome: 'weird', seconds: 1 }] }),
      /malformed/,
    ],
    [JSON.stringify({ version: 1, results: [{ id: 'a', outcome: 'passed' }] }), /malformed/],
  ])('rejects %s', (text, message) => {
    expect(() => parsePytestResults(text)).toThrow(message);
  });

  it('pytestSelectionForShard refuses a shard the plan does not have', () => {
    expect(() => pytestSelectionForShard([{ index: 1, files: [], splits: [] }], 2)).toThrow(
      /no shard 2/,
    );
  });

  it('canonicalPytestId only touches the file part', () => {
    expect(canonicalPytestId('a\\b.py::T::t[x\\y]')).toBe('a/b.py::T::t[x\\y]');
    expect(canonicalPytestId('./a.py')).toBe('a.py');
  });
});
