import { describe, expect, it } from 'vitest';
import { planShards } from '../../src/core/planner.js';
import type { EstimatedTest, Plan } from '../../src/core/types.js';
import { verifyPlan } from '../../src/core/verify.js';

const tests: EstimatedTest[] = [
  ...['t1', 't2', 't3', 't4'].map((name, i) => ({
    id: `big.py::${name}`,
    file: 'big.py',
    seconds: [5, 4, 3, 2][i]!,
    source: 'measured' as const,
  })),
  { id: 'small.py::t1', file: 'small.py', seconds: 1, source: 'measured' },
  { id: 'spec/a_spec.rb', file: 'spec/a_spec.rb', seconds: 1, source: 'file' },
];

/** A correct plan by hand: big.py split over shards 1 and 2, shard 2 owning it. */
function handPlan(): Plan {
  return {
    shards: [
      {
        index: 1,
        estimatedSeconds: 8,
        files: ['spec/a_spec.rb'],
        splits: [
          { file: 'big.py', tests: ['big.py::t1', 'big.py::t4'], owner: false, excluded: [] },
        ],
        tests: ['big.py::t1', 'big.py::t4', 'spec/a_spec.rb'],
      },
      {
        index: 2,
        estimatedSeconds: 8,
        files: ['small.py'],
        splits: [
          {
            file: 'big.py',
            tests: ['big.py::t2', 'big.py::t3'],
            owner: true,
            excluded: ['big.py::t1', 'big.py::t4'],
          },
        ],
        tests: ['big.py::t2', 'big.py::t3', 'small.py::t1'],
      },
    ],
    totalSeconds: 16,
    makespanSeconds: 8,
    lowerBoundSeconds: 8,
    fingerprint: 'f',
    splitFiles: ['big.py'],
  };
}

const clean = { missing: [], duplicated: [], unknown: [], owners: [], misreported: [] };

describe('verifyPlan', () => {
  it('accepts a correct plan, and the planner’s own', () => {
    expect(verifyPlan(handPlan(), tests)).toEqual({ ok: true, ...clean });
    expect(verifyPlan(planShards(tests, { shards: 2, splitFiles: true }), tests).ok).toBe(true);
  });

  it('finds a test that no shard runs', () => {
    const plan = handPlan();
    // The owner excludes t4, but shard 1 no longer lists it.
    plan.shards[0]!.splits[0]!.tests = ['big.py::t1'];
    plan.shards[0]!.tests = ['big.py::t1', 'spec/a_spec.rb'];
    expect(verifyPlan(plan, tests)).toEqual({ ...clean, ok: false, missing: ['big.py::t4'] });
  });

  it('finds a file run whole by two shards', () => {
    const plan = handPlan();
    plan.shards[0]!.files.push('small.py');
    plan.shards[0]!.tests.push('small.py::t1');
    expect(verifyPlan(plan, tests)).toEqual({
      ...clean,
      ok: false,
      duplicated: [{ id: 'small.py::t1', shards: [1, 2] }],
    });
  });

  it('counts a test listed by a part but not excluded by the owner as run twice', () => {
    const plan = handPlan();
    plan.shards[1]!.splits[0]!.excluded = ['big.py::t1'];
    const result = verifyPlan(plan, tests);
    expect(result.duplicated).toEqual([{ id: 'big.py::t4', shards: [1, 2] }]);
    expect(result.misreported).toEqual([2]);
    expect(result.ok).toBe(false);
  });

  it('finds tests and files the suite does not have', () => {
    const plan = handPlan();
    plan.shards[0]!.splits[0]!.tests.push('big.py::gone');
    plan.shards[0]!.files.push('deleted.py');
    plan.shards[0]!.tests.push('big.py::gone', 'deleted.py');
    plan.shards[1]!.splits.push({ file: 'gone.py', tests: [], owner: true, excluded: [] });
    plan.shards[1]!.tests.push('gone.py');
    expect(verifyPlan(plan, tests)).toEqual({
      ...clean,
      ok: false,
      unknown: ['big.py::gone', 'deleted.py', 'gone.py'],
    });
  });

  it('requires exactly one owner per split file', () => {
    const none = handPlan();
    none.shards[1]!.splits[0]!.owner = false;
    none.shards[1]!.splits[0]!.excluded = [];
    expect(verifyPlan(none, tests)).toEqual({
      ...clean,
      ok: false,
      owners: [{ file: 'big.py', shards: [] }],
    });

    const two = handPlan();
    two.shards[0]!.splits[0]!.owner = true;
    two.shards[0]!.splits[0]!.excluded = ['big.py::t2', 'big.py::t3'];
    expect(verifyPlan(two, tests)).toEqual({
      ...clean,
      ok: false,
      owners: [{ file: 'big.py', shards: [1, 2] }],
    });
  });

  it('finds a shard whose test list disagrees with its files and splits', () => {
    const plan = handPlan();
    plan.shards[0]!.tests = ['big.py::t1'];
    expect(verifyPlan(plan, tests)).toEqual({ ...clean, ok: false, misreported: [1] });
  });

  it('finds a file no shard runs, by its tests', () => {
    const plan = handPlan();
    plan.shards[1]!.files = [];
    plan.shards[1]!.tests = ['big.py::t2', 'big.py::t3'];
    expect(verifyPlan(plan, tests)).toEqual({ ...clean, ok: false, missing: ['small.py::t1'] });
  });
});
