import { describe, expect, it } from 'vitest';
import { runCostReport, type ShardCosts } from '../../src/core/costs.js';
import { renderMergeSummary } from '../../src/summary/mergeSummary.js';
import { sampleInput, sampleShardResults } from './mergeSample.js';

const costs = (shard: number): ShardCosts => ({
  files: {
    'tests/test_db.py': { collect: 0.3, fixtures: 1.4 },
    [`tests/test_${shard}.py`]: { collect: 0.1, fixtures: 0 },
  },
  classes: {},
  sessionFixtures: 2,
  perTestSeconds: 0.001,
  fixedSeconds: 30,
  fixtures: [
    { name: 'database', scope: 'session', node: '', seconds: 2 },
    { name: 'schema<x>', scope: 'module', node: 'tests/test_db.py', seconds: 1.4 },
  ],
});

describe('the merge summary: where the time went', () => {
  const shards = sampleShardResults().map((r) => ({
    ...r,
    predictsWall: true,
    estimatedSeconds: 100,
    wallSeconds: 95 + r.shard,
    phases: { beforeEvenshard: 20, install: 10, tests: 60 + r.shard, uploads: 1 },
    costs: costs(r.shard),
  }));
  const report = runCostReport(shards)!;

  it('sums phases over shards, largest first, and the costs paid in every shard', () => {
    expect(report.phases.map((p) => p.phase)).toEqual([
      'tests',
      'beforeEvenshard',
      'install',
      'uploads',
    ]);
    expect(report.totalSeconds).toBe(shards.length * 91 + 10);
    expect(report.paid[0]).toEqual({
      kind: 'session fixture',
      name: 'database',
      node: '',
      seconds: 2 * shards.length,
      shards: shards.length,
    });
    expect(report.paid[1]).toMatchObject({
      kind: 'module fixture',
      node: 'tests/test_db.py',
      shards: shards.length,
    });
  });

  it('shows the Pareto, predicted vs actual wall, and the costliest fixtures, escaped', () => {
    const text = renderMergeSummary({ ...sampleInput(shards), costs: report });
    expect(text).toMatch(
      /Where the time went.*: tests 6\d%, setup steps \(runner, checkout, …\) 2\d%/,
    );
    expect(text).toContain('Predicted vs actual wall');
    expect(text).toContain('<td align="right">1m 40s</td><td align="right">1m 36s</td>');
    expect(text).toContain(
      'module fixture <code>schema&lt;x&gt;</code> of <code>tests/test&#95;db.py</code>',
    );
    expect(text).toContain(`${shards.length} shards`);
    expect(text).toContain('Wall per shard: bars actual, line predicted');
  });

  it('is left out when no shard measured its phases', () => {
    expect(runCostReport(sampleShardResults())).toBeUndefined();
    expect(renderMergeSummary(sampleInput(sampleShardResults()))).not.toContain(
      'Where the time went',
    );
  });
});
