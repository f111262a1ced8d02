/** Child processes of the JS runners: argument vectors, never a shell. */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface ProcessOutcome {
  /** Exit code, or 128 + signal number when killed. */
  exitCode: number;
  signal: NodeJS.Signals | null;
  /** Captured output (only with `capture`). */
  stdout: string;
  stderr: string;
  startedAt: number;
  endedAt: number;
}

/**
 * Runs `argv` in `cwd`. Output passes through to this process unless `capture` is set (discovery
 * reads what the runner prints). A program that cannot start rejects with a message naming it.
 */
export function runArgv(
  argv: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; capture?: boolean },
): Promise<ProcessOutcome> {
  const [program, ...args] = argv;
  if (program === undefined) return Promise.reject(new Error('the command is empty'));
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (err) => {
      reject(new Error(`cannot start '${program}': ${err.message}`));
    });
    child.once('close', (code, signal) => {
      const signalNumber = signal ? (constants.signals[signal] ?? 0) : 0;
      resolve({
        exitCode: code ?? 128 + signalNumber,
        signal,
        stdout,
        stderr,
        startedAt,
        endedAt: Date.now(),
      });
    });
  });
}

/** The last lines of captured output, for an error message. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join('\n');
}
