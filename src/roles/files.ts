/** Globbing confined to the checkout: user globs and untrusted names never reach outside it. */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { isInside } from '../core/paths.js';
import { parseQuarantine, type Quarantine } from '../core/quarantine.js';
import { ConfigError } from './runShard.js';

/**
 * Absolute paths of the files under `root` matching `patterns` (hidden files included, since
 * coverage.py's `.coverage.*` files are hidden). Patterns that are absolute or climb out with
 * `..` are refused, and so is any match whose real path (after symlinks) lies outside the root.
 */
export async function findFilesInRoot(
  root: string,
  patterns: readonly string[],
): Promise<string[]> {
  for (const pattern of patterns) {
    if (isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..')) {
      throw new Error(
        `the glob ${JSON.stringify(pattern)} must be relative to the working directory and stay inside it`,
      );
    }
  }
  const matches = await glob([...patterns], {
    cwd: root,
    dot: true,
    onlyFiles: true,
    absolute: true,
    followSymbolicLinks: false,
  });
  const realRoot = await realpath(root);
  const inside: string[] = [];
  for (const match of matches.sort()) {
    const real = await realpath(match).catch(() => undefined);
    if (real !== undefined && isInside(realRoot, real)) inside.push(resolve(match));
  }
  return inside;
}

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
