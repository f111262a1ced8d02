/**
 * The Jest and Vitest report mappings on real reports (fixtures written by Jest 30 with
 * `jest.retryTimes(2)` and by Vitest 4 through evenshard's reporter with `{ retry: 2 }`): retried
 * tests keep every attempt, so the history's flaky detection sees them; the collection record is
 * what the runner reported of the shard's files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flakyResults } from '../../src/core/attempts.js';
import { jestResults, type JestReport } from '../../src/runners/jest/index.js';
import { collectionOf } from '../../src/runners/js/results.js';
import { vitestResults, type VitestReporterDocument } from '../../src/runners/vitest/index.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
const FILE = 'tests/flaky.test.ts';

describe.each([
  {
    runner: 'Jest',
    map: () => jestResults(fixture<JestReport>('jest/retry-report.json'), '/tmp/jr', [FILE]),
  },
  {
    runner: 'Vitest',
    map: () =>
      vitestResults(fixture<VitestReporterDocument>('vitest/retry-results.json'), '/tmp/vr', [
        FILE,
      ]),
  },
])('$runner retries', ({ map }) => {
  it('keep every attempt: failed then passed is flaky, failed every time is a failure', () => {
    const { results } = map().results;
    expect(results.map((r) => [r.id, r.outcome, r.attempts])).toEqual([
      [`${FILE}::retry::always fails`, 'failed', ['failed', 'failed', 'failed']],
      [`${FILE}::retry::passes`, 'passed', undefined],
      [`${FILE}::retry::passes on the second try`, 'passed', ['failed', 'passed']],
    ]);
    expect(flakyResults(results).map((r) => r.id)).toEqual([
      `${FILE}::retry::passes on the second try`,
    ]);
  });

  it('give a collection record of the files reported, with their test ids', () => {
    const { results } = map().results;
    const collection = collectionOf([FILE, 'tests/never-loaded.test.ts'], results);
    expect(collection.files.map((f) => [f.file, f.tests.length])).toEqual([[FILE, 3]]);
    expect(collection.files[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(collection.selected).toEqual([]);
  });
});

describe('collectionOf', () => {
  it('records a file that failed to load with no tests, and fingerprints by ids', () => {
    const one = collectionOf(
      ['a.test.ts', 'b.test.ts'],
      [
        { id: 'a.test.ts', outcome: 'error', seconds: 0 },
        { id: 'b.test.ts::x', outcome: 'passed', seconds: 0 },
      ],
    );
    expect(one.files.map((f) => [f.file, f.tests])).toEqual([
      ['a.test.ts', []],
      ['b.test.ts', ['b.test.ts::x']],
    ]);
    const other = collectionOf(
      ['b.test.ts'],
      [{ id: 'b.test.ts::y', outcome: 'passed', seconds: 0 }],
    );
    expect(other.files[0]!.fingerprint).not.toBe(one.files[1]!.fingerprint);
  });
});

describe('files named like Object.prototype members', () => {
  // A test file may be called anything; its collection cost is an ordinary entry.
  const NAMES = ['__proto__', 'constructor', 'toString'];

  it('Vitest: each file keeps its own collection seconds, summed over its projects', () => {
    const module = (file: string, project: string) => ({
      file: `/tmp/vr/${file}`,
      project,
      state: 'passed',
      environmentSetupMs: 100,
      prepareMs: 200,
      collectMs: 200,
      setupMs: 0,
      durationMs: 10,
    });
    const doc: VitestReporterDocument = {
      schema: 'evenshard-vitest-results/1',
      vitestVersion: '4.1.12',
      firstTestAt: null,
      unhandledErrors: [],
      modules: NAMES.flatMap((f) => [module(f, 'a'), module(f, 'b')]),
      tests: NAMES.map((f) => ({
        file: `/tmp/vr/${f}`,
        project: 'a',
        names: ['t'],
        state: 'passed',
        durationMs: 5,
      })),
    };
    const { costs, problems } = vitestResults(doc, '/tmp/vr', NAMES);
    expect(problems).toEqual([]);
    expect(Object.keys(costs.collect).sort()).toEqual(NAMES);
    for (const f of NAMES) expect(costs.collect[f]).toBe(1);
  });

  it('Jest: each file keeps its own collection seconds', () => {
    const report: JestReport = {
      testResults: NAMES.map((f) => ({
        name: `/tmp/jr/${f}`,
        startTime: 1000,
        endTime: 1500,
        assertionResults: [{ ancestorTitles: [], title: 't', status: 'passed', duration: 100 }],
      })),
    };
    const { costs, problems } = jestResults(report, '/tmp/jr', NAMES);
    expect(problems).toEqual([]);
    expect(Object.keys(costs.collect).sort()).toEqual(NAMES);
    for (const f of NAMES) expect(costs.collect[f]).toBe(0.4);
  });
});
