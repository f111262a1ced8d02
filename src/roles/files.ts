/** Globbing confined to the checkout: user globs and untrusted names never reach outside it. */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { glob } from 'tinyglobby';

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

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
}
