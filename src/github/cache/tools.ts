/** Where each tool keeps its download cache: asked from the tool, else its documented default. */
import path from 'node:path';
import type { CachedTool } from '../../core/cacheKey.js';
import { toolOutput, type CacheEnvironment } from './platform.js';

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
