/** describeError says what the token could not do, for the call that failed. */
import { describe, expect, it } from 'vitest';
import { describeError } from '../../src/github/errors.js';

const httpError = (status: number) =>
  Object.assign(new Error('Resource not accessible by integration'), { status });

describe('describeError', () => {
  it('names the operation for a 403 or 404', () => {
    expect(describeError(httpError(403), 'comment on this pull request')).toBe(
      'HTTP 403: the token cannot comment on this pull request',
    );
    expect(describeError(httpError(404), "read this repository's Actions runs")).toBe(
      "HTTP 404: the token cannot read this repository's Actions runs",
    );
  });

  it("keeps the error's own message otherwise", () => {
    expect(describeError(httpError(500), 'upload artifacts')).toBe(
      'Resource not accessible by integration',
    );
    expect(describeError(httpError(403))).toBe('Resource not accessible by integration');
    expect(describeError('plain text')).toBe('plain text');
  });
});
