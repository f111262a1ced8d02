/**
 * Canonical test identity: one id per test whatever reported it (see TestId in types.ts).
 *
 * A JUnit case becomes an id as follows. Every row was checked against real reports, kept as
 * fixtures in __tests__/fixtures/junit (sources in SOURCES.md there).
 *
 * | Reporter                         | What a case carries                                                                  | Canonical id                                                   |
 * | -------------------------------- | ------------------------------------------------------------------------------------ | -------------------------------------------------------------- |
 * | pytest, junit_family=xunit1      | file="tests/test_mod.py" classname="tests.test_mod.TestClass" name="test_x[p]"     | tests/test_mod.py::TestClass::test_x[p]                        |
 * | pytest, xunit2 (default)         | classname="tests.test_mod.TestClass" name="test_x[p]", no file                     | the same: the longest dotted prefix of classname that names a  |
 * |                                  |                                                                                      | known file is the module; with none, the segments before the   |
 * |                                  |                                                                                      | first Capitalised one (tests/test_mod.py)                      |
 * | jest-junit, defaults             | suite="outer", classname=name="outer inner title", no file                         | none: the file is not in the report (undefined)                |
 * | jest-junit, addFileAttribute or  | file="src/a.test.js" (or suite name "src/a.test.js"), classname="outer › inner",   | src/a.test.js::outer::inner::title; when classname equals name |
 * |   suiteNameTemplate "{filepath}" | name="title"                                                                         | (the default templates): src/a.test.js::<name>                 |
 * | Vitest junit reporter            | suite=classname="src/a.test.ts", name="outer > inner > title"                      | src/a.test.ts::outer::inner::title                             |
 * | Playwright junit reporter        | suite=classname="auth/login.spec.ts" (relative to testDir), name="outer › title"   | tests/auth/login.spec.ts::outer::title (path completed from    |
 * |                                  |                                                                                      | the known files when it is the unique one ending so)           |
 * | gotestsum, go-junit-report       | suite=classname="example.com/mod/internal/calc", name="TestTable/small_numbers"    | internal/calc::TestTable/small_numbers: the package directory  |
 * |                                  |                                                                                      | when a known file or directory matches the import path's tail, |
 * |                                  |                                                                                      | else the import path                                           |
 * | rspec_junit_formatter            | file="./spec/user_spec.rb" classname="spec.user_spec" name="User #name works"     | spec/user_spec.rb::User #name works                            |
 * | PHPUnit                          | file="/abs/tests/Unit/CalcTest.php" classname="App.Tests.Unit.CalcTest"            | tests/Unit/CalcTest.php::testAdd with data set #0 (root        |
 * |                                  | name="testAdd with data set #0"                                                      | stripped, or the known file the absolute path ends with)       |
 * | Maven Surefire                   | classname="com.example.FooTest$Inner" name="testX", no file                        | src/test/java/com/example/FooTest.java::Inner::testX (needs    |
 * |                                  |                                                                                      | the known files; without them: undefined)                      |
 *
 * Names are kept verbatim (spaces, brackets, unicode, '::' inside parameters). Paths are POSIX and
 * relative to the project root; an absolute path or one escaping the root stays recognisable
 * (isInsideRoot is false) so that later code refuses to select it.
 */
import type { JUnitCase, TestId } from './types.js';

const SEPARATOR = '::';

/** `file::name::name…`; empty names (a test outside any describe block) are left out. */
export function makeTestId(file: string, names: readonly string[]): TestId {
  return [file, ...names.filter((name) => name !== '')].join(SEPARATOR);
}

/**
 * The file part of an id. The file always comes first, so the first '::' ends it even when a
 * parameter holds '::' (`t.py::test[a::b]` → `t.py`) or the path holds brackets
 * (`app/[id]/page.test.ts::x`).
 */
export function fileOfTestId(id: TestId): string {
  const at = id.indexOf(SEPARATOR);
  return at < 0 ? id : id.slice(0, at);
}

/**
 * fileOfTestId(id), as the very string `previous` when that is the answer: ids walked in order
 * then share one string per file instead of one per test, which maps keyed by file hash once.
 */
export function fileOfTestIdSharing(id: TestId, previous: string): string {
  const at = id.indexOf(SEPARATOR);
  if (at < 0) return id;
  return at === previous.length && id.startsWith(previous) ? previous : id.slice(0, at);
}

// `C:` alone or `C:x` is drive-relative on Windows: no less outside the project than `C:/x`.
const DRIVE = /^[A-Za-z]:/;

function isAbsolute(posixPath: string): boolean {
  return posixPath.startsWith('/') || DRIVE.test(posixPath);
}

/** Backslashes, absolute or drive paths, '//', and '.' or '..' segments. */
const NEEDS_NORMALIZING = /\\|^\/|^[A-Za-z]:|\/\/|\/$|(^|\/)\.\.?(\/|$)/;

/** Resolves '.', '..' and repeated '/' without touching the file system. */
function collapse(posixPath: string): string {
  const prefix = posixPath.startsWith('/') ? '/' : (/^[A-Za-z]:\/?/.exec(posixPath)?.[0] ?? '');
  const out: string[] = [];
  for (const segment of posixPath.slice(prefix.length).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      // A relative path keeps its leading '..' so that callers see it escape; '/..' is '/'.
      else if (prefix === '') out.push('..');
      continue;
    }
    out.push(segment);
  }
  return prefix + out.join('/');
}

/** `path` relative to the absolute `root`, or undefined when it is not under it. */
function relativeTo(path: string, root: string): string | undefined {
  const base = root.endsWith('/') ? root : `${root}/`;
  // Windows paths compare case-insensitively (drive letters differ in case between tools).
  const windows = DRIVE.test(root);
  const head = path.slice(0, base.length);
  const same = windows ? head.toLowerCase() === base.toLowerCase() : head === base;
  if (same) return path.slice(base.length);
  const equal = windows ? path.toLowerCase() === root.toLowerCase() : path === root;
  return equal ? '' : undefined;
}

/**
 * A path as a POSIX path relative to the project: backslashes become '/', './' and '//' go,
 * '.' and '..' segments are resolved, and an absolute path under `root` (POSIX or Windows style)
 * loses that prefix. Anything else is returned as it is, so an absolute path or one starting
 * with '../' stays visible to isInsideRoot.
 */
export function normalizePath(path: string, root?: string): string {
  // Fast path for the common case (100,000 ids per timing file): already a clean relative path.
  if (!NEEDS_NORMALIZING.test(path)) return path;
  const posix = collapse(path.replace(/\\/g, '/'));
  if (!root || !isAbsolute(posix)) return posix;
  const rootPosix = collapse(root.replace(/\\/g, '/'));
  if (!isAbsolute(rootPosix)) return posix;
  return relativeTo(posix, rootPosix) ?? posix;
}

/** False for '', absolute paths and paths that escape the root with '..'. */
export function isInsideRoot(relPath: string): boolean {
  const posix = relPath.replace(/\\/g, '/');
  if (isAbsolute(posix)) return false;
  const collapsed = collapse(posix);
  return collapsed !== '' && collapsed !== '..' && !collapsed.startsWith('../');
}

/** A pytest node id with its file part normalized; the rest is kept verbatim. */
export function testIdFromPytestNodeId(nodeid: string, root?: string): TestId {
  const at = nodeid.indexOf(SEPARATOR);
  if (at < 0) return normalizePath(nodeid, root);
  return normalizePath(nodeid.slice(0, at), root) + nodeid.slice(at);
}

// ---------------------------------------------------------------------------------------------
// JUnit cases

/** What the known files look like from the angles the reporters name them. */
interface KnownIndex {
  files: ReadonlySet<string>;
  size: number;
  byBase: Map<string, string[]>;
  /** Basename without extension → files: the last segment of a dotted module or class name. */
  byStem: Map<string, string[]>;
  dotted: Map<string, string>;
  /** Directories holding .go files: Go reports name packages, not files. */
  goDirs: Set<string>;
}

const indexCache = new WeakMap<ReadonlySet<string>, KnownIndex>();

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function stem(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/** `tests/test_mod.py` → `tests.test_mod`: how pytest and rspec name a module in `classname`. */
function dottedForm(file: string): string {
  const slash = file.lastIndexOf('/');
  return (file.slice(0, slash + 1) + stem(file.slice(slash + 1))).replace(/\//g, '.');
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexOf(files: ReadonlySet<string> | undefined): KnownIndex | undefined {
  if (!files || files.size === 0) return undefined;
  const cached = indexCache.get(files);
  // A set that grew or shrank since it was indexed is indexed again.
  if (cached && cached.size === files.size) return cached;
  const index: KnownIndex = {
    files,
    size: files.size,
    byBase: new Map(),
    byStem: new Map(),
    dotted: new Map(),
    goDirs: new Set(),
  };
  for (const file of files) {
    const base = baseName(file);
    push(index.byBase, base, file);
    push(index.byStem, stem(base), file);
    index.dotted.set(file, dottedForm(file));
    if (base.endsWith('.go')) index.goDirs.add(file.slice(0, Math.max(0, file.lastIndexOf('/'))));
  }
  indexCache.set(files, index);
  return index;
}

/**
 * The known file a reported path means: itself; else the one known file ending with it (runners
 * report paths relative to their own root: Playwright's testDir, a pytest rootdir below the
 * repository); else, for an absolute path, the longest known file it ends with (a checkout at
 * another place). Unmatched paths come back unchanged.
 */
function resolvePath(path: string, index: KnownIndex | undefined): string {
  if (!index || index.files.has(path)) return path;
  const sameBase = index.byBase.get(baseName(path)) ?? [];
  if (isAbsolute(path)) {
    let best: string | undefined;
    for (const file of sameBase) {
      if (path.endsWith(`/${file}`) && (best === undefined || file.length > best.length))
        best = file;
    }
    return best ?? path;
  }
  const ending = sameBase.filter((file) => file.endsWith(`/${path}`));
  return ending.length === 1 ? ending[0]! : path;
}

/**
 * A dotted name (pytest module + classes, rspec module, Java class) resolved against the known
 * files: the longest prefix whose dotted form is exactly one known file, else ends exactly one
 * known file's dotted form (Java's src/test/java/…, a pytest rootdir below the repository).
 */
function resolveDotted(
  dotted: string,
  index: KnownIndex,
): { file: string; rest: string[] } | undefined {
  const segments = dotted.split('.');
  for (let n = segments.length; n >= 1; n--) {
    const candidates = index.byStem.get(segments[n - 1]!);
    if (!candidates) continue;
    const module = segments.slice(0, n).join('.');
    const exact = candidates.filter((file) => index.dotted.get(file) === module);
    const found =
      exact.length > 0
        ? exact
        : candidates.filter((file) => index.dotted.get(file)!.endsWith(`.${module}`));
    if (found.length === 1) return { file: found[0]!, rest: segments.slice(n) };
  }
  return undefined;
}

// Source files of the runners that write JUnit; a classname or suite name ending so is a path.
const FILE_EXTENSION =
  /\.(?:[cm]?[jt]sx?|py|rb|go|java|kts?|groovy|scala|php|cs|fs|vb|feature|vue|svelte|rs|exs?|swift|dart|lua|robot|bats)$/i;
const GO_TEST_NAME = /^(?:Test|Benchmark|Example|Fuzz)(?![a-z])/;
const DOTTED_NAME = /^[^\s./\\]+(?:\.[^\s./\\]+)*$/;
const CAPITALISED = /^\p{Lu}/u;

/** Vitest joins describe titles with ' > ', Playwright with ' › '. */
function splitTitlePath(name: string): string[] {
  return name.split(name.includes(' › ') ? ' › ' : ' > ');
}

/** pytest classname segments that are classes: from the first Capitalised one on. */
function pytestClasses(segments: readonly string[]): string[] {
  const first = segments.findIndex((segment) => CAPITALISED.test(segment));
  return first < 0 ? [] : segments.slice(first);
}

/** The names of a case whose file is known, by what its classname says about that file. */
function namesInFile(c: JUnitCase, file: string): string[] {
  const classname = c.classname;
  const module = dottedForm(file);
  // pytest (module, then classes) and rspec (module only).
  if (classname === module) return [c.name];
  if (classname.startsWith(`${module}.`)) {
    return [...classname.slice(module.length + 1).split('.'), c.name];
  }
  if (normalizePath(classname) === file) return splitTitlePath(c.name);
  if (file.endsWith('.py')) return [...pytestClasses(classname.split('.')), c.name];
  // jest-junit's default templates put the whole title path in both attributes.
  if (classname.trim() === '' || classname === c.name) return [c.name.trim()];
  // PHPUnit and JVM runners: the class is the file.
  const lastSegment = classname.slice(
    Math.max(classname.lastIndexOf('.'), classname.lastIndexOf('\\')) + 1,
  );
  if (lastSegment === stem(baseName(file))) return [c.name];
  // jest-junit with classname "{classname}": the describe blocks.
  return [...classname.split(' › '), c.name];
}

/** A Go import path's directory in the project, when the known files show one. */
function goPackage(importPath: string, index: KnownIndex | undefined): string {
  if (!index) return importPath;
  const segments = importPath.split('/');
  for (let k = 0; k < segments.length; k++) {
    const tail = segments.slice(k).join('/');
    if (index.files.has(tail) || index.goDirs.has(tail)) return tail;
  }
  return importPath;
}

function looksLikeGoPackage(c: JUnitCase): boolean {
  const classname = c.classname;
  if (classname === '' || /\s/.test(classname) || FILE_EXTENSION.test(classname)) return false;
  return classname.includes('/') || (GO_TEST_NAME.test(c.name) && !classname.includes('.'));
}

/**
 * The canonical id of a JUnit case (table above), or undefined when the report does not say
 * which file the case is in. `knownFiles` (project-relative paths of the test files, or Go
 * package directories) resolve dotted class names and complete partial paths; `root` (the
 * absolute project directory the report was written in) relativizes absolute file attributes.
 * The known files are indexed once per set: pass a set that no longer changes.
 */
export function testIdFromJUnitCase(
  c: JUnitCase,
  knownFiles?: ReadonlySet<string>,
  root?: string,
): TestId | undefined {
  const index = indexOf(knownFiles);
  const { classname } = c;

  if (c.file !== undefined && c.file !== '') {
    const reported = normalizePath(c.file, root);
    return makeTestId(resolvePath(reported, index), namesInFile(c, reported));
  }

  // Vitest and Playwright: the suite and the classname are both the file.
  const suite = c.suites[c.suites.length - 1] ?? '';
  if (classname !== '' && classname === suite && FILE_EXTENSION.test(classname)) {
    return makeTestId(resolvePath(normalizePath(classname, root), index), splitTitlePath(c.name));
  }

  // jest-junit with suiteNameTemplate "{filepath}". Its default suite name is the first describe
  // title, which may end in '.js' too: with known files, only a suite that is one counts.
  if (suite !== classname && FILE_EXTENSION.test(suite)) {
    const reported = normalizePath(suite, root);
    const file = resolvePath(reported, index);
    if (!index || index.files.has(file)) return makeTestId(file, namesInFile(c, reported));
  }

  if (index && DOTTED_NAME.test(classname)) {
    // Surefire names nested classes Outer$Inner.
    const resolved = resolveDotted(classname.replace(/\$/g, '.'), index);
    if (resolved) return makeTestId(resolved.file, [...resolved.rest, c.name]);
  }

  if (looksLikeGoPackage(c)) return makeTestId(goPackage(classname, index), [c.name]);

  // pytest xunit2 without a matching known file: guess the module from the classname.
  if (DOTTED_NAME.test(classname)) {
    const segments = classname.split('.');
    const classes = pytestClasses(segments);
    const moduleSegments = segments.slice(0, segments.length - classes.length);
    // pytest collects test* functions by default; JUnit 4/5 method names rarely start so.
    if (moduleSegments.length > 0 && c.name.startsWith('test')) {
      const file = resolvePath(`${moduleSegments.join('/')}.py`, index);
      return makeTestId(file, [...classes, c.name]);
    }
  }
  return undefined;
}

/**
 * A list of test ids kept in a file (`plan --tests-file`, the quarantine list): one per line;
 * blank lines, `#` comment lines and trailing ` # comments` are ignored. Line numbers are 1-based.
 */
export function parseTestIdLines(text: string): { line: number; id: string }[] {
  const out: { line: number; id: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const id = raw.replace(/(^|\s)#.*$/, '').trim();
    if (id !== '') out.push({ line: index + 1, id });
  });
  return out;
}
