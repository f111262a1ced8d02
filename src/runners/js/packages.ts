/**
 * Finding a JavaScript project's own test runner: the package manager (by its lockfile) and the
 * runner's local binary (`node_modules/.bin/<name>` in the working directory or an ancestor, as
 * npm, yarn's node-modules linker and pnpm lay them out), and the installed runner's version.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'yarn' | 'pnpm';

/** Lockfile → package manager, in the order a mixed folder is most likely meant. */
export const LOCKFILES: readonly (readonly [string, PackageManager])[] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** `dir` and its ancestors, nearest first. */
function* upwards(dir: string): Generator<string> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    yield at;
    if (path.dirname(at) === at) return;
  }
}

/** The package manager of the nearest folder (the working directory or an ancestor) with a lockfile. */
export function detectPackageManager(root: string): PackageManager | undefined {
  for (const dir of upwards(root)) {
    for (const [file, manager] of LOCKFILES) if (existsSync(path.join(dir, file))) return manager;
  }
  return undefined;
}

/** `node_modules/.bin/<name>` in `root` or its nearest ancestor that has one. */
export function findLocalBinary(root: string, name: string): string | undefined {
  for (const dir of upwards(root)) {
    const bin = path.join(dir, 'node_modules', '.bin', name);
    if (existsSync(bin)) return bin;
  }
  return undefined;
}

/** The version of the installed package `name` seen from `root` (node's lookup), if any. */
export function installedVersion(root: string, name: string): string | undefined {
  for (const dir of upwards(root)) {
    const manifest = path.join(dir, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
      return typeof version === 'string' ? version : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** True when `version` (x.y.z…) is at least `major.minor`. Unreadable versions pass. */
export function atLeast(version: string, major: number, minor = 0): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version);
  if (!match) return true;
  const [have, haveMinor] = [Number(match[1]), Number(match[2])];
  return have > major || (have === major && haveMinor >= minor);
}

/**
 * A command whose program is the bare runner name (`vitest run`) made runnable without a shell:
 * the local binary when installed, else through the package manager (`npx --no-install`,
 * `yarn`, `pnpm exec`), which finds Yarn Plug'n'Play installs too. Other commands are unchanged.
 */
export function resolveRunnerCommand(
  command: readonly string[],
  root: string,
  runner: string,
): string[] {
  const [program, ...args] = command;
  if (program !== runner) return [...command];
  const local = findLocalBinary(root, runner);
  if (local) return [local, ...args];
  switch (detectPackageManager(root)) {
    case 'yarn':
      return ['yarn', runner, ...args];
    case 'pnpm':
      return ['pnpm', 'exec', runner, ...args];
    default:
      return ['npx', '--no-install', runner, ...args];
  }
}

/**
 * Where the runner's own program is in a command: the element naming it (`vitest`,
 * `node_modules/.bin/vitest`, `vitest.mjs`), so that subcommands and options go right after it.
 */
export function runnerIndex(command: readonly string[], runner: string): number {
  return command.findIndex((arg) => {
    const base = arg.replace(/\\/g, '/').split('/').pop() ?? '';
    return (
      base === runner ||
      base === `${runner}.mjs` ||
      base === `${runner}.js` ||
      base === `${runner}.cmd`
    );
  });
}

// it(…), test(…), it.each(…)(…), test.skip(…), it.concurrent.each`…`(…): one per call site.
const TEST_CALL =
  /(?:^|[^\w$.])(?:it|test)(?:\.(?:only|skip|todo|fails|concurrent|sequential|each|for))*\s*[(`]/g;

/** Test call sites in a JS/TS source: the planning proxy when there is no history. */
export function countJsTests(source: string): number {
  return source.match(TEST_CALL)?.length ?? 0;
}
