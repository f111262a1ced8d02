/**
 * Fault matrix, runs: a shard that ends abnormally, a command that narrows the suite, ids that
 * are not stable across processes, `tests` globs. Each case runs real pytest shards through the
 * run role and merges them through the merge role (in-memory ports): the outcome must be the
 * correct result or a failure naming what did not run, and why. Never a silent loss.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseHistoryText } from '../../src/formats/history.js';
import {
  cleanUp,
  mergeStore,
  MemoryStore,
  NO_PYTHON,
  project,
  PYTHON,
  runAndMerge,
  runOneShard,
} from './harness.js';

afterAll(cleanUp);

const passing = (name: string) => `def test_${name}():\n    pass\n`;
const FOUR_FILES = {
  'tests/test_a.py': passing('a'),
  'tests/test_b.py': passing('b'),
  'tests/test_c.py': passing('c'),
};

describe.skipIf(NO_PYTHON)('fault matrix: runs', () => {
  it('a test that SIGKILLs pytest (the OOM killer): the shard fails, the merge names its lost tests', async () => {
    const root = await project({
      ...FOUR_FILES,
      'tests/test_kill.py':
        'import os, signal\ndef test_kill():\n    os.kill(os.getpid(), signal.SIGKILL)\n',
    });
    const store = new MemoryStore();
    const { shards, merge } = await runAndMerge(root, store, { shards: 2 });
    const killed =
      shards.findIndex((s) => s.result.plannedFiles.includes('tests/test_kill.py')) + 1;
    expect(shards[killed - 1]!.exitCode).toBe(1);
    expect(shards[killed - 1]!.failure).toMatch(/killed by SIGKILL/);
    expect(merge.failures).toContainEqual(
      expect.stringMatching(`^shard ${killed} failed: pytest was killed by SIGKILL`),
    );
    expect(merge.report.lost.map((l) => l.id)).toContain('tests/test_kill.py::test_kill');
    for (const lost of merge.report.lost) {
      expect(lost).toMatchObject({ shard: killed, reason: 'killed' });
    }
    expect(merge.summary.split('\n')[0]).toMatch(/^### ❌ Shard \d failed, \d tests? did not run/);
  });

  it('os._exit(0) in a test: exit code 0, but the shard fails and the rest of it is named lost', async () => {
    const root = await project({
      'tests/test_a.py':
        'import os\ndef test_exit():\n    os._exit(0)\ndef test_after():\n    pass\n',
    });
    const store = new MemoryStore();
    const { shards, merge } = await runAndMerge(root, store, { shards: 1 });
    expect(shards[0]!.result.exitCode).toBe(0);
    expect(shards[0]!.exitCode).toBe(1);
    expect(shards[0]!.result.status).toMatchObject({ finished: false });
    expect(merge.report.lost.map((l) => [l.id, l.reason])).toEqual([
      ['tests/test_a.py::test_after', 'exited-early'],
      ['tests/test_a.py::test_exit', 'exited-early'],
    ]);
    expect(merge.failures[0]).toMatch(/^shard 1 failed: the test command exited \(code 0\)/);
  });

  for (const [how, kill, reason] of [
    ['SIGKILL', 'os.kill(os.getpid(), signal.SIGKILL)', 'killed'],
    ['os._exit(0)', 'os._exit(0)', 'exited-early'],
  ] as const) {
    it(`a shard that dies by ${how} still reports the tests it finished: exactly the rest is named lost`, async () => {
      const root = await project({
        'tests/test_a.py': `import os, signal\ndef test_1():\n    pass\ndef test_2():\n    pass\ndef test_3():\n    ${kill}\ndef test_4():\n    pass\n`,
      });
      const store = new MemoryStore();
      const { shards, merge } = await runAndMerge(root, store, { shards: 1 });
      expect(shards[0]!.exitCode).toBe(1);
      expect(shards[0]!.result.results.map((r) => [r.id, r.outcome])).toEqual([
        ['tests/test_a.py::test_1', 'passed'],
        ['tests/test_a.py::test_2', 'passed'],
      ]);
      expect(merge.report.lost.map((l) => [l.id, l.reason])).toEqual([
        ['tests/test_a.py::test_3', reason],
        ['tests/test_a.py::test_4', reason],
      ]);
      expect(merge.failures[0]).toMatch(/^shard 1 failed: /);
    });
  }

  it('rerun: failed: the tests carried over from attempt 1 are not run again, yet never counted as deselected; the merge passes', async () => {
    const root = await project({
      'tests/test_a.py':
        'import os\ndef test_1():\n    pass\ndef test_flaky():\n    assert os.environ.get("ATTEMPT") == "2"\ndef test_3():\n    pass\n',
      'tests/test_b.py': passing('b'),
    });
    const store = new MemoryStore();
    const first = await runOneShard(root, store, 1, { shards: 1, env: { ATTEMPT: '1' } });
    expect(first.exitCode).toBe(1);
    const rerun = await runOneShard(root, store, 1, {
      shards: 1,
      env: { ATTEMPT: '2' },
      attempt: 2,
      rerunFailed: true,
    });
    expect(rerun.exitCode).toBe(0);
    expect(rerun.result.rerun).toEqual({ fromAttempt: 1, carried: 3, ran: 1 });
    expect(rerun.result.collection?.deselected).toEqual([]);
    const merge = await mergeStore(store, 1);
    expect(merge.report.lost).toEqual([]);
    expect(merge.report.duplicated).toEqual([]);
    expect(merge.failures).toEqual([]);
    expect(merge.report.results.map((r) => r.id).sort()).toEqual([
      'tests/test_a.py::test_1',
      'tests/test_a.py::test_3',
      'tests/test_a.py::test_flaky',
      'tests/test_b.py::test_b',
    ]);
  });

  it('pytest exiting 3 mid-run: the shard fails whatever its tests reported', async () => {
    const root = await project({
      'tests/test_a.py':
        'import pytest\ndef test_a():\n    pass\ndef test_b():\n    pytest.exit("stop", returncode=3)\ndef test_c():\n    pass\n',
    });
    const store = new MemoryStore();
    const { shards, merge } = await runAndMerge(root, store, { shards: 1 });
    expect(shards[0]!.failure).toMatch(/internal error \(exit code 3\)/);
    expect(merge.report.failedShards.map((f) => f.shard)).toEqual([1]);
    expect(merge.report.lost.map((l) => l.id)).toContain('tests/test_a.py::test_c');
    expect(merge.report.lost.every((l) => l.reason === 'crashed')).toBe(true);
  });

  it('-k in the command: deselected tests are named lost, "deselected by the test command"', async () => {
    const root = await project({ 'tests/test_a.py': passing('keep') + passing('drop') });
    const store = new MemoryStore();
    const { merge } = await runAndMerge(root, store, {
      shards: 1,
      command: [PY(), '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-k', 'keep'],
    });
    expect(merge.report.lost).toEqual([
      expect.objectContaining({ id: 'tests/test_a.py::test_drop', shard: 1, reason: 'deselected' }),
    ]);
    expect(merge.failures.join('\n')).toMatch(/deselected it \(-k, -m/);
  });

  it('-x: the tests after the first failure are named lost, "stopped early"', async () => {
    const root = await project({
      'tests/test_a.py': 'def test_1():\n    assert False\ndef test_2():\n    pass\n',
    });
    const store = new MemoryStore();
    const { merge } = await runAndMerge(root, store, {
      shards: 1,
      command: [PY(), '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-x'],
    });
    expect(merge.report.lost).toEqual([
      expect.objectContaining({ id: 'tests/test_a.py::test_2', reason: 'stopped-early' }),
    ]);
    expect(merge.report.lost[0]!.why).toMatch(/stopping after 1 failures/);
  });

  it('a narrower path in the command: the files it leaves out are named "never collected"', async () => {
    const root = await project({
      'tests/unit/test_a.py': passing('a'),
      'tests/slow/test_b.py': passing('b'),
    });
    const store = new MemoryStore();
    const { merge } = await runAndMerge(root, store, {
      shards: 1,
      command: [PY(), '-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'tests/unit'],
    });
    expect(merge.report.lost).toEqual([
      expect.objectContaining({ id: 'tests/slow/test_b.py', reason: 'not-collected', shard: 1 }),
    ]);
  });

  it('a conftest that fails to import: headlined as what it is, on every shard', async () => {
    const root = await project({
      ...FOUR_FILES,
      'tests/conftest.py': 'import not_installed_xyz\n',
    });
    const store = new MemoryStore();
    const { shards, merge } = await runAndMerge(root, store, { shards: 2 });
    for (const s of shards) {
      expect(s.failure).toMatch(
        /^pytest could not start: tests\/conftest.py failed to import: ModuleNotFoundError: No module named 'not_installed_xyz'/,
      );
    }
    expect(merge.report.duplicated).toEqual([]);
    expect(merge.failures[0]).toMatch(
      /^shard 1 failed: pytest could not start: tests\/conftest.py failed to import/,
    );
    expect(merge.summary).toContain(
      '<b>Shard 1 failed</b>: pytest could not start: tests/conftest.py failed to import',
    );
  });

  it('parametrize over a set: the shards disagree on what the ids mean; the merge fails and the next plan keeps the file whole', async () => {
    const values = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
    const root = await project({
      'tests/test_set.py':
        'import pytest\n' +
        `VALUES = list(${JSON.stringify(values).replace('[', '{').replace(']', '}')})\n` +
        '@pytest.mark.parametrize("v", VALUES, ids=[f"t{i}" for i in range(len(VALUES))])\n' +
        'def test_v(v):\n    pass\n',
    });
    const store = new MemoryStore();
    // A history that makes the planner split the file over both shards.
    store.history = JSON.stringify({
      schema: 'evenshard-history/1',
      run: 1,
      updatedAt: '',
      overhead: [],
      tests: Object.fromEntries(
        values.map((_, i) => [`tests/test_set.py::test_v[t${i}]`, { s: [1], seen: 1 }]),
      ),
    });
    const { shards, merge } = await runAndMerge(root, store, {
      shards: 2,
      perShard: (shard) => ({ env: { PYTHONHASHSEED: String(shard) } }),
    });
    expect(shards[0]!.result.collection!.files[0]!.split).toBe(true);
    expect(merge.report.unstableFiles).toEqual([{ file: 'tests/test_set.py', shards: [1, 2] }]);
    expect(merge.failures.join('\n')).toMatch(
      /unstable ids: shards 1 and 2 collected tests\/test_set.py differently/,
    );
    expect(parseHistoryText(store.history!).keepWhole).toEqual(['tests/test_set.py']);

    // The next run plans the file whole: one process collects it, and the run is green.
    store.uploads.clear();
    const next = await runAndMerge(root, store, {
      shards: 2,
      perShard: (shard) => ({ env: { PYTHONHASHSEED: String(shard) } }),
    });
    expect(next.merge.failures).toEqual([]);
    expect(next.merge.report.counts.tests).toBe(8);
    expect(parseHistoryText(store.history!).keepWhole).toEqual(['tests/test_set.py']);
  });

  it("'tests' globs are the suite: files outside are not run, a globbed check_*.py is collected", async () => {
    const root = await project({
      'tests/unit/test_a.py': passing('a'),
      'tests/unit/check_b.py': passing('b'),
      'tests/slow/test_slow.py': passing('slow'),
      // Outside the globs, skipping itself at import: once reported by every shard as "duplicated".
      'tests/slow/test_skipped.py':
        'import pytest\npytest.skip("not here", allow_module_level=True)\n',
    });
    const store = new MemoryStore();
    const { merge } = await runAndMerge(root, store, {
      shards: 2,
      testPatterns: ['tests/unit/test_*.py', 'tests/unit/check_*.py'],
    });
    expect(merge.failures).toEqual([]);
    expect(merge.report.results.map((r) => r.id)).toEqual([
      'tests/unit/check_b.py::test_b',
      'tests/unit/test_a.py::test_a',
    ]);
  });

  it('more shards than tests, and zero tests in a shard: empty shards pass, the proof holds', async () => {
    const root = await project({ 'tests/test_a.py': passing('a') });
    const store = new MemoryStore();
    const { shards, merge } = await runAndMerge(root, store, { shards: 3 });
    expect(shards.map((s) => s.exitCode)).toEqual([0, 0, 0]);
    expect(merge.failures).toEqual([]);
    expect(merge.report.counts.tests).toBe(1);
  });
});

function PY(): string {
  return PYTHON!.executable;
}
