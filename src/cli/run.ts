/** `evenshard run`: run one shard with history and results kept in a local folder. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { countOutcomes } from '../core/shardResult.js';
import { checkShardIndex, oneOf, parseNumber } from '../config/validate.js';
import { LocalStore, consoleLogger } from '../local/store.js';
import { loadQuarantine } from '../roles/files.js';
import type { EntryContext } from '../ports.js';
import { runShard } from '../roles/runShard.js';
import { defaultCommand, runnerFor, RUNNER_FRAMEWORKS } from '../runners/index.js';
import { formatDuration } from '../summary/format.js';
import { logLine } from '../ports.js';
import { UsageError } from './errors.js';

export async function runCommand(
  argv: string[],
  out: (text: string) => void,
  context: EntryContext,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      shards: { type: 'string' },
      shard: { type: 'string' },
      store: { type: 'string' },
      framework: { type: 'string', default: 'pytest' },
      tests: { type: 'string', multiple: true },
      root: { type: 'string', default: '.' },
      'coverage-files': { type: 'string', multiple: true },
      attempt: { type: 'string', default: '1' },
      rerun: { type: 'string', default: 'all' },
      quarantine: { type: 'string' },
      junit: { type: 'string', multiple: true },
    },
    strict: true,
    allowPositionals: true,
  });
  const shards = parseNumber(values.shards, '--shards', { min: 1, integer: true });
  const shard = parseNumber(values.shard, '--shard', { min: 1, integer: true });
  checkShardIndex(shard, shards, { shard: '--shard', shards: '--shards' });
  if (!values.store)
    throw new UsageError('--store DIR is required (the folder that keeps history and results)');
  const framework = oneOf(values.framework!, RUNNER_FRAMEWORKS, '--framework');
  const fallback = defaultCommand(framework);
  const command = positionals.length > 0 ? positionals : fallback && [...fallback];
  if (command === undefined) {
    throw new UsageError(
      `--framework ${framework} needs the test command after --, with {files}, {files-list} or {file} where the shard's files go`,
    );
  }
  const root = resolve(values.root!);
  const attempt = parseNumber(values.attempt, '--attempt', { min: 1, integer: true });
  const rerun = oneOf(values.rerun!, ['all', 'failed'] as const, '--rerun');
  const quarantine = values.quarantine
    ? await loadQuarantine(root, values.quarantine, '--quarantine').catch((error: Error) => {
        throw new UsageError(error.message);
      })
    : undefined;
  const store = new LocalStore(resolve(values.store), consoleLogger);
  const workDir = join(store.dir, 'work', `shard-${shard}`);
  let summaryMarkdown = '';

  const outcome = await runShard(
    {
      shard,
      shards,
      root,
      command,
      ...(values.tests ? { testPatterns: values.tests } : {}),
      workDir,
      ...(values['coverage-files'] ? { coveragePatterns: values['coverage-files'] } : {}),
      // The CLI's "job" is this process: its wall includes Node's start-up.
      jobStartedAt: Math.round(performance.timeOrigin),
      env: process.env,
      runAttempt: attempt,
      rerunFailed: rerun === 'failed',
      ...(quarantine ? { quarantine } : {}),
    },
    {
      runner: runnerFor(framework, {
        pluginDir: join(context.distDir, 'pytest'),
        distDir: context.distDir,
        command,
        junit: values.junit ?? [],
        log: consoleLogger.info,
      }),
      history: store.historyForAttempt(attempt),
      outputs: store,
      previousAttempt: store.previousAttempt(),
      summary: { write: async (markdown) => void (summaryMarkdown = markdown) },
      log: consoleLogger,
    },
  );
  const summaryPath = join(store.dir, 'summaries', `shard-${shard}.md`);
  await mkdir(join(store.dir, 'summaries'), { recursive: true });
  await writeFile(summaryPath, summaryMarkdown);

  const { result } = outcome;
  const counts = countOutcomes(result.results);
  // With no history at all the plan's units are test counts, not seconds.
  const byCount = result.estimates.counts.proxy > 0 && result.estimates.counts.measured === 0;
  const planned = byCount
    ? 'planned by test count, no history yet'
    : `planned ${formatDuration(result.estimatedSeconds)}`;
  // The plan predicts the tests' own time; the command's wall adds start-up and collection.
  const testTime = result.results.reduce((sum, r) => sum + r.seconds, 0);
  out(
    `shard ${shard}/${shards}: ${counts.tests} tests, ${counts.passed} passed, ${counts.failed + counts.errors} failed, ` +
      `${counts.skipped} skipped; tests ${formatDuration(testTime)} (${planned}), command wall ` +
      `${formatDuration(result.testSeconds)}; summary: ${summaryPath}\n`,
  );
  if (outcome.failure) process.stderr.write(`evenshard run: ${logLine(outcome.failure)}\n`);
  return outcome.exitCode;
}
