/**
 * End to end, the merge and plan roles (issue "merge/plan roles"): the BUILT actions
 * (`node dist/merge.js`, `node dist/plan.js`, with `dist/run.js` shards) in a GitHub-like
 * environment, against the stand-in services, on copies of examples/pytest-project, with real
 * pytest and coverage.py. See harness.ts for what is simulated.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShardResult } from '../../src/core/shardResult.js';
import { spreadUnder } from '../helpers/shardResult.js';
import { findPython } from '../helpers/python.js';
import {
  codeTexts,
  E2E,
  messages,
  nextSecond,
  tally,
  type ShardJob,
  type WorkflowRun,
} from './harness.js';

const python = findPython({ coverage: true });
if (!python)
  console.warn('SKIPPED: the end-to-end tests need a Python with pytest (set EVENSHARD_PYTHON).');
if (python && !python.coverageVersion) {
  console.warn(
    `SKIPPED: coverage tests need coverage.py for ${python.executable} (apt-get install python3-coverage).`,
  );
}

/** Simulated durations × 0.2: the suite's sleeps total ~1.4 s, enough to tell heavy from light. */
const TIME_SCALE = { EVENSHARD_EXAMPLE_TIME_SCALE: '0.2' };

/** A coverage.py JSON report as line sets per file: what "equal coverage" means. */
function lineSets(report: {
  files: Record<string, { executed_lines: number[]; missing_lines: number[] }>;
}) {
  return Object.fromEntries(
    Object.entries(report.files)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([file, f]) => [
        file,
        { executed: [...f.executed_lines].sort(), missing: [...f.missing_lines].sort() },
      ]),
  );
}

describe.skipIf(!python)('the merge and plan actions, built, end to end', () => {
  let e2e: E2E;
  let serialIds: string[];

  beforeAll(async () => {
    e2e = await E2E.start(python!);
    serialIds = await e2e.collectIds(await e2e.projectCopy());
  });
  afterAll(async () => {
    await e2e?.close();
  });

  const resultsOf = (runId: number, jobs: readonly ShardJob[]) => e2e.resultsOf(runId, jobs);

  /** Files of the suite whose tests ran in none of the results. */
  const filesNotRun = (results: readonly ShardResult[]): string[] => {
    const ran = new Set(results.flatMap((r) => r.results.map((t) => t.id.split('::')[0])));
    return [...new Set(serialIds.map((id) => id.split('::')[0]!))]
      .filter((file) => !ran.has(file))
      .sort();
  };

  /** A hand-written evenshard-history/1 artifact on a finished earlier run: heavy file 2 s per test. */
  async function earlierRunWithHistory(
    workflow: string,
    seconds: (id: string) => number,
  ): Promise<WorkflowRun> {
    const run = e2e.startRun(workflow);
    const tests = Object.fromEntries(serialIds.map((id) => [id, { s: [seconds(id)], seen: 1 }]));
    const history = {
      schema: 'evenshard-history/1',
      run: 1,
      updatedAt: new Date().toISOString(),
      tests,
      overhead: [5],
    };
    await e2e.uploadArtifact(run.id, 'evenshard-history', {
      'history.json': JSON.stringify(history),
    });
    e2e.finishRun(run);
    return run;
  }

  it.skipIf(!python?.coverageVersion)(
    'merges 3 shards: proves exactly-once, writes the history, combines coverage as one unsharded run; the next run is more even',
    async () => {
      // The project sits in app/ of the repository: every role gets working-directory: app. Its
      // coverage configuration measures the project only, as real ones do (`source`), so that
      // the Python installation's own packages (Debian's are not "third party" to coverage.py)
      // cannot make sharded and unsharded totals differ.
      const measureProject = (dir: string) =>
        writeFile(
          path.join(dir, 'pyproject.toml'),
          readFileSync(path.join(dir, 'pyproject.toml'), 'utf8') +
            '\n[tool.coverage.run]\nsource = ["."]\n',
        );
      const layout = { subdir: 'app', prepare: measureProject };
      const coverageCommand = `${python!.executable} -m coverage run -p -m pytest -q`;
      const first = e2e.startRun('merge.yml');
      const firstJobs = await e2e.shardJobs(first, {
        shards: 3,
        ...layout,
        env: TIME_SCALE,
        inputs: { 'working-directory': 'app', coverage: 'coverage.py', command: coverageCommand },
      });
      for (const { main } of firstJobs) expect(main.exitCode, main.stdout).toBe(0);

      const mergeJob = await e2e.job(first, { name: 'merge', ...layout });
      const merge = await mergeJob.step('merge', {
        inputs: {
          shards: '3',
          'working-directory': 'app',
          coverage: 'coverage.py',
          'fail-under': '50',
          python: python!.executable,
        },
      });
      expect(merge.exitCode, merge.stdout).toBe(0);
      expect(messages(merge, 'error')).toEqual([]);
      expect(merge.outputs).toMatchObject({
        tests: String(serialIds.length),
        failed: '0',
        lost: '0',
        duplicated: '0',
        'history-run': '1',
      });
      expect(merge.outputs['coverage']).toMatch(/^\d+\.\d\d$/);
      expect(Number(merge.outputs['balance'])).toBeGreaterThanOrEqual(1);
      expect(merge.outputs['recommended-shards']).toMatch(/^[1-9]\d*$/);
      expect(merge.summary).toContain(`${serialIds.length} tests in 3 shards`);

      // The next history: every test that ran, as evenshard-history/2 (read from a /1).
      expect(e2e.artifactNames(first.id)).toContain('evenshard-history');
      const historyDir = await e2e.downloadArtifact(first.id, 'evenshard-history');
      const history = JSON.parse(await readFile(path.join(historyDir, 'history.json'), 'utf8')) as {
        schema: string;
        run: number;
        tests: Record<string, { s: number[] }>;
      };
      expect(history.schema).toBe('evenshard-history/3');
      expect(history.run).toBe(1);
      expect(Object.keys(history.tests).sort()).toEqual(serialIds);

      // Coverage: the combined total and line sets equal one unsharded `coverage run -m pytest`.
      const unsharded = await e2e.projectCopy(undefined, measureProject);
      const run = await e2e.exec(
        unsharded,
        [python!.executable, '-m', 'coverage', 'run', '-m', 'pytest', '-q'],
        TIME_SCALE,
      );
      expect(run.exitCode, run.stdout).toBe(0);
      const report = await e2e.exec(unsharded, [
        python!.executable,
        '-m',
        'coverage',
        'json',
        '-o',
        'coverage.json',
      ]);
      expect(report.exitCode, report.stderr).toBe(0);
      const expected = JSON.parse(await readFile(path.join(unsharded, 'coverage.json'), 'utf8'));
      const combined = JSON.parse(
        await readFile(path.join(mergeJob.projectDir, 'coverage-combined/coverage.json'), 'utf8'),
      );
      expect(merge.outputs['coverage']).toBe(expected.totals.percent_covered.toFixed(2));
      expect(lineSets(combined)).toEqual(lineSets(expected));

      // The second run plans from that history: its shards come out more even than the first
      // run's, which had no history and could only count tests per file.
      e2e.finishRun(first);
      const second = e2e.startRun('merge.yml');
      const secondJobs = await e2e.shardJobs(second, {
        shards: 3,
        ...layout,
        env: TIME_SCALE,
        inputs: { 'working-directory': 'app' },
      });
      for (const { main } of secondJobs) {
        expect(main.exitCode, main.stdout).toBe(0);
        expect(main.summary).toContain(`run ${first.id} on main`);
      }
      const before = await resultsOf(first.id, firstJobs);
      const after = await resultsOf(second.id, secondJobs);
      expect(after.every((r) => r.estimates.counts.measured > 0)).toBe(true);
      // Both plans judged on the first run's measured times: load on the machine cannot decide it.
      expect(spreadUnder(after, before)).toBeLessThan(spreadUnder(before, before));
      // The plan itself is even (its estimates are deterministic given the history); the measured
      // test time above varies with the machine's load, so it is only compared with the first run.
      const planned = after.map((r) => r.estimatedSeconds);
      const plannedMean = planned.reduce((a, b) => a + b, 0) / planned.length;
      expect(Math.max(...planned) / plannedMean).toBeLessThan(1.3);
      expect(
        tally(
          after.map((r) => r.results.map((t) => t.id)),
          serialIds,
        ),
      ).toEqual({
        duplicated: [],
        missing: [],
        unexpected: [],
      });
    },
    120_000,
  );

  it('on a first run, does not call the files planned whole "planned but not run"', async () => {
    // Without history the plan's units are whole files; they all ran, test by test.
    const run = e2e.startRun('first-run.yml');
    const jobs = await e2e.shardJobs(run, { shards: 2, env: TIME_SCALE });
    for (const { main } of jobs) expect(main.exitCode, main.stdout).toBe(0);
    const merge = await (
      await e2e.job(run, { name: 'merge' })
    ).step('merge', { inputs: { shards: '2' } });
    expect(merge.exitCode, merge.stdout).toBe(0);
    const files = new Set(serialIds.map((id) => id.split('::')[0]!));
    // The costs table names files by what importing them cost; no other section may name them.
    const costs = /<details>\n<summary><b>Costliest fixtures and imports[\s\S]*?<\/details>/;
    expect(merge.summary).toMatch(costs);
    const rest = merge.summary.replace(costs, '');
    expect(codeTexts(rest).filter((text) => files.has(text))).toEqual([]);
    expect(merge.summary).not.toMatch(/planned but not run/);
  }, 60_000);

  it('names a missing shard and the files only it would have run', async () => {
    const run = e2e.startRun('missing.yml');
    // Shard 3 never ran (cancelled before it started).
    const jobs = await e2e.shardJobs(run, { shards: 3, only: [1, 2], env: TIME_SCALE });
    for (const { main } of jobs) expect(main.exitCode, main.stdout).toBe(0);
    const lost = filesNotRun(await resultsOf(run.id, jobs));
    expect(lost.length).toBeGreaterThan(0);

    const merge = await (
      await e2e.job(run, { name: 'merge' })
    ).step('merge', { inputs: { shards: '3' } });
    expect(merge.exitCode).toBe(1);
    const failure = messages(merge, 'error').join('\n');
    expect(failure).toMatch(/missing: shard 3 uploaded no results/);
    expect(failure).toMatch(
      /lost: \d+ tests? did not run \(no reporting shard was given it; shard 3 uploaded no results\)/,
    );
    for (const file of lost) expect(failure).toContain(`${file} (whole file)`);
    expect(merge.outputs['lost']).toBe(String(lost.length));
  }, 60_000);

  it('names shards that used different plans, and the files they lost and the tests they ran twice', async () => {
    // A commit added a pytest-split timing file between the two jobs' checkouts: shard 1 plans
    // without it, shard 2 with it, so they split the suite differently.
    const timings = Object.fromEntries(
      serialIds.map((id) => [id, id.startsWith('tests/test_params.py::') ? 100 : 0.5]),
    );
    const run = e2e.startRun('mismatch.yml');
    const jobs = await e2e.shardJobs(run, {
      shards: 2,
      env: TIME_SCALE,
      inputs: { history: '.test_durations' },
      prepare: async (dir, shard) => {
        if (shard === 2)
          await writeFile(path.join(dir, '.test_durations'), JSON.stringify(timings));
      },
    });
    for (const { main } of jobs) expect(main.exitCode, main.stdout).toBe(0);
    const [one = '', two = ''] = jobs.map((j) => j.main.outputs['plan-fingerprint'] ?? '');
    expect(one).not.toBe(two);

    const results = await resultsOf(run.id, jobs);
    const ran = tally(
      results.map((r) => r.results.map((t) => t.id)),
      serialIds,
    );
    const lostFiles = filesNotRun(results);
    // The scenario must produce both kinds of damage, or the checks below would look at nothing.
    expect(ran.duplicated.length).toBeGreaterThan(0);
    expect(lostFiles.length).toBeGreaterThan(0);

    const merge = await (
      await e2e.job(run, { name: 'merge' })
    ).step('merge', { inputs: { shards: '2' } });
    expect(merge.exitCode).toBe(1);
    const failure = messages(merge, 'error').join('\n');
    expect(failure).toContain(
      `plans differ: shard 1 used ${one.slice(0, 12)}; shard 2 used ${two.slice(0, 12)}`,
    );
    // Every lost file is named (as a whole file, or by its tests), with the shard and why.
    for (const file of lostFiles) expect(failure).toContain(file);
    // The log names the first 20 duplicates (sorted); the summary and outputs count them all.
    for (const id of [...ran.duplicated].sort().slice(0, 20))
      expect(failure).toContain(`duplicated: ${id} ran in shards 1 and 2`);
    expect(Number(merge.outputs['lost'])).toBeGreaterThanOrEqual(lostFiles.length);
    expect(merge.outputs['duplicated']).toBe(String(ran.duplicated.length));
    // Named in the run summary too, escaped like every test id.
    for (const id of ran.duplicated.slice(0, 5)) expect(codeTexts(merge.summary)).toContain(id);
  }, 60_000);

  describe('plan → shards → re-run of a failed shard', () => {
    let run: WorkflowRun;
    let plan: Awaited<ReturnType<Awaited<ReturnType<E2E['job']>>['step']>>;
    let attempt1: ShardJob[];
    let failedShard: number;

    it('the plan action stores one plan and outputs the matrix; every shard replays it', async () => {
      await earlierRunWithHistory('plan.yml', (id) =>
        id.startsWith('tests/test_heavy.py::') ? 2 : 0.2,
      );
      run = e2e.startRun('plan.yml');
      plan = await (await e2e.job(run, { name: 'plan' })).step('plan', { inputs: { shards: '3' } });
      expect(plan.exitCode, plan.stdout).toBe(0);
      expect(JSON.parse(plan.outputs['matrix']!)).toEqual({ shard: [1, 2, 3] });
      expect(plan.outputs['shards']).toBe('3');
      expect(Number(plan.outputs['estimated-seconds'])).toBeGreaterThan(0);
      expect(plan.outputs['plan-fingerprint']).toMatch(/^[0-9a-f]{64}$/);
      expect(e2e.artifactNames(run.id)).toEqual(['evenshard-plan']);

      // Attempt 1: a flaky test fails in one shard.
      attempt1 = await e2e.shardJobs(run, {
        shards: 3,
        env: { ...TIME_SCALE, EVENSHARD_EXAMPLE_FAIL: '1' },
      });
      for (const { main } of attempt1) {
        expect(main.outputs['plan-fingerprint']).toBe(plan.outputs['plan-fingerprint']);
        expect(main.stdout).toContain(
          `using the run's plan ${plan.outputs['plan-fingerprint']!.slice(0, 12)}`,
        );
      }
      const failed = attempt1.filter((j) => j.main.exitCode !== 0);
      expect(failed).toHaveLength(1);
      failedShard = failed[0]!.shard;

      const merge = await (
        await e2e.job(run, { name: 'merge' })
      ).step('merge', { inputs: { shards: '3' } });
      expect(merge.exitCode).toBe(1);
      expect(messages(merge, 'error').join('\n')).toMatch(/1 test\(s\) failed/);
    }, 60_000);

    it('re-running the failed shard runs the same tests even after the history changed, and the merge re-run passes', async () => {
      expect(failedShard, 'the previous test set up attempt 1').toBeDefined();
      // Since attempt 1, a newer run finished with a different history (everything but the heavy
      // file got slow): planning afresh would now split the suite differently.
      await nextSecond();
      await earlierRunWithHistory('plan.yml', (id) =>
        id.startsWith('tests/test_heavy.py::') ? 0.1 : 3,
      );
      const fresh = await (
        await e2e.job(e2e.startRun('plan.yml'), { name: 'plan' })
      ).step('plan', { inputs: { shards: '3' } });
      expect(fresh.exitCode, fresh.stdout).toBe(0);
      expect(fresh.outputs['plan-fingerprint']).not.toBe(plan.outputs['plan-fingerprint']);

      const [before] = await resultsOf(
        run.id,
        attempt1.filter((j) => j.shard === failedShard),
      );
      const oldArtifact = e2e.standin
        .artifacts({ runId: run.id })
        .find((a) => a.name === `evenshard-results-${failedShard}`)!;

      // "Re-run failed jobs": the shard on a fresh runner (attempt 2, same run), then the merge.
      const rerunJob = await e2e.job(run, { name: `test (${failedShard})`, attempt: 2 });
      const rerun = await rerunJob.step('run', {
        inputs: { shard: String(failedShard), shards: '3', command: e2e.pytestCommand },
        env: TIME_SCALE,
      });
      expect(rerun.exitCode, rerun.stdout).toBe(0);
      expect(rerun.outputs['plan-fingerprint']).toBe(plan.outputs['plan-fingerprint']);
      expect(messages(rerun, 'warning'), 'the re-run uploads its results like any shard').toEqual(
        [],
      );

      // Its results replaced attempt 1's (artifact names are unique per run, across attempts).
      const newArtifact = e2e.standin
        .artifacts({ runId: run.id })
        .find((a) => a.name === `evenshard-results-${failedShard}`)!;
      expect(newArtifact.id).not.toBe(oldArtifact.id);
      const [after] = await resultsOf(
        run.id,
        attempt1.filter((j) => j.shard === failedShard),
      );
      expect(after!.results.map((t) => t.id)).toEqual(before!.results.map((t) => t.id));
      expect(after!.results.every((t) => t.outcome !== 'failed')).toBe(true);

      const mergeJob = await e2e.job(run, { name: 'merge', attempt: 2 });
      const merge = await mergeJob.step('merge', { inputs: { shards: '3' } });
      expect(merge.exitCode, merge.stdout).toBe(0);
      expect(merge.outputs).toMatchObject({
        tests: String(serialIds.length),
        failed: '0',
        lost: '0',
        duplicated: '0',
      });
      expect(messages(merge, 'warning').filter((m) => /upload/.test(m))).toEqual([]);
      // The history of attempt 2 replaced attempt 1's: it has the test that failed then.
      const historyDir = await e2e.downloadArtifact(run.id, 'evenshard-history');
      const history = JSON.parse(readFileSync(path.join(historyDir, 'history.json'), 'utf8')) as {
        tests: Record<string, unknown>;
      };
      expect(Object.keys(history.tests)).toContain('tests/test_arith.py::TestArithmetic::test_add');
    }, 60_000);

    it('re-running the plan job ("Re-run all jobs") replays the stored plan', async () => {
      expect(plan, 'the first test set up the run').toBeDefined();
      const again = await (
        await e2e.job(run, { name: 'plan', attempt: 2 })
      ).step('plan', { inputs: { shards: '3' } });
      expect(again.exitCode, again.stdout).toBe(0);
      expect(again.outputs['plan-fingerprint']).toBe(plan.outputs['plan-fingerprint']);
      expect(again.outputs['matrix']).toBe(plan.outputs['matrix']);
    }, 60_000);
  });
});
