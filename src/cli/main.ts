/**
 * The `evenshard` command line: the same engine as the action, with history kept in a local
 * folder, for other CI systems, laptops and end-to-end tests. Exit 2 on usage errors.
 */
import { ConfigError } from '../errors.js';
import type { EntryContext } from '../ports.js';
import { MERGE_USAGE, PLAN_USAGE, RUN_USAGE } from './usage.js';
import { logLine } from '../ports.js';
import { UsageError } from './errors.js';

const USAGE = `evenshard — split a test suite into shards of even duration

${PLAN_USAGE}
${RUN_USAGE}
${MERGE_USAGE}

Run 'evenshard COMMAND --help' for a command's options. Docs: docs/cli.md`;

type Command = (
  argv: string[],
  out: (text: string) => void,
  context: EntryContext,
) => Promise<number>;

// Loaded when run: each command's modules (the runners, coverage formats and summaries of `run`
// and `merge`) are a chunk of their own, so `plan` starts without parsing the others.
const COMMANDS: Record<string, { load: () => Promise<Command>; usage: string }> = {
  plan: { load: async () => (await import('./plan.js')).planCommand, usage: PLAN_USAGE },
  run: { load: async () => (await import('./run.js')).runCommand, usage: RUN_USAGE },
  merge: { load: async () => (await import('./merge.js')).mergeCommand, usage: MERGE_USAGE },
};

export async function cli(argv: string[], context: EntryContext): Promise<number> {
  const out = (text: string) => void process.stdout.write(text);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`evenshard: unknown command ${JSON.stringify(name)}\n${USAGE}\n`);
    return 2;
  }
  // Only evenshard's own flags: after `--` the words belong to the test command.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (own.includes('--help') || own.includes('-h')) {
    out(command.usage + '\n');
    return 0;
  }
  try {
    return await (
      await command.load()
    )(rest, out, context);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isUsageError(error)) {
      process.stderr.write(`evenshard ${name}: ${logLine(message)}\n`);
      return 2;
    }
    process.stderr.write(
      `evenshard ${name}: ${error instanceof Error && error.stack ? error.stack : message}\n`,
    );
    return 1;
  }
}

/** Bad flags, unreadable files, unparseable timing files and unplannable projects: exit 2. */
function isUsageError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof UsageError || error instanceof ConfigError) return true;
  // node:util parseArgs errors carry codes like ERR_PARSE_ARGS_UNKNOWN_OPTION.
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return true;
  return ['TimingSourceError', 'TimingFormatError', 'HistoryError', 'TestCommandError'].includes(
    error.name,
  );
}
