/**
 * The JS example projects (examples/*-project) with their own node_modules, installed by
 * `.ci/run` (`npm ci` in each). Tests that run the real runners use them; outside CI a missing
 * install skips those tests with a warning, in CI it fails them (no silent skips).
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function exampleDir(name: string): string {
  return path.join(REPO_ROOT, 'examples', name);
}

/** True when the example's runner is installed; in CI a missing install is an error. */
export function exampleInstalled(name: string, bin: string): boolean {
  const installed = existsSync(path.join(exampleDir(name), 'node_modules', '.bin', bin));
  if (!installed) {
    const message = `examples/${name} is not installed: run \`npm ci\` in it (as .ci/run does).`;
    if (process.env['CI']) throw new Error(message);
    console.warn(`SKIPPED: ${message}`);
  }
  return installed;
}

/** A temp copy of an example (sources only) sharing its node_modules through a symlink. */
export async function exampleCopy(name: string, parent?: string): Promise<string> {
  const source = exampleDir(name);
  const dir = await mkdtemp(path.join(parent ?? tmpdir(), `evenshard-${name}-`));
  await cp(source, dir, {
    recursive: true,
    filter: (from) => !/(^|[\\/])(node_modules|coverage|\.evenshard[^\\/]*)$/.test(from),
  });
  await symlink(path.join(source, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}
