/**
 * The HTML pieces both summaries are built from. A GitHub job summary is Markdown with raw HTML,
 * and test ids, paths, messages and labels are untrusted: every helper here that takes such text
 * caps and escapes it itself, so a caller writes `codeText(id)`, never `<code>${id}</code>`.
 * Untrusted text belongs inside an HTML block with no blank line in it, where Markdown never
 * reads it.
 */
import { firstLine, plural, truncateText } from './format.js';

/** Display caps, in code points: one pathological id must not eat the whole budget. */
export const MAX_ID_CHARS = 400;
export const MAX_MESSAGE_CHARS = 300;
/** Labels such as the framework or where the history came from. */
export const MAX_LABEL_CHARS = 200;
export const SHORT_FINGERPRINT_CHARS = 12;
/** A fingerprint shown whole (in a tooltip) is cut here: real ones are 64 hex digits. */
const MAX_FINGERPRINT_CHARS = 128;

/** Escapes text for HTML (job summaries are raw HTML: test names are untrusted). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The Markdown punctuation GFM acts on inside a line, as numeric character references. */
const MARKDOWN_ENTITIES: Record<string, string> = {
  '`': '&#96;',
  '|': '&#124;',
  '[': '&#91;',
  ']': '&#93;',
  '*': '&#42;',
  _: '&#95;',
  '~': '&#126;',
  '\\': '&#92;',
  $: '&#36;',
};

/**
 * Escapes untrusted text (test ids, messages, paths) for a GitHub job summary, which is Markdown
 * with raw HTML: the HTML specials via `escapeHtml`, then the Markdown punctuation as character
 * references (Markdown never interprets those), and every line break as a space, because a blank
 * line would end the surrounding HTML block and let the rest be read as Markdown.
 */
export function escapeSummaryText(text: string): string {
  return escapeHtml(text.replace(/[\r\n]+/g, ' ')).replace(
    /[`|[\]*_~\\$]/g,
    (char) => MARKDOWN_ENTITIES[char] ?? char,
  );
}

/** An id or path as shown in a table cell: capped, escaped, in `<code>`. */
export function codeText(text: string): string {
  return `<code>${escapeSummaryText(truncateText(text, MAX_ID_CHARS))}</code>`;
}

/** A short untrusted label (framework, history source), capped and escaped. */
export function labelText(text: string): string {
  return escapeSummaryText(truncateText(text, MAX_LABEL_CHARS));
}

/** The first line of a failure message, capped and escaped; "no message" when there is none. */
export function messageText(message: string | undefined): string {
  const line = truncateText(firstLine(message), MAX_MESSAGE_CHARS);
  return line === '' ? '<em>no message</em>' : escapeSummaryText(line);
}

/**
 * A plan fingerprint by its first 12 characters, in `<code>`; with `title`, the whole fingerprint
 * is the tooltip. An empty fingerprint reads "none".
 */
export function fingerprintCode(fingerprint: string, options: { title?: boolean } = {}): string {
  const capped = truncateText(fingerprint, MAX_FINGERPRINT_CHARS);
  if (capped === '') return '<em>none</em>';
  const short = escapeSummaryText(Array.from(capped).slice(0, SHORT_FINGERPRINT_CHARS).join(''));
  return options.title
    ? `<code title="${escapeSummaryText(capped)}">${short}</code>`
    : `<code>${short}</code>`;
}

/** An exit code as text; "?" when the runner reported none. */
export function exitCodeText(exitCode: number): string {
  return Number.isFinite(exitCode) ? String(exitCode) : '?';
}

export const TABLE_CLOSE = '</tbody>\n</table>';

/** `<table>` and a header row; `right` lists the right-aligned (numeric) columns. */
export function tableOpen(headers: readonly string[], right: readonly number[] = []): string {
  const cells = headers.map(
    (h, i) => `<th align="${right.includes(i) ? 'right' : 'left'}">${h}</th>`,
  );
  return `<table>\n<thead><tr>${cells.join('')}</tr></thead>\n<tbody>`;
}

/**
 * The line under a list that was cut: "… and 12 more failed tests (hint)." When no row was shown,
 * the count is already in the heading or sentence above, so it says the list did not fit.
 */
export function moreLine(
  omitted: number,
  shown: number,
  one: string,
  many: string,
  hint: string,
): string {
  return shown === 0
    ? `<p>The list did not fit here: ${hint}.</p>`
    : `<p>… and ${plural(omitted, `more ${one}`, `more ${many}`)} (${hint}).</p>`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
