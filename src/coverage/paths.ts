/**
 * Mapping the source paths recorded in coverage data onto the merge job's checkout.
 *
 * Shards may run in different checkout folders (self-hosted runners, other OSes, a laptop), so
 * the same source file can be recorded as `/home/runner/work/app/app/src/a.py` by one shard and
 * `D:\a\app\app\src\a.py` by another. A recorded path is matched to the checkout by its longest
 * tail that names an existing file there; what precedes that tail is the shard's checkout prefix,
 * which then also maps the shard's other files. Paths are data: a tail with `..`, `.` or empty
 * segments is never looked up, so no lookup leaves the checkout.
 *
 * Pure: the file system is reached only through the `exists` callback.
 */

/** Whether `relativePath` (POSIX, no `..`) names a file in the checkout. */
export type ExistsInRoot = (relativePath: string) => boolean;

export interface MappedPath {
  /**
   * POSIX path relative to the checkout when the file was matched (or lies under the checkout);
   * otherwise the recorded path unchanged, so it still merges with the identical path of other
   * shards.
   */
  path: string;
  inRoot: boolean;
}

const WINDOWS_ABSOLUTE = /^[A-Za-z]:[\\/]|^\\\\/;

export function isAbsoluteAnywhere(path: string): boolean {
  return path.startsWith('/') || WINDOWS_ABSOLUTE.test(path);
}

/** Segments of a path split on either separator, without a leading `./`. */
function segmentsOf(path: string): string[] {
  const segments = path.split(/[\\/]/);
  while (segments[0] === '.') segments.shift();
  return segments;
}

function isSafeRelative(segments: readonly string[]): boolean {
  return segments.length > 0 && segments.every((s) => s !== '' && s !== '.' && s !== '..');
}

/** POSIX form of a root path with no trailing separator, for prefix tests. */
function normaliseRoot(root: string): string {
  const posix = root.replace(/\\/g, '/');
  return posix.length > 1 ? posix.replace(/\/+$/, '') : posix;
}

/**
 * Maps recorded paths to checkout-relative paths. One mapper per shard: the checkout prefixes it
 * learns (see `prefixes`) are the shard's own. `roots` are the merge job's checkout as an
 * absolute path, also in its real-path form when that differs (symlinked work folders).
 */
export class PathMapper {
  private readonly roots: string[];
  private readonly learned: string[] = [];
  private readonly cache = new Map<string, boolean>();

  constructor(
    roots: readonly string[],
    private readonly exists: ExistsInRoot,
  ) {
    this.roots = [...new Set(roots.map(normaliseRoot))];
  }

  /** Checkout prefixes of other machines seen so far, as recorded (original separators). */
  get prefixes(): readonly string[] {
    return this.learned;
  }

  /**
   * Maps one recorded path. `bases` are checkout-relative folders to try, in order, before the
   * checkout itself when the recorded path is relative (a report written inside a monorepo
   * package records paths relative to that package).
   */
  map(recorded: string, bases: readonly string[] = []): MappedPath {
    if (recorded === '') return { path: recorded, inRoot: false };
    if (!isAbsoluteAnywhere(recorded)) return this.mapRelative(recorded, bases);

    const posix = recorded.replace(/\\/g, '/');
    for (const root of this.roots) {
      if (posix.startsWith(root + '/')) {
        const rest = segmentsOf(posix.slice(root.length + 1));
        if (isSafeRelative(rest)) return { path: rest.join('/'), inRoot: true };
      }
    }
    for (const prefix of this.learned) {
      if (recorded.startsWith(prefix)) {
        const rest = segmentsOf(recorded.slice(prefix.length));
        if (isSafeRelative(rest) && this.check(rest.join('/'))) {
          return { path: rest.join('/'), inRoot: true };
        }
      }
    }
    const tail = this.longestExistingTail(recorded);
    if (tail === undefined) return { path: recorded, inRoot: false };
    this.learned.push(recorded.slice(0, recorded.length - tail.length));
    return { path: segmentsOf(tail).join('/'), inRoot: true };
  }

  private mapRelative(recorded: string, bases: readonly string[]): MappedPath {
    const segments = segmentsOf(recorded);
    if (!isSafeRelative(segments)) return { path: recorded, inRoot: false };
    const relative = segments.join('/');
    for (const base of [...bases, '']) {
      const candidate = base === '' ? relative : `${base}/${relative}`;
      if (this.check(candidate)) return { path: candidate, inRoot: true };
    }
    // Not in this checkout (deleted or generated file): still a checkout-relative name.
    return { path: relative, inRoot: true };
  }

  /** The longest tail of `recorded` (in its own separators) naming a file in the checkout. */
  private longestExistingTail(recorded: string): string | undefined {
    const separators = [...recorded.matchAll(/[\\/]/g)].map((m) => m.index);
    // Longest tail first: the first separator after the root gives the whole relative path.
    for (const index of separators) {
      const tail = recorded.slice(index + 1);
      const segments = tail.split(/[\\/]/);
      if (isSafeRelative(segments) && this.check(segments.join('/'))) return tail;
    }
    return undefined;
  }

  private check(relative: string): boolean {
    let known = this.cache.get(relative);
    if (known === undefined) {
      known = this.exists(relative);
      this.cache.set(relative, known);
    }
    return known;
  }
}
