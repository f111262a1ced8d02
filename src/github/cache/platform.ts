/**
 * What the dependency cache needs to know about the machine: the runner OS (with the Linux
 * distribution), the architecture, the home folder, and what the installed tools answer.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import * as core from '@actions/core';
import * as exec from '@actions/exec';
import { parseRuntimeVersion, runtimeOf, type CachedTool } from '../../core/cacheKey.js';

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

/** The environment variables that are set, as @actions/exec takes them. */
export function definedVars(vars: CacheEnvironment['vars']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * Runs a tool and returns the last non-empty line of its output, or undefined when it is not
 * installed or fails. The last line, because some tools print notices (corepack, poetry) first.
 * Why a probe failed goes to the debug log only: the caller falls back and says so.
 */
export async function toolOutput(
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
