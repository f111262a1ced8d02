/**
 * The dependency cache's pure parts: which tools it knows, which lock files each one hashes by
 * default, and how a cache key is built. The adapter (src/github/cache/) supplies the
 * measured ingredients (OS, runtime version, file hash).
 */

/** Values of the `cache` input, in the order the docs list them. */
export const CACHE_TOOLS = [
  'pip',
  'pip-wheelhouse',
  'uv',
  'poetry',
  'npm',
  'yarn',
  'pnpm',
  'none',
] as const;

export type CacheTool = (typeof CACHE_TOOLS)[number];

/** A tool that actually caches something. */
export type CachedTool = Exclude<CacheTool, 'none'>;

/** The runtime whose version goes into the key: a cache built for one interpreter can break another. */
export type CacheRuntime = 'python' | 'node';

/** Prefix of every key this action writes; also separates our entries from setup-python's. */
export const DEFAULT_KEY_PREFIX = 'evenshard';

/** The cache service rejects longer keys (@actions/cache checkKey). */
export const MAX_KEY_LENGTH = 512;

/**
 * Default `cache-dependency-path` per tool, as alternatives tried in order: the first one that
 * matches a file is used. pip falls back to pyproject.toml like setup-python does; uv falls back
 * to requirements files for projects that drive uv with `uv pip install -r`. The exclusions keep
 * requirement files that ship inside installed packages or virtual environments out of the hash.
 */
export const DEFAULT_DEPENDENCY_PATHS: Readonly<
  Record<CachedTool, readonly (readonly string[])[]>
> = {
  pip: [
    ['**/requirements*.txt', '!**/.venv/**', '!**/node_modules/**'],
    ['**/pyproject.toml', '!**/.venv/**'],
  ],
  'pip-wheelhouse': [['**/requirements*.txt', '!**/.venv/**', '!**/node_modules/**']],
  uv: [['**/uv.lock'], ['**/requirements*.txt', '!**/.venv/**', '!**/node_modules/**']],
  poetry: [['**/poetry.lock']],
  npm: [['**/package-lock.json', '!**/node_modules/**']],
  yarn: [['**/yarn.lock', '!**/node_modules/**']],
  pnpm: [['**/pnpm-lock.yaml', '!**/node_modules/**']],
};

export function runtimeOf(tool: CachedTool): CacheRuntime {
  return tool === 'npm' || tool === 'yarn' || tool === 'pnpm' ? 'node' : 'python';
}

/** A value of the `cache` input that is not one of CACHE_TOOLS. */
export class CacheConfigError extends Error {
  override name = 'CacheConfigError';
}

/** Parses the `cache` input; empty means `none`. */
export function parseCacheTool(value: string): CacheTool {
  const normalized = value.trim().toLowerCase();
  if (normalized === '') return 'none';
  const tool = CACHE_TOOLS.find((candidate) => candidate === normalized);
  if (tool === undefined) {
    throw new CacheConfigError(
      `Input "cache" must be one of ${CACHE_TOOLS.join(', ')}; got ${JSON.stringify(value.trim())}.`,
    );
  }
  return tool;
}

/**
 * Splits the `cache-dependency-path` input into glob patterns. Newlines and commas both separate
 * patterns (setup-python takes newlines, users often write commas); blank entries are dropped.
 */
export function parseDependencyPath(value: string): string[] {
  return value
    .split(/[\n\r,]/)
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
}

/**
 * Extracts the version number from `python --version` ("Python 3.12.3") or `node --version`
 * ("v20.19.0") output; undefined when there is none.
 */
export function parseRuntimeVersion(output: string): string | undefined {
  return /\d+(?:\.\d+)+(?:[a-z]+\d*)?/i.exec(output)?.[0];
}

export interface CacheKeySpec {
  tool: CachedTool;
  /** Runner OS, with the distribution and release on Linux (e.g. `Linux-ubuntu-24.04`). */
  os: string;
  /** CPU architecture (`x64`, `arm64`). */
  arch: string;
  /** Version of the runtime the dependencies were installed for (`3.12.3`, `20.19.0`). */
  toolVersion: string;
  /** Hex digest of the dependency files (computed as @actions/glob hashFiles does). */
  filesHash: string;
  /** Defaults to DEFAULT_KEY_PREFIX. */
  prefix?: string;
}

export interface CacheKeys {
  primaryKey: string;
  /** Tried in order when the primary key misses; each is matched as a prefix. */
  restoreKeys: string[];
}

/** A key that the cache service would reject; thrown before any request is made. */
export class CacheKeyError extends Error {
  override name = 'CacheKeyError';
}

/**
 * Environment-derived parts may hold spaces or other characters from tool output; they are
 * reduced to a safe alphabet so the key never carries a comma (the service's key separator).
 */
function keyPart(name: string, value: string): string {
  const cleaned = value.trim().replace(/[^A-Za-z0-9._+-]/g, '_');
  if (cleaned === '') throw new CacheKeyError(`Cache key part "${name}" is empty.`);
  return cleaned;
}

/**
 * Builds `<prefix>-<tool>-<os>-<arch>-<runtime version>-<hash>` and one restore key: the same
 * without the hash, so a changed lock file still starts from the previous cache of the same
 * tool, platform and runtime (like setup-python's keys, with the runtime version added for node).
 */
export function cacheKeyFor(spec: CacheKeySpec): CacheKeys {
  const prefix = spec.prefix ?? DEFAULT_KEY_PREFIX;
  if (prefix.trim() === '') throw new CacheKeyError('Cache key prefix is empty.');
  if (prefix.includes(',')) {
    throw new CacheKeyError(
      `Cache key prefix ${JSON.stringify(prefix)} contains a comma, which the cache service rejects.`,
    );
  }
  if (!/^[A-Za-z0-9]+$/.test(spec.filesHash)) {
    throw new CacheKeyError(
      `Cache key files hash ${JSON.stringify(spec.filesHash)} is not a hex digest.`,
    );
  }
  const restoreKey = [
    prefix.trim(),
    keyPart('tool', spec.tool),
    keyPart('os', spec.os),
    keyPart('arch', spec.arch),
    keyPart('toolVersion', spec.toolVersion),
    '',
  ].join('-');
  const primaryKey = restoreKey + spec.filesHash;
  if (primaryKey.length > MAX_KEY_LENGTH) {
    throw new CacheKeyError(
      `Cache key is ${primaryKey.length} characters; the cache service accepts at most ${MAX_KEY_LENGTH}: ${primaryKey}`,
    );
  }
  return { primaryKey, restoreKeys: [restoreKey] };
}
