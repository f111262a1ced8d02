/**
 * docs/reliability.md's fault table is checked against the suite: every row names a test that
 * exists, and every test of the fault matrix (__tests__/faults) has a row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const doc = readFileSync('docs/reliability.md', 'utf8');

/** Table rows after the "Fault → outcome" heading: [fault, outcome, file, title]. */
function rows(): { fault: string; file: string; title: string }[] {
  const table = doc.slice(doc.indexOf('## Fault → outcome'));
  const out = [];
  for (const line of table.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| Fault') || line.startsWith('| -')) continue;
    // Cells are split on unescaped pipes; \| and \` are Markdown escapes.
    const cells = line
      .slice(2, -2)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\([|`])/g, '$1'));
    const match = /^`([^`]+)` › (.+)$/.exec(cells[2] ?? '');
    if (!match) throw new Error(`row without "\`file\` › test title": ${line}`);
    out.push({ fault: cells[0]!, file: match[1]!, title: match[2]! });
  }
  return out;
}

/** The test titles a file declares, as written in its source (templates unexpanded). */
function titlesIn(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const titles: string[] = [];
  const re = /\bit(?:\.skipIf\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs;
  for (const m of source.matchAll(re)) titles.push(m[2]!.replace(/\\(['"`])/g, '$1'));
  return titles;
}

describe('docs/reliability.md', () => {
  it('every row of the fault table names a test that exists', () => {
    const table = rows();
    expect(table.length).toBeGreaterThan(30);
    for (const row of table) {
      expect(titlesIn(row.file), `${row.fault} → ${row.file}`).toContain(row.title);
    }
  });

  it('every test of the fault matrix has a row', () => {
    const cited = new Set(rows().map((r) => `${r.file} › ${r.title}`));
    const files = readdirSync('__tests__/faults')
      .filter((f) => f.endsWith('.test.ts') && f !== 'reliability-doc.test.ts')
      .map((f) => `__tests__/faults/${f}`);
    for (const file of files) {
      for (const title of titlesIn(file)) expect(cited, file).toContain(`${file} › ${title}`);
    }
  });
});
