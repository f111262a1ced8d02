/**
 * End to end, the GitHub side: which earlier run's history a pull request plans with, what
 * happens without `actions: read`, the `history` input, the pull-request comment and per-file
 * coverage, the plan action's `target-minutes`, the merge's `test-durations` export and a
 * read-only dependency cache. The BUILT actions run as processes against the stand-in services
 * (see harness.ts); the expectations come from the stand-in's records, the command line
 * (`dist/cli/index.js plan`) and numbers written here by hand.
 */
import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOctokit } from '@actions/github';
import { findPython } from '../helpers/python.js';
import { startStandin, type Standin } from '../standin/server.js';
import {
  codeTexts,
  decodeHtml,
  E2E,
  messages,
  nextSecond,
  REPO,
  REPO_ROOT,
  writeProjectFile,
  type ShardJob,
  type StepResult,
  type WorkflowRun,
} from './harness.js';

const python = findPython({ coverage: true });
if (!python)
  console.warn('SKIPPED: the end-to-end tests need a Python with pytest (set EVENSHARD_PYTHON).');

const TINY_PROJECT = path.join(REPO_ROOT, '__tests__/fixtures/e2e/tiny-project');
/** calc/arith.py, calc/text.py and three test files: the smallest project with coverage to show. */
const COVERAGE_PROJECT = path.join(REPO_ROOT, '__tests__/fixtures/coverage/py-project');
const TINY_IDS = ['tests/test_one.py::test_one', 'tests/test_two.py::test_two'];
const MARKER = '<!-- evenshard-summary -->';
const BOT = 'github-actions[bot]';

/** An evenshard-history/1 document giving each test the one sample in `seconds`. */
function historyJson(seconds: Record<string, number>, overhead: number[] = []): string {
  return JSON.stringify({
    schema: 'evenshard-history/1',
    run: 1,
    updatedAt: new Date().toISOString(),
    tests: Object.fromEntries(Object.entries(seconds).map(([id, s]) => [id, { s: [s], seen: 1 }])),
    overhead,
  });
}

describe.skipIf(!python)('the actions on GitHub events and permissions, built, end to end', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await E2E.start(python!);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** The fingerprint `evenshard plan` gives for this timing file: what a shard using it must output. */
  async function cliFingerprint(file: string, shards: number): Promise<string> {
    const result = await e2e.cli(e2e.root, [
      'plan',
      '--shards',
      String(shards),
      '--durations',
      file,
      '--json',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as { fingerprint: string }).fingerprint;
  }

  /** Writes a file into the test's temp folder, for the command line. */
  async function tempFile(name: string, text: string): Promise<string> {
    const file = path.join(e2e.root, name);
    await writeFile(file, text);
    return file;
  }

  const apiRequests = (pattern: RegExp) =>
    e2e.standin.requests.filter((r) => r.service === 'api' && pattern.test(r.path));

  it('a pull request plans with the latest successful run on its base branch that finished before it, skipping other branches, forks, failures and expired history', async () => {
    const workflow = 'pr-history.yml';
    // Each candidate's history is distinct, so the plan fingerprint tells which one a shard used.
    const candidates: {
      label: string;
      options: Parameters<E2E['startRun']>[1];
      conclusion?: 'failure';
    }[] = [
      { label: 'expected: older run on main', options: { branch: 'main' } },
      { label: 'newer run on main whose history expired', options: { branch: 'main' } },
      { label: 'newer failed run on main', options: { branch: 'main' }, conclusion: 'failure' },
      { label: "newer run on the pull request's own branch", options: { branch: 'feature' } },
      {
        label: 'newer run from a fork whose branch is also main',
        options: { branch: 'main', event: 'pull_request', headRepo: 'forker/shop' },
      },
      {
        label: 'run on main that finished after this run was created',
        options: { branch: 'main' },
      },
    ];
    const runs = candidates.map((c) => e2e.startRun(workflow, c.options));
    const histories = candidates.map((_, k) =>
      historyJson({ [TINY_IDS[0]!]: 1 + k, [TINY_IDS[1]!]: 0.5 }),
    );
    await Promise.all(
      runs.map((run, k) =>
        e2e.uploadArtifact(run.id, 'evenshard-history', { 'history.json': histories[k]! }),
      ),
    );
    const [expected, expired, , , , late] = runs as [WorkflowRun, ...WorkflowRun[]];
    for (const [k, run] of runs.entries())
      if (run !== late) e2e.finishRun(run, candidates[k]!.conclusion ?? 'success');
    const expiredArtifact = e2e.standin
      .artifacts({ runId: expired!.id })
      .find((a) => a.name === 'evenshard-history')!;
    e2e.standin.expireArtifact(expiredArtifact.id);

    const pr = e2e.startRun(workflow, { branch: 'feature', event: 'pull_request' });
    // Finished in a later second than the pull request's run was created (times are whole seconds).
    await nextSecond();
    e2e.finishRun(late!);

    const fingerprints = await Promise.all(
      histories.map(async (text, k) => cliFingerprint(await tempFile(`pr-${k}.json`, text), 2)),
    );
    expect(new Set(fingerprints).size, 'the histories plan differently').toBe(histories.length);

    e2e.standin.clearRequests();
    const env = await e2e.pullRequestEnv(pr, { number: 42 });
    const jobs = await e2e.shardJobs(pr, { shards: 2, project: TINY_PROJECT, env });
    for (const { main } of jobs) {
      expect(main.exitCode, main.stdout).toBe(0);
      expect(messages(main, 'warning'), 'the history was found').toEqual([]);
      expect(main.summary).toContain(`history from run ${expected!.id} on main`);
      // Fingerprints name the history: equal to the expected one's, so unequal to every other's.
      const used = fingerprints.indexOf(main.outputs['plan-fingerprint']!);
      expect(used >= 0 ? candidates[used]!.label : 'no candidate').toBe(candidates[0]!.label);
      // The expired history was tried (its download answered 410) before falling back.
      expect(main.stdout).toMatch(
        new RegExp(
          `history of run ${expired!.id} is unusable \\(.*expired.*\\); trying an older run`,
          'i',
        ),
      );
    }
    expect(
      apiRequests(/\/actions\/artifacts\/\d+\/zip$/).filter(
        (r) => r.path.endsWith(`/${expiredArtifact.id}/zip`) && r.status === 410,
      ),
    ).toHaveLength(2);
    // Only the base branch was listed: it had a usable run, so no other branch was needed.
    const listed = apiRequests(/\/actions\/workflows\/[^/]+\/runs$/);
    expect(listed.length).toBe(2);
  }, 60_000);

  it('without `actions: read` (403 on the runs API) the shards and the merge pass, warn how to grant it, and plan by test count', async () => {
    // A history a permitted token would find: the 403 must be why it is not used.
    const earlier = e2e.startRun('no-permission.yml');
    await e2e.uploadArtifact(earlier.id, 'evenshard-history', {
      'history.json': historyJson({ [TINY_IDS[0]!]: 9, [TINY_IDS[1]!]: 1 }),
    });
    e2e.finishRun(earlier);
    const run = e2e.startRun('no-permission.yml');
    e2e.standin.clearRequests();
    // What GitHub answers a token without `actions: read`: 403 on every Actions REST route.
    e2e.standin.setFault('api', {
      mode: 'error',
      status: 403,
      path: '^/repos/[^/]+/[^/]+/actions/',
    });
    let jobs: ShardJob[];
    let merge: StepResult;
    try {
      jobs = await e2e.shardJobs(run, { shards: 2, project: TINY_PROJECT });
      merge = await (
        await e2e.job(run, { name: 'merge', project: TINY_PROJECT })
      ).step('merge', { inputs: { shards: '2' } });
    } finally {
      e2e.standin.setFault('api', null);
    }
    const denied = apiRequests(/\/actions\/runs\/\d+$/).filter((r) => r.status === 403);
    expect(denied.length, 'each job asked for its run and was refused').toBe(3);

    for (const step of [...jobs.map((j) => j.main), merge]) {
      expect(step.exitCode, step.stdout).toBe(0);
      expect(messages(step, 'error')).toEqual([]);
      const warning = messages(step, 'warning').join('\n');
      expect(warning).toMatch(/HTTP 403/);
      expect(warning).toMatch(/add `permissions: \{ actions: read/);
    }
    const results = await e2e.resultsOf(run.id, jobs);
    for (const { main } of jobs) expect(main.summary).toContain('no timing history was found');
    for (const result of results) expect(result.estimates.counts.measured).toBe(0);
    expect(results.flatMap((r) => r.results.map((t) => t.id)).sort()).toEqual(TINY_IDS);
    expect(merge.outputs).toMatchObject({ tests: '2', failed: '0', 'history-run': '1' });
    expect(e2e.artifactNames(run.id)).toContain('evenshard-history');
  }, 60_000);

  it("the `history` input: a committed .test_durations plans the shards, 'none' plans by test count, a path outside the working directory is refused", async () => {
    const workflow = 'history-input.yml';
    // An earlier run's history that `auto` would use: neither a file nor `none` may touch it.
    const earlier = e2e.startRun(workflow);
    const planted = historyJson({ [TINY_IDS[0]!]: 7, [TINY_IDS[1]!]: 7 });
    await e2e.uploadArtifact(earlier.id, 'evenshard-history', { 'history.json': planted });
    e2e.finishRun(earlier);
    const durations = JSON.stringify({ [TINY_IDS[0]!]: 3.25, [TINY_IDS[1]!]: 0.5 });
    // A valid history just outside the checkout's project: if it were read, the job would pass.
    const outside = historyJson({ [TINY_IDS[0]!]: 2, [TINY_IDS[1]!]: 2 });

    const cases = [
      { history: '.test_durations' },
      { history: 'none' },
      { history: '../outside.json' },
      { history: path.join(e2e.root, 'outside-absolute.json') },
    ];
    await writeFile(path.join(e2e.root, 'outside-absolute.json'), outside);
    e2e.standin.clearRequests();
    const runs = cases.map(() => e2e.startRun(workflow));
    const [file, none, relative, absolute] = await Promise.all(
      cases.map(async ({ history }, i) => {
        const [job] = await e2e.shardJobs(runs[i]!, {
          shards: 2,
          only: [1],
          project: TINY_PROJECT,
          inputs: { history },
          prepare: async (dir) => {
            await writeProjectFile(dir, '.test_durations', durations);
            await writeFile(path.join(dir, '..', 'outside.json'), outside);
          },
        });
        return job!.main;
      }),
    );
    // None of them looked for earlier runs.
    expect(apiRequests(/\/actions\//)).toEqual([]);

    expect(file!.exitCode, file!.stdout).toBe(0);
    expect(none!.exitCode, none!.stdout).toBe(0);
    expect(decodeHtml(file!.summary)).toContain('history from .test_durations');
    expect(file!.outputs['plan-fingerprint']).toBe(
      await cliFingerprint(await tempFile('durations.json', durations), 2),
    );
    expect(file!.outputs['plan-fingerprint']).not.toBe(
      await cliFingerprint(await tempFile('planted.json', planted), 2),
    );
    expect(none!.outputs['plan-fingerprint']).not.toBe(file!.outputs['plan-fingerprint']);
    expect(none!.summary).toContain('no timing history was found');
    const [fromFile, byCount] = await Promise.all(
      [0, 1].map(async (i) => (await e2e.resultsOf(runs[i]!.id, [{ shard: 1 }]))[0]!),
    );
    expect(fromFile!.estimates.counts.measured).toBeGreaterThan(0);
    expect(byCount!.estimates.counts.measured).toBe(0);
    expect(byCount!.estimates.counts.proxy).toBeGreaterThan(0);

    for (const [step, given] of [
      [relative!, '../outside.json'],
      [absolute!, cases[3]!.history],
    ] as const) {
      expect(step.exitCode, step.stdout).toBe(1);
      expect(messages(step, 'error')).toEqual([
        `input 'history' must be 'auto', 'none' or a file inside the working directory (got ${JSON.stringify(given)}).`,
      ]);
    }
    expect(e2e.artifactNames(runs[2]!.id)).toEqual([]);
    expect(e2e.artifactNames(runs[3]!.id)).toEqual([]);
  }, 60_000);

  it('the plan action with target-minutes starts the fewest shards whose overhead + slowest shard meets the target, within max-shards', async () => {
    const workflow = 'plan-target.yml';
    // Twelve files of one 60 s test each, and per-shard overheads whose lower median is 60 s.
    const files = Array.from(
      { length: 12 },
      (_, i) => `tests/test_f${String(i).padStart(2, '0')}.py`,
    );
    const testSeconds = 60;
    const overheadSamples = [200, 30, 60];
    const makeSuite = async (dir: string) => {
      await rm(path.join(dir, 'tests'), { recursive: true });
      for (const file of files) await writeProjectFile(dir, file, 'def test_it():\n    pass\n');
    };
    const earlier = e2e.startRun(workflow);
    await e2e.uploadArtifact(earlier.id, 'evenshard-history', {
      'history.json': historyJson(
        Object.fromEntries(files.map((f) => [`${f}::test_it`, testSeconds])),
        overheadSamples,
      ),
    });
    e2e.finishRun(earlier);

    // The expectation, from the numbers above: N shards take the overhead plus ceil(12 / N)
    // tests' time (equal tests), and the plan picks the smallest N ≤ max-shards within target.
    const overhead = [...overheadSamples].sort((a, b) => a - b)[(overheadSamples.length - 1) >> 1]!;
    const wall = (n: number) => overhead + Math.ceil(files.length / n) * testSeconds;
    const fewest = (targetMinutes: number, maxShards: number) =>
      Array.from({ length: maxShards }, (_, i) => i + 1).find((n) => wall(n) <= targetMinutes * 60);

    const cases: { inputs: Record<string, string>; expected: number | undefined }[] = [
      // 4.5 min: 4 shards (60 + 180 s); without the overhead 3 would do (240 s).
      { inputs: { 'target-minutes': '4.5' }, expected: fewest(4.5, 32) },
      { inputs: { 'target-minutes': '20' }, expected: fewest(20, 32) },
      // No count up to 3 meets 4.5 minutes: the most allowed, and it says so.
      { inputs: { 'target-minutes': '4.5', 'max-shards': '3' }, expected: undefined },
    ];
    expect(cases.map((c) => c.expected)).toEqual([4, 1, undefined]);
    const steps = await Promise.all(
      cases.map(async ({ inputs }) =>
        (
          await e2e.job(e2e.startRun(workflow), {
            name: 'plan',
            project: TINY_PROJECT,
            prepare: makeSuite,
          })
        ).step('plan', { inputs }),
      ),
    );
    for (const [i, step] of steps.entries()) {
      const shards = cases[i]!.expected ?? 3;
      expect(step.exitCode, step.stdout).toBe(0);
      expect(step.outputs['shards']).toBe(String(shards));
      expect(JSON.parse(step.outputs['matrix']!)).toEqual({
        shard: Array.from({ length: shards }, (_, k) => k + 1),
      });
      expect(Number(step.outputs['estimated-seconds'])).toBe(wall(shards) - overhead);
    }
    expect(steps[0]!.stdout).toContain('4 shards meet the 4.5-minute target');
    expect(steps[2]!.stdout).toContain(
      'no shard count up to 3 meets the 4.5-minute target; using 3',
    );
  }, 60_000);

  describe('the merge on a pull request', () => {
    const workflow = 'pr-merge.yml';
    const coverageInputs = () => ({
      coverage: 'coverage.py',
      command: `${python!.executable} -m coverage run -p -m pytest -q`,
    });
    const addFailingTest = (dir: string) =>
      writeProjectFile(dir, 'tests/test_new.py', 'def test_new():\n    assert 1 == 2\n');
    /** Bot comments on a pull request: evenshard's. */
    const botComments = (issue: number) =>
      e2e.standin.issueComments({ repo: REPO, issue }).filter((c) => c.user === BOT);

    let first: WorkflowRun;
    let firstJobs: ShardJob[];
    let firstMerge: StepResult;
    let firstMergeDir: string;
    /** The pull request's next commit: a new run, in which a new test fails. */
    let second: WorkflowRun;
    let fork: WorkflowRun;
    let denied: WorkflowRun;
    const env: Record<number, Record<string, string>> = {};

    beforeAll(async () => {
      e2e.standin.addPullRequest({
        repo: REPO,
        number: 42,
        files: ['calc/arith.py', 'docs/usage.md'],
      });
      e2e.standin.addPullRequest({ repo: REPO, number: 43, files: ['calc/text.py'] });
      e2e.standin.addPullRequest({
        repo: REPO,
        number: 77,
        head_repo: 'forker/shop',
        files: ['calc/arith.py'],
      });
      // A busy pull request: evenshard's comment comes after a full page of others.
      for (let i = 0; i < 100; i++)
        e2e.standin.addIssueComment({ repo: REPO, issue: 42, body: `review note ${i}` });

      first = e2e.startRun(workflow, { branch: 'feature', event: 'pull_request' });
      second = e2e.startRun(workflow, { branch: 'feature', event: 'pull_request' });
      denied = e2e.startRun(workflow, { branch: 'other', event: 'pull_request' });
      fork = e2e.startRun(workflow, {
        branch: 'feature',
        event: 'pull_request',
        headRepo: 'forker/shop',
      });
      env[first.id] = await e2e.pullRequestEnv(first, { number: 42 });
      env[second.id] = await e2e.pullRequestEnv(second, { number: 42 });
      env[denied.id] = await e2e.pullRequestEnv(denied, { number: 43 });
      env[fork.id] = await e2e.pullRequestEnv(fork, { number: 77, headRepo: 'forker/shop' });
      const shards = (run: WorkflowRun, count: number, extra: object = {}) =>
        e2e.shardJobs(run, {
          shards: count,
          project: COVERAGE_PROJECT,
          env: env[run.id]!,
          ...extra,
        });
      // All the runs' test jobs at once, as the pull request's pushes would start them.
      const [jobs, ...others] = await Promise.all([
        shards(first, 2, { inputs: coverageInputs() }),
        shards(second, 1, { prepare: addFailingTest }),
        shards(denied, 1),
        shards(fork, 1),
      ]);
      firstJobs = jobs;
      for (const { main } of jobs) expect(main.exitCode, main.stdout).toBe(0);
      expect(others.map((o) => o[0]!.main.exitCode)).toEqual([1, 0, 0]);

      const mergeJob = await e2e.job(first, { name: 'merge', project: COVERAGE_PROJECT });
      firstMergeDir = mergeJob.projectDir;
      firstMerge = await mergeJob.step('merge', {
        inputs: {
          shards: '2',
          coverage: 'coverage.py',
          python: python!.executable,
          comment: 'true',
          'test-durations': '.test_durations',
        },
        env: env[first.id]!,
      });
    }, 90_000);

    it('comment: true posts the headline as one comment with the hidden marker', () => {
      expect(firstMerge.exitCode, firstMerge.stdout).toBe(0);
      expect(messages(firstMerge, 'notice').join('\n')).not.toMatch(/comment/);
      const mine = botComments(42);
      expect(mine).toHaveLength(1);
      const headline = firstMerge.summary.split('\n')[0]!;
      expect(headline).toMatch(/\w/);
      expect(mine[0]!.body.startsWith(`${MARKER}\n${headline}\n`)).toBe(true);
      expect(mine[0]!.body).toContain(`run ${first.id}`);
      // The others' comments are untouched.
      expect(e2e.standin.issueComments({ repo: REPO, issue: 42 })).toHaveLength(101);
    });

    it("lists the pull request's changed files in the coverage section, and only them", () => {
      const section = /#### Coverage\n([\s\S]*?)(?=\n####|$)/.exec(firstMerge.summary)?.[1] ?? '';
      expect(section).toContain('Files this pull request changes');
      expect(section).toContain('1 other changed file has no coverage data');
      const listed = codeTexts(section);
      expect(listed).toEqual(['calc/arith.py']);
      // The combined report measured the unchanged files too: the section chose.
      const combined = JSON.parse(
        readFileSync(path.join(firstMergeDir, 'coverage-combined/coverage.json'), 'utf8'),
      ) as { files: Record<string, unknown> };
      expect(Object.keys(combined.files)).toEqual(
        expect.arrayContaining(['calc/arith.py', 'calc/text.py']),
      );
    });

    it('test-durations writes a pytest-split file with every test that ran', async () => {
      const ran = (await e2e.resultsOf(first.id, firstJobs)).flatMap((r) => r.results);
      expect(ran.length).toBeGreaterThan(5);
      const written = JSON.parse(
        await readFile(path.join(firstMergeDir, '.test_durations'), 'utf8'),
      ) as Record<string, unknown>;
      expect(Object.keys(written).sort()).toEqual(ran.map((t) => t.id).sort());
      for (const t of ran) {
        expect(typeof written[t.id]).toBe('number');
        // Rounded to milliseconds, as the history keeps them.
        expect(Math.abs((written[t.id] as number) - t.seconds)).toBeLessThanOrEqual(0.0005);
      }
    });

    it("the next run's merge updates the same comment, found on the second page", async () => {
      const before = botComments(42)[0]!;
      e2e.standin.clearRequests();
      const merge = await (
        await e2e.job(second, { name: 'merge', project: COVERAGE_PROJECT })
      ).step('merge', { inputs: { shards: '1', comment: 'true' }, env: env[second.id]! });
      expect(merge.exitCode, 'a test failed in this run').toBe(1);
      const mine = botComments(42);
      expect(mine.map((c) => c.id)).toEqual([before.id]);
      const headline = merge.summary.split('\n')[0]!;
      expect(headline).not.toBe(firstMerge.summary.split('\n')[0]);
      expect(mine[0]!.body.startsWith(`${MARKER}\n${headline}\n`)).toBe(true);
      expect(mine[0]!.body).toContain(`run ${second.id}`);
      expect(mine[0]!.body).not.toContain(`run ${first.id}`);
      // 101 comments: the listing took two pages.
      expect(apiRequests(/\/issues\/42\/comments$/).map((r) => r.method)).toEqual(['GET', 'GET']);
      const writes = apiRequests(/\/issues\//).filter((r) => r.method !== 'GET');
      expect(writes.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
        `PATCH /repos/${REPO}/issues/comments/${before.id} 200`,
      ]);
    }, 60_000);

    it('a pull request from a fork gets no comment and no request, only a notice', async () => {
      e2e.standin.clearRequests();
      const merge = await (
        await e2e.job(fork, { name: 'merge', project: COVERAGE_PROJECT })
      ).step('merge', { inputs: { shards: '1', comment: 'true' }, env: env[fork.id]! });
      expect(merge.exitCode, merge.stdout).toBe(0);
      expect(messages(merge, 'notice').join('\n')).toContain(
        'not commenting on a pull request from a fork',
      );
      expect(apiRequests(/\/issues\//)).toEqual([]);
      expect(e2e.standin.issueComments({ repo: REPO, issue: 77 })).toEqual([]);
    }, 60_000);

    it('a token that may not comment (403) gives a notice and leaves the merge as it was', async () => {
      e2e.standin.setFault('api', {
        mode: 'error',
        status: 403,
        method: 'POST',
        path: '/issues/\\d+/comments$',
      });
      let merge: StepResult;
      try {
        merge = await (
          await e2e.job(denied, { name: 'merge', project: COVERAGE_PROJECT })
        ).step('merge', { inputs: { shards: '1', comment: 'true' }, env: env[denied.id]! });
      } finally {
        e2e.standin.setFault('api', null);
      }
      expect(merge.exitCode, merge.stdout).toBe(0);
      expect(messages(merge, 'error')).toEqual([]);
      expect(messages(merge, 'notice').join('\n')).toMatch(
        /could not comment on the pull request \(HTTP 403.*\); it needs 'permissions: pull-requests: write'/,
      );
      expect(e2e.standin.issueComments({ repo: REPO, issue: 43 })).toEqual([]);
      expect(e2e.artifactNames(denied.id)).toContain('evenshard-history');

      // The same merge without a comment ("Re-run job"): the same outcome.
      const again = await (
        await e2e.job(denied, { name: 'merge', project: COVERAGE_PROJECT, attempt: 2 })
      ).step('merge', { inputs: { shards: '1' }, env: env[denied.id]! });
      expect(again.exitCode).toBe(merge.exitCode);
      expect(again.outputs).toEqual(merge.outputs);
      expect(messages(again, 'warning')).toEqual(messages(merge, 'warning'));
    }, 60_000);
  });

  it('with a read-only cache (ACTIONS_CACHE_MODE=read) the job restores, saves nothing, and passes', async () => {
    const pipCache = path.join(e2e.root, 'pip-cache-read-only');
    const env = { ACTIONS_CACHE_MODE: 'read', PIP_CACHE_DIR: pipCache };
    const inputs = {
      shard: '1',
      shards: '1',
      cache: 'pip',
      'cache-dependency-path': 'requirements.txt',
      python: python!.executable,
      command: e2e.pytestCommand,
      // No earlier runs to find: keeps the warnings this test checks to the cache's.
      history: 'none',
    };
    const job = await e2e.job(e2e.startRun('read-only-cache.yml'), {
      name: 'test',
      project: TINY_PROJECT,
      prepare: (dir) => writeProjectFile(dir, 'requirements.txt', 'pytest\n'),
    });
    e2e.standin.clearRequests();
    const main = await job.step('run', { inputs, env });
    expect(main.exitCode, main.stdout).toBe(0);
    expect(main.outputs['cache-hit']).toBe('false');
    expect(main.outputs['tests']).toBe('2');
    // What pip would have cached while installing: a writable cache would save it now.
    await writeProjectFile(pipCache, 'http-v2/a/b/wheel.body', 'wheel bytes');
    const post = await job.step('post', { inputs, env });
    expect(post.exitCode, post.stdout).toBe(0);
    for (const step of [main, post]) {
      expect(messages(step, 'error')).toEqual([]);
      expect(messages(step, 'warning')).toEqual([]);
    }
    expect(messages(post, 'notice').join('\n')).toMatch(/was not saved .*may only read caches/);
    const cacheCalls = e2e.standin.requests
      .filter((r) => r.service === 'cache')
      .map((r) => path.posix.basename(r.path));
    // Reading is allowed, so the restore still asked; nothing tried to write.
    expect(cacheCalls).toEqual(['GetCacheEntryDownloadURL']);
    expect(e2e.standin.cacheEntries()).toEqual([]);
  }, 60_000);
});

describe("the stand-in's pull-request routes, through octokit", () => {
  let standin: Standin;
  beforeAll(async () => {
    standin = await startStandin();
  });
  afterAll(async () => {
    await standin?.close();
  });
  const [owner, repo] = REPO.split('/') as [string, string];

  it('paginates changed files and comments, answers like GitHub without a token, body or pull request, and narrows faults by method and path', async () => {
    const octokit = getOctokit('token', { baseUrl: standin.url });
    const files = ['a.py', 'b.py', 'c/d.py', 'e.md', 'f.py'];
    standin.addPullRequest({ repo: REPO, number: 5, files });
    const listed = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner,
      repo,
      pull_number: 5,
      per_page: 2,
    });
    expect(listed.map((f) => f.filename)).toEqual(files);

    const created = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: 5,
      body: 'first',
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe(BOT);
    await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: created.data.id,
      body: 'edited',
    });
    standin.addIssueComment({ repo: REPO, issue: 5, body: 'second' });
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: 5,
      per_page: 1,
    });
    expect(comments.map((c) => [c.body, c.user?.login])).toEqual([
      ['edited', BOT],
      ['second', 'octocat'],
    ]);

    const status = (promise: Promise<unknown>) =>
      promise.then(
        () => 200,
        (e: { status?: number }) => e.status,
      );
    const url = `${standin.url}/repos/${REPO}/issues/5/comments`;
    const post = (headers: Record<string, string>, body: string) =>
      fetch(url, { method: 'POST', headers, body }).then((r) => r.status);
    expect(await post({}, '{"body":"x"}')).toBe(401);
    expect(await post({ Authorization: 'token t' }, '{}')).toBe(422);
    expect(await status(octokit.rest.pulls.listFiles({ owner, repo, pull_number: 6 }))).toBe(404);
    expect(
      await status(octokit.rest.issues.createComment({ owner, repo, issue_number: 6, body: 'x' })),
    ).toBe(404);

    standin.setFault('api', {
      mode: 'error',
      status: 403,
      method: 'POST',
      path: '/comments$',
      times: 1,
    });
    // Not matched: neither counts towards `times`.
    expect(await status(octokit.rest.issues.listComments({ owner, repo, issue_number: 5 }))).toBe(
      200,
    );
    expect(await status(octokit.rest.pulls.listFiles({ owner, repo, pull_number: 5 }))).toBe(200);
    const comment = () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: 5, body: 'y' });
    expect(await status(comment())).toBe(403);
    expect(await status(comment())).toBe(200);
    expect(standin.issueComments({ repo: REPO, issue: 5 }).map((c) => c.body)).toEqual([
      'edited',
      'second',
      'y',
    ]);
  });
});
