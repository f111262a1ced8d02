/** Files of the checkout the roles read: user globs and untrusted names never reach outside it. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isInside } from '../core/paths.js';
// Globbing lives below the roles, where the runners (`tests`, `junit` globs) share it.
export { findFilesInRoot } from '../runners/files.js';
import { parseQuarantine, type Quarantine } from '../core/quarantine.js';
import { ConfigError } from '../errors.js';

/**
 * Reads the quarantine list named by an input (`what`, e.g. "input 'quarantine'"): a file inside
 * the checkout. A configured list that is missing or unreadable is the caller's to fix.
 */
export async function loadQuarantine(
  root: string,
  path: string,
  what: string,
): Promise<Quarantine> {
  const full = resolve(root, path);
  if (!isInside(root, full)) {
    throw new ConfigError(
      `${what} must name a file inside the working directory (got ${JSON.stringify(path)}).`,
    );
  }
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `${what}: cannot read ${JSON.stringify(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ` +
        'Commit the quarantine list (one test id per line) or leave the input empty.',
    );
  }
  try {
    return parseQuarantine(text, path);
  } catch (error) {
    throw new ConfigError(`${what}: ${(error as Error).message}`);
  }
}
