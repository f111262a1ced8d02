/**
 * The small interfaces the roles talk to. Two implementations each: src/github/ (Actions
 * artifacts, job summary, annotations) and src/local/ (a folder, stdout). The roles never touch
 * @actions/* or the store layout themselves.
 */

export interface Logger {
  info(message: string): void;
  /** Something the user should see but need not act on (GitHub: a notice annotation). */
  notice(message: string): void;
  /** Something degraded: evenshard carries on with a fallback (GitHub: a warning annotation). */
  warning(message: string): void;
  error(message: string): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
}

export interface FetchedHistory {
  text: string;
  /** Where it came from, for the summary: e.g. "run 1234 on main (2026-11-20)". */
  description: string;
}

/** Where the timing history of earlier runs is read from. */
export interface HistorySource {
  /** The latest usable history, or null (after a warning saying why) when there is none. */
  fetch(): Promise<FetchedHistory | null>;
}

export interface UploadFile {
  /** Absolute path of the file on disk. */
  path: string;
}

/** Where one shard's outputs go. Failures are reported by the implementation, never thrown. */
export interface ShardOutputSink {
  /**
   * Uploads the files of `dir` (results document, JUnit) as this shard's results. Resolves to a
   * human-readable location, or null when the upload failed (the failure was already logged).
   */
  saveResults(shard: number, dir: string, files: readonly string[]): Promise<string | null>;
  saveCoverage(shard: number, dir: string, files: readonly string[]): Promise<string | null>;
}

export interface SummarySink {
  write(markdown: string): Promise<void>;
}

/** This shard's results document from the previous attempt of the same run (re-runs). */
export interface PreviousAttemptSource {
  /** Raw text of the previous attempt's results.json, or null when there is none (logged). */
  fetch(shard: number): Promise<string | null>;
}

/**
 * A message as one safe log line. Messages carry test ids and file names, which are untrusted: a
 * line break followed by `::warning::` (or a line starting with `::`) would become a workflow
 * command. Logger implementations write every message through this.
 */
export function logLine(message: string): string {
  return message.replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ⏎ ').replace(/^(\s*):/, '$1 :');
}
