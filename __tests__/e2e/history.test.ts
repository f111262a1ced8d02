/**
 * End to end, what the history knows (issue "flaky tests, slower tests, and re-running only what
 * failed"): the BUILT run and merge actions against the stand-in, on copies of the example
 * project with a few extra tests, real pytest and pytest-rerunfailures (Debian's package).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPython, probePython } from '../helpers/python.js';
import { codeTexts, E2E, messages, type ShardJob, type WorkflowRun } from './harness.js';

const python = findPython({ coverage: true });
const hasReruns =
  python !== null && probePython(python.executable, 'import pytest_rerunfailures') !== null;
if (!python || !hasReruns) {
  console.warn(
    'SKIPPED: the history end-to-end tests need a Python with pytest and pytest-rerunfailures ' +
      '(apt-get install python3-pytest-rerunfailures).',
  );
}

const TIME_SCALE = { EVENSHARD_EXAMPLE_TIME_SCALE: '0.05' };

/** One flake the runner's retry absorbs, one test that fails in attempt 1 of the workflow run. */
const FLAKY_FILE = `import os

CALLS = []


def test_retried_flake():
    CALLS.append(1)
    assert len(CALLS) > 1, "fails on the first call"


def test_fails_in_attempt_one():
    assert os.environ.get("GITHUB_RUN_ATTEMPT") != "1", "attempt 1 fails"
`;

/** 5× slower than its history, 3 ms → 7 ms (not news), and a known-broken test. */
const SLOW_FILE = `import time


def test_slow():
    time.sleep(0.75)


def test_tiny():
    time.sleep(0.007)


def test_known_broken():
    assert False, "known broken"
`;
const FLAKY = 'tests/test_history_flaky.py';
const SLOW = 'tests/test_history_slow.py';

describe.skipIf(!python || !hasReruns)('flaky, slower and re-run tests, built, end to end', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await E2E.start(python!);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  describe('a flaky test and a re-run attempt with rerun: failed', () => {
    let run: WorkflowRun;
    let attempt1: ShardJob[];
    let failedShard: number;
    const withFlakyFile = (dir: string) => writeFile(path.join(dir, FLAKY), FLAKY_FILE);
    const command = () => `${e2e.pytestCommand} --reruns 1`;

    it('attempt 1: the retried flake is named in the shard summary; the failing test fails the shard and the merge', async () => {
      run = e2e.startRun('flaky.yml');
      attempt1 = await e2e.shardJobs(run, {
        shards: 2,
        prepare: withFlakyFile,
        env: TIME_SCALE,
        inputs: { command: command(), rerun: 'failed' },
      });
      const failed = attempt1.filter((j) => j.main.exitCode !== 0);
      expect(failed.map((j) => j.main.stdout.slice(-2000))).toHaveLength(1);
      failedShard = failed[0]!.shard;
      const summary = failed[0]!.main.summary;
      expect(summary).toMatch(/Flaky in this run: 1 test failed, then passed/);
      expect(codeTexts(summary)).toContain(`${FLAKY}::test_retried_flake`);

      const [results] = await e2e.resultsOf(run.id, failed);
      const byId = new Map(results!.results.map((r) => [r.id, r]));
      expect(byId.get(`${FLAKY}::test_retried_flake`)).toMatchObject({
        outcome: 'passed',
        attempts: ['failed', 'passed'],
      });
      expect(byId.get(`${FLAKY}::test_fails_in_attempt_one`)).toMatchObject({
        outcome: 'failed',
        attempts: ['failed', 'failed'],
      });

      const merge = await (
        await e2e.job(run, { name: 'merge', prepare: withFlakyFile })
      ).step('merge', { inputs: { shards: '2' } });
      expect(merge.exitCode).toBe(1);
      expect(merge.summary).toMatch(/Flaky in this run/);
    }, 180_000);

    it('attempt 2 re-runs only the failed test; the merge of both attempts proves exactly-once and passes', async () => {
      expect(failedShard, 'the previous test set up attempt 1').toBeDefined();
      const [before] = await e2e.resultsOf(
        run.id,
        attempt1.filter((j) => j.shard === failedShard),
      );
      const job = await e2e.job(run, {
        name: `test (${failedShard})`,
        attempt: 2,
        prepare: withFlakyFile,
      });
      const rerun = await job.step('run', {
        inputs: { shard: String(failedShard), shards: '2', command: command(), rerun: 'failed' },
        env: TIME_SCALE,
      });
      expect(rerun.exitCode, rerun.stdout.slice(-3000)).toBe(0);
      expect(rerun.stdout).toMatch(/are not run again/);
      expect(messages(rerun, 'warning').filter((m) => /attempt|upload/.test(m))).toEqual([]);

      const [after] = await e2e.resultsOf(
        run.id,
        attempt1.filter((j) => j.shard === failedShard),
      );
      // Only the failed test ran again; everything else is attempt 1's result, carried.
      const ranAgain = after!.results.filter((r) => r.runAttempt === 2).map((r) => r.id);
      expect(ranAgain).toEqual([`${FLAKY}::test_fails_in_attempt_one`]);
      expect(after!.rerun).toEqual({
        fromAttempt: 1,
        carried: before!.results.length - 1,
        ran: 1,
      });
      expect(after!.results.map((r) => r.id)).toEqual(before!.results.map((r) => r.id));
      expect(after!.results.find((r) => r.id === ranAgain[0])).toMatchObject({
        outcome: 'passed',
        attempts: ['failed', 'failed', 'passed'],
      });
      expect(rerun.summary).toMatch(/Results by attempt/);

      const merge = await (
        await e2e.job(run, { name: 'merge', attempt: 2, prepare: withFlakyFile })
      ).step('merge', { inputs: { shards: '2' } });
      expect(merge.exitCode, merge.stdout.slice(-3000)).toBe(0);
      const all = await e2e.resultsOf(run.id, [{ shard: 1 }, { shard: 2 }]);
      const ids = all.flatMap((r) => r.results.map((t) => t.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect(merge.outputs).toMatchObject({
        tests: String(ids.length),
        failed: '0',
        lost: '0',
        duplicated: '0',
      });
      // Both flakes named, and which attempt the re-run result came from.
      expect(merge.summary).toMatch(/Flaky in this run: 2 tests failed, then passed/);
      expect(merge.summary).toMatch(/Results by attempt/);
      expect(merge.summary).toMatch(/attempt 1: \d+ results, attempt 2: 1 result\b/);
    }, 180_000);
  });

  describe('slower tests and quarantine', () => {
    const quarantineList = `# known broken, ticket 12\n${SLOW}::test_known_broken\n`;
    const prepare = async (dir: string) => {
      await writeFile(path.join(dir, SLOW), SLOW_FILE);
      await writeFile(path.join(dir, 'quarantine.txt'), quarantineList);
    };
    let earlier: WorkflowRun;

    beforeAll(async () => {
      // An earlier run's history (the older schema /1 still reads): test_slow took 0.15 s and
      // test_tiny 3 ms in each of its last three passing runs.
      earlier = e2e.startRun('slow.yml');
      const tests = {
        [`${SLOW}::test_slow`]: { s: [0.15, 0.15, 0.15], seen: 3 },
        [`${SLOW}::test_tiny`]: { s: [0.003, 0.003, 0.003], seen: 3 },
      };
      await e2e.uploadArtifact(earlier.id, 'evenshard-history', {
        'history.json': JSON.stringify({
          schema: 'evenshard-history/1',
          run: 3,
          updatedAt: new Date().toISOString(),
          tests,
          overhead: [],
        }),
      });
      e2e.finishRun(earlier);
    });

    it('quarantine is off by default: the broken test fails the shard and the merge', async () => {
      const run = e2e.startRun('slow.yml');
      const [shard] = await e2e.shardJobs(run, { shards: 1, prepare, env: TIME_SCALE });
      expect(shard!.main.exitCode).toBe(1);
      const merge = await (await e2e.job(run, { name: 'merge', prepare })).step('merge');
      expect(merge.exitCode).toBe(1);
      expect(messages(merge, 'error').join('\n')).toMatch(/1 test\(s\) failed/);
      e2e.finishRun(run, 'failure');
    }, 180_000);

    it('with the list, the quarantined failure is named and does not fail; 5× slower is flagged, 3 ms → 7 ms is not', async () => {
      const run = e2e.startRun('slow.yml');
      const [shard] = await e2e.shardJobs(run, {
        shards: 1,
        prepare,
        env: TIME_SCALE,
        inputs: { quarantine: 'quarantine.txt' },
      });
      expect(shard!.main.exitCode, shard!.main.stdout.slice(-3000)).toBe(0);
      expect(shard!.main.summary).toMatch(/Quarantined 1 failure: not failing the job/);
      expect(messages(shard!.main, 'warning').join('\n')).toContain(`${SLOW}::test_known_broken`);

      const merge = await (
        await e2e.job(run, { name: 'merge', prepare })
      ).step('merge', { inputs: { quarantine: 'quarantine.txt' } });
      expect(merge.exitCode, merge.stdout.slice(-3000)).toBe(0);
      expect(merge.outputs['failed']).toBe('1');
      const summary = merge.summary;
      expect(summary).toMatch(/Quarantined 1 failure/);
      expect(codeTexts(summary)).toContain(`${SLOW}::test_known_broken`);
      expect(summary).toMatch(/1 test got slower/);
      const start = summary.indexOf('Duration changes against the history');
      const changes = summary.slice(start, summary.indexOf('</table>', start));
      expect(codeTexts(changes)).toEqual([`${SLOW}::test_slow`]);
      expect(changes).toMatch(/150 ms<\/td><td align="right">7\d\d ms/);
    }, 180_000);
  });
});
