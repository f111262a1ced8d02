import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShardCountAdvice } from '../../src/core/advice.js';
import { mergeShardResults } from '../../src/core/mergeResults.js';
import type { ShardResult, TestResult } from '../../src/core/shardResult.js';
import { byteLength } from '../../src/summary/format.js';
import { mergeVerdict } from '../../src/core/verdict.js';
import {
  renderMergeSummary,
  shardNames,
  type MergeSummaryInput,
} from '../../src/summary/mergeSummary.js';
import { shardResult } from '../helpers/shardResult.js';
import {
  SAMPLE_COVERAGE,
  SAMPLE_FAILURES,
  sampleInput,
  sampleShardResults,
} from './mergeSample.js';

const headline = (summary: string): string => summary.split('\n')[0]!;

/** The Mermaid block of a summary, without its fences. */
function mermaidBlock(summary: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(summary);
  if (!match) throw new Error('no mermaid block');
  return match[1]!;
}

describe('renderMergeSummary on a realistic run', () => {
  it('matches the reviewed snapshot', async () => {
    const input = sampleInput(
      sampleShardResults({
        failures: SAMPLE_FAILURES,
        newTests: ['tests/unit/test_cart.py::test_coupon'],
      }),
      { coverage: SAMPLE_COVERAGE },
    );
    await expect(renderMergeSummary(input)).toMatchFileSnapshot('__snapshots__/merge-summary.md');
  });

  it('puts the verdict alone on the first line, which the PR comment reuses', () => {
    const summary = renderMergeSummary(
      sampleInput(sampleShardResults(), { coverage: SAMPLE_COVERAGE }),
    );
    expect(headline(summary)).toMatch(
      /^### ✅ 38 tests in 4 shards: 38 passed, 0 failed · coverage 87\.3% \(≥ 85%\) · wall \dm \d\ds$/,
    );
    expect(summary.split('\n')[1]).toBe('');
  });

  it('orders the sections for the PR author first, the maintainer last', () => {
    const input = sampleInput(sampleShardResults({ failures: SAMPLE_FAILURES }), {
      coverage: SAMPLE_COVERAGE,
    });
    const summary = renderMergeSummary(input);
    const at = (text: string) => {
      const index = summary.indexOf(text);
      expect(index, text).toBeGreaterThan(-1);
      return index;
    };
    const order = [
      at('### ❌'),
      at('#### Failed tests (2)'),
      at('#### Coverage'),
      at('#### Shards: balance'),
      at('```mermaid'),
      at('<b>Per shard</b>'),
      at('<b>Slowest 10 tests</b>'),
      at('<b>Shard count</b>'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('headline and problems', () => {
  it('all green: ✅ and no problem paragraph', () => {
    const summary = renderMergeSummary(sampleInput(sampleShardResults()));
    expect(headline(summary)).toMatch(/^### ✅ 38 tests in 4 shards: 38 passed, 0 failed · wall /);
    expect(summary).not.toContain('❌');
    expect(summary).not.toContain('#### Failed');
    expect(mergeVerdict(sampleInput(sampleShardResults()).report).status).toBe('passed');
  });

  it('failures: ❌, the count, and each failure with its shard and first message line', () => {
    const results = sampleShardResults({ failures: SAMPLE_FAILURES });
    const summary = renderMergeSummary(sampleInput(results));
    expect(headline(summary)).toMatch(/^### ❌ 38 tests in 4 shards: 36 passed, 2 failed · wall /);
    const shardOfCancel = results.find((r) =>
      r.results.some((t) => t.id === 'tests/api/test_orders.py::test_cancel'),
    )!.shard;
    expect(summary).toContain(
      `<tr><td><code>tests/api/test&#95;orders.py::test&#95;cancel</code></td><td align="right">${shardOfCancel}</td><td>AssertionError: assert 409 == 200</td></tr>`,
    );
    expect(summary).not.toContain('where 409');
  });

  it('caps the failure list with "… and N more"', () => {
    const failures = Object.fromEntries(
      sampleShardResults()
        .flatMap((r) => r.results)
        .map((t) => [t.id, 'boom']),
    );
    const summary = renderMergeSummary(sampleInput(sampleShardResults({ failures })), {
      failures: 5,
    });
    expect(summary).toContain('#### Failed tests (38)');
    expect(summary).toContain('<p>… and 33 more failed tests (');
    expect(summary.match(/<td>boom<\/td>/g)).toHaveLength(5);
  });

  it('lost tests: said first in the headline, each named with its shard and why', () => {
    const results = sampleShardResults();
    const lost = 'tests/unit/test_slugs.py';
    for (const r of results) {
      r.plannedFiles = r.plannedFiles.filter((f) => f !== lost);
      r.results = r.results.filter((t) => !t.id.startsWith(lost));
    }
    const summary = renderMergeSummary(sampleInput(results));
    expect(headline(summary)).toMatch(/^### ❌ 3 tests did not run — 35 tests in 4 shards: /);
    expect(summary).toContain('<p>❌ <b>3 tests did not run</b>: they were in the checkout');
    expect(summary).toContain(
      '<tr><td><code>tests/unit/test&#95;slugs.py::test&#95;ascii</code></td><td align="right">3</td>' +
        '<td>shard 3 was given it but reported no result for it</td></tr>',
    );
  });

  it('a whole lost file: named as such', () => {
    const results = sampleShardResults();
    const lost = 'tests/unit/test_slugs.py';
    for (const r of results) {
      r.plannedFiles = r.plannedFiles.filter((f) => f !== lost);
      r.plannedTests = r.plannedTests.filter((t) => !t.startsWith(lost));
      r.results = r.results.filter((t) => !t.id.startsWith(lost));
    }
    const summary = renderMergeSummary(sampleInput(results));
    expect(headline(summary)).toMatch(/^### ❌ 1 test did not run — /);
    expect(summary).toContain(
      '<tr><td><code>tests/unit/test&#95;slugs.py</code> (whole file)</td><td align="right">—</td>' +
        '<td>no shard was given it</td></tr>',
    );
  });

  it('duplicated tests: named with the shards they ran in', () => {
    const results = sampleShardResults();
    const twice = results[0]!.results[0]!;
    results[2]!.results.push({ ...twice });
    const summary = renderMergeSummary(sampleInput(results));
    expect(headline(summary)).toMatch(
      /^### ❌ 1 test ran more than once — 38 tests in 4 shards: 38 passed/,
    );
    expect(summary).toContain('<b>1 test ran more than once</b>');
    expect(summary).toMatch(/<tr><td><code>[^<]+<\/code><\/td><td>shards 1 and 3<\/td><\/tr>/);
  });

  it('a test run twice in one shard says so', () => {
    const results = sampleShardResults();
    results[1]!.results.push({ ...results[1]!.results[0]! });
    expect(renderMergeSummary(sampleInput(results))).toContain('<td>shard 2, twice</td>');
  });

  it('missing shard: "shard 3 uploaded no results: cancelled or crashed?"', () => {
    const results = sampleShardResults().filter((r) => r.shard !== 3);
    const summary = renderMergeSummary(sampleInput(results, { expectedShards: 4 }));
    expect(headline(summary)).toMatch(
      /^### ❌ Shard 3 uploaded no results, \d+ tests did not run — \d+ tests in 4 shards: /,
    );
    expect(summary).toContain('<p>❌ <b>Shard 3 uploaded no results</b>: cancelled or crashed?');
    expect(summary).toContain(
      '<td align="right">3 ❌</td><td colspan="6"><em>no results</em></td>',
    );
    // The chart leaves the missing shard out rather than drawing it as a fast one.
    expect(mermaidBlock(summary)).toContain('x-axis "shard" ["1", "2", "4"]');
  });

  it('no shard results at all', () => {
    const input = { ...sampleInput([], { expectedShards: 4 }), advice: undefined, slowest: [] };
    const summary = renderMergeSummary(input);
    expect(headline(summary)).toBe('### ❌ No shard uploaded results');
    expect(summary).toContain('<b>No shard uploaded results</b> (expected 4)');
    expect(summary).not.toContain('```mermaid');
  });

  it('different plan fingerprints: which shards used which, and the likely causes', () => {
    const results = sampleShardResults();
    results[2]!.planFingerprint = 'bad0bad0bad0bad0';
    results[3]!.planFingerprint = 'bad0bad0bad0bad0';
    const good = results[0]!.planFingerprint.slice(0, 12);
    const summary = renderMergeSummary(sampleInput(results));
    expect(headline(summary)).toMatch(/^### ❌ The shards ran different plans — /);
    expect(summary).toContain(
      `shards 1 and 2 used plan <code>${good}</code>; shards 3 and 4 used plan <code>bad0bad0bad0</code>. ` +
        'Likely causes: the shards saw different timing history, or a different checkout',
    );
  });

  it('every exactly-once problem at once, missing shards first', () => {
    const results = sampleShardResults();
    results[0]!.results.push({ ...results[1]!.results[0]! });
    results[1]!.planFingerprint = 'other';
    const summary = renderMergeSummary(sampleInput(results.slice(0, 3), { expectedShards: 4 }));
    expect(headline(summary)).toMatch(
      /^### ❌ Shard 4 uploaded no results, \d+ tests? did not run, 1 test ran more than once, the shards ran different plans — /,
    );
  });

  it('coverage below the threshold, rounded down so it never looks like a pass', () => {
    const input = sampleInput(sampleShardResults(), {
      coverage: { ...SAMPLE_COVERAGE, totalPercent: 84.96 },
    });
    const summary = renderMergeSummary(input);
    expect(headline(summary)).toMatch(
      /^### ❌ 38 tests in 4 shards: 38 passed, 0 failed · coverage 84\.9% \(below 85%\) · wall /,
    );
    expect(summary).toContain(
      '<p>❌ <b>Coverage 84.9% is below the required 85%</b>, combined over all 4 shards.</p>',
    );
    expect(mergeVerdict(input.report, input.coverage).status).toBe('failed');
  });

  it('coverage that could not be combined fails the run and says why', () => {
    const input = sampleInput(sampleShardResults(), {
      coverage: { error: 'No data to combine <in .coverage.*>\nTraceback …' },
    });
    const summary = renderMergeSummary(input);
    expect(headline(summary)).toMatch(
      /^### ❌ 38 tests in 4 shards: 38 passed, 0 failed · coverage missing · wall /,
    );
    expect(summary).toContain(
      "<b>Coverage is missing</b>: the shards' coverage could not be combined (No data to combine &lt;in .coverage.&#42;&gt;).",
    );
    expect(summary).not.toContain('Traceback');
    expect(summary).not.toContain('#### Coverage');
  });

  it('no tests at all is a warning, not a pass', () => {
    const results = sampleShardResults().map((r) => ({
      ...r,
      results: [],
      plannedTests: [],
      plannedFiles: [],
      discoveredFiles: [],
    }));
    const input = { ...sampleInput(results), advice: undefined, slowest: [] };
    expect(mergeVerdict(input.report, input.coverage).status).toBe('warning');
    expect(headline(renderMergeSummary(input))).toMatch(/^### ⚠️ 0 tests in 4 shards: /);
  });

  it('warns about a non-zero exit code without failed tests', () => {
    const results = sampleShardResults();
    results[1]!.exitCode = 2;
    const summary = renderMergeSummary(sampleInput(results));
    expect(headline(summary)).toMatch(/^### ✅/);
    expect(summary).toContain(
      "<p>⚠️ Shard 2's test command exited with code 2 although none of its tests failed",
    );
  });
});

describe('coverage section', () => {
  it('lists the changed files that have coverage, least covered first', () => {
    const summary = renderMergeSummary(
      sampleInput(sampleShardResults(), { coverage: SAMPLE_COVERAGE }),
    );
    const index = summary.indexOf('shop/search/index.py');
    expect(index).toBeGreaterThan(-1);
    expect(index).toBeLessThan(summary.indexOf('shop/checkout.py'));
    expect(summary).not.toContain('shop/money.py');
    expect(summary).toContain('(1 other changed file has no coverage data)');
  });

  it('without changed files, shows the five least covered files', () => {
    const { changedFiles: _, ...coverage } = SAMPLE_COVERAGE;
    const summary = renderMergeSummary(sampleInput(sampleShardResults(), { coverage }));
    expect(summary).toContain('<p>Least covered files:</p>');
    const shown = [...summary.matchAll(/<code>(shop\/[^<]+)<\/code>/g)].map((m) => m[1]);
    expect(shown).toEqual([
      'shop/importers/xlsx.py',
      'shop/search/index.py',
      'shop/billing/tax.py',
      'shop/checkout.py',
      'shop/users.py',
    ]);
  });

  it('says so when no changed file has coverage data', () => {
    const coverage = { ...SAMPLE_COVERAGE, changedFiles: ['README.md', './docs/x.md'] };
    const summary = renderMergeSummary(sampleInput(sampleShardResults(), { coverage }));
    expect(summary).toContain(
      '<p>None of the 2 changed files have coverage data (not code, or not measured).</p>',
    );
  });
});

describe('for maintainers', () => {
  it('draws predicted vs actual per shard from numbers only, y axis from 0', () => {
    const input = sampleInput(sampleShardResults());
    const chart = mermaidBlock(renderMergeSummary(input));
    const lines = chart.split('\n');
    const body = lines.slice(lines.indexOf('xychart-beta'));
    expect(body[1]).toBe('  title "Test time per shard: bars actual, line predicted"');
    expect(body[2]).toBe('  x-axis "shard" ["1", "2", "3", "4"]');
    expect(body[3]).toMatch(/^ {2}y-axis "(seconds|minutes)" 0 --> [\d.]+$/);
    const bars = body[4]!
      .match(/^ {2}bar \[([\d., ]+)\]$/)![1]!
      .split(', ')
      .map(Number);
    const line = body[5]!
      .match(/^ {2}line \[([\d., ]+)\]$/)![1]!
      .split(', ')
      .map(Number);
    const seconds = body[3]!.includes('seconds');
    const scale = (s: number) =>
      seconds ? Math.round(s * 10) / 10 : Math.round((s / 60) * 100) / 100;
    expect(bars).toEqual(input.report.shardLines.map((l) => scale(l.testSeconds)));
    expect(line).toEqual(input.report.shardLines.map((l) => scale(l.estimatedSeconds)));
    expect(Number(body[3]!.split('--> ')[1])).toBeGreaterThanOrEqual(Math.max(...bars, ...line));
  });

  it('has the plain table with the same numbers, for readers without JavaScript', () => {
    const input = sampleInput(sampleShardResults());
    const summary = renderMergeSummary(input);
    const line = input.report.shardLines[0]!;
    expect(summary).toContain(
      `<tr><td align="right">1</td><td align="right">${line.counts.tests}</td>`,
    );
  });

  it('reads the balance in plain words and blames the timings when the plan was even', () => {
    const results = sampleShardResults();
    results[0]!.testSeconds *= 1.6;
    const summary = renderMergeSummary(sampleInput(results));
    expect(summary).toMatch(/#### Shards: balance 1\.\d\d \((uneven|very uneven)\)/);
    expect(summary).toMatch(
      /The slowest shard took \d+% longer than the average \(balance = slowest ÷ mean; 1\.00 is perfect\)\./,
    );
    expect(summary).toContain('The plan expected 1.02, so durations differed from the history');
  });

  it('marks the recommended shard count and says what it would change', () => {
    const input = sampleInput(sampleShardResults());
    const advice: ShardCountAdvice = {
      overheadSeconds: 45,
      recommended: 6,
      meetsTarget: false,
      rows: [
        { shards: 4, wallSeconds: 372, runnerSeconds: 1200, makespanSeconds: 327 },
        { shards: 6, wallSeconds: 250, runnerSeconds: 1920, makespanSeconds: 205 },
      ],
    };
    const summary = renderMergeSummary({ ...input, advice });
    expect(summary).toContain(
      'With 6 shards the predicted wall time drops from ~6m 12s to ~4m 10s, for +12 runner minutes.',
    );
    expect(summary).toContain('<summary><b>Shard count</b>: 6 recommended</summary>');
    expect(summary).toContain(
      '<tr><td align="right"><b>6</b></td><td align="right"><b>4m 10s</b></td><td align="right"><b>32.0</b></td><td>⭐ recommended</td></tr>',
    );
    expect(summary).toContain('<td>this run</td>');
  });

  it('with a target: from how many shards it is met', () => {
    const input = sampleInput(sampleShardResults(), { targetMinutes: 5 });
    const advice: ShardCountAdvice = {
      overheadSeconds: 45,
      recommended: 6,
      meetsTarget: true,
      rows: [
        { shards: 4, wallSeconds: 372, runnerSeconds: 1200, makespanSeconds: 327 },
        { shards: 6, wallSeconds: 250, runnerSeconds: 1920, makespanSeconds: 205 },
      ],
    };
    const summary = renderMergeSummary({ ...input, advice });
    expect(summary).toContain(
      'The 5 min target is met from 6 shards (~4m 10s wall, +12 runner minutes).',
    );
    expect(summary).toContain('<td>⭐ recommended, meets target</td>');
  });

  it('with a target no shard count meets', () => {
    const input = sampleInput(sampleShardResults(), { targetMinutes: 1 });
    expect(input.advice!.meetsTarget).toBe(false);
    expect(renderMergeSummary(input)).toContain(
      'No shard count meets the 1 min target: the wall time stops improving at about',
    );
  });

  it('lists new and planned-but-not-run tests', () => {
    const results = sampleShardResults({ newTests: ['tests/unit/test_new.py::test_a'] });
    const dropped = 'tests/api/test_billing.py::test_tax[EU]';
    results[1]!.results = results[1]!.results.filter((r) => r.id !== dropped);
    const summary = renderMergeSummary(sampleInput(results));
    expect(summary).toContain(
      '<summary><b>Test list changes</b>: 1 new test, 1 planned but not run</summary>',
    );
    expect(summary).toContain(
      '<tr><td>new</td><td><code>tests/unit/test&#95;new.py::test&#95;a</code></td>',
    );
    expect(summary).toContain(
      '<tr><td>not run</td><td><code>tests/api/test&#95;billing.py::test&#95;tax&#91;EU&#93;</code></td><td align="right">2</td></tr>',
    );
  });
});

describe('escaping untrusted strings', () => {
  const evil = 'tests/x.py::test_<script>alert(1)</script>[a|b & `c`]\n\n# not a heading';

  function evilInput(): MergeSummaryInput {
    const results = sampleShardResults({
      failures: { [evil]: '<img src=x onerror=alert(2)> | `x`' },
      newTests: [evil],
    });
    results[1]!.results.push({ id: evil, seconds: 99, outcome: 'passed' });
    results[0]!.discoveredFiles.push('tests/<b>lost</b>|.py');
    results[2]!.planFingerprint = '<script>fp</script>';
    const input = sampleInput(results, {
      coverage: {
        totalPercent: 90,
        files: [{ path: 'src/<i>x</i>|`y`.py', percent: 10, covered: 1, total: 10 }],
      },
      historyDescription: 'run <b>7</b> | `8`',
    });
    return { ...input, slowest: [{ id: evil, seconds: 1000, shard: 2 }, ...input.slowest] };
  }

  it('lets no tag, pipe, backtick or line break of an id through', () => {
    const summary = renderMergeSummary(evilInput());
    expect(summary).not.toMatch(/<script|<img|<i>|<b>lost/);
    expect(summary).toContain(
      'test&#95;&lt;script&gt;alert(1)&lt;/script&gt;&#91;a&#124;b &amp; &#96;c&#96;&#93; # not a heading',
    );
    expect(summary).toContain('&lt;img src=x onerror=alert(2)&gt; &#124; &#96;x&#96;');
    expect(summary).toContain('<code>src/&lt;i&gt;x&lt;/i&gt;&#124;&#96;y&#96;.py</code>');
    expect(summary).toContain('<code>&lt;script&gt;fp&lt;/</code>');
    expect(summary).toContain('run &lt;b&gt;7&lt;/b&gt; &#124; &#96;8&#96;');
    expect(summary).not.toMatch(/^# not a heading/m);
    for (const line of summary.split('\n')) {
      if (!line.includes('alert')) continue;
      expect(line).not.toMatch(/[|`]/);
    }
  });

  it('keeps test names out of the Mermaid block', () => {
    const chart = mermaidBlock(renderMergeSummary(evilInput()));
    for (const line of chart.split('\n')) {
      expect(line).toMatch(
        /^(---|config:| {2}xyChart:| {4}height: \d+| {2}themeVariables:| {4}xyChart:| {6}plotColorPalette: "[#0-9a-f, ]+"|xychart-beta| {2}title "Test time per shard: bars actual, line predicted"| {2}x-axis "shard" \[("\d+"(, )?)+\]| {2}y-axis "(seconds|minutes)" 0 --> [\d.]+| {2}(bar|line) \[[\d., ]+\])$/,
      );
    }
  });
});

describe('size budget', () => {
  /** 100k tests in 4 shards, 5k failures, 5k duplicates, 5k lost files, long ids and messages. */
  function hugeInput(): MergeSummaryInput {
    const long = 'x'.repeat(250);
    const shards: ShardResult[] = [1, 2, 3, 4].map((shard) =>
      shardResult({
        shard,
        shards: 4,
        estimatedSeconds: 600,
        makespanSeconds: 600,
        lowerBoundSeconds: 590,
        overheadSeconds: 40,
        testSeconds: 610 + shard,
        exitCode: 1,
        estimates: {
          counts: { measured: 0, file: 0, directory: 0, suite: 0, proxy: 0 },
          suiteEstimateSeconds: 1,
        },
      }),
    );
    for (let i = 0; i < 100_000; i += 1) {
      const result: TestResult = {
        id: `tests/pkg_${i % 97}/test_${Math.floor(i / 25)}.py::test_${long}_${i}[|<&>]`,
        seconds: (i % 1000) / 100,
        outcome: i % 20 === 0 ? 'failed' : 'passed',
        ...(i % 20 === 0 ? { message: `AssertionError: ${'ü<>|'.repeat(100)}` } : {}),
      };
      shards[i % 4]!.results.push(result);
      if (i % 20 === 1) shards[(i + 1) % 4]!.results.push({ ...result });
    }
    for (let i = 0; i < 5_000; i += 1)
      shards[0]!.discoveredFiles.push(`tests/lost_${long}/test_${i}.py`);
    const report = mergeShardResults(shards);
    expect(report.failures.length).toBe(5_000);
    expect(report.duplicated.length).toBe(5_000);
    expect(report.lostFiles.length).toBe(5_000);
    const slowest = report.results
      .slice(0, 10)
      .map((r) => ({ id: r.id, seconds: r.seconds, shard: 1 }));
    const coverage: MergeSummaryInput['coverage'] = {
      totalPercent: 70,
      failUnder: 80,
      files: Array.from({ length: 20_000 }, (_, i) => ({
        path: `src/${long}/m${i}.py`,
        percent: i % 100,
        covered: i % 100,
        total: 100,
      })),
      changedFiles: Array.from({ length: 5_000 }, (_, i) => `src/${long}/m${i}.py`),
    };
    const status = mergeVerdict(report, coverage).status;
    return { report, status, historyDescription: 'history run 1 → 2', slowest, coverage };
  }

  const input = hugeInput();

  it('stays under 1 MB by default and still names every problem', () => {
    const summary = renderMergeSummary(input);
    expect(byteLength(summary)).toBeLessThanOrEqual(1_000_000);
    expect(headline(summary)).toMatch(
      /^### ❌ 5,000 tests did not run, 5,000 tests ran more than once — 100,000 tests in 4 shards: 95,000 passed, 5,000 failed · coverage 70\.0% \(below 80%\)/,
    );
    expect(summary).toContain('<p>… and 4,950 more tests that did not run (');
    expect(summary).toContain('<p>… and 4,950 more duplicated tests (');
    expect(summary).toContain('<p>… and 4,950 more failed tests (');
    expect(summary).toContain('<p>… and 4,950 more changed files (');
    expect(summary).toContain('```mermaid');
  });

  it('fits a small budget by cutting lists, keeping the headline and every problem sentence', () => {
    const summary = renderMergeSummary(input, { maxBytes: 30_000 });
    expect(byteLength(summary)).toBeLessThanOrEqual(30_000);
    expect(headline(summary)).toMatch(/^### ❌ 5,000 tests did not run/);
    expect(summary).toContain('<b>5,000 tests did not run</b>');
    expect(summary).toContain('<b>5,000 tests ran more than once</b>');
    expect(summary).toContain('<b>Coverage 70.0% is below the required 80%</b>');
    expect(summary).toContain('#### Failed tests (5,000)');
    expect(summary).toContain(
      "Parts of this summary were left out to stay under GitHub's size limit",
    );
    // No list starves the ones after it: each keeps some rows and says how many it left out.
    for (const noun of [
      'tests that did not run',
      'duplicated tests',
      'failed tests',
      'changed files',
    ]) {
      expect(summary).toMatch(
        new RegExp(`</tr>\\n</tbody>\\n</table>\\n<p>… and [\\d,]+ more ${noun} \\(`),
      );
    }
  });

  it('never exceeds maxBytes, whatever it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120_000 }), (maxBytes) => {
        const summary = renderMergeSummary(input, { maxBytes });
        expect(byteLength(summary)).toBeLessThanOrEqual(maxBytes);
        // Cut, if at all, only below the size of the essentials: never half an HTML row otherwise.
        if (maxBytes >= 5_000) expect(summary.endsWith('\n')).toBe(true);
      }),
      { numRuns: 25 },
    );
  });
});

describe('shardNames', () => {
  it('names one shard, pairs, and ranges', () => {
    expect(shardNames([4])).toBe('shard 4');
    expect(shardNames([2, 1])).toBe('shards 1 and 2');
    expect(shardNames([1, 2, 3, 5, 7, 8])).toBe('shards 1–3, 5, 7 and 8');
    expect(shardNames([3, 3])).toBe('shard 3');
  });
});
