/**
 * Fault matrix, hostile data in log lines: a test id or file name with a line break and
 * `::warning::` must never become a workflow command, on the Actions logger or the CLI's.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { actionsLogger } from '../../src/github/log.js';
import { consoleLogger } from '../../src/local/store.js';
import { logLine } from '../../src/ports.js';

const HOSTILE = 'tests/evil\n::warning file=x::pwned\r\n::error::again.py';

/** Every line written to `stream` while `body` runs. */
function linesWritten(stream: NodeJS.WriteStream, body: () => void): string[] {
  const chunks: string[] = [];
  const spy = vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    body();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('').split(/\r?\n/);
}

describe('fault matrix: hostile data in log lines', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logLine keeps a message on one line that cannot start a workflow command', () => {
    expect(logLine(HOSTILE)).toBe('tests/evil ⏎ ::warning file=x::pwned ⏎ ::error::again.py');
    expect(logLine('::set-output name=x::y')).toBe(' ::set-output name=x::y');
    expect(logLine('plain')).toBe('plain');
  });

  it('the Actions logger writes no line that starts with "::" but its own commands', () => {
    const lines = linesWritten(process.stdout, () => {
      actionsLogger.info(`evenshard: ${HOSTILE}`);
      actionsLogger.info(HOSTILE);
      actionsLogger.warning(HOSTILE);
      actionsLogger.notice(HOSTILE);
      actionsLogger.error(HOSTILE);
    });
    const commands = lines.filter((l) => l.trimStart().startsWith('::'));
    // Only the annotations themselves, each on one line with its data escaped.
    expect(commands.map((l) => l.split('::')[1])).toEqual(['warning', 'notice', 'error']);
    expect(lines.filter((l) => l.includes('pwned'))).toHaveLength(5);
  });

  it("the CLI's logger writes one line per message", () => {
    const lines = linesWritten(process.stderr, () => {
      consoleLogger.info(HOSTILE);
      consoleLogger.warning(HOSTILE);
    });
    expect(lines.filter((l) => l !== '')).toHaveLength(2);
    expect(lines.some((l) => l.trimStart().startsWith('::'))).toBe(false);
  });
});
