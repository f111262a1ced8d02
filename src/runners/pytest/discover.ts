/**
 * Finds pytest test FILES in a checkout without importing anything, the way pytest's own
 * collection walks the tree: the config file pytest would pick, its `testpaths`, `python_files`
 * and `norecursedirs`, virtualenvs and `__pycache__` skipped.
 *
 * What cannot be known without running Python (conftest `collect_ignore`, `--ignore` in
 * `addopts`, plugins that collect other file types) is not modelled: files found here that pytest
 * then ignores simply report no tests.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import parseArgsStringToArgv from 'string-argv';
import { glob } from 'tinyglobby';
import { compareCodeUnits } from '../../core/order.js';

/** The parts of pytest's configuration that decide which files it collects. */
export interface PytestConfig {
  /** Absolute path of the config file pytest would use, or null when there is none. */
  file: string | null;
  /** `testpaths` (globs relative to the config's directory); empty when unset. */
  testpaths: string[];
  /** `python_files` patterns. */
  pythonFiles: string[];
  /** `norecursedirs` patterns. */
  norecursedirs: string[];
}

export interface PytestDiscovery {
  /** Test files, POSIX paths relative to the root, sorted, unique. */
  files: string[];
  config: PytestConfig;
  /** Things a user should hear about (testpaths matching nothing, paths outside the root). */
  warnings: string[];
}

export interface DiscoverOptions {
  /**
   * Globs relative to the root that replace pytest's `testpaths`/`python_files` (the action's
   * `tests` input). A matched file is taken as is; a matched directory is searched like pytest.
   */
  patterns?: readonly string[];
  /** Use this configuration instead of reading it from disk. */
  config?: PytestConfig;
}

export const DEFAULT_PYTHON_FILES: readonly string[] = ['test_*.py', '*_test.py'];
export const DEFAULT_NORECURSEDIRS: readonly string[] = [
  '*.egg',
  '.*',
  '_darcs',
  'build',
  'CVS',
  'dist',
  'node_modules',
  'venv',
  '{arch}',
];

/** pytest's order of candidate config files in each directory (pytest 9; older ones lack the
 *  `.toml` and dotted names, which they would not find anyway). */
const CONFIG_NAMES = [
  'pytest.toml',
  '.pytest.toml',
  'pytest.ini',
  '.pytest.ini',
  'pyproject.toml',
  'tox.ini',
  'setup.cfg',
] as const;

export type RawValue = string | string[];
/** One config section: a value is a string (ini) or a list of strings (TOML arrays). */
export type RawConfig = Record<string, RawValue>;

/**
 * Reads the configuration pytest would use when started in `root`: the first directory from
 * `root` upwards holding a config file with a pytest section wins, and within a directory the
 * first name in pytest's order.
 */
export async function readPytestConfig(root: string): Promise<PytestConfig> {
  let dir = path.resolve(root);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, name);
      const text = await readTextIfFile(file);
      if (text === null) continue;
      const raw = pytestSection(name, text, file);
      if (raw !== null) return toConfig(file, raw);
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return toConfig(null, {});
}

/** Lists the test files pytest would collect when run without arguments in `root`. */
export async function discoverPytestFiles(
  root: string,
  options: DiscoverOptions = {},
): Promise<PytestDiscovery> {
  const absRoot = path.resolve(root);
  const config = options.config ?? (await readPytestConfig(absRoot));
  const warnings: string[] = [];
  const found = new Set<string>();
  const addFile = (abs: string): void => {
    const rel = toPosix(path.relative(absRoot, abs));
    if (rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) {
      warnings.push(`${toPosix(abs)} is outside ${toPosix(absRoot)}; it is not sharded`);
      return;
    }
    found.add(rel);
  };

  let starts: { abs: string; isDir: boolean }[];
  if (options.patterns && options.patterns.length > 0) {
    starts = await expandPatterns(absRoot, options.patterns, false);
    if (starts.length === 0) {
      warnings.push(`no file matches ${options.patterns.join(', ')}`);
    }
    // Explicit globs can reach into node_modules or a virtualenv: keep pytest's exclusions.
    starts = await withoutExcludedDirs(absRoot, starts, config.norecursedirs);
  } else {
    // Like pytest: testpaths count only when it runs in the config file's own directory.
    const configDir = config.file === null ? null : path.dirname(config.file);
    const usesTestpaths = config.testpaths.length > 0 && configDir === absRoot;
    starts = usesTestpaths ? await expandPatterns(absRoot, config.testpaths, true) : [];
    if (usesTestpaths && starts.length === 0) {
      warnings.push(
        `testpaths (${config.testpaths.join(' ')}) matches nothing; searching ${toPosix(absRoot)}`,
      );
    }
    if (starts.length === 0) starts = [{ abs: absRoot, isDir: true }];
  }

  for (const start of starts) {
    if (!start.isDir) {
      // A file named directly is collected whatever python_files says (pytest's initial paths).
      if (start.abs.endsWith('.py') && !isPackageFile(start.abs)) addFile(start.abs);
      continue;
    }
    for (const file of await walk(start.abs, config)) addFile(file);
  }
  const files = [...found].sort(compareCodeUnits);
  return { files, config, warnings };
}

/**
 * A cheap proxy for the number of tests in a Python source file, for planning without history:
 * the `def test…` / `async def test…` definitions at any indent. Comments and triple-quoted
 * strings are ignored; parametrization is not expanded.
 */
export function countTestsInSource(text: string): number {
  const code = text.replace(/("""|''')[\s\S]*?\1/g, '');
  const matches = code.match(/^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(/gm);
  return matches === null ? 0 : matches.length;
}

// ---------------------------------------------------------------------------------------------

async function walk(dir: string, config: PytestConfig): Promise<string[]> {
  const norecurse = config.norecursedirs.map((p) => fnmatchRegExp(p));
  const pythonFiles = config.pythonFiles.map((p) => ({
    onPath: p.includes('/') || p.includes('\\'),
    re: fnmatchRegExp(p.includes('/') || p.includes('\\') ? `*/${p.replace(/\\/g, '/')}` : p),
  }));
  const entries = await glob(['**/*.py', ...VENV_MARKERS.map((m) => `**/${m}`)], {
    cwd: dir,
    dot: true,
    braceExpansion: false,
    extglob: false,
    // Prunes big trees early; the exact fnmatch test below decides.
    ignore: ['**/__pycache__/**', ...config.norecursedirs.flatMap(pruneGlob)],
  });
  const venvs = new Set<string>();
  for (const entry of entries) {
    const marker = VENV_MARKERS.find((m) => entry.endsWith(`/${m}`));
    if (marker !== undefined) venvs.add(entry.slice(0, -marker.length - 1));
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.endsWith('.py')) continue;
    const dirs = entry.split('/').slice(0, -1);
    if (dirs.some((d, i) => excludedDir(d, dirs.slice(0, i + 1).join('/'), norecurse, venvs))) {
      continue;
    }
    const abs = path.join(dir, entry);
    const name = path.posix.basename(entry);
    if (isPackageFile(name)) continue;
    const absPosix = toPosix(abs);
    if (pythonFiles.some((p) => p.re.test(p.onPath ? absPosix : name))) files.push(abs);
  }
  return files;
}

function excludedDir(
  name: string,
  relDir: string,
  norecurse: RegExp[],
  venvs: ReadonlySet<string>,
): boolean {
  return name === '__pycache__' || venvs.has(relDir) || norecurse.some((re) => re.test(name));
}

// conftest.py and __init__.py configure collection; evenshard never shards them.
function isPackageFile(file: string): boolean {
  const name = path.basename(file);
  return name === 'conftest.py' || name === '__init__.py';
}

async function expandPatterns(
  root: string,
  patterns: readonly string[],
  pythonGlob: boolean,
): Promise<{ abs: string; isDir: boolean }[]> {
  const matches = await glob([...patterns], {
    cwd: root,
    onlyFiles: false,
    expandDirectories: false,
    // testpaths are expanded with Python's glob(), which knows no braces or extglobs.
    braceExpansion: !pythonGlob,
    extglob: !pythonGlob,
    absolute: true,
  });
  const out: { abs: string; isDir: boolean }[] = [];
  for (const match of matches) {
    const abs = path.resolve(match);
    const info = await stat(abs).catch(() => null);
    if (info) out.push({ abs, isDir: info.isDirectory() });
  }
  return out.sort((a, b) => compareCodeUnits(a.abs, b.abs));
}

async function withoutExcludedDirs(
  root: string,
  starts: { abs: string; isDir: boolean }[],
  norecursedirs: readonly string[],
): Promise<{ abs: string; isDir: boolean }[]> {
  const norecurse = norecursedirs.map((p) => fnmatchRegExp(p));
  const kept: { abs: string; isDir: boolean }[] = [];
  for (const start of starts) {
    const rel = toPosix(path.relative(root, start.abs));
    const parts = rel.split('/');
    const dirs = start.isDir ? parts : parts.slice(0, -1);
    let excluded = false;
    for (let i = 0; i < dirs.length && !excluded; i++) {
      const name = dirs[i] ?? '';
      if (name === '..' || name === '') continue;
      const abs = path.join(root, ...dirs.slice(0, i + 1));
      excluded =
        name === '__pycache__' ||
        norecurse.some((re) => re.test(name)) ||
        (await isVirtualenv(abs));
    }
    if (!excluded) kept.push(start);
  }
  return kept;
}

/**
 * Files that mark a virtualenv, which pytest never searches: pytest >= 8 looks for pyvenv.cfg
 * (and conda's history), pytest 7 for activate scripts. Skipping on either keeps a file pytest
 * would skip out of the plan; one pytest does collect still runs as an "unlisted" item.
 */
const VENV_MARKERS = [
  'pyvenv.cfg',
  'conda-meta/history',
  'bin/activate',
  'Scripts/activate',
  'Scripts/activate.bat',
  'Scripts/Activate.ps1',
] as const;

async function isVirtualenv(dir: string): Promise<boolean> {
  for (const marker of VENV_MARKERS) {
    if ((await stat(path.join(dir, marker)).catch(() => null))?.isFile()) return true;
  }
  return false;
}

/**
 * Python's `fnmatch.translate` (`*`, `?`, `[seq]`, `[!seq]`; `*` also matches `/`). Written here
 * because pytest matches `python_files` and `norecursedirs` with exactly these rules, which
 * differ from shell globs (picomatch) in `*` crossing `/` and braces being literal.
 */
export function fnmatchRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) {
        re += '\\[';
      } else {
        let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        else if (body.startsWith('^')) body = '\\' + body;
        re += `[${body}]`;
        i = j;
      }
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  // pytest compares with os.path.normcase: case-insensitive on Windows only.
  return new RegExp(`^${re}$`, process.platform === 'win32' ? 'is' : 's');
}

/** A glob that prunes directories matching a simple norecursedirs pattern, when one exists. */
function pruneGlob(pattern: string): string[] {
  if (!/^[\w.*?\- ]+$/.test(pattern)) return []; // brackets, braces…: left to the exact test
  return [`**/${pattern}/**`];
}

function pytestSection(name: string, text: string, file: string): RawConfig | null {
  if (name.endsWith('.toml')) {
    let doc: Record<string, unknown>;
    try {
      doc = parseToml(text) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${file}: invalid TOML (${(err as Error).message.split('\n')[0]})`);
    }
    if (name === 'pytest.toml' || name === '.pytest.toml') {
      return tomlValues(asTable(doc['pytest']) ?? {});
    }
    const toolPytest = asTable(asTable(doc['tool'])?.['pytest']);
    if (toolPytest === undefined) return null;
    const { ini_options: iniOptions, ...native } = toolPytest;
    if (Object.keys(native).length > 0) return tomlValues(native);
    const ini = asTable(iniOptions);
    return ini === undefined ? null : tomlValues(ini);
  }
  const sections = parseIni(text, file);
  if (name === 'setup.cfg') return sections.get('tool:pytest') ?? null;
  const section = sections.get('pytest');
  if (section) return section;
  // pytest.ini is pytest's config even without a [pytest] section; tox.ini is not.
  return name === 'pytest.ini' || name === '.pytest.ini' ? {} : null;
}

function asTable(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function tomlValues(table: Record<string, unknown>): RawConfig {
  const out: RawConfig = {};
  for (const [key, value] of Object.entries(table)) {
    if (Array.isArray(value)) out[key] = value.map(String);
    else if (value !== null && typeof value !== 'object') out[key] = String(value);
  }
  return out;
}

/**
 * The INI dialect of pytest's `iniconfig`: `key = value` or `key: value`, indented lines continue
 * the previous value, whole-line `#`/`;` comments, no inline comments, no interpolation. The
 * `ini` npm package does not support continuation lines, which pytest configs use for lists.
 */
export function parseIni(text: string, file = '<ini>'): Map<string, RawConfig> {
  const sections = new Map<string, RawConfig>();
  let current: RawConfig | null = null;
  let lastKey: string | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((rawLine, index) => {
    const trimmedStart = rawLine.trimStart();
    if (trimmedStart === '' || trimmedStart.startsWith('#') || trimmedStart.startsWith(';')) {
      return;
    }
    const line = rawLine.trimEnd();
    if (line.startsWith('[')) {
      const header = line.split('#')[0]!.split(';')[0]!.trimEnd();
      if (!header.endsWith(']')) throw new Error(`${file}:${index + 1}: bad section header`);
      current = {};
      sections.set(header.slice(1, -1), current);
      lastKey = null;
      return;
    }
    if (current === null) throw new Error(`${file}:${index + 1}: no section header defined`);
    const section: RawConfig = current;
    if (/^\s/.test(line)) {
      if (lastKey === null) throw new Error(`${file}:${index + 1}: unexpected continuation`);
      const previous = section[lastKey] as string;
      section[lastKey] = previous ? `${previous}\n${line.trim()}` : line.trim();
      return;
    }
    let eq = line.indexOf('=');
    if (eq === -1 || line.slice(0, eq).includes(':')) eq = line.indexOf(':');
    if (eq === -1) throw new Error(`${file}:${index + 1}: unexpected line`);
    lastKey = line.slice(0, eq).trim();
    section[lastKey] = line.slice(eq + 1).trim();
  });
  return sections;
}

function toConfig(file: string | null, raw: RawConfig): PytestConfig {
  return {
    file,
    testpaths: argsValue(raw['testpaths']) ?? [],
    pythonFiles: argsValue(raw['python_files']) ?? [...DEFAULT_PYTHON_FILES],
    norecursedirs: argsValue(raw['norecursedirs']) ?? [...DEFAULT_NORECURSEDIRS],
  };
}

/** pytest's "args" ini type: a list as is, a string split like a shell (`shlex.split`). The
 *  project's argv splitter handles quotes; backslash escapes, which ini values do not use, are
 *  kept literally. */
function argsValue(value: RawValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : parseArgsStringToArgv(value);
}

async function readTextIfFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
