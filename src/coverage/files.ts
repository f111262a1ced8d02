/** The file-system side of the coverage merge: finding shard data and checking checkout paths. */
import { realpathSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { isInside } from '../core/paths.js';
import type { ExistsInRoot } from './paths.js';

/**
 * Absolute paths of the files under `dir` matching `patterns`, sorted. Hidden files are included
 * (coverage.py's `.coverage*`), symbolic links are not followed, and a match whose real path lies
 * outside `dir` is dropped: artifact contents are untrusted.
 */
export async function findFilesUnder(dir: string, patterns: readonly string[]): Promise<string[]> {
  const realDir = await realpath(dir).catch(() => undefined);
  if (realDir === undefined) return [];
  const matches = await glob([...patterns], {
    cwd: dir,
    dot: true,
    onlyFiles: true,
    absolute: true,
    followSymbolicLinks: false,
  });
  const inside: string[] = [];
  for (const match of matches) {
    const real = await realpath(match).catch(() => undefined);
    if (real !== undefined && isInside(realDir, real)) inside.push(resolve(match));
  }
  return inside.sort();
}

/** The absolute forms of the checkout to recognise in recorded paths: as given and its real path. */
export function rootForms(root: string): string[] {
  const absolute = resolve(root);
  let real = absolute;
  try {
    real = realpathSync(absolute);
  } catch {
    // A missing root is reported by the caller; the given form is all there is.
  }
  return real === absolute ? [absolute] : [absolute, real];
}

/** `exists` for PathMapper: a regular file (after symlinks) at a checkout-relative path. */
export function fileExistsIn(root: string): ExistsInRoot {
  const base = resolve(root);
  return (relativePath) => {
    const path = join(base, ...relativePath.split('/'));
    if (!isInside(base, path)) return false;
    try {
      return statSync(path).isFile();
    } catch {
      return false;
    }
  };
}
