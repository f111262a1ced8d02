#!/usr/bin/env node
/**
 * Which tag a release moves, the typescript-action template's convention: users pin the major
 * tag (`uses: evenshard/evenshard@v1`), so releasing `v1.2.3` moves `v1` to it. Used by
 * .github/workflows/release.yml and dry-run in CI.
 *
 *   node scripts/release-tags.mjs v1.2.3 [--package-json package.json]   → prints v1
 *
 * Refuses (exit 1, the reason on stderr) a tag that is not `v<major>.<minor>.<patch>`, a
 * pre-release or build tag (`v1.2.3-rc.1`: users on `v1` must not get it), and, with
 * --package-json, a tag that differs from that file's version.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const RELEASE_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
// SemVer 2.0's pre-release and build suffixes, to name them in the refusal.
const SUFFIXED_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)[-+][0-9A-Za-z.+-]+$/;

/** The major tag to move to `tag`; throws with the reason when `tag` must not move one. */
export function majorTagFor(tag, packageVersion) {
  const match = RELEASE_TAG.exec(tag);
  if (!match) {
    if (SUFFIXED_TAG.test(tag))
      throw new Error(
        `${tag} is a pre-release or build tag: the major tag moves only for vX.Y.Z releases`,
      );
    throw new Error(`${JSON.stringify(tag)} is not a release tag: expected vX.Y.Z, e.g. v1.2.3`);
  }
  if (packageVersion !== undefined && packageVersion !== tag.slice(1))
    throw new Error(
      `${tag} does not match package.json's version ${packageVersion}: ` +
        'bump the version (and CHANGELOG.md) in the commit you tag',
    );
  return `v${match[1]}`;
}

function main(argv) {
  const [tag, flag, file, ...rest] = argv;
  if (tag === undefined || (flag !== undefined && flag !== '--package-json') || rest.length > 0)
    throw new Error('usage: release-tags.mjs <tag> [--package-json <file>]');
  if (flag !== undefined && file === undefined) throw new Error('--package-json needs a file');
  const version = file === undefined ? undefined : JSON.parse(readFileSync(file, 'utf8')).version;
  process.stdout.write(`${majorTagFor(tag, version)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`release-tags: ${error.message}\n`);
    process.exit(1);
  }
}
