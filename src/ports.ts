/**
 * The small interfaces the roles talk to: the one home of every port. Two implementations each:
 * src/github/ (Actions artifacts, job summary, annotations) and src/local/ (a folder, stdout);
 * docs/architecture.md lists which role uses which. The roles never touch @actions/* or the
 * store layout themselves.
 */
import type { StoredPlan } from './core/storedPlan.js';

/** What every entry point (action step or CLI) is given by its bundle. */
export interface EntryContext {
  /** The folder holding the bundle and the files shipped beside it (dist/: the pytest plugin). */
  distDir: string;
}

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

/** A plan fixed once for the whole run (the plan role's artifact), if there is one. */
export interface PlanSource {
  fetch(): Promise<StoredPlan | null>;
}

/** Where the plan role stores the run's plan. Throws when it cannot: the shards need it. */
export interface PlanSink {
  /** Resolves to a human-readable location. */
  save(planJson: string): Promise<string | null>;
}

export interface ShardUpload {
  /** The shard index the upload's name claims. */
  shard: number;
  /** Raw text of its results.json, or null when it was unreadable. */
  resultText: string | null;
  /** Folder with this shard's coverage files, if it uploaded any. */
  coverageDir?: string;
}

/** Everything the shards of THIS run uploaded. */
export interface ShardUploadSource {
  fetchAll(): Promise<ShardUpload[]>;
}

export interface HistorySink {
  /** Stores the next history (and the optional .test_durations export). Never throws. */
  save(files: { historyJson: string; testDurations?: string }): Promise<string | null>;
}

export interface CoverageOutcome {
  totalPercent: number;
  files: { path: string; percent: number; covered: number; total: number }[];
  reportFiles: string[];
}

/** Combines the shards' coverage data into one report (src/coverage behind roles/coverage.ts). */
export interface CoverageCombiner {
  combine(coverageDirs: string[]): Promise<CoverageOutcome>;
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

/** Named values saved by the main step and read back by the post step of the same action. */
export interface StepState {
  save(name: string, value: string): void;
  /** '' when nothing was saved under `name`. */
  get(name: string): string;
}
