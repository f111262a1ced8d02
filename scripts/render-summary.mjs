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
 * script from there, or anywhere `marked` resolves. The page and the screenshot are
 * scripts/render-page.mjs's (shared with scripts/render-merge-summary.mjs).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadMarked, screenshot, summaryPage } from './render-page.mjs';

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

const markdown = readFileSync(positionals[0], 'utf8');
const marked = await loadMarked('render-summary');
const page = summaryPage(marked, markdown, { title: 'test (2) summary', open: values.open });

const htmlPath = values.html
  ? resolve(values.html)
  : join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.html');
writeFileSync(htmlPath, page);
console.log(`wrote ${htmlPath}`);

if (values.png) {
  const png = resolve(values.png);
  screenshot('render-summary', htmlPath, png, { width: values.width, height: values.height });
  console.log(`wrote ${png}`);
}
