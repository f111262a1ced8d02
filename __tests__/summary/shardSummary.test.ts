import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShardResult, TestResult } from '../../src/core/shardResult.js';
import type { Outcome } from '../../src/core/types.js';
import {
  byteLength,
  firstLine,
  formatCount,
  formatDeviation,
  formatPercent,
  truncateText,
} from '../../src/summary/format.js';
import { escapeSummaryText } from '../../src/summary/markup.js';
import { renderShardSummary } from '../../src/summary/shardSummary.js';
import { shardResult } from '../helpers/shardResult.js';

/** A realistic small pytest shard: one failure, one fixture error, one skip, a hostile id. */
function sampleShardResult(overrides: Partial<ShardResult> = {}): ShardResult {
  const results: TestResult[] = [
    {
      id: 'tests/api/test_users.py::TestCreate::test_duplicate_email',
      seconds: 0.84,
      outcome: 'failed',
      message: 'AssertionError: assert 201 == 409\n  where 201 = <Response [201]>.status_code',
    },
    { id: 'tests/api/test_users.py::TestCreate::test_create', seconds: 0.31, outcome: 'passed' },
    {
      id: 'tests/api/test_users.py::TestCreate::test_name[<b>&amp;|`x`]',
      seconds: 0.12,
      outcome: 'passed',
    },
    {
      id: 'tests/db/test_migrations.py::test_upgrade_downgrade[postgres-15]',
      seconds: 41.2,
      outcome: 'passed',
    },
    {
      id: 'tests/db/test_migrations.py::test_upgrade_downgrade[postgres-16]',
      seconds: 38.7,
      outcome: 'passed',
    },
    {
      id: 'tests/search/test_index.py::test_reindex_large_corpus',
      seconds: 27.9,
      outcome: 'passed',
    },
    {
      id: 'tests/search/test_index.py::test_query_parser[a | b]',
      seconds: 0.05,
      outcome: 'passed',
    },
    {
      id: 'tests/search/test_index.py::test_ranking_stable',
      seconds: 9.6,
      outcome: 'error',
      message: "fixture 'es_cluster' raised ConnectionRefusedError: [Errno 111] Connection refused",
    },
    {
      id: 'tests/search/test_index.py::test_unicode_tokenizer[日本語]',
      seconds: 0.2,
      outcome: 'passed',
    },
    { id: 'tests/test_cli.py::test_help', seconds: 0.4, outcome: 'passed' },
    { id: 'tests/test_cli.py::test_version', seconds: 0.1, outcome: 'passed' },
    { id: 'tests/test_cli.py::test_windows_paths', seconds: 0, outcome: 'skipped' },
    { id: 'tests/test_export.py::test_pdf_render', seconds: 15.3, outcome: 'passed' },
    { id: 'tests/test_export.py::test_csv_roundtrip', seconds: 3.2, outcome: 'passed' },
    { id: 'tests/test_export.py::test_xlsx_styles', seconds: 2.6, outcome: 'passed' },
  ];
  return shardResult({
    shard: 2,
    shards: 4,
    planFingerprint: '3f2a9c1b7e44d0a8c5b6e9f1027d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b',
    estimatedSeconds: 148.2,
    makespanSeconds: 152.9,
    lowerBoundSeconds: 147.5,
    plannedFiles: [
      'tests/api/test_users.py',
      'tests/search/test_index.py',
      'tests/test_cli.py',
      'tests/test_export.py',
    ],
    plannedTests: results.map((r) => r.id),
    discoveredFiles: [
      'tests/api/test_users.py',
      'tests/db/test_migrations.py',
      'tests/search/test_index.py',
      'tests/test_cli.py',
      'tests/test_export.py',
    ],
    overheadSeconds: 47.3,
    testSeconds: 161.8,
    exitCode: 1,
    status: { signal: null, finished: true },
    collection: null,
    estimates: {
      counts: { measured: 12, file: 2, directory: 1, suite: 0, proxy: 0 },
      suiteEstimateSeconds: 1.7,
    },
    results,
    ...overrides,
  });
}

function emptyShardResult(overrides: Partial<ShardResult> = {}): ShardResult {
  return sampleShardResult({
    shard: 4,
    estimatedSeconds: 0,
    plannedFiles: [],
    plannedTests: [],
    testSeconds: 0,
    exitCode: 0,
    status: { signal: null, finished: true },
    collection: null,
    results: [],
    estimates: {
      counts: { measured: 3, file: 0, directory: 0, suite: 0, proxy: 0 },
      suiteEstimateSeconds: 0,
    },
    ...overrides,
  });
}

/** 100,000 results with long, hostile names; every 20th fails with a long multi-line message. */
function hugeShardResult(): ShardResult {
  const results: TestResult[] = [];
  for (let i = 0; i < 100_000; i += 1) {
    const failed = i % 20 === 7;
    results.push({
      id:
        `tests/integration/package_${i % 97}/subsystem_${i % 13}/test_module_${i % 2000}.py::` +
        `TestAVeryLongClassNameThatDescribesTheScenario${i % 31}::` +
        `test_case_with_a_long_descriptive_name_${i}[param-<&|\`${'x'.repeat(i % 150)}\`>]`,
      seconds: (i % 1000) / 37,
      outcome: failed ? 'failed' : i % 50 === 3 ? 'skipped' : 'passed',
      ...(failed
        ? {
            message:
              `AssertionError: expected <div class="a&b"> | ${'y'.repeat(800)}\n` +
              'second line\n'.repeat(200),
          }
        : {}),
    });
  }
  return sampleShardResult({
    plannedTests: results.map((r) => r.id),
    plannedFiles: [],
    estimatedSeconds: 3600,
    testSeconds: 3722,
    estimates: {
      counts: { measured: 99_000, file: 500, directory: 300, suite: 150, proxy: 50 },
      suiteEstimateSeconds: 2.5,
    },
    results,
  });
}

/** Every tag the renderer itself writes: anything else in the output came from the data. */
const OWN_TAGS = new Set([
  'b',
  'code',
  'details',
  'em',
  'p',
  'sub',
  'summary',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
]);

function tagsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)/g)].map((m) => m[1]!));
}

/** The numbers of the headline, e.g. "15 tests: 11 passed, 1 failed, 1 error, 1 skipped". */
function headlineCounts(text: string): {
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
} {
  const line = text.split('\n')[0]!;
  const number = (label: string) => {
    const match = new RegExp(`([\\d,]+) ${label}`).exec(line);
    return match ? Number(match[1]!.replace(/,/g, '')) : 0;
  };
  return {
    tests: number('tests?'),
    passed: number('passed'),
    failed: number('failed'),
    errors: number('errors?'),
    skipped: number('skipped'),
  };
}

describe('renderShardSummary', () => {
  it('renders a realistic shard (snapshot)', async () => {
    const text = renderShardSummary(sampleShardResult(), {
      historySource: 'run #1234 on main',
      slowest: 5,
    });
    await expect(text).toMatchFileSnapshot('__snapshots__/shard-summary.md');
  });

  it('compares a wall prediction with the wall, not with the test time', () => {
    const text = renderShardSummary(
      sampleShardResult({ predictsWall: true, estimatedSeconds: 100, wallSeconds: 104 }),
    );
    expect(text).toContain("This shard's wall (job start → tests done), planned → actual");
    expect(text).toContain('1m 40s → <b>1m 44s</b> (+4%)');
    expect(text.split('\n')[0]).toContain('1m 44s (planned 1m 40s)');
  });

  it('renders an empty shard (snapshot)', async () => {
    const text = renderShardSummary(emptyShardResult(), { historySource: 'run #1234 on main' });
    await expect(text).toMatchFileSnapshot('__snapshots__/shard-summary-empty.md');
  });

  it('starts with a headline that gives the outcome, the counts and the time', () => {
    const text = renderShardSummary(sampleShardResult());
    expect(text.split('\n')[0]).toBe(
      '### ❌ Shard 2 of 4 — 15 tests: 12 passed, 1 failed, 1 error, 1 skipped · ' +
        '2m 42s (planned 2m 28s)',
    );
    const passing = sampleShardResult().results.map((r) => ({
      ...r,
      outcome: 'passed' as const,
    }));
    const ok = renderShardSummary(sampleShardResult({ results: passing, exitCode: 0 }));
    expect(ok.split('\n')[0]).toBe(
      '### ✅ Shard 2 of 4 — 15 tests: 15 passed, 0 failed, 0 skipped · 2m 42s (planned 2m 28s)',
    );
    expect(ok).not.toContain('Failed test');
  });

  it('says plainly that an empty shard is fine', () => {
    const text = renderShardSummary(emptyShardResult());
    expect(text.split('\n')[0]).toBe('### ✅ Shard 4 of 4 — nothing to run');
    expect(text).toContain('more shards (4) than test units');
    expect(text).toContain('<b>This is fine</b>');
    expect(text).toContain('the job passes');
    expect(text).not.toContain('❌');
    expect(text).not.toContain('Slowest');
  });

  it('warns when no test file was found at all', () => {
    const text = renderShardSummary(emptyShardResult({ discoveredFiles: [] }));
    expect(text.split('\n')[0]).toBe('### ⚠️ Shard 4 of 4 — nothing to run');
    expect(text).toContain('No test files were found');
    expect(text).not.toContain('This is fine');
  });

  it('explains a failing exit code without failed tests, and missing results', () => {
    const passing = sampleShardResult().results.filter((r) => r.outcome === 'passed');
    const crashed = renderShardSummary(sampleShardResult({ results: passing, exitCode: 2 }));
    expect(crashed).toMatch(/^### ❌ /);
    expect(crashed).toContain('exited with code 2 although no test failed');

    const silent = renderShardSummary(sampleShardResult({ results: [], exitCode: 0 }));
    expect(silent).toMatch(/^### ⚠️ /);
    expect(silent).toContain('No test results were found, although the plan gave this shard 15');
  });

  it('lists failures (with the first line of the message) before plan, slowest and estimates', () => {
    const text = renderShardSummary(sampleShardResult());
    const failures = text.indexOf('#### Failed tests (2)');
    const plan = text.indexOf('#### Plan vs actual');
    const slowest = text.indexOf('<b>Slowest 10 tests</b>');
    const estimates = text.indexOf('<b>Estimates</b>');
    expect(failures).toBeGreaterThan(0);
    expect(failures).toBeLessThan(plan);
    expect(plan).toBeLessThan(slowest);
    expect(slowest).toBeLessThan(estimates);
    expect(text).toContain('AssertionError: assert 201 == 409</td>');
    expect(text).not.toContain('status&#95;code');
    expect(text).toContain('test&#95;ranking&#95;stable</code> <sub>(error)</sub>');
  });

  it('shows the plan: predicted vs actual, makespan, lower bound, overhead, fingerprint', () => {
    const text = renderShardSummary(sampleShardResult());
    expect(text).toContain('2m 28s → <b>2m 42s</b> (+9%)');
    expect(text).toContain('2m 33s, +4% over the lower bound of 2m 28s');
    expect(text).toContain('max(total ÷ 4 shards, longest unit)');
    expect(text).toContain('<td>Fixed overhead, job start → first test</td><td>47s</td>');
    expect(text).toContain(
      '<code title="3f2a9c1b7e44d0a8c5b6e9f1027d3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b">3f2a9c1b7e44</code>',
    );
    const unmeasured = renderShardSummary(sampleShardResult({ overheadSeconds: null }));
    expect(unmeasured).toContain('<em>not measured</em>');
    const off = renderShardSummary(sampleShardResult({ testSeconds: 400 }));
    expect(off).toContain('(+170% ⚠️ stale timings or a changed test?)');
  });

  it('lists the slowest tests, slowest first, capped by the option', () => {
    const text = renderShardSummary(sampleShardResult(), { slowest: 3 });
    expect(text).toContain('<b>Slowest 3 tests</b> — 1m 48s together');
    const rows = [...text.matchAll(/<tr><td align="right">(\d+)<\/td><td><code>([^<]*)<\/code>/g)];
    expect(rows.map((m) => m[2])).toEqual([
      'tests/db/test&#95;migrations.py::test&#95;upgrade&#95;downgrade&#91;postgres-15&#93;',
      'tests/db/test&#95;migrations.py::test&#95;upgrade&#95;downgrade&#91;postgres-16&#93;',
      'tests/search/test&#95;index.py::test&#95;reindex&#95;large&#95;corpus',
    ]);
    expect(renderShardSummary(sampleShardResult(), { slowest: 0 })).not.toContain('Slowest');
  });

  it('reports the estimate sources and where the history came from', () => {
    const text = renderShardSummary(sampleShardResult(), { historySource: 'run #1234 on main' });
    expect(text).toContain(
      '12 of 15 tests in the plan had measured durations (80%) · history from run #1234 on main',
    );
    expect(text).toContain('<tr><td>Suite-wide estimate</td><td align="right">0</td>');
    const suite = { measured: 10, file: 0, directory: 0, suite: 5, proxy: 0 };
    const withSuite = sampleShardResult({
      estimates: { counts: suite, suiteEstimateSeconds: 1.7 },
    });
    expect(renderShardSummary(withSuite)).toContain(
      '<tr><td>Suite-wide estimate (1.7s each)</td><td align="right">5</td>',
    );
    expect(renderShardSummary(sampleShardResult(), { historySource: 'none' })).toContain(
      'no timing history was found',
    );
    expect(renderShardSummary(sampleShardResult())).toContain('history source not reported');
  });

  it('escapes every untrusted string: ids, messages, framework, history source, fingerprint', () => {
    const hostile =
      '<script>alert(1)</script> &amp; a|b `code` [x](javascript:alert(2)) *y* _z_ $m$';
    const results: TestResult[] = [
      { id: `tests/test_x.py::test[${hostile}]`, seconds: 5, outcome: 'failed', message: hostile },
      {
        id: `tests/test_x.py::other\n\n## injected heading\n\n<img src=x>`,
        seconds: 9,
        outcome: 'error',
      },
      { id: `tests/test_x.py::slow[${hostile}]`, seconds: 20, outcome: 'passed' },
    ];
    const text = renderShardSummary(
      sampleShardResult({
        results,
        framework: `<img src=x onerror=alert(3)>`,
        planFingerprint: `"><script>alert(4)</script>`,
      }),
      { historySource: `<b onclick=alert(5)>main</b> | \`x\`` },
    );
    expect(text).not.toContain('<script');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('<b onclick');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('&amp;amp;');
    // The renderer writes no pipe or backtick of its own, so none may come from the data.
    expect(text).not.toContain('|');
    expect(text).not.toContain('`');
    expect(text).toContain('a&#124;b &#96;code&#96; &#91;x&#93;(javascript:alert(2))');
    // A line break in an id must not end the HTML block and let Markdown in.
    expect(text).not.toMatch(/^## injected/m);
    expect([...tagsIn(text)].filter((tag) => !OWN_TAGS.has(tag))).toEqual([]);
  });

  it('keeps a 100,000-test shard with 5,000 failures under 1 MB', () => {
    // Its rendering time is measured by scripts/bench-limits.ts (docs/bench-limits.md), not here.
    const result = hugeShardResult();
    const text = renderShardSummary(result);
    const bytes = byteLength(text);
    expect(bytes).toBeLessThanOrEqual(1_000_000);
    expect(text.split('\n')[0]).toBe(
      '### ❌ Shard 2 of 4 — 100,000 tests: 93,000 passed, 5,000 failed, 2,000 skipped · ' +
        '1h 02m (planned 1h 00m)',
    );
    expect(text).toContain('#### Failed tests (5,000)');
    expect(text).toContain(
      '<p>… and 4,950 more failed tests (see the uploaded results artifact).</p>',
    );
    expect(text).toContain('<b>Slowest 10 tests</b>');
    expect(text).toContain('99,000 of 100,000 tests in the plan had measured durations (99%)');
    expect([...tagsIn(text)].filter((tag) => !OWN_TAGS.has(tag))).toEqual([]);

    // All 5,000 requested: the byte budget, not the count, cuts the list.
    const all = renderShardSummary(result, { failures: 5_000 });
    expect(byteLength(all)).toBeLessThanOrEqual(1_000_000);
    expect(byteLength(all)).toBeGreaterThan(900_000);
    expect(all).toMatch(/… and [\d,]+ more failed tests/);
    expect(all).toContain('#### Plan vs actual');
    expect(all).toContain("left out to stay under GitHub's size limit");
  });

  it('stays within any byte budget and keeps the headline', () => {
    const result = hugeShardResult();
    result.results = result.results.slice(0, 2_000);
    fc.assert(
      fc.property(fc.integer({ min: 400, max: 300_000 }), (maxBytes) => {
        const text = renderShardSummary(result, { maxBytes, failures: 1_000 });
        expect(byteLength(text)).toBeLessThanOrEqual(maxBytes);
        expect(text.startsWith('### ❌ Shard 2 of 4 — 2,000 tests')).toBe(true);
      }),
      { numRuns: 60 },
    );
    const tight = renderShardSummary(result, { maxBytes: 700 });
    expect(tight).toContain('#### Failed tests (100)');
    expect(tight).toContain('The list did not fit here: see the uploaded results artifact.');
    // Below the headline's own size the text is cut, never larger than asked.
    expect(byteLength(renderShardSummary(result, { maxBytes: 50 }))).toBeLessThanOrEqual(50);
  });

  it('caps pathologically long ids and messages', () => {
    const long = 'a'.repeat(100_000);
    const text = renderShardSummary(
      sampleShardResult({
        results: [{ id: `tests/${long}`, seconds: 1, outcome: 'failed', message: long }],
      }),
    );
    expect(byteLength(text)).toBeLessThan(8_000);
    expect(text).toContain('a…</code>');
  });

  it('headline counts always add up', () => {
    const outcome = fc.constantFrom<Outcome>('passed', 'failed', 'skipped', 'error');
    fc.assert(
      fc.property(fc.array(outcome, { maxLength: 60 }), (outcomes) => {
        const results = outcomes.map((o, i) => ({ id: `t.py::t${i}`, seconds: i, outcome: o }));
        const counts = headlineCounts(renderShardSummary(sampleShardResult({ results })));
        if (results.length === 0) return;
        expect(counts.tests).toBe(results.length);
        expect(counts.passed + counts.failed + counts.errors + counts.skipped).toBe(counts.tests);
        expect(counts.failed).toBe(outcomes.filter((o) => o === 'failed').length);
        expect(counts.errors).toBe(outcomes.filter((o) => o === 'error').length);
      }),
      { numRuns: 100 },
    );
  });

  it('adds the estimate counts up to the total it shows', () => {
    const text = renderShardSummary(sampleShardResult());
    const estimates = text.slice(text.indexOf('<b>Estimates</b>'));
    const cells = [...estimates.matchAll(/<td align="right">(?:<b>)?([\d,]+)/g)].map((m) =>
      Number(m[1]!.replace(/,/g, '')),
    );
    expect(cells).toHaveLength(6);
    const total = cells.pop()!;
    expect(cells.reduce((a, b) => a + b, 0)).toBe(total);
    expect(total).toBe(15);
  });
});

describe('summary formatting helpers', () => {
  it('formats counts and percentages without the locale', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(-4950)).toBe('-4,950');
    expect(formatCount(1234.5)).toBe('1,234.5');
    expect(formatPercent(1, 3)).toBe('33%');
    expect(formatPercent(1, 0)).toBe('—');
    expect(formatDeviation(110, 100)).toBe('+10%');
    expect(formatDeviation(95, 100)).toBe('−5%');
    expect(formatDeviation(100.2, 100)).toBe('±0%');
    expect(formatDeviation(5, 0)).toBe('—');
  });

  it('escapes HTML and Markdown punctuation and removes line breaks', () => {
    expect(escapeSummaryText('<a href="x">&</a>')).toBe(
      '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeSummaryText('a|b`c`[d]*e*_f_~g~\\h$i$')).toBe(
      'a&#124;b&#96;c&#96;&#91;d&#93;&#42;e&#42;&#95;f&#95;&#126;g&#126;&#92;h&#36;i&#36;',
    );
    expect(escapeSummaryText('one\n\ntwo\r\nthree')).toBe('one two three');
  });

  it('cuts text by code points and takes the first non-blank line', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abc', 4)).toBe('abc');
    expect(truncateText('😀😀😀😀😀', 3)).toBe('😀😀…');
    expect(firstLine('\n  first  \nsecond')).toBe('first');
    expect(firstLine(undefined)).toBe('');
  });
});
