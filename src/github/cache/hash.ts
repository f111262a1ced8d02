/** Finding and hashing the dependency files whose contents key the cache. */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { glob } from 'tinyglobby';
import {
  DEFAULT_DEPENDENCY_PATHS,
  parseDependencyPath,
  type CachedTool,
} from '../../core/cacheKey.js';
import { isInside } from '../../core/paths.js';

export interface HashedFiles {
  /** Hex sha256; '' when no file matched. */
  hash: string;
  /** Matched files as absolute paths, sorted. */
  files: string[];
}

const WINDOWS = process.platform === 'win32';

/** A pattern as tinyglobby takes it: `~` is the home folder and `/` the separator, as in @actions/glob. */
function globPattern(pattern: string): string {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  if (body === '~' || body.startsWith('~/') || (WINDOWS && body.startsWith('~\\'))) {
    body = path.join(os.homedir(), body.slice(1));
  }
  if (WINDOWS) body = body.replace(/\\/g, '/');
  return (negated ? '!' : '') + body;
}

/**
 * Hashes the files that match `patterns` (relative to `root`, or absolute) the way @actions/glob's
 * hashFiles does: sha256 over the sha256 of each file, regular files under root only, a matched
 * folder standing for the files in it, `!` patterns excluding, symbolic links followed. One
 * difference on purpose: the files are hashed in sorted path order, where glob.hashFiles takes
 * its walk order, so the key depends only on the paths and contents.
 */
export async function hashFiles(patterns: readonly string[], root: string): Promise<HashedFiles> {
  const absoluteRoot = path.resolve(root);
  const matches = await glob(patterns.map(globPattern), {
    cwd: absoluteRoot,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: true,
    caseSensitiveMatch: !WINDOWS,
  });
  const files = matches
    .map((file) => path.resolve(file))
    .filter((file) => isInside(absoluteRoot, file) && statSync(file).isFile())
    .sort();
  if (files.length === 0) return { hash: '', files: [] };
  const combined = createHash('sha256');
  for (const file of files) {
    const one = createHash('sha256');
    await pipeline(createReadStream(file), one);
    combined.update(one.digest());
  }
  return { hash: combined.digest('hex'), files };
}

/**
 * The dependency files of `tool`: the `cache-dependency-path` patterns when given, else the
 * tool's default alternatives, the first that matches a file. `searched` is for the warning.
 */
export async function findDependencyFiles(
  tool: CachedTool,
  input: string | readonly string[],
  root: string,
): Promise<{ hashed: HashedFiles; searched: string[][] }> {
  const given = parseDependencyPath(typeof input === 'string' ? input : input.join('\n'));
  const alternatives =
    given.length > 0 ? [given] : DEFAULT_DEPENDENCY_PATHS[tool].map((a) => [...a]);
  for (const patterns of alternatives) {
    const hashed = await hashFiles(patterns, root);
    if (hashed.hash !== '') return { hashed, searched: alternatives };
  }
  return { hashed: { hash: '', files: [] }, searched: alternatives };
}
