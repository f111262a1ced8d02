/**
 * The `framework: command` recipes of docs/runners/command.md: Playwright Test's junit reporter
 * (examples/playwright-project, tests that need no browser), and, with the tools from Debian's
 * packages (.ci/run installs them), RSpec with rspec_junit_formatter and PHPUnit with --log-junit. The BUILT run and merge actions against the stand-in: two shards →
 * merge proves every test ran exactly once, with the ids one unsharded shard reports.
 * Outside CI a missing tool skips its case with a warning; in CI it fails (no silent skips).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { exampleCopy, exampleDir } from '../helpers/examples.js';
import { findPython, type PythonInfo } from '../helpers/python.js';
import { E2E, messages, tally } from './harness.js';

const ENV = { EVENSHARD_EXAMPLE_TIME_SCALE: '0.25' };

interface Recipe {
  name: string;
  example: string;
  /** Environment of the shard jobs beyond the time scale. */
  env?: Record<string, string>;
  /** A command that succeeds when the toolchain is installed. */
  probe: string[];
  packages: string;
  inputs: Record<string, string>;
  /** The ids the unsharded run reports (the JUnit identity rules applied to the tool's report). */
  ids: string[];
}

const RECIPES: Recipe[] = [
  {
    name: 'Playwright Test with its junit reporter (tests without a browser)',
    example: 'playwright-project',
    probe: [
      path.join(exampleDir('playwright-project'), 'node_modules/.bin/playwright'),
      '--version',
    ],
    packages: 'nothing: npm ci in examples/playwright-project',
    env: { PLAYWRIGHT_JUNIT_OUTPUT_NAME: 'results.xml' },
    inputs: {
      framework: 'command',
      tests: 'tests/**/*.spec.ts',
      command: 'node_modules/.bin/playwright test --reporter=junit {files}',
      junit: 'results.xml',
    },
    ids: [
      'tests/report.heavy.spec.ts::the heavy file::builds a long report',
      'tests/report.heavy.spec.ts::the heavy file::builds a short one',
      'tests/slug.spec.ts::slug::drops symbols',
      'tests/slug.spec.ts::slug::lowercases',
      'tests/sum.spec.ts::sums',
    ],
  },
  {
    name: 'RSpec with rspec_junit_formatter',
    example: 'rspec-project',
    probe: ['ruby', '-e', 'require "rspec/core"; require "rspec_junit_formatter"'],
    packages: 'ruby-rspec ruby-rspec-junit-formatter',
    inputs: {
      framework: 'command',
      tests: 'spec/**/*_spec.rb',
      command: 'rspec --format progress --format RspecJunitFormatter --out junit.xml {files}',
      junit: 'junit.xml',
    },
    ids: [
      'spec/report_spec.rb::a stock report counts unknown items as zero',
      'spec/report_spec.rb::a stock report keeps items apart',
      'spec/restock_heavy_spec.rb::restocking (the heavy file) empties again',
      'spec/restock_heavy_spec.rb::restocking (the heavy file) restocks many times',
      'spec/stock_spec.rb::Stock adds items',
      'spec/stock_spec.rb::Stock refuses a negative count',
      'spec/stock_spec.rb::Stock#take refuses more than there is',
      'spec/stock_spec.rb::Stock#take takes what is there',
    ],
  },
  {
    name: 'PHPUnit with --log-junit',
    example: 'phpunit-project',
    probe: ['phpunit', '--version'],
    packages: 'phpunit',
    inputs: {
      framework: 'command',
      tests: 'tests/**/*Test.php',
      command: 'phpunit --log-junit junit.xml {file}',
      junit: 'junit.xml',
    },
    ids: [
      'tests/CartTest.php::testAddsPrices',
      'tests/CartTest.php::testRefusesNegativePrices',
      'tests/CartTest.php::testSumsRepeatedItems with data set "none"',
      'tests/CartTest.php::testSumsRepeatedItems with data set "three"',
      'tests/CheckoutHeavyTest.php::testManyItems',
      'tests/CheckoutHeavyTest.php::testOneItem',
      'tests/EmptyCartTest.php::testTotalsZero',
    ],
  },
];

function installed(recipe: Recipe): boolean {
  try {
    execFileSync(recipe.probe[0]!, recipe.probe.slice(1), { stdio: 'ignore' });
    return true;
  } catch {
    const message = `${recipe.name}: not installed (Debian: apt-get install ${recipe.packages}, as .ci/run does).`;
    if (process.env['CI']) throw new Error(message);
    console.warn(`SKIPPED: ${message}`);
    return false;
  }
}

const python: PythonInfo = findPython() ?? {
  executable: 'python3',
  pytestVersion: '',
  coverageVersion: null,
  hasXdist: false,
};

describe('framework: command recipes, built, end to end', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await E2E.start(python);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  describe.each(RECIPES)('$name', (recipe) => {
    it.skipIf(!installed(recipe))(
      'two shards → merge: every test exactly once, with the ids of the unsharded run',
      async () => {
        const project = await exampleCopy(recipe.example, e2e.root);
        const workflow = `recipe-${recipe.example}.yml`;
        const single = e2e.startRun(`single-${workflow}`);
        const [only] = await e2e.shardJobs(single, {
          shards: 1,
          project,
          env: { ...ENV, ...recipe.env },
          inputs: recipe.inputs,
        });
        expect(only!.main.exitCode, only!.main.stdout + only!.main.stderr).toBe(0);
        const [serial] = await e2e.resultsOf(single.id, [{ shard: 1 }]);
        const expectedIds = serial!.results.map((r) => r.id).sort();
        expect(expectedIds).toEqual(recipe.ids);
        expect(serial!.results.every((r) => r.outcome === 'passed')).toBe(true);

        const run = e2e.startRun(workflow);
        const jobs = await e2e.shardJobs(run, {
          shards: 2,
          project,
          env: { ...ENV, ...recipe.env },
          inputs: recipe.inputs,
        });
        for (const { main } of jobs) {
          expect(main.exitCode, main.stdout + main.stderr).toBe(0);
          expect(messages(main, 'error')).toEqual([]);
        }
        const results = await e2e.resultsOf(run.id, jobs);
        expect(results.every((r) => r.results.length > 0)).toBe(true);
        expect(
          tally(
            results.map((r) => r.results.map((t) => t.id)),
            expectedIds,
          ),
        ).toEqual({ duplicated: [], missing: [], unexpected: [] });
        const merge = await (
          await e2e.job(run, { name: 'merge', project })
        ).step('merge', { inputs: { shards: '2', framework: 'command' } });
        expect(merge.exitCode, merge.stdout + merge.stderr).toBe(0);
        expect(merge.outputs).toMatchObject({
          tests: String(expectedIds.length),
          lost: '0',
          duplicated: '0',
        });
      },
      60_000,
    );
  });
});
