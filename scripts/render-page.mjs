/**
 * What the summary previews share (scripts/render-summary.mjs, scripts/render-merge-summary.mjs):
 * Markdown → a page that looks like a GitHub job summary, and a screenshot of it taken with
 * headless Chromium. A development aid, not part of the tests or the action. `marked` (and, for
 * the merge summary's charts, `mermaid`) are not project dependencies: they resolve from next to
 * these scripts or from the working directory (a scratch install, see each script's header).
 * Chromium is found as `chromium`, `chromium-browser` or `google-chrome` on PATH, or via $CHROMIUM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where an optional package is looked for: next to this script, then the working directory. */
const BASES = [import.meta.url, pathToFileURL(join(process.cwd(), 'noop.js')).href];

/** The resolved path of `specifier` (a package or a file inside one), or undefined. */
export function resolveOptional(specifier) {
  for (const base of BASES) {
    try {
      return createRequire(base).resolve(specifier);
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** `marked`, or exit 1 with how to install it; `tool` names the script in the message. */
export async function loadMarked(tool) {
  const path = resolveOptional('marked');
  if (path) return (await import(pathToFileURL(path).href)).marked;
  console.error(
    `${tool}: the \`marked\` package is not installed. It is not a project dependency;\n` +
      'install it in a scratch directory and run the script from there:\n' +
      `  mkdir -p /tmp/md && cd /tmp/md && npm install marked && node <project>/scripts/${tool}.mjs ...`,
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

/**
 * The summary page: `markdown` (GitHub-flavoured, raw HTML kept) in a job-summary card titled
 * `title`; `open` expands every <details> (for screenshots of the whole summary).
 */
export function summaryPage(marked, markdown, { title, open = false }) {
  let body = marked.parse(markdown, { gfm: true });
  if (open) body = body.replaceAll('<details>', '<details open>');
  return (
    `<!doctype html><html><head><meta charset="utf-8"><title>Job summary preview</title>` +
    `<style>${CSS}</style></head><body><div class="card"><div class="card-title">${title}</div>` +
    `<div class="markdown-body">${body}</div></div></body></html>`
  );
}

/**
 * Screenshots the page at `htmlPath` into `pngPath` with headless Chromium, or exits 1 when none
 * is found. `extraArgs` go before the rest (e.g. a virtual time budget for scripts that draw).
 */
export function screenshot(tool, htmlPath, pngPath, { width, height, extraArgs = [] }) {
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
    console.error(`${tool}: no Chromium found (set $CHROMIUM or install chromium).`);
    process.exit(1);
  }
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
      ...extraArgs,
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'chromium-'))}`,
      `--screenshot=${pngPath}`,
      `--window-size=${width},${height}`,
      pathToFileURL(htmlPath).href,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
