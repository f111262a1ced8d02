#!/usr/bin/env node
/**
 * Preview a job summary the way GitHub shows it: Markdown (with raw HTML) → an HTML page with
 * GitHub-like CSS, and optionally a PNG screenshot taken with headless Chromium.
 *
 *   node scripts/render-summary.mjs <summary.md> [--html out.html] [--png out.png] [--open]
 *
 * --open expands every <details> (for screenshots of the whole summary). A development aid, not
 * part of the test suite or the action. It needs the `marked` package, which the project does not
 * depend on: install it in a scratch directory (`cd /tmp/x && npm install marked`) and run this
 * script from there, or anywhere `marked` resolves. Chromium is found as `chromium`,
 * `chromium-browser` or `google-chrome` on PATH, or through $CHROMIUM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    html: { type: 'string' },
    png: { type: 'string' },
    open: { type: 'boolean', default: false },
    width: { type: 'string', default: '1000' },
    height: { type: 'string', default: '1400' },
  },
});
if (positionals.length !== 1) {
  console.error(
    'usage: node scripts/render-summary.mjs <summary.md> [--html out.html] [--png out.png] [--open]',
  );
  process.exit(2);
}

/** `marked` from next to this script, else from the working directory (a scratch install). */
async function loadMarked() {
  for (const base of [import.meta.url, pathToFileURL(join(process.cwd(), 'noop.js')).href]) {
    try {
      const path = createRequire(base).resolve('marked');
      return (await import(pathToFileURL(path).href)).marked;
    } catch {
      // try the next place
    }
  }
  console.error(
    'render-summary: the `marked` package is not installed. It is not a project dependency;\n' +
      'install it in a scratch directory and run the script from there:\n' +
      '  mkdir -p /tmp/md && cd /tmp/md && npm install marked && node <project>/scripts/render-summary.mjs ...',
  );
  process.exit(1);
}

// A subset of github-markdown-css (light theme) plus the job-summary card around it.
const CSS = `
body { margin: 0; background: #f6f8fa; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI",
  "Noto Sans", Helvetica, Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";
  font-size: 14px; line-height: 1.5; color: #1f2328; }
.card { margin: 16px; background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
.card-title { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; }
.markdown-body { padding: 16px 24px; }
.markdown-body > :first-child { margin-top: 0 !important; }
h3, h4 { margin-top: 24px; margin-bottom: 16px; font-weight: 600; line-height: 1.25; }
h3 { font-size: 1.25em; } h4 { font-size: 1em; }
p, table, details { margin-top: 0; margin-bottom: 16px; }
code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces;
  background: rgba(129,139,152,.12); border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content;
  max-width: 100%; overflow: auto; font-variant: tabular-nums; }
table th { font-weight: 600; }
table th, table td { padding: 6px 13px; border: 1px solid #d1d9e0; }
table tr { background: #fff; border-top: 1px solid #d1d9e0b3; }
table tr:nth-child(2n) { background: #f6f8fa; }
sub { font-size: 75%; color: #59636e; }
summary { cursor: pointer; }
`;

const markdown = readFileSync(positionals[0], 'utf8');
const marked = await loadMarked();
let body = marked.parse(markdown, { gfm: true });
if (values.open) body = body.replaceAll('<details>', '<details open>');
const page =
  `<!doctype html><html><head><meta charset="utf-8"><title>Job summary preview</title>` +
  `<style>${CSS}</style></head><body><div class="card"><div class="card-title">test (2) summary</div>` +
  `<div class="markdown-body">${body}</div></div></body></html>`;

const htmlPath = values.html
  ? resolve(values.html)
  : join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.html');
writeFileSync(htmlPath, page);
console.log(`wrote ${htmlPath}`);

if (values.png) {
  const browser =
    process.env.CHROMIUM ??
    ['chromium', 'chromium-browser', 'google-chrome'].find((name) => {
      try {
        execFileSync('which', [name], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    });
  if (!browser) {
    console.error('render-summary: no Chromium found (set $CHROMIUM or install chromium).');
    process.exit(1);
  }
  const png = resolve(values.png);
  execFileSync(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
      `--screenshot=${png}`,
      `--window-size=${values.width},${values.height}`,
      pathToFileURL(htmlPath).href,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  console.log(`wrote ${png}`);
}
