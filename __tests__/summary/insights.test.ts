/** The flaky / quarantined / slower sections and the PR comment's short form. */
import { describe, expect, it } from 'vitest';
import {
  changeText,
  renderInsightsComment,
  renderInsightSections,
  type Insights,
} from '../../src/summary/insights.js';

const EVIL = 'tests/x.py::test_<script>alert(1)</script>|`**';

const insights: Insights = {
  flakyInRun: [
    {
      id: EVIL,
      outcome: 'passed',
      attempts: ['failed', 'passed'],
      message: 'boom\n\nmore',
      shard: 2,
    },
  ],
  flakyAcrossRuns: [{ id: 'tests/a.py::t', outcomes: 'PFPFP', flips: 4, rate: 0.8 }],
  flakinessRule: { minRuns: 5, flipRate: 0.2 },
  quarantined: [{ id: 'tests/q.py::broken', outcome: 'failed', message: 'known', shard: 1 }],
  quarantineSource: 'quarantine.txt',
  slower: [{ id: 'tests/s.py::slow', beforeSeconds: 0.15, afterSeconds: 0.75 }],
  faster: [{ id: 'tests/f.py::fast', beforeSeconds: 4, afterSeconds: 1 }],
  aggregates: [{ id: 'suite test time', beforeSeconds: 60, afterSeconds: 200, verdict: 'slower' }],
  slowdownRule: { factor: 2, floorSeconds: 0.5, minSamples: 3 },
};

describe('insight sections', () => {
  it('renders every section, quarantine first and essential, with untrusted text escaped', () => {
    const sections = renderInsightSections(insights);
    expect(sections.map((s) => s.text.split('\n')[0])).toEqual([
      '#### 🔒 Quarantined 1 failure: not failing the job',
      '#### 🎲 Flaky in this run: 1 test failed, then passed',
      '#### 🎲 Flaky across runs: 1 test',
      '#### ⏱️ Duration changes against the history',
    ]);
    expect(sections.map((s) => s.essential)).toEqual([true, false, false, false]);
    const html = sections.map((s) => s.text).join('\n\n');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    // No blank line inside a block: Markdown must never read an untrusted string.
    for (const s of sections) expect(s.text.split('\n\n').slice(1).join('')).not.toMatch(/\n\n/);
    expect(html).toContain('150 ms</td><td align="right">750 ms</td><td align="right">5.0×');
    expect(html).toContain('suite test time: 1m 00s → 3m 20s (3.3×)');
    expect(html).toContain('<code>PFPFP</code>');
  });

  it('cuts long lists with a count of the rest', () => {
    const many: Insights = {
      flakyInRun: Array.from({ length: 30 }, (_, i) => ({
        id: `t.py::t${i}`,
        outcome: 'passed' as const,
        attempts: ['failed' as const, 'passed' as const],
      })),
      quarantined: [],
    };
    const [section] = renderInsightSections(many, 5);
    expect(section!.text.match(/<tr><td>/g)).toHaveLength(5);
    expect(section!.text).toContain('… and 25 more flaky tests');
  });

  it('says nothing when there is nothing to say', () => {
    expect(renderInsightSections({ flakyInRun: [], quarantined: [] })).toEqual([]);
    expect(renderInsightsComment({ flakyInRun: [], quarantined: [] })).toBe('');
  });

  it('the PR comment lists each kind on one line', () => {
    const comment = renderInsightsComment(insights);
    expect(comment.split('\n')).toHaveLength(6);
    expect(comment).toContain('🐢 Slower: <code>tests/s.py::slow</code> 150 ms → 750 ms (5.0×)');
    expect(comment).toContain('🚀 Faster: <code>tests/f.py::fast</code> 4.0s → 1.0s (4.0× faster)');
    expect(comment).not.toContain('<script>');
    expect(changeText({ id: 'x', beforeSeconds: 0, afterSeconds: 2 })).toBe('0 ms → 2.0s');
  });
});
