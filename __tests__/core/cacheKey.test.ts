import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CACHE_TOOLS,
  CacheConfigError,
  CacheKeyError,
  DEFAULT_DEPENDENCY_PATHS,
  MAX_KEY_LENGTH,
  cacheKeyFor,
  parseCacheTool,
  parseDependencyPath,
  parseRuntimeVersion,
  runtimeOf,
  type CacheKeySpec,
  type CachedTool,
} from '../../src/core/cacheKey.js';

const HASH = 'a'.repeat(64);
const base: CacheKeySpec = {
  tool: 'pip',
  os: 'Linux-ubuntu-24.04',
  arch: 'x64',
  toolVersion: '3.12.3',
  filesHash: HASH,
};
const cachedTools = CACHE_TOOLS.filter((tool): tool is CachedTool => tool !== 'none');

describe('parseCacheTool', () => {
  it('accepts every listed value, trimmed and in any case', () => {
    for (const tool of CACHE_TOOLS) {
      expect(parseCacheTool(tool)).toBe(tool);
      expect(parseCacheTool(`  ${tool.toUpperCase()}\n`)).toBe(tool);
    }
  });

  it('treats an empty input as none', () => {
    expect(parseCacheTool('')).toBe('none');
    expect(parseCacheTool('   ')).toBe('none');
  });

  it('rejects anything else with a message naming the input and the valid values', () => {
    expect(() => parseCacheTool('pipenv')).toThrow(CacheConfigError);
    expect(() => parseCacheTool('pipenv')).toThrow(
      'Input "cache" must be one of pip, pip-wheelhouse, uv, poetry, npm, yarn, pnpm, none; got "pipenv".',
    );
    expect(() => parseCacheTool('true')).toThrow(/"cache"/);
  });
});

describe('parseDependencyPath', () => {
  it('splits on newlines and commas and drops blanks', () => {
    expect(
      parseDependencyPath('requirements.txt\n dev/requirements.txt ,\r\n\n,pyproject.toml'),
    ).toEqual(['requirements.txt', 'dev/requirements.txt', 'pyproject.toml']);
  });

  it('keeps negations and returns nothing for an empty input', () => {
    expect(parseDependencyPath('**/*.lock\n!vendor/**')).toEqual(['**/*.lock', '!vendor/**']);
    expect(parseDependencyPath('')).toEqual([]);
    expect(parseDependencyPath(' \n , ')).toEqual([]);
  });
});

describe('defaults and runtimes', () => {
  it('has at least one default pattern set per caching tool, the like of setup-python/setup-node', () => {
    for (const tool of cachedTools)
      expect(DEFAULT_DEPENDENCY_PATHS[tool].length).toBeGreaterThan(0);
    expect(DEFAULT_DEPENDENCY_PATHS.pip[0]?.[0]).toBe('**/requirements*.txt');
    expect(DEFAULT_DEPENDENCY_PATHS.pip[1]?.[0]).toBe('**/pyproject.toml');
    expect(DEFAULT_DEPENDENCY_PATHS.npm[0]?.[0]).toBe('**/package-lock.json');
    expect(DEFAULT_DEPENDENCY_PATHS.pnpm[0]?.[0]).toBe('**/pnpm-lock.yaml');
  });

  it('keys node package managers on node and the rest on python', () => {
    expect(cachedTools.map((tool) => `${tool}:${runtimeOf(tool)}`)).toEqual([
      'pip:python',
      'pip-wheelhouse:python',
      'uv:python',
      'poetry:python',
      'npm:node',
      'yarn:node',
      'pnpm:node',
    ]);
  });

  it('reads versions from python and node output', () => {
    expect(parseRuntimeVersion('Python 3.12.3\n')).toBe('3.12.3');
    expect(parseRuntimeVersion('v20.19.0')).toBe('20.19.0');
    expect(parseRuntimeVersion('Python 3.14.0rc2')).toBe('3.14.0rc2');
    expect(parseRuntimeVersion('command not found')).toBeUndefined();
  });
});

describe('cacheKeyFor', () => {
  it('builds the documented key and a restore key that is its prefix without the hash', () => {
    expect(cacheKeyFor(base)).toEqual({
      primaryKey: `evenshard-pip-Linux-ubuntu-24.04-x64-3.12.3-${HASH}`,
      restoreKeys: ['evenshard-pip-Linux-ubuntu-24.04-x64-3.12.3-'],
    });
    expect(
      cacheKeyFor({
        ...base,
        tool: 'npm',
        os: 'macOS',
        arch: 'arm64',
        toolVersion: '24.1.0',
        prefix: 'v2',
      }),
    ).toEqual({
      primaryKey: `v2-npm-macOS-arm64-24.1.0-${HASH}`,
      restoreKeys: ['v2-npm-macOS-arm64-24.1.0-'],
    });
  });

  it('changes the key with every ingredient', () => {
    const keys = new Set(
      [
        base,
        { ...base, tool: 'uv' as const },
        { ...base, os: 'Windows' },
        { ...base, arch: 'arm64' },
        { ...base, toolVersion: '3.13.0' },
        { ...base, filesHash: 'b'.repeat(64) },
        { ...base, prefix: 'other' },
      ].map((spec) => cacheKeyFor(spec).primaryKey),
    );
    expect(keys.size).toBe(7);
  });

  it('replaces characters from tool output that the key must not carry', () => {
    const { primaryKey } = cacheKeyFor({
      ...base,
      os: 'Linux, Debian GNU/Linux 12',
      toolVersion: ' 3.11.7 ',
    });
    expect(primaryKey).toBe(`evenshard-pip-Linux__Debian_GNU_Linux_12-x64-3.11.7-${HASH}`);
  });

  it('rejects a prefix with a comma, empty parts and a hash that is not a digest', () => {
    expect(() => cacheKeyFor({ ...base, prefix: 'a,b' })).toThrow(CacheKeyError);
    expect(() => cacheKeyFor({ ...base, prefix: 'a,b' })).toThrow(/comma/);
    expect(() => cacheKeyFor({ ...base, prefix: ' ' })).toThrow(/prefix is empty/);
    expect(() => cacheKeyFor({ ...base, os: ' ' })).toThrow(/"os" is empty/);
    expect(() => cacheKeyFor({ ...base, filesHash: '' })).toThrow(/hex digest/);
    expect(() => cacheKeyFor({ ...base, filesHash: 'ab,cd' })).toThrow(/hex digest/);
  });

  it('rejects a key longer than the service accepts and accepts one of exactly that length', () => {
    const fixedLength = cacheKeyFor({ ...base, prefix: 'p' }).primaryKey.length - 1;
    const longest = 'p'.repeat(MAX_KEY_LENGTH - fixedLength);
    expect(cacheKeyFor({ ...base, prefix: longest }).primaryKey).toHaveLength(MAX_KEY_LENGTH);
    expect(() => cacheKeyFor({ ...base, prefix: `${longest}p` })).toThrow(/at most 512/);
  });

  it('for any input: deterministic, no commas, within the limit, restore key is a prefix', () => {
    const part = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '');
    fc.assert(
      fc.property(
        fc.constantFrom(...cachedTools),
        part,
        part,
        part,
        fc.stringMatching(/^[0-9a-f]{1,64}$/),
        fc.option(
          part.filter((s) => !s.includes(',')),
          { nil: undefined },
        ),
        (tool, os, arch, toolVersion, filesHash, prefix) => {
          const spec: CacheKeySpec = { tool, os, arch, toolVersion, filesHash, prefix };
          const keys = cacheKeyFor(spec);
          expect(cacheKeyFor({ ...spec })).toEqual(keys);
          expect(keys.primaryKey.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
          for (const key of [keys.primaryKey, ...keys.restoreKeys]) expect(key).not.toContain(',');
          expect(keys.restoreKeys).toHaveLength(1);
          expect(keys.primaryKey.startsWith(keys.restoreKeys[0] ?? '\0')).toBe(true);
          expect(keys.primaryKey.endsWith(`-${filesHash}`)).toBe(true);
        },
      ),
    );
  });
});
