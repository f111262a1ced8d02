/** `evenshard plan`: a stable contract that other tools call (docs/cli.md). */
import { parseArgs } from 'node:util';
import { optionalNumber, parseNumber } from '../config/validate.js';
import type { ShardCountAdvice } from '../core/advice.js';
import { parseTestIdLines } from '../core/identity.js';
import type { Plan } from '../core/types.js';
import { planSuiteChoosingShards, type SuitePlan, type TimingSource } from '../roles/planSuite.js';
import { formatDuration } from '../summary/format.js';
import { readTextFile, UsageError } from './errors.js';

export async function planCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      shards: { type: 'string' },
      durations: { type: 'string', multiple: true },
      'tests-file': { type: 'string' },
      'whole-files': { type: 'boolean', default: false },
      'target-minutes': { type: 'string' },
      'overhead-seconds': { type: 'string' },
      'max-shards': { type: 'string' },
      'max-parallel': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const shardsFlag = { min: 1, integer: true } as const;
  const fixed = optionalNumber(values.shards, '--shards', shardsFlag);
  const targetMinutes = optionalNumber(values['target-minutes'], '--target-minutes', { min: 0 });
  if (fixed === undefined && targetMinutes === undefined) {
    throw new UsageError('plan needs --shards N, or --target-minutes M to choose the shard count');
  }
  const durationFiles = values.durations ?? [];
  const testsFile = values['tests-file'];
  if (durationFiles.length === 0 && testsFile === undefined) {
    throw new UsageError('plan needs --durations FILE (or at least --tests-file FILE)');
  }
  const sources: TimingSource[] = [];
  for (const name of durationFiles)
    sources.push({ name, text: await readTextFile(name, '--durations') });
  const testIds =
    testsFile === undefined
      ? undefined
      : parseTestsFile(await readTextFile(testsFile, '--tests-file'));

  const suite = testIds ? { testIds } : {};
  const maxParallel = optionalNumber(values['max-parallel'], '--max-parallel', shardsFlag);
  const result = planSuiteChoosingShards(
    sources,
    suite,
    fixed !== undefined
      ? { shards: fixed }
      : {
          targetMinutes: targetMinutes!,
          maxShards: parseNumber(values['max-shards'] ?? '64', '--max-shards', shardsFlag),
          overheadSeconds:
            optionalNumber(values['overhead-seconds'], '--overhead-seconds', { min: 0 }) ?? 0,
          ...(maxParallel !== undefined ? { maxParallel } : {}),
        },
    { splitFiles: !values['whole-files'] },
  );
  const { advice } = result;
  if (values.json) {
    writePlanJson({ ...planToJson(result), ...(advice ? { advice } : {}) }, out);
  } else {
    out(planToTable(result) + (advice ? adviceToText(advice, targetMinutes!) : ''));
  }
  return 0;
}

function adviceToText(advice: ShardCountAdvice, targetMinutes: number): string {
  const rows = advice.rows.map(
    (r) =>
      `${String(r.shards).padStart(6)}  ${formatDuration(r.wallSeconds).padStart(9)}  ${formatDuration(r.runnerSeconds).padStart(9)}${r.shards === advice.recommended ? '  ←' : ''}${r.queuedShards ? `  (${r.queuedShards} queue: max-parallel ${advice.maxParallel})` : ''}`,
  );
  const verdict = advice.meetsTarget
    ? `${advice.recommended} shards meet the ${targetMinutes}-minute target`
    : `no shard count meets the ${targetMinutes}-minute target; ${advice.recommended} is where more shards stop paying`;
  return [`shards       wall    runner`, ...rows, verdict, ''].join('\n');
}

/** One test id per line; blank lines and `#` comments are ignored. */
export function parseTestsFile(text: string): string[] {
  return parseTestIdLines(text).map((entry) => entry.id);
}

/**
 * The plan's JSON, one shard at a time: the same text as one JSON.stringify, but a 100,000-test
 * plan never exists as one string (and one buffer to write it) of several megabytes.
 */
export function writePlanJson(
  doc: { shards: readonly unknown[] } & Record<string, unknown>,
  out: (text: string) => void,
): void {
  const { shards, ...rest } = doc;
  out('{"shards":[');
  shards.forEach((shard, i) => out((i > 0 ? ',' : '') + JSON.stringify(shard)));
  const tail = JSON.stringify(rest);
  out((tail === '{}' ? ']}' : '],' + tail.slice(1)) + '\n');
}

export function planToJson(result: SuitePlan): { shards: unknown[] } & Record<string, unknown> {
  const { plan } = result;
  return {
    shards: plan.shards.map((shard) => ({
      index: shard.index,
      tests: shard.tests,
      estimatedSeconds: shard.estimatedSeconds,
      files: shard.files,
      splits: shard.splits,
    })),
    lowerBoundSeconds: plan.lowerBoundSeconds,
    makespanSeconds: plan.makespanSeconds,
    totalSeconds: plan.totalSeconds,
    fingerprint: plan.fingerprint,
    splitFiles: plan.splitFiles,
    estimates: result.estimates.counts,
    droppedTimings: result.droppedTimings,
  };
}

export function planToTable(result: SuitePlan): string {
  const { plan } = result;
  const rows = plan.shards.map((s) => [
    String(s.index),
    String(s.tests.length),
    String(s.files.length + s.splits.length),
    formatDuration(s.estimatedSeconds),
  ]);
  const header = ['shard', 'tests', 'files', 'estimated'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const counts = result.estimates.counts;
  const estimated = counts.file + counts.directory + counts.suite + counts.proxy;
  return [
    `evenshard plan: ${result.tests.ids.length} tests → ${plan.shards.length} shards`,
    line(header),
    ...rows.map(line),
    `makespan ${formatDuration(plan.makespanSeconds)} · lower bound ${formatDuration(plan.lowerBoundSeconds)}` +
      ` (×${ratio(plan).toFixed(3)}) · fingerprint ${plan.fingerprint.slice(0, 12)}`,
    estimated === 0
      ? 'every test had a measured duration'
      : `estimated: ${counts.file} from their file, ${counts.directory} from their folder, ` +
        `${counts.suite} from the suite median, ${counts.proxy} by test count (no history)`,
    plan.splitFiles.length ? `split files: ${plan.splitFiles.join(', ')}` : '',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}

function ratio(plan: Plan): number {
  return plan.lowerBoundSeconds > 0 ? plan.makespanSeconds / plan.lowerBoundSeconds : 1;
}
