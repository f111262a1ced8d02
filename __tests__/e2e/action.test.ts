/**
 * End to end, the run role (issue "run role"): the BUILT run action (`node dist/run.js`, and its
 * post step `dist/post.js`) in a GitHub-like environment, against the stand-in services, on
 * copies of examples/pytest-project, with real pytest. See harness.ts for what is simulated.
 */
import { readFileSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython } from '../helpers/python.js';
import {
  codeTexts,
  decodeHtml,
  E2E,
  messages,
  REPO_ROOT,
  tally,
  writeProjectFile,
  type ShardJob,
} from './harness.js';

const python = findPython({ coverage: true });
if (!python)
  console.warn('SKIPPED: the end-to-end tests need a Python with pytest (set EVENSHARD_PYTHON).');

/** Simulated durations × 0.2: the suite's sleeps total ~1.4 s, enough to tell heavy from light. */
const TIME_SCALE = { EVENSHARD_EXAMPLE_TIME_SCALE: '0.2' };
const TINY_PROJECT = path.join(REPO_ROOT, '__tests__/fixtures/e2e/tiny-project');
/** Python: prints the source files a coverage.py data file (argv[1]) measured. */
const MEASURED_FILES =
  'import sys, coverage\n' +
  'data = coverage.CoverageData(basename=sys.argv[1])\n' +
  'data.read()\n' +
  "print('\\n'.join(sorted(data.measured_files())))\n";

describe.skipIf(!python)('the run action, built, end to end', () => {
  let e2e: E2E;
  /** Test ids of a serial run of the unchanged example: what every sharded run must run once. */
  let serialIds: string[];

  beforeAll(async () => {
    e2e = await E2E.start(python!);
    serialIds = await e2e.collectIds(await e2e.projectCopy());
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const resultsOf = (runId: number, jobs: readonly ShardJob[]) => e2e.resultsOf(runId, jobs);

  /** Runs a matrix of `shards` jobs and checks them; returns the ids with brackets or spaces its summaries showed. */
  async function checkShardCount(shards: number): Promise<string[]> {
    const run = e2e.startRun(`shards-${shards}.yml`);
    const jobs = await e2e.shardJobs(run, { shards, env: TIME_SCALE });
    const label = `${shards} shard(s)`;

    for (const { shard, main } of jobs) {
      expect(main.exitCode, `${label}, shard ${shard}: ${main.stdout}\n${main.stderr}`).toBe(0);
      expect(messages(main, 'error'), label).toEqual([]);
      expect(main.outputs['tests'], label).toMatch(/^\d+$/);
      expect(main.outputs['failed'], label).toBe('0');
      expect(Number(main.outputs['duration-seconds']), label).toBeGreaterThan(0);
      expect(Number(main.outputs['estimated-seconds']), label).toBeGreaterThan(0);
      expect(main.outputs['plan-fingerprint'], label).toMatch(/^[0-9a-f]{64}$/);
      expect(main.outputs['cache-hit'], label).toBe('false');
    }
    // One plan for the whole run.
    expect(new Set(jobs.map((j) => j.main.outputs['plan-fingerprint'])).size, label).toBe(1);

    // Every shard uploaded its own results artifact with results.json and junit.xml.
    expect(e2e.artifactNames(run.id), label).toEqual(
      jobs.map((j) => `evenshard-results-${j.shard}`).sort(),
    );
    const uploads = await e2e.shardResults(
      run.id,
      jobs.map((j) => j.shard),
    );
    for (const [i, { dir, result }] of uploads.entries()) {
      const { shard, main } = jobs[i]!;
      expect(result.shard).toBe(shard);
      expect(result.shards).toBe(shards);
      expect(result.planFingerprint).toBe(main.outputs['plan-fingerprint']);
      expect(String(result.results.length)).toBe(main.outputs['tests']);
      expect((await readdir(dir)).sort(), label).toEqual(['junit.xml', 'results.json']);
      const junit = await readFile(path.join(dir, 'junit.xml'), 'utf8');
      expect(junit.match(/<testcase /g)?.length ?? 0, label).toBe(result.results.length);
    }

    // Together: each test of the serial run exactly once, nothing else.
    const counts = tally(
      uploads.map((u) => u.result.results.map((t) => t.id)),
      serialIds,
    );
    expect(counts, label).toEqual({ duplicated: [], missing: [], unexpected: [] });
    expect(
      jobs.reduce((sum, j) => sum + Number(j.main.outputs['tests']), 0),
      label,
    ).toBe(serialIds.length);

    // The step summary: written, headed by the shard, and test ids only inside <code>, escaped.
    const shown: string[] = [];
    for (const { shard, main } of jobs) {
      expect(main.summary, label).toContain(`Shard ${shard} of ${shards}`);
      for (const id of serialIds.filter((t) => /[[\] <>&]/.test(t))) {
        // Raw, a bracket or space would be Markdown; decoded, the id must still be the id.
        expect(main.summary.includes(id), `${label}: ${id} unescaped`).toBe(false);
      }
      for (const text of codeTexts(main.summary).filter((t) => t.includes('::'))) {
        expect(serialIds, `${label}: summary shows ${text}`).toContain(text);
        if (/[[\] ]/.test(text)) shown.push(text);
      }
    }
    return shown;
  }

  it('with 1 to 5 shards runs every test of a serial run exactly once, and reports it per shard', async () => {
    expect(serialIds.length).toBeGreaterThan(30);
    // The five matrices run at once, as five workflows would.
    const shown = (await Promise.all([1, 2, 3, 4, 5].map(checkShardCount))).flat();
    // Otherwise the escaping checks above looked at nothing.
    expect(shown.length, 'no summary showed an id with brackets or spaces').toBeGreaterThan(0);
  }, 150_000);

  it('uses the history of an earlier run, and still runs added tests once and skips deleted ones', async () => {
    // The history an earlier run's merge wrote (evenshard-history/1), by hand: test_heavy.py is
    // most of the time, so the plan must split it across shards by test.
    const earlier = e2e.startRun('history.yml');
    const tests = Object.fromEntries(
      serialIds.map((id) => [
        id,
        { s: [id.startsWith('tests/test_heavy.py::') ? 2 : 0.2], seen: 1 },
      ]),
    );
    const history = {
      schema: 'evenshard-history/1',
      run: 1,
      updatedAt: new Date().toISOString(),
      tests,
      overhead: [5],
    };
    await e2e.uploadArtifact(earlier.id, 'evenshard-history', {
      'history.json': JSON.stringify(history),
    });
    e2e.finishRun(earlier);

    // Since then, one test of the heavy file was deleted and tests were added in it and in a new file.
    const deleted = 'tests/test_heavy.py::test_mean_scales';
    const changeSuite = async (dir: string) => {
      const heavy = path.join(dir, 'tests/test_heavy.py');
      const source = readFileSync(heavy, 'utf8');
      const withoutDeleted = source.replace(
        /@pytest\.mark\.slow\ndef test_mean_scales\([\s\S]*?\n\n\n/,
        '',
      );
      expect(withoutDeleted).not.toBe(source);
      await writeProjectFile(
        dir,
        'tests/test_heavy.py',
        withoutDeleted +
          '\n\ndef test_mean_of_constant(samples, work):\n    work(0.25)\n    assert mean([4.0] * 7) == 4.0\n',
      );
      await writeProjectFile(
        dir,
        'tests/test_added.py',
        'def test_added_one(work):\n    work(0.1)\n\n\ndef test_added_two(work):\n    work(0.1)\n',
      );
    };
    const current = await e2e.collectIds(await e2e.projectCopy(undefined, changeSuite));
    const added = [
      'tests/test_added.py::test_added_one',
      'tests/test_added.py::test_added_two',
      'tests/test_heavy.py::test_mean_of_constant',
    ];
    expect(current).toEqual(expect.arrayContaining(added));
    expect(current).not.toContain(deleted);

    const run = e2e.startRun('history.yml');
    const jobs = await e2e.shardJobs(run, { shards: 3, prepare: changeSuite, env: TIME_SCALE });
    for (const { main } of jobs) {
      expect(main.exitCode, main.stdout).toBe(0);
      expect(main.summary).toContain(`run ${earlier.id} on main`);
      expect(messages(main, 'warning'), 'the history was read without trouble').toEqual([]);
    }
    const results = await resultsOf(run.id, jobs);
    const ran = results.map((r) => r.results.map((t) => t.id));
    expect(tally(ran, current)).toEqual({ duplicated: [], missing: [], unexpected: [] });
    // The history was used: the heavy file ran split over several shards (the hard case for new tests).
    const heavyShards = ran.filter((ids) =>
      ids.some((id) => id.startsWith('tests/test_heavy.py::')),
    );
    expect(heavyShards.length).toBeGreaterThan(1);
    expect(results.every((r) => r.estimates.counts.measured > 0)).toBe(true);

    // The merge accepts it (added and deleted tests are no error), names the deleted test as
    // planned but not run and the added ones as new, and rolls the earlier history forward.
    const merge = await (
      await e2e.job(run, { name: 'merge', prepare: changeSuite })
    ).step('merge', {
      inputs: { shards: '3' },
    });
    expect(merge.exitCode, merge.stdout).toBe(0);
    expect(merge.outputs).toMatchObject({
      tests: String(current.length),
      lost: '0',
      duplicated: '0',
      'history-run': '2',
    });
    const shown = codeTexts(merge.summary);
    expect(shown).toContain(deleted);
    for (const id of added) expect(shown).toContain(id);
  }, 90_000);

  it('fails only the shard with the failing test, which still uploads its results', async () => {
    // One more failing test in the same file, with markup in its id and message: the summary
    // must show both as text.
    const addMarkupTest = (dir: string) =>
      writeProjectFile(
        dir,
        'tests/test_arith.py',
        readFileSync(path.join(dir, 'tests/test_arith.py'), 'utf8') +
          '\n\n@pytest.mark.parametrize("x", [1], ids=["<b>bold</b> & [y] z"])\n' +
          'def test_markup(x, fail_switch):\n    assert not fail_switch, "<script>alert(1)</script> | a & b"\n',
      );
    const run = e2e.startRun('failing.yml');
    const jobs = await e2e.shardJobs(run, {
      shards: 3,
      prepare: addMarkupTest,
      post: true,
      env: { ...TIME_SCALE, EVENSHARD_EXAMPLE_FAIL: '1' },
    });
    const failing = 'tests/test_arith.py::TestArithmetic::test_add';
    const markup = 'tests/test_arith.py::test_markup[<b>bold</b> & [y] z]';
    const results = await resultsOf(run.id, jobs);
    const owner = results.find((r) => r.results.some((t) => t.id === failing));
    expect(owner, 'the failing test ran in some shard').toBeDefined();
    for (const [i, { shard, main, post }] of jobs.entries()) {
      if (shard === owner!.shard) {
        expect(main.exitCode).toBe(1);
        expect(main.outputs['failed']).toBe('2');
        expect(messages(main, 'error').join('\n')).toMatch(/2 of \d+ tests failed in shard/);
        expect(results[i]!.results.find((t) => t.id === failing)?.outcome).toBe('failed');
        expect(results[i]!.results.find((t) => t.id === markup)?.outcome).toBe('failed');
        // Failures are listed, as text: no live markup from test ids or messages.
        expect(main.summary).not.toMatch(/<b>bold|<script>/);
        expect(decodeHtml(main.summary)).toContain(markup);
        expect(decodeHtml(main.summary)).toContain('<script>alert(1)</script>');
        // post-if: success() — the runner skips the post step of a failed job.
        expect(post).toBeUndefined();
      } else {
        expect(main.exitCode, main.stdout).toBe(0);
        expect(main.outputs['failed']).toBe('0');
        expect(post?.exitCode).toBe(0);
      }
    }
    expect(e2e.artifactNames(run.id)).toEqual([
      'evenshard-results-1',
      'evenshard-results-2',
      'evenshard-results-3',
    ]);
  }, 60_000);

  it.skipIf(!python?.coverageVersion)(
    "uploads each shard's coverage.py data, hidden files included",
    async () => {
      const run = e2e.startRun('with-data-files.yml');
      const jobs = await e2e.shardJobs(run, {
        shards: 2,
        env: TIME_SCALE,
        inputs: {
          coverage: 'coverage.py',
          command: `${python!.executable} -m coverage run -p -m pytest -q`,
        },
      });
      for (const { shard, main } of jobs) {
        expect(main.exitCode, main.stdout).toBe(0);
        expect(messages(main, 'warning')).not.toContainEqual(
          expect.stringMatching(/coverage data/),
        );
        const dir = await e2e.downloadArtifact(run.id, `evenshard-coverage-${shard}`);
        const files = await readdir(dir);
        expect(files.length).toBeGreaterThan(0);
        for (const file of files) {
          expect(file).toMatch(/^\.coverage\./);
          // coverage.py 5+ data files are SQLite databases.
          expect((await readFile(path.join(dir, file))).subarray(0, 15).toString()).toBe(
            'SQLite format 3',
          );
          const measured = await e2e.exec(dir, [python!.executable, '-c', MEASURED_FILES, file]);
          expect(measured.exitCode, measured.stderr).toBe(0);
          expect(measured.stdout).toMatch(/calc\/arith\.py/);
        }
      }
      expect(e2e.artifactNames(run.id)).toEqual([
        'evenshard-coverage-1',
        'evenshard-coverage-2',
        'evenshard-results-1',
        'evenshard-results-2',
      ]);

      // The merge applies fail-under to the combined total only, and fails naming it.
      const mergeJob = await e2e.job(run, { name: 'merge' });
      const merge = await mergeJob.step('merge', {
        inputs: {
          shards: '2',
          coverage: 'coverage.py',
          'fail-under': '99.9',
          python: python!.executable,
        },
      });
      expect(merge.exitCode, merge.stdout).toBe(1);
      expect(merge.outputs['coverage']).toMatch(/^\d+\.\d\d$/);
      expect(messages(merge, 'error').join('\n')).toContain(
        `coverage ${merge.outputs['coverage']} % is below fail-under 99.9 %`,
      );
      // The shards' data also measured evenshard's own pytest plugin (imported after `coverage run`
      // started, from outside site-packages). In a project without a coverage `source` setting,
      // the combined report must still be the project's, not include the plugin.
      const combined = JSON.parse(
        await readFile(path.join(mergeJob.projectDir, 'coverage-combined/coverage.json'), 'utf8'),
      ) as { files: Record<string, unknown> };
      expect(Object.keys(combined.files)).toContain('calc/arith.py');
      expect(
        Object.keys(combined.files).filter((file) => file.includes('evenshard_plugin')),
      ).toEqual([]);
    },
    60_000,
  );

  describe('degrades instead of failing', () => {
    /** The same path on every runner, like ~/.cache/pip: the cache version hashes the paths. */
    const pipCacheDir = () => path.join(e2e.root, 'pip-cache');
    const withRequirements = (dir: string) => writeProjectFile(dir, 'requirements.txt', 'pytest\n');
    const cacheInputs = () => ({
      shard: '1',
      shards: '3',
      cache: 'pip',
      'cache-dependency-path': 'requirements.txt',
      python: python!.executable,
    });

    it('cache: pip — a miss is saved by the post step, and the next run restores it exactly', async () => {
      const env = { ...TIME_SCALE, PIP_CACHE_DIR: pipCacheDir() };
      const first = await e2e.job(e2e.startRun('cache.yml'), {
        name: 'test',
        prepare: withRequirements,
      });
      const miss = await first.step('run', { inputs: cacheInputs(), env });
      expect(miss.exitCode, miss.stdout).toBe(0);
      expect(miss.outputs['cache-hit']).toBe('false');
      // What pip put in its cache while the job installed the requirements.
      await writeProjectFile(pipCacheDir(), 'http-v2/0/1/wheel.body', 'wheel bytes');
      const save = await first.step('post', { inputs: cacheInputs(), env });
      expect(save.exitCode, save.stdout).toBe(0);
      const entries = e2e.standin.cacheEntries().filter((c) => c.state === 'finalized');
      expect(entries).toHaveLength(1);
      expect(entries[0]!.key).toMatch(/pip/);

      // A new runner: nothing in the pip cache until the restore.
      await rm(pipCacheDir(), { recursive: true, force: true });
      const second = await e2e.job(e2e.startRun('cache.yml'), {
        name: 'test',
        prepare: withRequirements,
      });
      const hit = await second.step('run', { inputs: cacheInputs(), env });
      expect(hit.exitCode, hit.stdout).toBe(0);
      expect(hit.outputs['cache-hit']).toBe('true');
      expect(readFileSync(path.join(pipCacheDir(), 'http-v2/0/1/wheel.body'), 'utf8')).toBe(
        'wheel bytes',
      );
      const noSave = await second.step('post', { inputs: cacheInputs(), env });
      expect(noSave.exitCode).toBe(0);
      expect(e2e.standin.cacheEntries()).toHaveLength(1);
    }, 60_000);

    it('an unreachable cache service is a warning; the job passes', async () => {
      const env = { ...TIME_SCALE, PIP_CACHE_DIR: path.join(e2e.root, 'pip-cache-down') };
      e2e.standin.setFault('cache', { mode: 'down' });
      try {
        // A requirements file no earlier run saw: the restore must ask the (unreachable) service.
        const prepare = (dir: string) =>
          writeProjectFile(dir, 'requirements.txt', 'pytest\ncoverage\n');
        const job = await e2e.job(e2e.startRun('cache-down.yml'), { name: 'test', prepare });
        const main = await job.step('run', { inputs: cacheInputs(), env });
        expect(main.exitCode, main.stdout).toBe(0);
        expect(main.outputs['cache-hit']).toBe('false');
        expect(Number(main.outputs['tests'])).toBeGreaterThan(0);
        expect(messages(main, 'warning').join('\n')).toMatch(/cache/i);
        await writeProjectFile(env.PIP_CACHE_DIR, 'http-v2/x.body', 'x');
        const post = await job.step('post', { inputs: cacheInputs(), env });
        expect(post.exitCode, post.stdout).toBe(0);
        expect(messages(post, 'error')).toEqual([]);
      } finally {
        e2e.standin.setFault('cache', null);
      }
    }, 60_000);

    it('an unreachable artifact service is a warning; passing tests keep the job green', async () => {
      e2e.standin.setFault('artifact', { mode: 'down' });
      try {
        const run = e2e.startRun('artifact-down.yml');
        const [job] = await e2e.shardJobs(run, { shards: 3, only: [1], env: TIME_SCALE });
        expect(job!.main.exitCode, job!.main.stdout).toBe(0);
        expect(job!.main.outputs['failed']).toBe('0');
        expect(Number(job!.main.outputs['tests'])).toBeGreaterThan(0);
        expect(messages(job!.main, 'warning').join('\n')).toContain(
          'could not upload artifact evenshard-results-1',
        );
        expect(e2e.artifactNames(run.id)).toEqual([]);
      } finally {
        e2e.standin.setFault('artifact', null);
      }
    }, 60_000);
  });

  it('refuses wrong configuration with exit 1 and a message naming the input', async () => {
    const cases: { inputs: Record<string, string>; message: RegExp }[] = [
      { inputs: { shard: '4', shards: '3' }, message: /input 'shard' is 4 but 'shards' is 3/ },
      {
        inputs: { shard: '1', shards: '3', framework: 'mocha' },
        message: /input 'framework' must be one of pytest, vitest, jest, command \(got "mocha"\)/,
      },
      {
        inputs: {
          shard: '1',
          shards: '3',
          command: 'python -m pip install -e . && python -m pytest',
        },
        message: /input 'command' contains the shell operator "&&"/,
      },
    ];
    const run = e2e.startRun('config.yml');
    const steps = await Promise.all(
      cases.map(async ({ inputs }, i) =>
        (await e2e.job(run, { name: `config ${i}` })).step('run', { inputs }),
      ),
    );
    for (const [i, step] of steps.entries()) {
      expect(step.exitCode, step.stdout).toBe(1);
      expect(messages(step, 'error').join('\n')).toMatch(cases[i]!.message);
    }
    expect(e2e.artifactNames(run.id)).toEqual([]);
  }, 60_000);

  it('with more shards than tests, the extra shards succeed and say why', async () => {
    const run = e2e.startRun('tiny.yml');
    const jobs = await e2e.shardJobs(run, { shards: 4, project: TINY_PROJECT });
    const ran = jobs.filter((j) => j.main.outputs['tests'] !== '0');
    const empty = jobs.filter((j) => j.main.outputs['tests'] === '0');
    expect(ran.map((j) => j.main.outputs['tests'])).toEqual(['1', '1']);
    expect(empty).toHaveLength(2);
    for (const { main } of jobs) expect(main.exitCode, main.stdout).toBe(0);
    for (const { main } of empty) {
      expect(messages(main, 'notice').join('\n')).toMatch(
        /has nothing to run: there are more shards \(4\) than test units/,
      );
      expect(main.summary).not.toBe('');
    }
    // Every shard reports, so the merge can tell an empty shard from a missing one.
    expect(e2e.artifactNames(run.id)).toEqual([1, 2, 3, 4].map((i) => `evenshard-results-${i}`));
    const results = await resultsOf(run.id, jobs);
    expect(
      tally(
        results.map((r) => r.results.map((t) => t.id)),
        ['tests/test_one.py::test_one', 'tests/test_two.py::test_two'],
      ),
    ).toEqual({
      duplicated: [],
      missing: [],
      unexpected: [],
    });
  }, 60_000);
});
