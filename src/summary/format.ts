/** Small, locale-independent formatting of numbers and text, shared by every summary and the CLI. */

/** 0.4 → "0.4s", 83.2 → "1m 23s", 4000 → "1h 06m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)}s`;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** 1234567 → "1,234,567", whatever the machine's locale (`toLocaleString` is not). */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return '—';
  const [whole = '', fraction] = String(Math.abs(count)).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${count < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** `part / whole` as a whole percentage: (1, 3) → "33%"; a zero whole gives "—". */
export function formatPercent(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) return '—';
  return `${Math.round((part / whole) * 100)}%`;
}

/** How far `actual` is from `expected`, signed: (110, 100) → "+10%", (95, 100) → "−5%". */
export function formatDeviation(actual: number, expected: number): string {
  if (!(expected > 0) || !Number.isFinite(actual)) return '—';
  const percent = Math.round(((actual - expected) / expected) * 100);
  return percent === 0 ? '±0%' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** UTF-8 size: the unit of GitHub's 1 MiB step-summary limit. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts `text` to at most `maxChars` code points, marking the cut with "…". */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  // Array.from splits by code point, so a cut never leaves half a surrogate pair.
  const points = Array.from(text);
  return points.length <= maxChars
    ? text
    : `${points.slice(0, Math.max(0, maxChars - 1)).join('')}…`;
}

/**
 * The first line of a (failure) message; an empty or missing message gives ''.
 * Leading blank lines are skipped: some runners start their message with one.
 */
export function firstLine(text: string | undefined): string {
  if (!text) return '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (trimmed !== '') return trimmed;
  }
  return '';
}

/** "1 test", "1,234 tests": a count with the right noun. */
export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a code-point boundary: the last resort that
 * keeps a summary under GitHub's limit when even its essential lines do not fit.
 */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8').subarray(0, Math.max(0, maxBytes));
  // A cut inside a multi-byte character decodes to U+FFFD (3 bytes); drop it instead.
  let cut = bytes.toString('utf8');
  while (cut.endsWith('\uFFFD') || byteLength(cut) > maxBytes) cut = cut.slice(0, -1);
  return cut;
}
