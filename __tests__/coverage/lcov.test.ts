import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lcovLineTotals,
  mergeLcovFile,
  parseLcov,
  writeLcov,
  type LcovFile,
} from '../../src/coverage/lcov.js';

const LCOV1 = `TN:
SF:src/a.js
FN:1,add
FN:5,foo<int, long>
FNDA:3,add
FNDA:0,foo<int, long>
FNF:2
FNH:1
BRDA:2,0,0,1
BRDA:2,0,1,-
BRF:2
BRH:1
DA:1,3
DA:2,3
DA:6,0
LF:3
LH:2
end_of_record
`;

// lcov 2.x: FN with an end line, FNL/FNA records, VER, exception branch blocks, checksums.
const LCOV2 = `VER:2.0
TN:unit
SF:src/a.js
FN:5,7,foo<int, long>
FNL:0,1,3
FNA:0,2,add
BRDA:2,e0,1,4
DA:6,1,abc123==
DA:9,2
end_of_record
`;

function only(files: LcovFile[]): LcovFile {
  expect(files).toHaveLength(1);
  return files[0]!;
}

describe('parseLcov', () => {
  it('reads lines, functions (names with commas) and branches, ignoring summary lines', () => {
    const file = only(parseLcov(LCOV1));
    expect(file.path).toBe('src/a.js');
    expect([...file.lines]).toEqual([
      [1, 3],
      [2, 3],
      [6, 0],
    ]);
    expect([...file.functions.values()]).toEqual([
      { name: 'add', line: 1, hits: 3 },
      { name: 'foo<int, long>', line: 5, hits: 0 },
    ]);
    expect([...file.branches.values()]).toEqual([
      { line: 2, block: '0', branch: '0', taken: 1 },
      { line: 2, block: '0', branch: '1', taken: null },
    ]);
  });

  it('reads lcov 2 records: FN with end line, FNL/FNA, e-blocks, DA checksums', () => {
    const file = only(parseLcov(LCOV2));
    expect([...file.lines]).toEqual([
      [6, 1],
      [9, 2],
    ]);
    expect(file.functions.get('foo<int, long>')).toEqual({
      name: 'foo<int, long>',
      line: 5,
      hits: 0,
    });
    expect(file.functions.get('add')).toEqual({ name: 'add', line: 1, hits: 2 });
    expect(file.branches.get('2,e0,1')).toEqual({ line: 2, block: 'e0', branch: '1', taken: 4 });
  });

  it('merges repeated records of one file and skips malformed lines', () => {
    const text =
      'SF:x.py\nDA:1,1\nDA:oops\nDA:2\nend_of_record\nSF:x.py\nDA:1,2\nDA:3,0\nend_of_record\n';
    expect([...only(parseLcov(text)).lines]).toEqual([
      [1, 3],
      [3, 0],
    ]);
    expect(parseLcov('not lcov at all\n')).toEqual([]);
  });
});

describe('mergeLcovFile', () => {
  it('sums hits and keeps "-" only where no shard ran the block', () => {
    const a = only(parseLcov(LCOV1));
    mergeLcovFile(a, only(parseLcov(LCOV1.replace('BRDA:2,0,1,-', 'BRDA:2,0,1,2'))));
    expect(a.lines.get(1)).toBe(6);
    expect(a.functions.get('add')?.hits).toBe(6);
    expect(a.branches.get('2,0,1')?.taken).toBe(2);
    expect(a.branches.get('2,0,0')?.taken).toBe(2);
  });

  it('covers exactly the union of the lines any shard covered (property)', () => {
    const hitsByLine = fc.dictionary(
      fc.integer({ min: 1, max: 40 }).map(String),
      fc.integer({ min: 0, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(hitsByLine, { minLength: 1, maxLength: 5 }), (shards) => {
        const files = shards.map((lines) => {
          const records = Object.entries(lines).map(([l, h]) => `DA:${l},${h}\n`);
          return only(parseLcov(`SF:f.js\n${records.join('')}end_of_record\n`));
        });
        const merged = files[0]!;
        for (const other of files.slice(1)) mergeLcovFile(merged, other);
        const union = new Set(
          shards.flatMap((lines) =>
            Object.entries(lines)
              .filter(([, h]) => h > 0)
              .map(([l]) => Number(l)),
          ),
        );
        const all = new Set(shards.flatMap((lines) => Object.keys(lines).map(Number)));
        expect(new Set([...merged.lines].filter(([, h]) => h > 0).map(([l]) => l))).toEqual(union);
        expect(lcovLineTotals(merged)).toEqual({ covered: union.size, total: all.size });
      }),
    );
  });
});

describe('writeLcov', () => {
  it('round-trips through parseLcov with recomputed summaries', () => {
    const files = parseLcov(LCOV1 + LCOV2.replace('src/a.js', 'src/b.js'));
    const text = writeLcov(files);
    expect(text).toContain('LF:3\nLH:2\nend_of_record');
    expect(text).toContain('BRDA:2,0,1,-');
    expect(text).toContain('FN:5,foo<int, long>');
    const again = parseLcov(text);
    const content = (f: LcovFile) => [
      f.path,
      [...f.lines].sort((a, b) => a[0] - b[0]),
      [...f.functions.values()].sort((a, b) => a.line - b.line),
      [...f.branches.values()].sort((a, b) => a.line - b.line),
    ];
    expect(again.map(content)).toEqual(files.map(content));
    expect(writeLcov(again)).toBe(text);
  });

  it('writes nothing for nothing', () => {
    expect(writeLcov([])).toBe('');
  });
});
