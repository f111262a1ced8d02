/**
 * The dependency cache of the run role: restore in the main step, save in the post step. The
 * pieces: platform.ts (the machine and its tools), tools.ts (each tool's cache folder), hash.ts
 * (the dependency files), state.ts (main → post step), wheelhouse.ts (pip-wheelhouse); the key
 * itself is pure (src/core/cacheKey.ts).
 *
 * Caching is an optimisation, so nothing here fails a job because of the cache service: an
 * unreachable service, a read-only token or a key that exists already become a notice or a
 * warning. Only configuration that cannot work throws (naming the input), and so does a
 * pip-wheelhouse install that fails even without the wheelhouse (the tests could not run).
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import * as cache from '@actions/cache';
import {
  cacheKeyFor,
  parseCacheTool,
  runtimeOf,
  type CacheTool,
  type CachedTool,
} from '../../core/cacheKey.js';
import type { Logger } from '../../ports.js';
import { findDependencyFiles } from './hash.js';
import { defaultCacheEnvironment, runtimeVersion, type CacheEnvironment } from './platform.js';
import { isDependencyCacheState, type DependencyCacheState } from './state.js';
import { cachePaths, wheelhouseDir } from './tools.js';
import { installThroughWheelhouse } from './wheelhouse.js';

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
  log: Logger;
}

export interface DependencyCacheResult extends DependencyCacheState {
  /** The primary key matched exactly: the `cache-hit` output. */
  hit: boolean;
  /** The dependency files the key was computed from, relative to root, POSIX separators. */
  files: string[];
}

function label(tool: CachedTool): string {
  return `Dependency cache (${tool})`;
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
  const { log } = config;
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
    log.warning(
      `${label(tool)}: no file matched cache-dependency-path (searched ${searched
        .map((patterns) => patterns.join(', '))
        .join('; then ')} under ${root}), so the dependency cache is off for this job. ` +
        'Point cache-dependency-path at your lock or requirements files, or set cache: none.',
    );
    return null;
  }
  const requirementFiles = hashed.files.filter((file) => file.endsWith('.txt'));
  if (tool === 'pip-wheelhouse' && requirementFiles.length === 0) {
    log.warning(
      `${label(tool)}: pip-wheelhouse installs requirements files (*.txt), but cache-dependency-path ` +
        `matched none (it matched ${hashed.files.join(', ')}), so nothing is installed or cached.`,
    );
    return null;
  }

  const version = await runtimeVersion(tool, env);
  if (version === undefined) {
    const runtime = runtimeOf(tool) === 'python' ? env.python : 'node';
    log.warning(
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
    log.warning(
      `${label(tool)}: ${(error as Error).message} The dependency cache is off for this job.`,
    );
    return null;
  }

  const matchedKey = await restoreQuietly(tool, paths, keys.primaryKey, keys.restoreKeys, log);
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
      log,
    );
  }
  return result;
}

async function restoreQuietly(
  tool: CachedTool,
  paths: string[],
  primaryKey: string,
  restoreKeys: string[],
  log: Logger,
): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) {
    log.notice(
      `${label(tool)}: the cache service is not available to this job, so nothing is restored.`,
    );
    return undefined;
  }
  try {
    // The client itself warns and returns undefined on service errors and read-only tokens.
    const matched = await cache.restoreCache(paths, primaryKey, restoreKeys);
    if (matched === undefined) log.info(`${label(tool)}: no cache for ${primaryKey}.`);
    else if (matched === primaryKey) log.info(`${label(tool)}: restored ${matched}.`);
    else
      log.info(`${label(tool)}: restored ${matched} (older lock files); will save ${primaryKey}.`);
    return matched;
  } catch (error) {
    log.warning(
      `${label(tool)}: restore failed, continuing without it: ${(error as Error).message}`,
    );
    return undefined;
  }
}

export type SaveOutcome = { saved: true; cacheId: number } | { saved: false; reason: string };

/**
 * The post step: saves the cache under the primary key when the main step missed it. Never
 * throws: a key saved meanwhile by another job (-1), a read-only token, or an unreachable
 * service become a notice.
 */
export async function saveDependencyCache(
  state: DependencyCacheState | null | undefined,
  log: Logger,
): Promise<SaveOutcome> {
  // Nothing was restored in the main step (no cache, or it was off): nothing to say either.
  if (!isDependencyCacheState(state))
    return { saved: false, reason: 'no dependency cache in this job' };
  const tool = label(state.tool);
  if (state.matchedKey === state.primaryKey) {
    log.info(`${tool}: ${state.primaryKey} was restored exactly; not saving it again.`);
    return { saved: false, reason: 'exact hit' };
  }
  if (!state.paths.some((p) => existsSync(p))) {
    log.notice(`${tool}: not saved, because ${state.paths.join(', ')} does not exist.`);
    return { saved: false, reason: 'no files' };
  }
  if (!cache.isFeatureAvailable()) {
    log.notice(`${tool}: not saved, because the cache service is not available to this job.`);
    return { saved: false, reason: 'service unavailable' };
  }
  try {
    // The same path list as the restore: the cache version is a hash of these strings.
    const cacheId = await cache.saveCache(state.paths, state.primaryKey);
    if (cacheId === -1) {
      log.notice(
        `${tool}: ${state.primaryKey} was not saved (another job saved it first, it exists ` +
          'already, or this run may only read caches).',
      );
      return { saved: false, reason: 'not saved by the service' };
    }
    log.info(`${tool}: saved ${state.primaryKey}.`);
    return { saved: true, cacheId };
  } catch (error) {
    log.notice(`${tool}: not saved: ${(error as Error).message}`);
    return { saved: false, reason: (error as Error).message };
  }
}
