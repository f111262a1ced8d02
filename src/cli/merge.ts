/** `evenshard merge`: merge the shards' results in a local store into the next history. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { COVERAGE_KINDS } from '../github/inputs.js';
import { consoleLogger, LocalStore } from '../local/store.js';
import { FILES } from '../names.js';
import { DEFAULT_FLAKINESS_RULE } from '../core/flakiness.js';
import { DEFAULT_SLOWDOWN_RULE } from '../core/slowdowns.js';
import { coverageCombiner } from '../roles/coverage.js';
import { loadQuarantine } from '../roles/files.js';
import { mergeRun, type ShardUpload } from '../roles/mergeRun.js';
import { logLine } from '../ports.js';
import { UsageError } from './errors.js';
import { parseShardCount } from './plan.js';

export const MERGE_USAGE = `usage: evenshard merge --store DIR [--shards N] [--coverage FORMAT] [--fail-under PERCENT]
                      [--target-minutes M] [--root DIR] [--python PYTHON] [--test-durations FILE]
                      [--quarantine FILE] [--slower-factor X] [--slower-min-seconds S]
                      [--flaky-flip-rate R]`;

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
      python: { type: 'string', default: 'python3' },
      'test-durations': { type: 'string' },
      framework: { type: 'string', default: 'pytest' },
      quarantine: { type: 'string' },
      'slower-factor': { type: 'string' },
      'slower-min-seconds': { type: 'string' },
      'flaky-flip-rate': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.store)
    throw new UsageError('--store DIR is required (the folder the shards wrote to)');
  const kind = values.coverage!;
  if (!(COVERAGE_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      `--coverage must be one of ${COVERAGE_KINDS.join(', ')} (got ${JSON.stringify(kind)})`,
    );
  }
  const failUnder = optionalNumber(values['fail-under'], '--fail-under', 0, 100);
  const targetMinutes = optionalNumber(values['target-minutes'], '--target-minutes', 0, 10_000);
  const store = new LocalStore(resolve(values.store), consoleLogger);
  const root = resolve(values.root!);
  const testDurations = values['test-durations'];
  const quarantine = values.quarantine
    ? await loadQuarantine(root, values.quarantine, '--quarantine').catch((error: Error) => {
        throw new UsageError(error.message);
      })
    : undefined;
  const factor = optionalNumber(values['slower-factor'], '--slower-factor', 1, 1_000);
  const floor = optionalNumber(values['slower-min-seconds'], '--slower-min-seconds', 0, 86_400);
  const flipRate = optionalNumber(values['flaky-flip-rate'], '--flaky-flip-rate', 0, 1);

  const outcome = await mergeRun(
    {
      ...(values.shards ? { expectedShards: parseShardCount(values.shards) } : {}),
      ...(failUnder !== undefined ? { failUnder } : {}),
      ...(targetMinutes !== undefined ? { targetMinutes } : {}),
      splitFiles: values.framework === 'pytest',
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
      uploads: { fetchAll: () => localUploads(store) },
      previousHistory: store,
      historySink: {
        async save(files) {
          await writeFile(store.historyPath, files.historyJson);
          if (testDurations && files.testDurations)
            await writeFile(testDurations, files.testDurations);
          return store.historyPath;
        },
      },
      ...(kind !== 'none'
        ? {
            coverage: coverageCombiner({
              kind: kind as Exclude<(typeof COVERAGE_KINDS)[number], 'none'>,
              root,
              outDir: join(store.dir, 'coverage-combined'),
              python: values.python!,
              log: consoleLogger,
            }),
          }
        : {}),
      summary: {
        write: async (markdown) => out(markdown.endsWith('\n') ? markdown : markdown + '\n'),
      },
      log: consoleLogger,
    },
  );
  for (const failure of outcome.failures)
    process.stderr.write(`evenshard merge: ${logLine(failure)}\n`);
  return outcome.failures.length ? 1 : 0;
}

async function localUploads(store: LocalStore): Promise<ShardUpload[]> {
  const uploads: ShardUpload[] = [];
  const names = await readdir(join(store.dir, 'results')).catch(() => [] as string[]);
  for (const name of names.sort()) {
    const match = /^shard-(\d+)$/.exec(name);
    if (!match) continue;
    const shard = Number(match[1]);
    const resultText = await readFile(
      join(store.shardResultsDir(shard), FILES.shardResult),
      'utf8',
    ).catch(() => null);
    const coverageDir = store.shardCoverageDir(shard);
    const hasCoverage = (await readdir(coverageDir).catch(() => [])).length > 0;
    uploads.push({ shard, resultText, ...(hasCoverage ? { coverageDir } : {}) });
  }
  return uploads.sort((a, b) => a.shard - b.shard);
}

function optionalNumber(
  raw: string | undefined,
  flag: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(
      `${flag} must be a number from ${min} to ${max} (got ${JSON.stringify(raw)})`,
    );
  }
  return n;
}
