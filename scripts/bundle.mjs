#!/usr/bin/env node
// Builds dist/: an ncc bundle of src/index.ts with thin entry wrappers for each action role, the
// CLI's own bundle in dist/cli/, and the pytest plugin. Usage: node scripts/bundle.mjs [OUT_DIR] (default dist).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, process.argv[2] ?? 'dist');
rmSync(out, { recursive: true, force: true });
const ncc = (entry, outDir) =>
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'),
      'build',
      entry,
      '-o',
      outDir,
      '--minify',
      '--license',
      'licenses.txt',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
// The actions' bundle, and the CLI's own: the CLI never loads the Actions toolkit.
ncc('src/index.ts', out);
ncc('src/cli/bin.ts', join(out, 'cli'));
// ncc's --minify minifies the entry file only, not the chunks of the CLI's per-command dynamic
// imports (vercel/ncc, webpack#9790); esbuild, already what tsx and Vitest build with, does those.
for (const chunk of readdirSync(join(out, 'cli')).filter((name) => /^\d+\.index\.js$/.test(name))) {
  const file = join(out, 'cli', chunk);
  const { code } = transformSync(readFileSync(file, 'utf8'), {
    format: 'esm',
    minify: true,
    target: 'node20',
    legalComments: 'none', // the licences are in dist/cli/licenses.txt
  });
  writeFileSync(file, code);
}

// Entry wrappers: action.yml files point at these.
// Each passes the bundle's folder, so the code can find files shipped beside it (the pytest
// plugin) without relying on import.meta inside the bundle, which webpack rewrites.
const here =
  "import { fileURLToPath } from 'node:url';\nconst distDir = fileURLToPath(new URL('.', import.meta.url));\n";
const role = (fn) => `${here}import { ${fn} } from './index.js';\nawait ${fn}({ distDir });\n`;
const wrappers = {
  'run.js': role('runAction'),
  'post.js': role('postAction'),
  'merge.js': role('mergeAction'),
  'plan.js': role('planAction'),
};
for (const [name, text] of Object.entries(wrappers)) {
  mkdirSync(dirname(join(out, name)), { recursive: true });
  writeFileSync(join(out, name), text);
}
// The pytest plugin is Python: shipped as a file, put on PYTHONPATH by the runner.
mkdirSync(join(out, 'pytest'), { recursive: true });
cpSync(
  join(root, 'src/runners/pytest/evenshard_plugin.py'),
  join(out, 'pytest/evenshard_plugin.py'),
);
// The Vitest reporter is loaded by the user's Vitest (`--reporter=<file>`): shipped as a file.
mkdirSync(join(out, 'vitest'), { recursive: true });
cpSync(
  join(root, 'src/runners/vitest/evenshard-reporter.mjs'),
  join(out, 'vitest/evenshard-reporter.mjs'),
);
