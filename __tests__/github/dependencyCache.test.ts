// The dependency cache adapter against the real @actions/cache client talking to the local
// wire-protocol stand-in (__tests__/standin), and against real python/pip/npm where it asks them.
// Our own messages are asserted on an in-memory Logger port; stdout is only captured (and
// hidden) for what the @actions/cache client and the tools print themselves.
// @actions/cache and @actions/core read their environment when called, not when imported, so
// setting process.env per test is enough (vitest runs each test file in its own process).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as glob from '@actions/glob';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RUN_STATE } from '../../src/names.js';
import { standinEnv } from '../standin/env.js';
import { startStandin, type Standin } from '../standin/server.js';
import {
  restoreDependencyCache,
  saveDependencyCache,
  type DependencyCacheConfig,
  type DependencyCacheResult,
} from '../../src/github/cache/dependencyCache.js';
import { hashFiles } from '../../src/github/cache/hash.js';
import {
  defaultCacheEnvironment,
  runtimeVersion,
  type CacheEnvironment,
} from '../../src/github/cache/platform.js';
import {
  actionsStepState,
  isDependencyCacheState,
  loadDependencyCacheState,
  saveDependencyCacheState,
} from '../../src/github/cache/state.js';
import { CacheLocationError, cachePaths } from '../../src/github/cache/tools.js';
import { DependencyInstallError } from '../../src/github/cache/wheelhouse.js';
import type { StepState } from '../../src/ports.js';
import { RecordingLogger } from '../helpers/logger.js';
import { quietly } from '../helpers/stdout.js';

const run = promisify(execFile);
const PYTHON = 'python3';
const REPO = 'octo-org/evenshard-cache';
const BACKEND = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/pip-wheelhouse/backend.py',
);
const originalEnv = { ...process.env };

let server: Standin;
let tmp: string;

function setEnv(vars: Record<string, string | undefined>): void {
  for (const name of Object.keys(process.env)) if (!(name in vars)) delete process.env[name];
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** A checkout with the given files, under the test's temp folder. */
function project(files: Record<string, string>): string {
  const root = path.join(tmp, 'project');
  for (const [name, text] of Object.entries(files)) write(path.join(root, name), text);
  return root;
}

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

beforeAll(async () => {
  server = await startStandin();
});

afterAll(async () => {
  await server.close();
  setEnv(originalEnv);
});

beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evenshard-cache-')));
  fs.mkdirSync(path.join(tmp, 'runner-temp'));
  setEnv({
    ...originalEnv,
    ...standinEnv(server, { runId: 1, repo: REPO }),
    ACTIONS_CACHE_MODE: undefined,
    RUNNER_TEMP: path.join(tmp, 'runner-temp'),
    // tar archives paths relative to the workspace; save and restore must agree on it.
    GITHUB_WORKSPACE: tmp,
  });
  server.reset();
  server.clearRequests();
  server.clearFaults();
  server.setCacheMode('write');
  process.exitCode = undefined;
});

afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  expect(process.exitCode, 'nothing here may fail the job').toBeUndefined();
});

/** `cache: pip` on the test's project, with pip's cache folder inside the temp folder. */
function pipConfig(root: string): DependencyCacheConfig & {
  pipCache: string;
  log: RecordingLogger;
} {
  const pipCache = path.join(tmp, 'pip-cache');
  return {
    tool: 'pip',
    root,
    python: PYTHON,
    environment: { vars: { ...process.env, PIP_CACHE_DIR: pipCache } },
    pipCache,
    log: new RecordingLogger(),
  };
}

describe('restore and save through the cache service', () => {
  it('misses, saves, hits exactly, then falls back to the restore key when the lock file changes', async () => {
    const root = project({ 'requirements.txt': 'requests==2.31.0\n' });
    const config = pipConfig(root);
    const cached = path.join(config.pipCache, 'http', 'downloaded.bin');

    const first = (await quietly(() => restoreDependencyCache(config))).value;
    expect(first).toMatchObject({
      tool: 'pip',
      hit: false,
      paths: [config.pipCache],
      files: ['requirements.txt'],
    });
    expect(first?.matchedKey).toBeUndefined();
    expect(first?.primaryKey).toMatch(
      new RegExp(`^evenshard-pip-.+-${process.arch}-3\\.\\d+\\.\\d+\\w*-[0-9a-f]{64}$`),
    );
    write(cached, 'first download');
    expect((await quietly(() => saveDependencyCache(first, config.log))).value).toEqual({
      saved: true,
      cacheId: expect.any(Number),
    });
    expect(server.cacheEntries().map((entry) => entry.key)).toEqual([first?.primaryKey]);

    // The next job starts on a clean machine.
    fs.rmSync(config.pipCache, { recursive: true });
    const second = (await quietly(() => restoreDependencyCache(config))).value;
    expect(second).toMatchObject({ hit: true, matchedKey: first?.primaryKey });
    expect(second?.primaryKey).toBe(first?.primaryKey);
    expect(fs.readFileSync(cached, 'utf8')).toBe('first download');
    expect((await quietly(() => saveDependencyCache(second, config.log))).value).toEqual({
      saved: false,
      reason: 'exact hit',
    });
    expect(server.cacheEntries()).toHaveLength(1);

    // A changed lock file: a new primary key, restored from the previous entry by prefix.
    write(path.join(root, 'requirements.txt'), 'requests==2.32.0\n');
    fs.rmSync(config.pipCache, { recursive: true });
    const third = await quietly(() => restoreDependencyCache(config));
    expect(third.value).toMatchObject({ hit: false, matchedKey: first?.primaryKey });
    expect(third.value?.primaryKey).not.toBe(first?.primaryKey);
    expect(config.log.infos.join('\n')).toContain('(older lock files)');
    expect(fs.readFileSync(cached, 'utf8')).toBe('first download');
    write(path.join(config.pipCache, 'http', 'second.bin'), 'second download');
    expect((await quietly(() => saveDependencyCache(third.value, config.log))).value.saved).toBe(
      true,
    );
    expect(server.cacheEntries().map((entry) => entry.key)).toEqual([
      first?.primaryKey,
      third.value?.primaryKey,
    ]);
  });

  it('gives a notice, not a failure, when another job saved the key first (-1)', async () => {
    const config = pipConfig(project({ 'requirements.txt': 'attrs\n' }));
    const state = (await quietly(() => restoreDependencyCache(config))).value;
    write(path.join(config.pipCache, 'x'), 'x');
    expect((await quietly(() => saveDependencyCache(state, config.log))).value.saved).toBe(true);

    const log = new RecordingLogger();
    const again = await quietly(() => saveDependencyCache(state, log));
    expect(again.value).toEqual({ saved: false, reason: 'not saved by the service' });
    expect(log.notices).toEqual([
      expect.stringMatching(/^Dependency cache \(pip\): evenshard-pip-\S+ was not saved/),
    ]);
    expect(again.out).not.toContain('::error::');
    expect(log.errors).toEqual([]);
    expect(server.cacheEntries()).toHaveLength(1);
  });

  it('warns and carries on when the service is down, and the save becomes a notice', async () => {
    const config = pipConfig(project({ 'requirements.txt': 'attrs\n' }));
    server.setFault('cache', { mode: 'down' });
    const restored = await quietly(() => restoreDependencyCache(config));
    expect(restored.value).toMatchObject({ hit: false, tool: 'pip' });
    expect(restored.value?.matchedKey).toBeUndefined();
    expect(restored.out).toMatch(/::warning::Failed to restore: .*ECONNRESET/);

    write(path.join(config.pipCache, 'x'), 'x');
    const log = new RecordingLogger();
    const saved = await quietly(() => saveDependencyCache(restored.value, log));
    expect(saved.value.saved).toBe(false);
    expect(log.notices).toEqual([expect.stringMatching(/^Dependency cache \(pip\): /)]);
    expect(server.cacheEntries()).toHaveLength(0);
  });

  it('restores but does not save where the run may only read the cache (forks, ACTIONS_CACHE_MODE=read)', async () => {
    const config = pipConfig(project({ 'requirements.txt': 'attrs\n' }));
    const state = (await quietly(() => restoreDependencyCache(config))).value;
    write(path.join(config.pipCache, 'x'), 'x');
    process.env['ACTIONS_CACHE_MODE'] = 'read';
    const readOnly = new RecordingLogger();
    const saved = await quietly(() => saveDependencyCache(state, readOnly));
    expect(saved.value).toEqual({ saved: false, reason: 'not saved by the service' });
    expect(readOnly.notices).toHaveLength(1);

    // The service itself refusing the write (a read-only token) is a notice as well.
    delete process.env['ACTIONS_CACHE_MODE'];
    server.setCacheMode('read');
    const refusedLog = new RecordingLogger();
    const refused = await quietly(() => saveDependencyCache(state, refusedLog));
    expect(refused.value.saved).toBe(false);
    expect(refusedLog.notices).toHaveLength(1);
    expect(server.cacheEntries()).toHaveLength(0);
  });

  it('says so and restores nothing when the job has no cache service', async () => {
    delete process.env['ACTIONS_RESULTS_URL'];
    const config = pipConfig(project({ 'requirements.txt': 'attrs\n' }));
    const restored = await quietly(() => restoreDependencyCache(config));
    expect(restored.value).toMatchObject({ hit: false });
    expect(config.log.notices).toEqual([
      expect.stringContaining('Dependency cache (pip): the cache service is not available'),
    ]);
    write(path.join(config.pipCache, 'x'), 'x');
    expect((await quietly(() => saveDependencyCache(restored.value, config.log))).value).toEqual({
      saved: false,
      reason: 'service unavailable',
    });
    expect(server.requests.filter((request) => request.service === 'cache')).toHaveLength(0);
  });

  it('skips the save with a notice when the cached folder does not exist', async () => {
    const config = pipConfig(project({ 'requirements.txt': 'attrs\n' }));
    const state = (await quietly(() => restoreDependencyCache(config))).value;
    const saved = await quietly(() => saveDependencyCache(state, config.log));
    expect(saved.value).toEqual({ saved: false, reason: 'no files' });
    expect(config.log.notices).toContain(
      `Dependency cache (pip): not saved, because ${config.pipCache} does not exist.`,
    );
  });
});

describe('configuration', () => {
  it('does nothing for cache: none and rejects unknown values naming the input', async () => {
    const root = project({ 'requirements.txt': 'attrs\n' });
    const log = new RecordingLogger();
    expect(await restoreDependencyCache({ tool: 'none', root, log })).toBeNull();
    expect(await restoreDependencyCache({ tool: '', root, log })).toBeNull();
    expect(log.lines).toEqual([]);
    await expect(restoreDependencyCache({ tool: 'pipenv', root, log })).rejects.toThrow(
      /Input "cache" must be one of pip, pip-wheelhouse, uv, poetry, npm, yarn, pnpm, none/,
    );
  });

  it('rejects a key prefix the service would reject', async () => {
    const config = { ...pipConfig(project({ 'requirements.txt': 'attrs\n' })), keyPrefix: 'a,b' };
    await expect(quietly(() => restoreDependencyCache(config))).rejects.toThrow(/comma/);
  });

  it('warns naming cache-dependency-path and caches nothing when no file matches', async () => {
    const config = pipConfig(project({ 'README.md': 'no requirements here\n' }));
    const restored = await quietly(() => restoreDependencyCache(config));
    expect(restored.value).toBeNull();
    expect(config.log.warnings.join('\n')).toMatch(
      /^Dependency cache \(pip\): no file matched cache-dependency-path \(searched \*\*\/requirements\*\.txt, .*; then \*\*\/pyproject\.toml.* under /,
    );
    expect(server.requests).toHaveLength(0);

    const log = new RecordingLogger();
    const given = await quietly(() =>
      restoreDependencyCache({ ...config, dependencyPath: 'locks/*.txt', log }),
    );
    expect(given.value).toBeNull();
    expect(log.warnings.join('\n')).toContain('searched locks/*.txt under');
  });

  it('falls back to pyproject.toml for pip, and takes patterns as a string or a list', async () => {
    const root = project({
      'pyproject.toml': '[project]\nname = "x"\n',
      'a.lock': 'a',
      'b.lock': 'b',
    });
    const config = pipConfig(root);
    expect((await quietly(() => restoreDependencyCache(config))).value?.files).toEqual([
      'pyproject.toml',
    ]);
    const fromString = (
      await quietly(() => restoreDependencyCache({ ...config, dependencyPath: 'a.lock, b.lock' }))
    ).value;
    const fromList = (
      await quietly(() =>
        restoreDependencyCache({ ...config, dependencyPath: ['b.lock', 'a.lock'] }),
      )
    ).value;
    expect(fromString?.files).toEqual(['a.lock', 'b.lock']);
    expect(fromList?.primaryKey).toBe(fromString?.primaryKey);
  });

  it('warns and caches nothing when the runtime cannot be run', async () => {
    const config = {
      ...pipConfig(project({ 'requirements.txt': 'attrs\n' })),
      python: path.join(tmp, 'no-python'),
    };
    const restored = await quietly(() => restoreDependencyCache(config));
    expect(restored.value).toBeNull();
    expect(config.log.warnings).toEqual([
      expect.stringContaining('Dependency cache (pip): could not run'),
    ]);
  });
});

describe('state between the main and the post step', () => {
  it('round-trips through GITHUB_STATE under the RUN_STATE.cache name', () => {
    const stateFile = path.join(tmp, 'state');
    fs.writeFileSync(stateFile, '');
    process.env['GITHUB_STATE'] = stateFile;
    const result: DependencyCacheResult = {
      tool: 'npm',
      hit: false,
      matchedKey: 'evenshard-npm-old',
      primaryKey: 'evenshard-npm-new',
      paths: ['/home/runner/.npm'],
      files: ['package-lock.json'],
    };
    saveDependencyCacheState(result, actionsStepState);
    // The runner turns `name<<delimiter ... delimiter` blocks into STATE_<name> for the post step.
    const text = fs.readFileSync(stateFile, 'utf8');
    const names: string[] = [RUN_STATE.cache];
    for (const match of text.matchAll(/^(.+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) {
      expect(names).toContain(match[1]);
      process.env[`STATE_${match[1]}`] = match[3];
    }
    expect(loadDependencyCacheState(actionsStepState)).toEqual({
      tool: 'npm',
      matchedKey: 'evenshard-npm-old',
      primaryKey: 'evenshard-npm-new',
      paths: ['/home/runner/.npm'],
    });
  });

  it('keeps one JSON value under RUN_STATE.cache in any state store', () => {
    const saved = new Map<string, string>();
    const store: StepState = {
      save: (name, value) => void saved.set(name, value),
      get: (name) => saved.get(name) ?? '',
    };
    const state = { tool: 'pip' as const, primaryKey: 'k', paths: ['/p'] };
    const result: DependencyCacheResult = { ...state, hit: false, files: ['requirements.txt'] };
    saveDependencyCacheState(result, store);
    expect([...saved.keys()]).toEqual([RUN_STATE.cache]);
    expect(JSON.parse(saved.get(RUN_STATE.cache)!)).toEqual(state);
    expect(loadDependencyCacheState(store)).toEqual(state);
    saved.set(RUN_STATE.cache, '{not json');
    expect(loadDependencyCacheState(store)).toBeNull();
  });

  it('loads nothing when the main step saved nothing, and validates what it is given', async () => {
    expect(loadDependencyCacheState(actionsStepState)).toBeNull();
    expect(isDependencyCacheState({ tool: 'pip', primaryKey: 'k', paths: ['/p'] })).toBe(true);
    expect(isDependencyCacheState({ tool: 'none', primaryKey: 'k', paths: ['/p'] })).toBe(false);
    expect(isDependencyCacheState({ tool: 'pip', primaryKey: '', paths: ['/p'] })).toBe(false);
    expect(isDependencyCacheState({ tool: 'pip', primaryKey: 'k', paths: [] })).toBe(false);
    expect(isDependencyCacheState(JSON.parse('"x"'))).toBe(false);
    const log = new RecordingLogger();
    expect(await saveDependencyCache(null, log)).toEqual({
      saved: false,
      reason: 'no dependency cache in this job',
    });
    expect(log.lines).toEqual([]);
  });
});

describe('cache folders and runtime versions', () => {
  function env(overrides: Partial<CacheEnvironment> = {}): CacheEnvironment {
    return defaultCacheEnvironment({
      cwd: tmp,
      home: path.join(tmp, 'home'),
      python: PYTHON,
      ...overrides,
    });
  }

  it("asks pip for its cache folder, with the interpreter's own pip", async () => {
    const dir = path.join(tmp, 'custom-pip');
    expect(await cachePaths('pip', env({ vars: { ...process.env, PIP_CACHE_DIR: dir } }))).toEqual([
      dir,
    ]);
  });

  it('falls back to the platform default when pip cannot be asked', async () => {
    const missing = { python: path.join(tmp, 'no-python'), home: '/h' };
    const vars = { PATH: process.env['PATH'] };
    expect(await cachePaths('pip', env({ ...missing, platform: 'linux', vars }))).toEqual([
      '/h/.cache/pip',
    ]);
    expect(
      await cachePaths(
        'pip',
        env({ ...missing, platform: 'linux', vars: { ...vars, XDG_CACHE_HOME: '/x' } }),
      ),
    ).toEqual(['/x/pip']);
    expect(await cachePaths('pip', env({ ...missing, platform: 'darwin', vars }))).toEqual([
      '/h/Library/Caches/pip',
    ]);
    expect(
      await cachePaths(
        'pip',
        env({
          ...missing,
          home: 'C:\\Users\\r',
          platform: 'win32',
          vars: { ...vars, LOCALAPPDATA: 'C:\\L' },
        }),
      ),
    ).toEqual(['C:\\L\\pip\\Cache']);
  });

  it('takes UV_CACHE_DIR as uv does, relative to the project', async () => {
    expect(
      await cachePaths('uv', env({ vars: { ...process.env, UV_CACHE_DIR: 'uv-cache' } })),
    ).toEqual([path.join(tmp, 'uv-cache')]);
  });

  it('asks npm for its cache folder', async () => {
    const dir = path.join(tmp, 'npm-cache');
    expect(
      await cachePaths('npm', env({ vars: { ...process.env, npm_config_cache: dir } })),
    ).toEqual([dir]);
  });

  it('keeps the wheelhouse at one fixed path, since the cache version hashes the path', async () => {
    expect(await cachePaths('pip-wheelhouse', env({ home: '/h' }))).toEqual([
      '/h/.cache/evenshard-wheelhouse',
    ]);
  });

  it('reports a tool whose cache folder cannot be found', async () => {
    // An executable that exists but fails stands in for a missing or broken pnpm.
    const bin = path.join(tmp, 'bin');
    write(path.join(bin, 'pnpm'), '#!/bin/sh\nexit 1\n');
    fs.chmodSync(path.join(bin, 'pnpm'), 0o755);
    process.env['PATH'] = `${bin}${path.delimiter}${process.env['PATH']}`;
    await expect(cachePaths('pnpm', env())).rejects.toThrow(CacheLocationError);
    await expect(cachePaths('pnpm', env())).rejects.toThrow(/pnpm cache folder/);
  });

  it('reads the python and node versions from the tools on PATH', async () => {
    expect(await runtimeVersion('pip', env())).toMatch(/^3\.\d+\.\d+/);
    const node = (await run('node', ['--version'])).stdout.trim().replace(/^v/, '');
    expect(await runtimeVersion('npm', env())).toBe(node);
    expect(
      await runtimeVersion('uv', env({ python: path.join(tmp, 'no-python') })),
    ).toBeUndefined();
  });
});

describe('hashFiles', () => {
  it('matches @actions/glob hashFiles for one file', async () => {
    const root = project({ 'requirements.txt': 'attrs==23.1.0\n' });
    const ours = await hashFiles(['requirements.txt'], root);
    expect(ours.files).toEqual([path.join(root, 'requirements.txt')]);
    expect(ours.hash).toBe(await glob.hashFiles(path.join(root, 'requirements.txt'), root));
  });

  it('hashes matches in sorted order, rooted at root whatever the working directory', async () => {
    // A depth-first walk (glob's order) takes a/ before a-b/; sorting the paths puts a-b/ first.
    const names = ['c', 'a', 'a-b', 'b'];
    const root = project({
      ...Object.fromEntries(names.map((name) => [`${name}/requirements.txt`, name])),
      'other.txt': 'not matched',
    });
    const { hash, files } = await hashFiles(['**/requirements.txt'], root);
    const sorted = ['a-b', 'a', 'b', 'c'];
    expect(files).toEqual(sorted.map((name) => path.join(root, name, 'requirements.txt')));
    const expected = createHash('sha256');
    for (const name of sorted) expected.update(sha256(name));
    expect(hash).toBe(expected.digest('hex'));
  });

  it('honours exclusions, ignores files outside root, and takes a matched folder as its files', async () => {
    const root = project({
      'requirements.txt': 'x',
      '.venv/lib/site-packages/pkg/requirements.txt': 'y',
      'requirements-dir.txt/inner': 'z',
    });
    write(path.join(tmp, 'outside.txt'), 'o');
    const { files } = await hashFiles(
      ['**/requirements*.txt', '!**/.venv/**', path.join(tmp, 'outside.txt')],
      root,
    );
    // Like glob.hashFiles: a matched folder contributes the files in it, never itself.
    expect(files).toEqual([
      path.join(root, 'requirements-dir.txt/inner'),
      path.join(root, 'requirements.txt'),
    ]);
  });

  it('treats glob characters in the root folder literally and reports no match as an empty hash', async () => {
    const root = path.join(tmp, 'odd [root]*');
    write(path.join(root, 'uv.lock'), 'lock');
    write(path.join(tmp, 'odd r', 'uv.lock'), 'other');
    expect((await hashFiles(['uv.lock'], root)).files).toEqual([path.join(root, 'uv.lock')]);
    expect(await hashFiles(['nothing/*.lock'], root)).toEqual({ hash: '', files: [] });
  });
});

describe('pip-wheelhouse with real packages', () => {
  let venv: string;
  let venvPython: string;
  let venvDir: string;

  beforeAll(async () => {
    venvDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evenshard-venv-')));
    venv = path.join(venvDir, 'venv');
    await run(PYTHON, ['-m', 'venv', venv]);
    venvPython = path.join(
      venv,
      process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python',
    );
  }, 120_000);

  afterAll(() => {
    fs.rmSync(venvDir, { recursive: true, force: true });
  });

  /** tinypkg depends on tinydep; both exist only as sdists in pkgs/dist of the project. */
  async function projectWithPackages(): Promise<string> {
    const root = project({
      // Named requirements (what real projects have), found through the sdists in pkgs/dist.
      'requirements.txt': '--find-links pkgs/dist\ntinypkg==0.1.0\n',
    });
    const packages = [
      { name: 'tinydep', version: '0.1.0' },
      { name: 'tinypkg', version: '0.1.0', requires: ['tinydep>=0.1'] },
    ];
    for (const meta of packages) {
      const source = path.join(tmp, 'src', meta.name);
      write(path.join(source, 'meta.json'), JSON.stringify(meta));
      write(path.join(source, meta.name, '__init__.py'), `VALUE = '${meta.name}'\n`);
      write(
        path.join(source, 'pyproject.toml'),
        '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n',
      );
      fs.copyFileSync(BACKEND, path.join(source, 'backend.py'));
      await run(PYTHON, [BACKEND, source, path.join(root, 'pkgs', 'dist')]);
    }
    return root;
  }

  function wheelhouseConfig(
    root: string,
  ): DependencyCacheConfig & { wheelhouse: string; log: RecordingLogger } {
    const home = path.join(tmp, 'home');
    const vars: Record<string, string | undefined> = {
      ...process.env,
      // Offline and independent of this machine's pip configuration.
      PIP_CONFIG_FILE: os.devNull,
      PIP_NO_INDEX: '1',
      PIP_FIND_LINKS: undefined,
      PIP_CACHE_DIR: path.join(tmp, 'pip-cache'),
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
    };
    return {
      tool: 'pip-wheelhouse',
      root,
      python: venvPython,
      environment: { home, vars },
      wheelhouse: path.join(home, '.cache', 'evenshard-wheelhouse'),
      log: new RecordingLogger(),
    };
  }

  async function installed(): Promise<string> {
    const code = 'import tinypkg, tinydep; print(tinypkg.VALUE, tinydep.VALUE)';
    return (await run(venvPython, ['-c', code])).stdout.trim();
  }

  async function uninstall(): Promise<void> {
    await run(venvPython, ['-m', 'pip', 'uninstall', '-y', 'tinypkg', 'tinydep']);
  }

  it('builds the wheelhouse on a miss, installs from it offline on a hit, and prunes it on a new lock', async () => {
    const root = await projectWithPackages();
    const config = wheelhouseConfig(root);

    const first = (await quietly(() => restoreDependencyCache(config))).value;
    expect(first).toMatchObject({
      hit: false,
      paths: [config.wheelhouse],
      files: ['requirements.txt'],
    });
    expect(fs.readdirSync(config.wheelhouse).sort()).toEqual([
      'tinydep-0.1.0-py3-none-any.whl',
      'tinypkg-0.1.0-py3-none-any.whl',
    ]);
    expect(await installed()).toBe('tinypkg tinydep');
    // A wheel that a later lock file no longer needs.
    write(path.join(config.wheelhouse, 'stale-9.9-py3-none-any.whl'), 'old');
    expect((await quietly(() => saveDependencyCache(first, config.log))).value.saved).toBe(true);

    // A fresh job: nothing installed, no wheelhouse, and the sdists gone, so only the cache can
    // supply the packages.
    await uninstall();
    fs.rmSync(config.wheelhouse, { recursive: true });
    fs.rmSync(path.join(root, 'pkgs'), { recursive: true });
    const hit = await quietly(() => restoreDependencyCache(config));
    expect(hit.value).toMatchObject({ hit: true, matchedKey: first?.primaryKey });
    // The pip command lines are @actions/exec's echo on stdout.
    expect(hit.out).toContain('--no-index');
    expect(hit.out).not.toContain('pip wheel');
    expect(config.log.groups).toEqual([
      'Install requirements through the wheelhouse',
      'Install requirements through the wheelhouse',
    ]);
    expect(await installed()).toBe('tinypkg tinydep');

    // A changed requirements file restores by prefix, rebuilds from the restored wheels (the
    // sdists are still gone) and drops the wheel nothing requires any more.
    await uninstall();
    write(path.join(root, 'requirements.txt'), '--find-links pkgs/dist\ntinypkg>=0.1\n');
    const changed = await quietly(() => restoreDependencyCache(config));
    expect(changed.value).toMatchObject({ hit: false, matchedKey: first?.primaryKey });
    expect(fs.readdirSync(config.wheelhouse).sort()).toEqual([
      'tinydep-0.1.0-py3-none-any.whl',
      'tinypkg-0.1.0-py3-none-any.whl',
    ]);
    expect(fs.existsSync(`${config.wheelhouse}.previous`)).toBe(false);
    expect(await installed()).toBe('tinypkg tinydep');
  });

  it('rebuilds when an exactly matched wheelhouse cannot satisfy the requirements', async () => {
    const root = await projectWithPackages();
    const config = wheelhouseConfig(root);
    const first = (await quietly(() => restoreDependencyCache(config))).value;
    // Save a broken wheelhouse under the right key.
    fs.writeFileSync(path.join(config.wheelhouse, 'tinydep-0.1.0-py3-none-any.whl'), 'not a zip');
    expect((await quietly(() => saveDependencyCache(first, config.log))).value.saved).toBe(true);

    await uninstall();
    fs.rmSync(config.wheelhouse, { recursive: true });
    const hit = await quietly(() => restoreDependencyCache(config));
    expect(hit.value).toMatchObject({ hit: true });
    expect(config.log.warnings).toEqual([
      'Dependency cache (pip-wheelhouse): installing from the restored wheelhouse failed; building it again.',
    ]);
    expect(config.log.warnings.join('\n')).not.toContain('installing the requirements directly');
    expect(
      fs.readFileSync(path.join(config.wheelhouse, 'tinydep-0.1.0-py3-none-any.whl')),
    ).not.toEqual(Buffer.from('not a zip'));
    expect(await installed()).toBe('tinypkg tinydep');
  });

  it('throws when the requirements cannot be installed even without the wheelhouse, leaving nothing to save', async () => {
    const root = project({ 'requirements.txt': 'not-a-package-anywhere==1.0\n' });
    const config = wheelhouseConfig(root);
    const attempt = quietly(() => restoreDependencyCache(config));
    await expect(attempt).rejects.toThrow(DependencyInstallError);
    expect(fs.existsSync(config.wheelhouse)).toBe(false);
  });

  it('warns and installs nothing when no requirements file is matched', async () => {
    const config = {
      ...wheelhouseConfig(project({ 'pyproject.toml': '' })),
      dependencyPath: 'pyproject.toml',
    };
    const restored = await quietly(() => restoreDependencyCache(config));
    expect(restored.value).toBeNull();
    expect(config.log.warnings.join('\n')).toContain(
      'pip-wheelhouse installs requirements files (*.txt)',
    );
  });
});
