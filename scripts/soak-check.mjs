/**
 * The soak's verdict on one merge (scripts/soak.mjs), kept apart so a unit test can plant a loss
 * or a duplicate and see it caught (__tests__/soak-check.test.ts). Pure: no I/O.
 *
 * The truth is the independent recorder's: every test the suite holds, and what the shards' own
 * conftest wrote down as it finished each test. evenshard's verdict is `merge --json`.
 */

/**
 * What counts as having run, for one shard, from its recorder logs (lines `nodeid\tP|F`).
 * `attempts` are the shard's attempts whose results the store holds, oldest first: a plain re-run
 * replaces the previous one; `rerun: failed` keeps the previous attempt's passed tests (carried
 * over) and adds what it ran itself.
 * @param {{ entries: { id: string, outcome: 'P' | 'F' }[], rerunFailed: boolean }[]} attempts
 * @returns {{ id: string, outcome: 'P' | 'F' }[]}
 */
export function effectiveRuns(attempts) {
  let runs = [];
  for (const attempt of attempts) {
    runs = attempt.rerunFailed
      ? [...runs.filter((e) => e.outcome === 'P'), ...attempt.entries]
      : [...attempt.entries];
  }
  return runs;
}

/** Parses a recorder log: one `nodeid<TAB>P|F` per finished test. */
export function parseRecord(text) {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const tab = line.lastIndexOf('\t');
      return { id: line.slice(0, tab), outcome: line.slice(tab + 1) === 'F' ? 'F' : 'P' };
    });
}

/**
 * @param {{
 *   suite: Iterable<string>,                 every test id of the suite this run
 *   runs: { id: string, outcome: 'P' | 'F' }[], what really ran (all shards, effectiveRuns)
 *   exitCode: number | null,                 the merge's exit status
 *   report: { passed: boolean, lost: { id: string, file: string }[], duplicated: { id: string }[] } | null
 * }} input
 * @returns {{ verdict: 'pass' | 'fail-named' | 'mismatch', notOnce: string[], named: string[],
 *   problems: string[], wholeFiles: number }}
 */
export function checkMerge({ suite, runs, exitCode, report }) {
  const suiteIds = new Set(suite);
  const counts = new Map();
  for (const { id } of runs) counts.set(id, (counts.get(id) ?? 0) + 1);
  const notOnce = new Set();
  for (const id of suiteIds) if ((counts.get(id) ?? 0) !== 1) notOnce.add(id);
  // A test that ran but is not in the suite: the recorder or the generator is wrong.
  for (const id of counts.keys()) if (!suiteIds.has(id)) notOnce.add(id);
  const plantedFailure = runs.some((r) => r.outcome === 'F');

  const problems = [];
  if (report === null || (exitCode !== 0 && exitCode !== 1)) {
    problems.push(`merge exited ${exitCode} without a JSON report`);
    return {
      verdict: 'mismatch',
      notOnce: [...notOnce].sort(),
      named: [],
      problems,
      wholeFiles: 0,
    };
  }
  // What the merge names: lost tests, lost whole files (all of the file's tests), duplicates.
  const named = new Set();
  let wholeFiles = 0;
  for (const lost of report.lost) {
    if (lost.id === lost.file) {
      wholeFiles++;
      const inFile = [...suiteIds].filter((id) => id.startsWith(lost.file + '::'));
      if (inFile.length === 0) named.add(lost.id);
      for (const id of inFile) named.add(id);
    } else named.add(lost.id);
  }
  for (const dup of report.duplicated) named.add(dup.id);

  const missed = [...notOnce].filter((id) => !named.has(id)).sort();
  const wrong = [...named].filter((id) => !notOnce.has(id)).sort();
  if (missed.length) problems.push(`did not run once but not named: ${missed.join(', ')}`);
  if (wrong.length) problems.push(`named but ran exactly once: ${wrong.join(', ')}`);
  const shouldFail = notOnce.size > 0 || plantedFailure;
  if (report.passed !== (exitCode === 0))
    problems.push(`exit ${exitCode} but passed=${report.passed}`);
  if (shouldFail && exitCode === 0)
    problems.push('the merge passed although the recorder saw a test not run once or fail');
  if (!shouldFail && exitCode !== 0)
    problems.push('the merge failed although every test ran exactly once and passed');
  const verdict = problems.length ? 'mismatch' : exitCode === 0 ? 'pass' : 'fail-named';
  return {
    verdict,
    notOnce: [...notOnce].sort(),
    named: [...named].sort(),
    problems,
    wholeFiles,
  };
}
