/**
 * Globbing confined to the checkout: user globs and untrusted names never reach outside it.
 * Below the roles, so that runners (`tests` and `junit` globs) and roles (coverage files) share it.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { isInside } from '../core/paths.js';

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
