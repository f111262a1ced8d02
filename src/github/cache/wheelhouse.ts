/** `cache: pip-wheelhouse`: installing the requirements through a cached folder of wheels. */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as exec from '@actions/exec';
import type { Logger } from '../../ports.js';
import { definedVars, type CacheEnvironment } from './platform.js';

/** pip-wheelhouse could not install the requirements at all, not even without the wheelhouse. */
export class DependencyInstallError extends Error {
  override name = 'DependencyInstallError';
}

const LABEL = 'Dependency cache (pip-wheelhouse)';

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
export async function installThroughWheelhouse(
  env: CacheEnvironment,
  wheelhouse: string,
  requirementFiles: string[],
  hit: boolean,
  log: Logger,
): Promise<void> {
  const requirements = requirementFiles.flatMap((file) => ['-r', file]);
  const fromWheelhouse = ['install', '--no-index', '--find-links', wheelhouse, ...requirements];
  await log.group('Install requirements through the wheelhouse', async () => {
    if (hit) {
      if ((await pip(env, fromWheelhouse)) === 0) return;
      log.warning(`${LABEL}: installing from the restored wheelhouse failed; building it again.`);
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
    log.warning(
      `${LABEL}: ${built === 0 ? 'installing from' : 'building'} the wheelhouse ` +
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
