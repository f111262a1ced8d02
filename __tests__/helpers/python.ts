/**
 * Finds a Python interpreter for tests that run real pytest. Candidates, in order:
 * $EVENSHARD_PYTHON, /usr/bin/python3 (Debian's, which has python3-pytest and
 * python3-coverage), then `python3` on PATH. The first that has pytest (and every module in
 * `need`) wins, so a version manager's shim without pytest does not hide the system Python.
 */
import { spawnSync } from 'node:child_process';

export interface PythonInfo {
  /** Executable as found (a path or a name on PATH). */
  executable: string;
  pytestVersion: string;
  /** coverage.py version, or null when it is not installed for this interpreter. */
  coverageVersion: string | null;
  hasXdist: boolean;
}

export const PYTHON_CANDIDATES: readonly string[] = [
  ...(process.env['EVENSHARD_PYTHON'] ? [process.env['EVENSHARD_PYTHON']] : []),
  '/usr/bin/python3',
  'python3',
];

/** Runs `code` with `python -c`; its trimmed stdout, or null when it fails or cannot start. */
export function probePython(python: string, code: string): string | null {
  const result = spawnSync(python, ['-c', code], { encoding: 'utf8', timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

function describePython(executable: string): PythonInfo | null {
  const pytestVersion = probePython(executable, 'import pytest; print(pytest.__version__)');
  if (pytestVersion === null) return null;
  return {
    executable,
    pytestVersion,
    coverageVersion: probePython(executable, 'import coverage; print(coverage.__version__)'),
    hasXdist: probePython(executable, 'import xdist') !== null,
  };
}

/**
 * The first candidate with pytest and the `need`ed extras; with `need`, falls back to the first
 * with pytest alone (callers skip what the extras are for). Null when no candidate has pytest.
 *
 * In CI (`CI=true`) a missing interpreter or extra throws instead: the suites that need Python
 * must fail there, not skip quietly and leave the run green with the real-pytest path untested.
 */
export function findPython(
  need: { coverage?: boolean; xdist?: boolean } = {},
  candidates: readonly string[] = PYTHON_CANDIDATES,
  ci: boolean = process.env['CI'] === 'true',
): PythonInfo | null {
  const found = [...new Set(candidates)]
    .map(describePython)
    .filter((p): p is PythonInfo => p !== null);
  const complete = found.find(
    (p) => (!need.coverage || p.coverageVersion !== null) && (!need.xdist || p.hasXdist),
  );
  if (ci && !complete) {
    const wanted = [
      'pytest',
      ...(need.coverage ? ['coverage'] : []),
      ...(need.xdist ? ['xdist'] : []),
    ];
    throw new Error(
      `CI=true but no Python among ${candidates.join(', ')} has ${wanted.join(', ')}: ` +
        'install them (apt-get install python3-pytest python3-pytest-xdist python3-coverage) ' +
        'or set EVENSHARD_PYTHON; in CI these tests must run, not skip.',
    );
  }
  return complete ?? found[0] ?? null;
}
