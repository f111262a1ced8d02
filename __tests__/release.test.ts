/**
 * Releases (docs: CHANGELOG.md, .github/workflows/release.yml): which tag moves, run as the
 * workflow runs it, and the names users write in `uses:` lines.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as loadYaml } from 'yaml';

const SCRIPT = path.resolve('scripts/release-tags.mjs');

function releaseTags(...args: string[]) {
  const result = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function packageJson(version: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'evenshard-release-'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'evenshard', version }));
  return path.join(dir, 'package.json');
}

describe('scripts/release-tags.mjs', () => {
  it.each([
    ['v1.2.3', 'v1'],
    ['v1.0.0', 'v1'],
    ['v0.1.0', 'v0'],
    ['v12.40.7', 'v12'],
  ])('moves the major tag of %s: %s', (tag, major) => {
    expect(releaseTags(tag)).toEqual({ status: 0, stdout: `${major}\n`, stderr: '' });
  });

  it.each(['v1.2.3-rc.1', 'v2.0.0-beta', 'v1.2.3+build.5'])(
    'moves no major tag for the pre-release or build %s',
    (tag) => {
      const result = releaseTags(tag);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(`${tag} is a pre-release or build tag`);
    },
  );

  it.each(['1.2.3', 'v1', 'v1.2', 'v01.2.3', 'v1.2.3.4', 'release-1.2.3', ''])(
    'refuses %j, which is not a release tag',
    (tag) => {
      const result = releaseTags(tag);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('is not a release tag: expected vX.Y.Z');
    },
  );

  it("checks the tag against package.json's version", () => {
    expect(releaseTags('v1.4.0', '--package-json', packageJson('1.4.0')).stdout).toBe('v1\n');
    const wrong = releaseTags('v1.4.1', '--package-json', packageJson('1.4.0'));
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain("v1.4.1 does not match package.json's version 1.4.0");
  });

  it('accepts this repository’s own version, as CI dry-runs it', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(releaseTags(`v${version}`, '--package-json', 'package.json').status).toBe(0);
  });
});

describe('the release workflow', () => {
  const workflow = loadYaml(readFileSync('.github/workflows/release.yml', 'utf8')) as {
    on: { push: { tags: string[] } };
    jobs: Record<string, { steps: { run?: string }[] }>;
  };
  const runs = Object.values(workflow.jobs)
    .flatMap((job) => job.steps)
    .map((step) => step.run ?? '')
    .join('\n');

  it('runs on version tags, checks dist/, and asks the script which tag moves', () => {
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(runs).toContain('npm run bundle');
    expect(runs).toMatch(/git diff --exit-code[^\n]* dist/);
    expect(runs).toContain(
      'node scripts/release-tags.mjs "$GITHUB_REF_NAME" --package-json package.json',
    );
    expect(runs).toMatch(/git push[^\n]*--force[^\n]*\$MAJOR/);
  });

  it('has a CHANGELOG section for the current version', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const changelog = readFileSync('CHANGELOG.md', 'utf8');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toMatch(
      new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'),
    );
  });
});

describe('uses: lines in the documentation', () => {
  // The published name: the repository evenshard/evenshard, its sub-actions by folder.
  const docs = [
    'README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const ours = docs.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\buses:\s*(\S+)/g)]
      .map((m) => m[1]!)
      .filter((ref) => !ref.startsWith('actions/') && !ref.startsWith('./'))
      .map((ref) => ({ file, ref })),
  );

  it('name evenshard/evenshard (or a sub-action folder that has an action.yml) at @v1', () => {
    expect(ours.length).toBeGreaterThan(0);
    for (const { file, ref } of ours) {
      const match = /^evenshard\/evenshard(?:\/([a-z-]+))?@v1$/.exec(ref);
      expect(match, `${file}: uses: ${ref}`).not.toBeNull();
      if (match?.[1]) expect(existsSync(path.join(match[1], 'action.yml')), ref).toBe(true);
    }
  });
});
