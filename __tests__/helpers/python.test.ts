/** The Python finder's CI rule: outside CI a missing pytest skips its suites; in CI it fails them. */
import { describe, expect, it } from 'vitest';
import { findPython } from './python.js';

const NOWHERE = ['/nonexistent/evenshard-python'];

describe('findPython', () => {
  it('returns null outside CI when no candidate has pytest', () => {
    expect(findPython({}, NOWHERE, false)).toBeNull();
  });

  it('throws in CI when no candidate has pytest, naming what to install', () => {
    expect(() => findPython({ coverage: true }, NOWHERE, true)).toThrow(
      /CI=true but no Python among \/nonexistent\/evenshard-python has pytest, coverage.*apt-get install/,
    );
  });
});
