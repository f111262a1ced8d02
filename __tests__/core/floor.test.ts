import { describe, expect, it } from 'vitest';
import { heavyFiles, overShare } from '../../src/core/floor.js';
import { estimatedColumns } from '../../src/core/timingColumns.js';
import type { EstimatedTest, Plan } from '../../src/core/types.js';

const test = (file: string, seconds: number): EstimatedTest => ({
  id: `${file}::t${seconds}`,
  file,
  seconds,
  source: 'measured',
});

function plan(whole: string[][], split: string[], totalSeconds: number): Plan {
  return {
    shards: whole.map((files, i) => ({
      index: i + 1,
      estimatedSeconds: 0,
      files,
      splits: i === 0 ? split.map((file) => ({ file, tests: [], owner: true, excluded: [] })) : [],
      tests: [],
    })),
    totalSeconds,
    makespanSeconds: 0,
    lowerBoundSeconds: 0,
    fingerprint: '',
    splitFiles: split,
  };
}

describe('heavyFiles', () => {
  it('names whole files over total ÷ N with their visit cost, heaviest first; split files never', () => {
    const tests = [
      test('big', 50),
      test('big', 10),
      test('mid', 45),
      test('small', 5),
      test('s', 90),
    ];
    // 210 s in all over 3 shards: a share of 70 s.
    const found = heavyFiles(
      plan([['big', 'small'], ['mid'], []], ['s'], 210),
      estimatedColumns(tests),
      new Map([['mid', 30]]),
    );
    expect(found).toEqual([{ file: 'mid', seconds: 75, shareSeconds: 70, shard: 2 }]);
    expect(heavyFiles(plan([['big'], ['mid']], [], 210), estimatedColumns(tests))).toEqual([]);
    expect(overShare(found[0]!)).toEqual({ percent: (75 / 70 - 1) * 100, seconds: 5 });
  });

  it('one shard has no floor to speak of', () => {
    expect(heavyFiles(plan([['big']], [], 60), estimatedColumns([test('big', 60)]))).toEqual([]);
  });
});
