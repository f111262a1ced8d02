/**
 * End to end for the JS runners (issue 9): the BUILT run and merge actions, against the stand-in
 * services, with the REAL runners installed from npm in the example projects (Vitest with v8
 * coverage as LCOV, Jest with @swc/jest and Istanbul JSON, node's own test runner through
 * `framework: command` with c8). For each: an unsharded run (one shard) gives the expected
 * tests; two shards → merge proves exactly-once and combines coverage equal to the unsharded
 * run's, line for line; the second run, planned from the first's history, is more even.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spreadUnder } from '../helpers/shardResult.js';
import { parseLcov } from '../../src/coverage/lcov.js';
import { findPython, type PythonInfo } from '../helpers/python.js';
import { exampleCopy, exampleInstalled } from '../helpers/examples.js';
import { E2E, messages, tally } from './harness.js';

/** Sleeps × 0.25: the longest test sleeps 0.3 s, the heavy file 0.9 s of the suite's ~2 s. */
const ENV = { EVENSHARD_EXAMPLE_TIME_SCALE: '0.25' };

interface RunnerCase {
  name: string;
  example: string;
  bin: string;
  inputs: Record<string, string>;
  /** The runner's own unsharded run with coverage, in a project copy. */
  unsharded: string[];
  /** Coverage report of that run, and of the merge (in coverage-combined/). */
  coverageFile: string;
  combinedFile: string;
  /** The shards record what they collected (the merge's proof reads it); JUnit alone cannot. */
  collects: boolean;
}

const CASES: RunnerCase[] = [
  {
    name: 'vitest',
    example: 'vitest-project',
    bin: 'vitest',
    inputs: { framework: 'vitest', command: 'vitest run', coverage: 'lcov' },
    unsharded: ['node_modules/.bin/vitest', 'run'],
    coverageFile: 'coverage/lcov.info',
    combinedFile: 'lcov.info',
    collects: true,
  },
  {
    name: 'jest',
    example: 'jest-project',
    bin: 'jest',
    inputs: { framework: 'jest', command: 'jest --ci', coverage: 'istanbul' },
    unsharded: ['node_modules/.bin/jest', '--ci'],
    coverageFile: 'coverage/coverage-final.json',
    combinedFile: 'coverage-final.json',
    collects: true,
  },
  {
    name: 'command (node --test)',
    example: 'node-test-project',
    bin: 'c8',
    inputs: {
      framework: 'command',
      // One node --test per file: node's junit reporter does not name the file of a test.
      // c8 keeps its raw data across the invocations (--clean=false) and reports all of it.
      command:
        'node_modules/.bin/c8 --clean=false --reporter=lcovonly node --test --test-reporter=junit --test-reporter-destination=junit.xml {file}',
      tests: 'test/**/*.test.js',
      junit: 'junit.xml',
      coverage: 'lcov',
    },
    unsharded: [
      'node_modules/.bin/c8',
      '--reporter=lcovonly',
      'node',
      '--test',
      'test/restock.test.js',
      'test/take.test.js',
      'test/take-more.test.js',
      'test/low-stock.heavy.test.js',
    ],
    coverageFile: 'coverage/lcov.info',
    combinedFile: 'lcov.info',
    collects: false,
  },
];

/** The project-relative form of a covered source path (`…/src/cart.ts` → `src/cart.ts`). */
function sourceKey(file: string): string {
  const posix = file.replace(/\\/g, '/');
  const at = posix.lastIndexOf('/src/');
  return at >= 0 ? posix.slice(at + 1) : posix;
}

/** Line → hit count per source file: what "equal coverage, line for line" compares. */
async function lineHits(file: string): Promise<Record<string, Record<number, number>>> {
  const text = await readFile(file, 'utf8');
  const out: Record<string, Record<number, number>> = {};
  if (file.endsWith('.json')) {
    const map = libCoverage.createCoverageMap(JSON.parse(text));
    for (const f of map.files().sort()) {
      out[sourceKey(f)] = map.fileCoverageFor(f).getLineCoverage();
    }
  } else {
    for (const record of parseLcov(text).sort((a, b) => (a.path < b.path ? -1 : 1))) {
      out[sourceKey(record.path)] = Object.fromEntries(record.lines);
    }
  }
  return out;
}

const python: PythonInfo = findPython() ?? {
  executable: 'python3',
  pytestVersion: '',
  coverageVersion: null,
  hasXdist: false,
};

describe('the JS runners, built, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await E2E.start(python);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  describe.each(CASES)('$name', (c) => {
    const installed = exampleInstalled(c.example, c.bin);

    it.skipIf(!installed)(
      'shards → merge: exactly once, coverage equal to the unsharded run, second run more even',
      async () => {
        const project = await exampleCopy(c.example, e2e.root);
        const workflow = `js-${c.example}.yml`;

        // The unsharded run, twice over: through evenshard with one shard (the expected tests),
        // and the runner on its own (the expected coverage).
        const single = e2e.startRun(`single-${workflow}`);
        const [only] = await e2e.shardJobs(single, {
          shards: 1,
          project,
          env: ENV,
          inputs: c.inputs,
        });
        expect(only!.main.exitCode, only!.main.stdout + only!.main.stderr).toBe(0);
        const [serial] = await e2e.resultsOf(single.id, [{ shard: 1 }]);
        const expectedIds = serial!.results.map((r) => r.id).sort();
        expect(expectedIds.length).toBeGreaterThanOrEqual(9);
        const unsharded = await exampleCopy(c.example, e2e.root);
        const own = await e2e.exec(unsharded, c.unsharded, ENV);
        expect(own.exitCode, own.stdout + own.stderr).toBe(0);

        const first = e2e.startRun(workflow);
        const firstJobs = await e2e.shardJobs(first, {
          shards: 2,
          project,
          env: ENV,
          inputs: c.inputs,
        });
        for (const { main } of firstJobs) {
          expect(main.exitCode, main.stdout + main.stderr).toBe(0);
          expect(messages(main, 'error')).toEqual([]);
        }
        const firstResults = await e2e.resultsOf(first.id, firstJobs);
        expect(
          tally(
            firstResults.map((r) => r.results.map((t) => t.id)),
            expectedIds,
          ),
        ).toEqual({ duplicated: [], missing: [], unexpected: [] });
        expect(firstResults.map((r) => r.collection !== null)).toEqual([c.collects, c.collects]);

        const mergeJob = await e2e.job(first, { name: 'merge', project });
        const merge = await mergeJob.step('merge', {
          inputs: {
            shards: '2',
            framework: c.inputs['framework']!,
            coverage: c.inputs['coverage']!,
          },
        });
        expect(merge.exitCode, merge.stdout + merge.stderr).toBe(0);
        expect(merge.outputs).toMatchObject({
          tests: String(expectedIds.length),
          failed: '0',
          lost: '0',
          duplicated: '0',
        });
        expect(
          await lineHits(path.join(mergeJob.projectDir, 'coverage-combined', c.combinedFile)),
        ).toEqual(await lineHits(path.join(unsharded, c.coverageFile)));

        e2e.finishRun(first);
        const second = e2e.startRun(workflow);
        const secondJobs = await e2e.shardJobs(second, {
          shards: 2,
          project,
          env: ENV,
          inputs: c.inputs,
        });
        for (const { main } of secondJobs) {
          expect(main.exitCode, main.stdout).toBe(0);
          expect(main.summary).toContain(`run ${first.id} on main`);
        }
        const secondResults = await e2e.resultsOf(second.id, secondJobs);
        expect(secondResults.every((r) => r.estimates.counts.measured > 0)).toBe(true);
        // Both plans judged on the first run's measured times: load on the machine cannot decide it.
        expect(spreadUnder(secondResults, firstResults)).toBeLessThan(
          spreadUnder(firstResults, firstResults),
        );
      },
      240_000,
    );
  });

  it.skipIf(!exampleInstalled('vitest-project', 'vitest'))(
    'a failing Vitest shard uploads its results, then fails; the merge names the failure',
    async () => {
      const project = await exampleCopy('vitest-project', e2e.root);
      const run = e2e.startRun('js-failing.yml');
      const inputs = { framework: 'vitest', command: 'vitest run --coverage.enabled=false' };
      const jobs = await e2e.shardJobs(run, {
        shards: 2,
        project,
        env: { ...ENV, EVENSHARD_EXAMPLE_FAIL: '1' },
        inputs,
      });
      const failing = jobs.filter((j) => j.main.exitCode !== 0);
      expect(failing).toHaveLength(1);
      expect(messages(failing[0]!.main, 'error').join('\n')).toMatch(
        /1 of \d+ tests failed in shard/,
      );
      expect(e2e.artifactNames(run.id)).toEqual(['evenshard-results-1', 'evenshard-results-2']);
      const merge = await (
        await e2e.job(run, { name: 'merge', project })
      ).step('merge', {
        inputs: { shards: '2', framework: 'vitest' },
      });
      expect(merge.exitCode).not.toBe(0);
      expect(merge.outputs['failed']).toBe('1');
      expect(merge.summary).toContain('rounds down to whole cents');
    },
    120_000,
  );
});
