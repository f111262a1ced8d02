/** `evenshard merge`: merge the shards' results in a local store into the next history. */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { oneOf, optionalNumber } from '../config/validate.js';
import { COVERAGE_KINDS } from '../coverage/kinds.js';
import { DEFAULT_FLAKINESS_RULE } from '../core/flakiness.js';
import { DEFAULT_SLOWDOWN_RULE } from '../core/slowdowns.js';
import { consoleLogger, LocalStore } from '../local/store.js';
import { loadQuarantine } from '../roles/files.js';
import { coverageCombiner } from '../roles/coverage.js';
import { mergeRun, type MergeOutcome } from '../roles/mergeRun.js';
import { DEFAULT_PYTHON, RUNNER_FRAMEWORKS } from '../runners/index.js';
import { logLine } from '../ports.js';
import { UsageError } from './errors.js';

export async function mergeCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      store: { type: 'string' },
      shards: { type: 'string' },
      coverage: { type: 'string', default: 'none' },
      'fail-under': { type: 'string' },
      'target-minutes': { type: 'string' },
      root: { type: 'string', default: '.' },
      python: { type: 'string', default: DEFAULT_PYTHON },
      'test-durations': { type: 'string' },
      framework: { type: 'string', default: 'pytest' },
      quarantine: { type: 'string' },
      'slower-factor': { type: 'string' },
      'slower-min-seconds': { type: 'string' },
      'flaky-flip-rate': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.store)
    throw new UsageError('--store DIR is required (the folder the shards wrote to)');
  const kind = oneOf(values.coverage!, COVERAGE_KINDS, '--coverage');
  const framework = oneOf(values.framework!, RUNNER_FRAMEWORKS, '--framework');
  const expectedShards = optionalNumber(values.shards, '--shards', { min: 1, integer: true });
  const failUnder = optionalNumber(values['fail-under'], '--fail-under', { min: 0, max: 100 });
  const targetMinutes = optionalNumber(values['target-minutes'], '--target-minutes', {
    min: 0,
    max: 10_000,
  });
  const store = new LocalStore(resolve(values.store), consoleLogger);
  const root = resolve(values.root!);
  const testDurations = values['test-durations'];
  const quarantine = values.quarantine
    ? await loadQuarantine(root, values.quarantine, '--quarantine').catch((error: Error) => {
        throw new UsageError(error.message);
      })
    : undefined;
  const factor = optionalNumber(values['slower-factor'], '--slower-factor', { min: 1, max: 1_000 });
  const floor = optionalNumber(values['slower-min-seconds'], '--slower-min-seconds', {
    min: 0,
    max: 86_400,
  });
  const flipRate = optionalNumber(values['flaky-flip-rate'], '--flaky-flip-rate', {
    min: 0,
    max: 1,
  });

  const outcome = await mergeRun(
    {
      ...(expectedShards !== undefined ? { expectedShards } : {}),
      ...(failUnder !== undefined ? { failUnder } : {}),
      ...(targetMinutes !== undefined ? { targetMinutes } : {}),
      splitFiles: framework === 'pytest',
      exportTestDurations: testDurations !== undefined,
      now: new Date().toISOString(),
      ...(quarantine ? { quarantine } : {}),
      slowdownRule: {
        ...DEFAULT_SLOWDOWN_RULE,
        ...(factor !== undefined ? { factor } : {}),
        ...(floor !== undefined ? { floorSeconds: floor } : {}),
      },
      flakinessRule: {
        ...DEFAULT_FLAKINESS_RULE,
        ...(flipRate !== undefined ? { flipRate } : {}),
      },
    },
    {
      uploads: store,
      previousHistory: store,
      historySink: store.historySink(testDurations),
      ...(kind !== 'none'
        ? {
            coverage: coverageCombiner({
              kind,
              root,
              outDir: join(store.dir, 'coverage-combined'),
              python: values.python!,
              log: consoleLogger,
            }),
          }
        : {}),
      summary: {
        write: async (markdown) => {
          if (!values.json) out(markdown.endsWith('\n') ? markdown : markdown + '\n');
        },
      },
      log: consoleLogger,
    },
  );
  if (values.json) out(JSON.stringify(mergeToJson(outcome, store.historyPath)) + '\n');
  for (const failure of outcome.failures)
    process.stderr.write(`evenshard merge: ${logLine(failure)}\n`);
  return outcome.failures.length ? 1 : 0;
}

/**
 * `merge --json`: the verdict and the exactly-once proof as one JSON line, for scripts (the soak
 * reads it). Shape documented in docs/cli.md.
 */
export function mergeToJson(outcome: MergeOutcome, historyPath: string): Record<string, unknown> {
  const { report } = outcome;
  return {
    passed: outcome.failures.length === 0,
    exactlyOnce: report.exactlyOnce,
    failures: outcome.failures,
    shards: report.shards,
    counts: report.counts,
    missingShards: report.missingShards,
    failedShards: report.failedShards,
    lost: report.lost.map(({ id, file, shard, reason }) => ({ id, file, shard, reason })),
    duplicated: report.duplicated,
    unstableFiles: report.unstableFiles,
    newTests: report.newTests.length,
    history: historyPath,
  };
}
