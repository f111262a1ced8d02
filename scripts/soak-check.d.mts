// Types of scripts/soak-check.mjs, for its unit test.
export interface RecordedRun {
  id: string;
  outcome: 'P' | 'F';
}
export interface MergeJson {
  passed: boolean;
  lost: { id: string; file: string }[];
  duplicated: { id: string }[];
}
export function effectiveRuns(
  attempts: { entries: RecordedRun[]; rerunFailed: boolean }[],
): RecordedRun[];
export function parseRecord(text: string): RecordedRun[];
export function checkMerge(input: {
  suite: Iterable<string>;
  runs: RecordedRun[];
  exitCode: number | null;
  report: MergeJson | null;
}): {
  verdict: 'pass' | 'fail-named' | 'mismatch';
  notOnce: string[];
  named: string[];
  problems: string[];
  wholeFiles: number;
};
