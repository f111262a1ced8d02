#!/usr/bin/env node
/**
 * Preview the merge summary (the merge job's summary of the whole run) on the sample run of the tests, Mermaid chart
 * included: writes the Markdown, turns it into a GitHub-like page (scripts/render-page.mjs, shared
 * with scripts/render-summary.mjs), swaps the ```mermaid blocks for live diagrams, and screenshots
 * the page with headless Chromium.
 *
 *   node scripts/render-merge-summary.mjs [--variant failing|green|broken] [--md out.md]
 *        [--html out.html] [--png out.png] [--open] [--width 1000] [--height 1800]
 *
 * A development aid, not part of the tests or the action. It needs `marked` and `mermaid`, which
 * the project does not depend on: install them in a scratch directory and run from there:
 *   mkdir -p /tmp/md && cd /tmp/md && npm install marked mermaid && node <project>/scripts/render-merge-summary.mjs --png out.png
 * Chromium is found as `chromium`, `chromium-browser` or `google-chrome` on PATH, or via $CHROMIUM.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { tsImport } from 'tsx/esm/api';
import { loadMarked, resolveOptional, screenshot, summaryPage } from './render-page.mjs';

const { values } = parseArgs({
  options: {
    variant: { type: 'string', default: 'failing' },
    md: { type: 'string' },
    html: { type: 'string' },
    png: { type: 'string' },
    open: { type: 'boolean', default: false },
    width: { type: 'string', default: '1000' },
    height: { type: 'string', default: '1800' },
  },
});

const { renderMergeSummary } = await tsImport('../src/summary/mergeSummary.ts', import.meta.url);
const sample = await tsImport('../__tests__/summary/mergeSample.ts', import.meta.url);

function sampleMarkdown(variant) {
  if (variant === 'green') {
    return renderMergeSummary(
      sample.sampleInput(sample.sampleShardResults(), { coverage: sample.SAMPLE_COVERAGE }),
    );
  }
  if (variant === 'broken') {
    // Shard 4 crashed and shard 3 ran a different plan, so a file got lost and a test ran twice.
    const shards = sample.sampleShardResults({ failures: sample.SAMPLE_FAILURES });
    shards[2].planFingerprint = 'f00dfacecafe' + shards[2].planFingerprint.slice(12);
    shards[2].results.push({ ...shards[0].results[0] });
    shards[0].plannedFiles = shards[0].plannedFiles.slice(1);
    shards[0].results = shards[0].results.filter(
      (r) => !r.id.startsWith(shards[3].plannedFiles[0] ?? '\0'),
    );
    return renderMergeSummary(
      sample.sampleInput(shards.slice(0, 3), {
        expectedShards: 4,
        coverage: { error: 'No data to combine: no .coverage files were uploaded' },
      }),
    );
  }
  return renderMergeSummary(
    sample.sampleInput(
      sample.sampleShardResults({
        failures: sample.SAMPLE_FAILURES,
        newTests: ['tests/unit/test_cart.py::test_coupon'],
      }),
      { coverage: sample.SAMPLE_COVERAGE },
    ),
  );
}

const work = mkdtempSync(join(tmpdir(), 'merge-summary-'));
const mdPath = resolve(values.md ?? join(work, 'summary.md'));
writeFileSync(mdPath, sampleMarkdown(values.variant));
console.log(`wrote ${mdPath}`);

const mermaidScript = resolveOptional('mermaid/dist/mermaid.min.js');
if (!mermaidScript) {
  console.error(
    'render-merge-summary: `mermaid` is not installed here (see the comment at the top).',
  );
  process.exit(1);
}
const marked = await loadMarked('render-merge-summary');
// marked leaves ```mermaid as <pre><code class="language-mermaid">; mermaid wants <pre class="mermaid">.
// The classic (UMD) build, because module scripts do not load from file:// pages.
const page = summaryPage(marked, readFileSync(mdPath, 'utf8'), {
  title: 'merge summary',
  open: values.open,
})
  .replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, code) => `<pre class="mermaid">${code}</pre>`,
  )
  .replace(
    '</body>',
    `<script src="${pathToFileURL(mermaidScript).href}"></script>` +
      `<script>mermaid.initialize({ startOnLoad: true, theme: 'default' });</script></body>`,
  );
const htmlPath = resolve(values.html ?? join(work, 'summary.html'));
writeFileSync(htmlPath, page);
console.log(`wrote ${htmlPath}`);

if (values.png) {
  const png = resolve(values.png);
  screenshot('render-merge-summary', htmlPath, png, {
    width: values.width,
    height: values.height,
    // Mermaid draws after load: give its script time before the shot.
    extraArgs: ['--virtual-time-budget=5000'],
  });
  console.log(`wrote ${png}`);
}
