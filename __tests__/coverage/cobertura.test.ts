import { describe, expect, it } from 'vitest';
import {
  addCoberturaLines,
  coberturaLineTotals,
  parseCobertura,
  writeCobertura,
  type CoberturaFile,
} from '../../src/coverage/cobertura.js';

// As istanbul's cobertura reporter (Jest) writes it: a DOCTYPE, methods repeating lines, and no
// missing-branches attribute.
function jestReport(lines: string): string {
  return `<?xml version="1.0" ?>
<!DOCTYPE coverage SYSTEM "http://cobertura.sourceforge.net/xml/coverage-04.dtd">
<coverage lines-valid="3" lines-covered="1" line-rate="0.3" timestamp="1" complexity="0" version="0.1">
  <sources><source>/home/runner/work/app/app</source></sources>
  <packages>
    <package name="src" line-rate="0.3" branch-rate="0.5">
      <classes>
        <class name="a.js" filename="src/a&amp;b.js" line-rate="0.3" branch-rate="0.5">
          <methods>
            <method name="add" hits="1" signature="()V"><lines><line number="1" hits="1"/></lines></method>
          </methods>
          <lines>${lines}</lines>
        </class>
      </classes>
    </package>
  </packages>
</coverage>`;
}

describe('parseCobertura', () => {
  it('reads class lines (not method lines), entities and branch conditions', () => {
    const report = parseCobertura(
      jestReport(
        '<line number="1" hits="1" branch="false"/><line number="2" hits="0" branch="true" condition-coverage="50% (1/2)"/>',
      ),
    );
    expect(report.sources).toEqual(['/home/runner/work/app/app']);
    expect(report.classes).toHaveLength(1);
    expect(report.classes[0]!.filename).toBe('src/a&b.js');
    expect([...report.classes[0]!.lines]).toEqual([
      [1, { hits: 1 }],
      [2, { hits: 0, branch: { covered: 1, total: 2 } }],
    ]);
  });

  it('rejects documents that are not Cobertura reports', () => {
    expect(() => parseCobertura('<testsuites/>')).toThrow(/no <coverage> root/);
  });
});

describe('merging Cobertura lines', () => {
  it('sums hits; without missing-branches the covered branch count is a lower bound', () => {
    const files = new Map<string, CoberturaFile>();
    const a = parseCobertura(
      jestReport('<line number="2" hits="0" branch="true" condition-coverage="50% (1/2)"/>'),
    );
    const b = parseCobertura(
      jestReport(
        '<line number="2" hits="3" branch="true" condition-coverage="50% (1/2)"/><line number="4" hits="0"/>',
      ),
    );
    addCoberturaLines(files, 'src/a.js', a.classes[0]!.lines);
    addCoberturaLines(files, 'src/a.js', b.classes[0]!.lines);
    const file = files.get('src/a.js')!;
    expect(file.lines.get(2)).toEqual({ hits: 3, branch: { covered: 1, total: 2 } });
    expect(coberturaLineTotals(file)).toEqual({ covered: 1, total: 2 });
  });

  it("is exact with coverage.py's missing-branches: covered = not missing anywhere", () => {
    const files = new Map<string, CoberturaFile>();
    for (const missing of ['7', '9']) {
      const report = parseCobertura(
        jestReport(
          `<line number="5" hits="1" branch="true" condition-coverage="50% (1/2)" missing-branches="${missing}"/>`,
        ),
      );
      addCoberturaLines(files, 'pkg/m.py', report.classes[0]!.lines);
    }
    expect(files.get('pkg/m.py')!.lines.get(5)!.branch).toEqual({
      covered: 2,
      total: 2,
      missing: new Set(),
    });
  });
});

describe('writeCobertura', () => {
  it('writes a document that reads back to the same lines, with recomputed rates', () => {
    const files = new Map<string, CoberturaFile>();
    const report = parseCobertura(
      jestReport(
        '<line number="1" hits="2"/><line number="2" hits="0" branch="true" condition-coverage="50% (1/2)" missing-branches="3"/>',
      ),
    );
    addCoberturaLines(files, 'src/a&b.js', report.classes[0]!.lines);
    addCoberturaLines(files, 'top.js', new Map([[1, { hits: 0 }]]));
    const xml = writeCobertura([...files.values()], '/work/app', 0);
    expect(xml).toMatch(/<coverage [^>]*lines-valid="3" lines-covered="1" line-rate="0.3333"/);
    expect(xml).toContain('branch="true"');
    const again = parseCobertura(xml);
    expect(again.sources).toEqual(['/work/app']);
    expect(again.classes.map((c) => [c.filename, [...c.lines]])).toEqual(
      [...files.values()].map((f) => [f.path, [...f.lines]]),
    );
  });
});
