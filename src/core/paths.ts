/**
 * "Is this path inside that folder": the one check every file selection uses, so that a user
 * glob, a recorded path or an untrusted artifact name never reaches outside the checkout.
 * Pure path arithmetic (node:path), no file system: resolve symbolic links before asking.
 */
import { isAbsolute, relative, sep } from 'node:path';

/** True when `path` lies strictly inside the folder `root` (the folder itself is not inside). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && isDescendant(rel);
}

/** True when `path` is the folder `root` or lies inside it. */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || isDescendant(rel);
}

function isDescendant(rel: string): boolean {
  return rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
}
