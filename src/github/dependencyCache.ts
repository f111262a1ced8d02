/**
 * The dependency cache of the run role: restore in the main step, save in the post step.
 *
 * Caching is an optimisation, so nothing here fails a job because of the cache service: an
 * unreachable service, a read-only token or a key that exists already become a notice or a
 * warning. Only configuration that cannot work throws (naming the input), and so does a
 * pip-wheelhouse install that fails even without the wheelhouse (the tests could not run).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as cache from '@actions/cache';
import * as core from '@actions/core';
import * as exec from '@actions/exec';
import * as glob from '@actions/glob';
import {
  CACHE_TOOLS,
  DEFAULT_DEPENDENCY_PATHS,
  cacheKeyFor,
  parseCacheTool,
  parseDependencyPath,
  parseRuntimeVersion,
  runtimeOf,
  type CacheTool,
  type CachedTool,
} from '../core/cacheKey.js';
import { RUN_STATE } from '../names.js';

/** What the cache adapter needs to know about the machine; tests replace parts of it. */
export interface CacheEnvironment {
  platform: NodeJS.Platform;
  /** Key ingredient: runner OS, with distribution and release on Linux (`Linux-ubuntu-24.04`). */
  os: string;
  arch: string;
  home: string;
  /** Environment of the tools this module runs (and where UV_CACHE_DIR etc. are read). */
  vars: Readonly<Record<string, string | undefined>>;
  /** Project root: tools are asked from here, since yarn and pnpm read per-project settings. */
  cwd: string;
  /** Python executable for pip, pip-wheelhouse, uv and poetry. */
  python: string;
}

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'Linux',
  darwin: 'macOS',
  win32: 'Windows',
};

/**
 * Wheels built from source link against the distribution's libraries, so a Linux key names the
 * distribution and release (as setup-python's does); hosted images change them under one label.
 */
function linuxRelease(): string | undefined {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (name: string) =>
      new RegExp(`^${name}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1]?.trim() || undefined;
    const id = field('ID');
    const version = field('VERSION_ID');
    return id && version ? `${id}-${version}` : id;
  } catch {
    return undefined;
  }
}

export function defaultCacheEnvironment(
  overrides: Partial<CacheEnvironment> = {},
): CacheEnvironment {
  const platform = overrides.platform ?? process.platform;
  const vars = overrides.vars ?? process.env;
  const osName = vars['RUNNER_OS'] || OS_NAMES[platform] || platform;
  const release = platform === 'linux' && !overrides.os ? linuxRelease() : undefined;
  return {
    platform,
    os: release ? `${osName}-${release}` : osName,
    arch: process.arch,
    home: os.homedir(),
    vars,
    cwd: process.cwd(),
    python: 'python',
    ...overrides,
  };
}

function definedVars(vars: CacheEnvironment['vars']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Runs a tool and returns the last non-empty line of its output, or undefined when it is not
 * installed or fails. The last line, because some tools print notices (corepack, poetry) first.
 */
async function toolOutput(
  env: CacheEnvironment,
  command: string,
  args: string[],
  stream: 'stdout' | 'both' = 'stdout',
): Promise<string | undefined> {
  try {
    const result = await exec.getExecOutput(command, args, {
      cwd: env.cwd,
      env: definedVars(env.vars),
      silent: true,
      ignoreReturnCode: true,
    });
    if (result.exitCode !== 0) {
      core.debug(`${command} ${args.join(' ')} exited with ${result.exitCode}: ${result.stderr}`);
      return undefined;
    }
    const text = stream === 'both' ? `${result.stdout}\n${result.stderr}` : result.stdout;
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
    return lines.at(-1)?.trim();
  } catch (error) {
    core.debug(`${command} could not run: ${(error as Error).message}`);
    return undefined;
  }
}

function expandHome(dir: string, env: CacheEnvironment): string {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  if (dir === '~') return env.home;
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return p.join(env.home, dir.slice(2));
  return p.resolve(env.cwd, dir);
}

/** Where a tool keeps its cache when the tool cannot be asked (not installed yet, or it failed). */
function defaultCacheDir(tool: CachedTool, env: CacheEnvironment): string | undefined {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  const localAppData = env.vars['LOCALAPPDATA'] || p.join(env.home, 'AppData', 'Local');
  const xdgCache = env.vars['XDG_CACHE_HOME'] || p.join(env.home, '.cache');
  const windows = env.platform === 'win32';
  const mac = env.platform === 'darwin';
  switch (tool) {
    case 'pip':
      if (env.vars['PIP_CACHE_DIR']) return env.vars['PIP_CACHE_DIR'];
      if (windows) return p.join(localAppData, 'pip', 'Cache');
      return mac ? p.join(env.home, 'Library', 'Caches', 'pip') : p.join(xdgCache, 'pip');
    case 'uv':
      // uv uses the XDG location on macOS too.
      return windows ? p.join(localAppData, 'uv', 'cache') : p.join(xdgCache, 'uv');
    case 'poetry':
      if (windows) return p.join(localAppData, 'pypoetry', 'Cache');
      return mac ? p.join(env.home, 'Library', 'Caches', 'pypoetry') : p.join(xdgCache, 'pypoetry');
    case 'npm':
      return windows ? p.join(localAppData, 'npm-cache') : p.join(env.home, '.npm');
    default:
      // yarn and pnpm have versioned cache folders: guessing one would cache the wrong folder.
      return undefined;
  }
}

/**
 * The wheelhouse of `cache: pip-wheelhouse`. It must be the same path in every run and in both
 * steps, because the cache version is a hash of the path strings.
 */
export function wheelhouseDir(env: Pick<CacheEnvironment, 'home' | 'platform'>): string {
  const p = env.platform === 'win32' ? path.win32 : path.posix;
  return p.join(env.home, '.cache', 'evenshard-wheelhouse');
}

/** A tool whose cache folder cannot be found; restore turns it into a warning. */
export class CacheLocationError extends Error {
  override name = 'CacheLocationError';
}

/** The folders a tool keeps its download cache in, as absolute paths. */
export async function cachePaths(tool: CachedTool, env: CacheEnvironment): Promise<string[]> {
  let dir: string | undefined;
  switch (tool) {
    case 'pip-wheelhouse':
      return [wheelhouseDir(env)];
    case 'pip':
      // `python -m pip` rather than `pip`: the pip of the interpreter the tests will use.
      dir = await toolOutput(env, env.python, ['-m', 'pip', 'cache', 'dir']);
      break;
    case 'uv':
      dir = env.vars['UV_CACHE_DIR'] || (await toolOutput(env, 'uv', ['cache', 'dir']));
      break;
    case 'poetry':
      dir = await toolOutput(env, 'poetry', ['config', 'cache-dir']);
      break;
    case 'npm':
      dir = await toolOutput(env, 'npm', ['config', 'get', 'cache']);
      break;
    case 'yarn': {
      const version = await toolOutput(env, 'yarn', ['--version']);
      const major = Number(version?.split('.')[0]);
      if (version === undefined || Number.isNaN(major)) break;
      dir =
        major >= 2
          ? await toolOutput(env, 'yarn', ['config', 'get', 'cacheFolder'])
          : await toolOutput(env, 'yarn', ['cache', 'dir']);
      break;
    }
    case 'pnpm':
      dir = await toolOutput(env, 'pnpm', ['store', 'path']);
      break;
  }
  dir = dir?.replace(/^"(.*)"$/, '$1') || defaultCacheDir(tool, env);
  if (!dir) {
    throw new CacheLocationError(
      `could not find the ${tool} cache folder: is ${tool} installed and on PATH before this step?`,
    );
  }
  return [expandHome(dir, env)];
}

/**
 * The version of the runtime the dependencies are installed for: the python the tests use, or
 * the node on PATH (setup-node's), which is not the node this action runs on.
 */
export async function runtimeVersion(
  tool: CachedTool,
  env: CacheEnvironment,
): Promise<string | undefined> {
  const command = runtimeOf(tool) === 'python' ? env.python : 'node';
  const output = await toolOutput(env, command, ['--version'], 'both');
  return output === undefined ? undefined : parseRuntimeVersion(output);
}

export interface HashedFiles {
  /** Hex sha256; '' when no file matched. */
  hash: string;
  /** Matched files as absolute paths, sorted. */
  files: string[];
}

/** Roots a relative pattern at `root`; glob characters in the root are matched literally. */
function rootPattern(pattern: string, root: string): string {
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  const literalRoot = root.replace(/[*?[]/g, (c) => `[${c}]`);
  const rooted = path.isAbsolute(body) ? body : path.join(literalRoot, body);
  return (negated ? '!' : '') + rooted;
}

/**
 * Hashes the files that match `patterns` (relative to `root`) the way @actions/glob's hashFiles
 * does: sha256 over the sha256 of each file, regular files under root only, a matched folder
 * standing for the files in it. One difference on purpose: the files are hashed in sorted path
 * order, where glob.hashFiles takes its walk order (depth first, each folder in the order the
 * platform lists it), so the key depends only on the paths and contents. Matching is @actions/glob's.
 */
export async function hashFiles(patterns: readonly string[], root: string): Promise<HashedFiles> {
  const absoluteRoot = path.resolve(root);
  const globber = await glob.create(
    patterns.map((pattern) => rootPattern(pattern, absoluteRoot)).join('\n'),
    { followSymbolicLinks: true },
  );
  const files = (await globber.glob())
    .filter((file) => {
      const relative = path.relative(absoluteRoot, file);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    })
    .filter((file) => statSync(file).isFile())
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

export interface DependencyCacheConfig {
  /** Value of the `cache` input (validated here: a wrong value throws naming the input). */
  tool: CacheTool | (string & {});
  /**
   * `cache-dependency-path`: the raw input (newline- or comma-separated) or its patterns already
   * split; empty means the tool's defaults.
   */
  dependencyPath?: string | readonly string[];
  /** Project root (GITHUB_WORKSPACE or the working directory): patterns are relative to it. */
  root: string;
  /** Python executable for the python tools; default `python`. */
  python?: string;
  /** First part of every key; default `evenshard`. */
  keyPrefix?: string;
  /** Replaces parts of the detected environment (tests). */
  environment?: Partial<CacheEnvironment>;
}

export interface DependencyCacheResult {
  tool: CachedTool;
  /** The primary key matched exactly: the `cache-hit` output. */
  hit: boolean;
  /** The key that was restored (primary or restore key), if any. */
  matchedKey?: string;
  primaryKey: string;
  paths: string[];
  /** The dependency files the key was computed from, relative to root, POSIX separators. */
  files: string[];
}

/** What the post step needs from the main step. */
export interface DependencyCacheState {
  tool: CachedTool;
  primaryKey: string;
  matchedKey?: string;
  paths: string[];
}

/** Short name used by the run action's wiring. */

/** pip-wheelhouse could not install the requirements at all, not even without the wheelhouse. */
export class DependencyInstallError extends Error {
  override name = 'DependencyInstallError';
}

function label(tool: CachedTool): string {
  return `Dependency cache (${tool})`;
}

async function findDependencyFiles(
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

/** True for a value that has the shape of a DependencyCacheState (e.g. parsed from saved state). */
export function isDependencyCacheState(value: unknown): value is DependencyCacheState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    CACHE_TOOLS.some((tool) => tool !== 'none' && tool === state['tool']) &&
    typeof state['primaryKey'] === 'string' &&
    state['primaryKey'] !== '' &&
    (state['matchedKey'] === undefined || typeof state['matchedKey'] === 'string') &&
    Array.isArray(state['paths']) &&
    state['paths'].length > 0 &&
    state['paths'].every((p) => typeof p === 'string')
  );
}

/** Hands the restored cache to the post step (core.saveState, one JSON value under RUN_STATE.cache). */
export function saveDependencyCacheState(state: DependencyCacheState): void {
  const { tool, primaryKey, matchedKey, paths } = state;
  core.saveState(RUN_STATE.cache, JSON.stringify({ tool, primaryKey, matchedKey, paths }));
}

/** Reads what saveDependencyCacheState recorded; null when the main step cached nothing. */
export function loadDependencyCacheState(): DependencyCacheState | null {
  try {
    const state: unknown = JSON.parse(core.getState(RUN_STATE.cache) || 'null');
    return isDependencyCacheState(state) ? state : null;
  } catch {
    return null;
  }
}

/**
 * Restores the dependency cache (and for pip-wheelhouse installs the requirements). The caller
 * keeps the result as state for the post step and sets the `cache-hit` output from `hit`.
 * Returns null when no cache is used: `cache: none`, no dependency file, tool or runtime missing.
 * Throws only for configuration that cannot work (a wrong `cache` value, a key prefix the service
 * rejects) and when pip-wheelhouse cannot install the requirements at all.
 */
export async function restoreDependencyCache(
  config: DependencyCacheConfig,
): Promise<DependencyCacheResult | null> {
  const tool = parseCacheTool(config.tool);
  if (tool === 'none') return null;
  const root = path.resolve(config.root);
  const env = defaultCacheEnvironment({
    cwd: root,
    python: config.python || 'python',
    ...config.environment,
  });

  const { hashed, searched } = await findDependencyFiles(tool, config.dependencyPath ?? '', root);
  if (hashed.hash === '') {
    core.warning(
      `${label(tool)}: no file matched cache-dependency-path (searched ${searched
        .map((patterns) => patterns.join(', '))
        .join('; then ')} under ${root}), so the dependency cache is off for this job. ` +
        'Point cache-dependency-path at your lock or requirements files, or set cache: none.',
    );
    return null;
  }
  const requirementFiles = hashed.files.filter((file) => file.endsWith('.txt'));
  if (tool === 'pip-wheelhouse' && requirementFiles.length === 0) {
    core.warning(
      `${label(tool)}: pip-wheelhouse installs requirements files (*.txt), but cache-dependency-path ` +
        `matched none (it matched ${hashed.files.join(', ')}), so nothing is installed or cached.`,
    );
    return null;
  }

  const version = await runtimeVersion(tool, env);
  if (version === undefined) {
    const runtime = runtimeOf(tool) === 'python' ? env.python : 'node';
    core.warning(
      `${label(tool)}: could not run \`${runtime} --version\`, so the dependency cache is off for this job.`,
    );
    return null;
  }
  // A CacheKeyError here can only come from the key prefix, which is configuration: let it throw.
  const keys = cacheKeyFor({
    tool,
    os: env.os,
    arch: env.arch,
    toolVersion: version,
    filesHash: hashed.hash,
    ...(config.keyPrefix ? { prefix: config.keyPrefix } : {}),
  });

  let paths: string[];
  try {
    paths = await cachePaths(tool, env);
  } catch (error) {
    core.warning(
      `${label(tool)}: ${(error as Error).message} The dependency cache is off for this job.`,
    );
    return null;
  }

  const matchedKey = await restoreQuietly(tool, paths, keys.primaryKey, keys.restoreKeys);
  const result: DependencyCacheResult = {
    tool,
    hit: matchedKey === keys.primaryKey,
    primaryKey: keys.primaryKey,
    paths,
    files: hashed.files.map((file) => path.relative(root, file).split(path.sep).join('/')),
    ...(matchedKey ? { matchedKey } : {}),
  };
  if (tool === 'pip-wheelhouse') {
    await installThroughWheelhouse(
      env,
      paths[0] ?? wheelhouseDir(env),
      requirementFiles,
      result.hit,
    );
  }
  return result;
}

async function restoreQuietly(
  tool: CachedTool,
  paths: string[],
  primaryKey: string,
  restoreKeys: string[],
): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) {
    core.notice(
      `${label(tool)}: the cache service is not available to this job, so nothing is restored.`,
    );
    return undefined;
  }
  try {
    // The client itself warns and returns undefined on service errors and read-only tokens.
    const matched = await cache.restoreCache(paths, primaryKey, restoreKeys);
    if (matched === undefined) core.info(`${label(tool)}: no cache for ${primaryKey}.`);
    else if (matched === primaryKey) core.info(`${label(tool)}: restored ${matched}.`);
    else
      core.info(`${label(tool)}: restored ${matched} (older lock files); will save ${primaryKey}.`);
    return matched;
  } catch (error) {
    core.warning(
      `${label(tool)}: restore failed, continuing without it: ${(error as Error).message}`,
    );
    return undefined;
  }
}

async function pip(env: CacheEnvironment, args: string[]): Promise<number> {
  // Argument vector, never a shell line: requirement paths are data.
  return exec.exec(env.python, ['-m', 'pip', ...args], {
    cwd: env.cwd,
    env: definedVars(env.vars),
    ignoreReturnCode: true,
  });
}

/**
 * Installs the requirements through the wheelhouse. On an exact hit the wheelhouse holds every
 * wheel, so pip installs with --no-index (no resolver round trips to the index). Otherwise the
 * wheelhouse is rebuilt: the restored one (older lock files) is moved aside and offered to
 * `pip wheel` as --find-links, so unchanged wheels are copied rather than rebuilt and wheels that
 * are no longer required are dropped instead of piling up in every later cache entry.
 */
async function installThroughWheelhouse(
  env: CacheEnvironment,
  wheelhouse: string,
  requirementFiles: string[],
  hit: boolean,
): Promise<void> {
  const requirements = requirementFiles.flatMap((file) => ['-r', file]);
  const fromWheelhouse = ['install', '--no-index', '--find-links', wheelhouse, ...requirements];
  await core.group('Install requirements through the wheelhouse', async () => {
    if (hit) {
      if ((await pip(env, fromWheelhouse)) === 0) return;
      core.warning(
        `${label('pip-wheelhouse')}: installing from the restored wheelhouse failed; building it again.`,
      );
      // Its wheels are suspect now: rebuild without them.
      await rm(wheelhouse, { recursive: true, force: true });
    }
    const previous = `${wheelhouse}.previous`;
    await rm(previous, { recursive: true, force: true });
    if (existsSync(wheelhouse)) await rename(wheelhouse, previous);
    await mkdir(wheelhouse, { recursive: true });
    let built: number;
    try {
      const reuse = existsSync(previous) ? ['--find-links', previous] : [];
      built = await pip(env, ['wheel', '--wheel-dir', wheelhouse, ...reuse, ...requirements]);
    } finally {
      await rm(previous, { recursive: true, force: true });
    }
    if (built === 0 && (await pip(env, fromWheelhouse)) === 0) return;
    // Remove the partial wheelhouse so the post step has nothing to save.
    await rm(wheelhouse, { recursive: true, force: true });
    core.warning(
      `${label('pip-wheelhouse')}: ${built === 0 ? 'installing from' : 'building'} the wheelhouse ` +
        'failed; installing the requirements directly, without caching them.',
    );
    const code = await pip(env, ['install', ...requirements]);
    if (code !== 0) {
      throw new DependencyInstallError(
        `pip install ${requirements.join(' ')} failed with exit code ${code}.`,
      );
    }
  });
}

export type SaveOutcome = { saved: true; cacheId: number } | { saved: false; reason: string };

/**
 * The post step: saves the cache under the primary key when the main step missed it. Never
 * throws: a key saved meanwhile by another job (-1), a read-only token, or an unreachable
 * service become a notice.
 */
export async function saveDependencyCache(
  state: DependencyCacheState | null | undefined,
): Promise<SaveOutcome> {
  if (!isDependencyCacheState(state)) {
    core.debug('Dependency cache: nothing was restored in the main step, so nothing to save.');
    return { saved: false, reason: 'no dependency cache in this job' };
  }
  const tool = label(state.tool);
  if (state.matchedKey === state.primaryKey) {
    core.info(`${tool}: ${state.primaryKey} was restored exactly; not saving it again.`);
    return { saved: false, reason: 'exact hit' };
  }
  if (!state.paths.some((p) => existsSync(p))) {
    core.notice(`${tool}: not saved, because ${state.paths.join(', ')} does not exist.`);
    return { saved: false, reason: 'no files' };
  }
  if (!cache.isFeatureAvailable()) {
    core.notice(`${tool}: not saved, because the cache service is not available to this job.`);
    return { saved: false, reason: 'service unavailable' };
  }
  try {
    // The same path list as the restore: the cache version is a hash of these strings.
    const cacheId = await cache.saveCache(state.paths, state.primaryKey);
    if (cacheId === -1) {
      core.notice(
        `${tool}: ${state.primaryKey} was not saved (another job saved it first, it exists ` +
          'already, or this run may only read caches).',
      );
      return { saved: false, reason: 'not saved by the service' };
    }
    core.info(`${tool}: saved ${state.primaryKey}.`);
    return { saved: true, cacheId };
  } catch (error) {
    core.notice(`${tool}: not saved: ${(error as Error).message}`);
    return { saved: false, reason: (error as Error).message };
  }
}
