/**
 * The byte budget both summaries are laid out in. GitHub drops a step summary over 1 MiB, so a
 * summary is built from blocks and lists that are spent from one budget: lists are cut row by row
 * and always keep room to say how many rows they left out, and a note says when anything was.
 * Sizes are UTF-8 bytes; every block costs its bytes plus the blank line that follows it, which
 * also ends an HTML block.
 */
import { byteLength, truncateToBytes } from './format.js';

/** What GitHub accepts with room to spare (it drops summaries over 1 MiB = 1,048,576 bytes). */
export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;

/** A list of table rows, built lazily: only the rows that are shown are ever rendered. */
export interface RowList {
  total: number;
  /** How many rows to show at most, budget permitting. */
  limit: number;
  row: (index: number) => string;
  /** Around the rows; left out when no row fits. */
  open: string;
  close: string;
  /** The line after the rows when some are not shown ('' for none); `shown` may be 0. */
  more: (omitted: number, shown: number) => string;
}

export interface FittedList {
  text: string;
  /** True when the budget (not `limit`) cut rows. */
  cut: boolean;
}

/** The bytes a block takes on the page: its own plus the blank line after it. */
export function cost(text: string): number {
  return text === '' ? 0 : byteLength(text) + 2;
}

/** The sentence added at the end when the budget left something out; `where` has everything. */
export function budgetNote(where: string): string {
  return (
    "<p><sub>Parts of this summary were left out to stay under GitHub's size limit for job " +
    `summaries; ${where}.</sub></p>`
  );
}

/**
 * `open`, rows, `close` and the "more" line within `budget` (counting the blank line after it).
 * Room for the widest "more" line is kept back, so any number of omitted rows fits. When not one
 * row fits, the "more" line alone is kept, if it fits.
 */
export function fitRows(list: RowList, budget: number): FittedList {
  if (list.total === 0) return { text: '', cut: false };
  const wanted = Math.min(list.total, list.limit);
  const reserve =
    Math.max(byteLength(list.more(list.total, 0)), byteLength(list.more(list.total, 1))) + 1;
  let used = 2 + byteLength(list.open) + 1 + byteLength(list.close) + reserve;
  const rows: string[] = [];
  for (let i = 0; i < wanted; i += 1) {
    const row = list.row(i);
    const size = byteLength(row) + 1;
    if (used + size > budget) break;
    rows.push(row);
    used += size;
  }
  const cut = rows.length < wanted;
  const more = list.total > rows.length ? list.more(list.total - rows.length, rows.length) : '';
  if (rows.length === 0) return cost(more) <= budget ? { text: more, cut } : { text: '', cut };
  return { text: [list.open, ...rows, list.close, ...(more === '' ? [] : [more])].join('\n'), cut };
}

/**
 * What a page is made of. Essential blocks (headline, the sentence naming each problem, section
 * headings) always stay; a list takes rows from its share of the budget; an optional block is
 * kept whole or left out.
 */
export type Block =
  | { kind: 'essential'; text: string }
  | { kind: 'optional'; text: string }
  | { kind: 'list'; list: RowList };

/**
 * The blocks in reading order within `maxBytes`, with `note` at the end when anything was left
 * out. The essential blocks and each list's "more" line are paid for first; then each list gets an
 * even share of what is free, so one long list cannot starve the lists after it, and whatever a
 * list leaves passes on to the next.
 */
export function fitBlocks(blocks: readonly Block[], maxBytes: number, note: string): string {
  const floorOf = (list: RowList): number =>
    list.total === 0 ? 0 : cost(list.more(list.total, 0));
  let reserved = cost(note);
  for (const b of blocks) {
    reserved += b.kind === 'essential' ? cost(b.text) : b.kind === 'list' ? floorOf(b.list) : 0;
  }
  /** Bytes not yet spent or reserved. */
  let free = maxBytes - reserved;
  let listsLeft = blocks.filter((b) => b.kind === 'list' && b.list.total > 0).length;
  let dropped = false;
  const out: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'list') {
      if (block.list.total === 0) continue;
      const floor = floorOf(block.list);
      const share = Math.floor(Math.max(0, free) / listsLeft);
      listsLeft -= 1;
      const fitted = fitRows(block.list, share + floor);
      dropped ||= fitted.cut;
      if (fitted.text !== '') out.push(fitted.text);
      free -= cost(fitted.text) - floor;
    } else if (block.text === '') {
      continue;
    } else if (block.kind === 'essential') {
      out.push(block.text);
    } else if (cost(block.text) <= free) {
      out.push(block.text);
      free -= cost(block.text);
    } else {
      dropped = true;
    }
  }
  if (dropped) out.push(note);
  return joinBlocks(out, maxBytes);
}

/**
 * Blocks separated by blank lines, ending in a newline. Only a `maxBytes` below the essential
 * blocks' own size is cut here: cut rather than break GitHub's limit.
 */
export function joinBlocks(blocks: readonly string[], maxBytes: number): string {
  const text = blocks.filter((b) => b !== '').join('\n\n') + '\n';
  return truncateToBytes(text, maxBytes);
}
