/** One line for a failed call to GitHub, saying what the token could not do. */

/**
 * `operation` says what was being done, in words that finish "the token cannot …" (e.g. "read
 * this repository's Actions runs", "comment on this pull request"): a 403 or 404 from GitHub
 * means the token lacks a permission for exactly that, and the raw API message does not say
 * which. Without an operation, or for other errors, the error's own message.
 */
export function describeError(error: unknown, operation?: string): string {
  const status =
    error && typeof error === 'object' && 'status' in error
      ? (error as { status: unknown }).status
      : undefined;
  if (operation && (status === 403 || status === 404)) {
    return `HTTP ${status}: the token cannot ${operation}`;
  }
  return error instanceof Error ? error.message : String(error);
}
