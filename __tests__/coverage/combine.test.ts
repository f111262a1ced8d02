/**
 * The acceptance test of the coverage merge: for a small project, the coverage combined from N
 * shards equals, line for line, the coverage of one unsharded run. The data comes from the real
 * tools (coverage.py + pytest, node's test runner, c8), and the shards run in different checkout
 * folders than the merge, as they do on other runners.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import libCoverage from 'istanbul-lib-coverage';
import type { CoverageMapData } from 'istanbul-lib-coverage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  combineCoverage,
  CoverageError,
  type CombineCoverageRequest,
} from '../../src/coverage/combine.js';
import { parseCobertura } from '../../src/coverage/cobertura.js';
import { parseLcov, type LcovFile } from '../../src/coverage/lcov.js';
import { RecordingLogger } from '../helpers/logger.js';
import { findPython } from '../helpers/python.js';

const FIXTURES = resolve(__dirname, '../fixtures/coverage');

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'evenshard-coverage-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of a fixture project at `<scratch>/<where>/<name>`: each shard gets its own checkout. */
function checkout(project: string, where: string): string {
  const dir = join(scratch, where, project);
  cpSync(join(FIXTURES, project), dir, { recursive: true });
  return dir;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, okStatus = [0]) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  if (!okStatus.includes(result.status ?? -1)) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`,
    );
  }
  return result;
}

function request(
  overrides: Partial<CombineCoverageRequest> &
    Pick<CombineCoverageRequest, 'kind' | 'shardDirs' | 'root'>,
) {
  const log = new RecordingLogger();
  return { log, request: { outDir: mkdtempSync(join(scratch, 'out-')), log, ...overrides } };
}

/** The first interpreter that can run both pytest and coverage (in CI, one must exist). */
const withCoverage = findPython({ coverage: true });
const python = withCoverage?.coverageVersion ? withCoverage.executable : undefined;

interface CoveragePyFile {
  executed_lines: number[];
  missing_lines: number[];
  excluded_lines: number[];
  executed_branches?: number[][];
  missing_branches?: number[][];
  summary: unknown;
}

describe.skipIf(python === undefined)(
  'coverage.py (needs EVENSHARD_PYTHON, /usr/bin/python3 or python3 with pytest and coverage)',
  () => {
    const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', COVERAGE_FILE: undefined };
    let reference: { files: Record<string, CoveragePyFile>; totals: Record<string, number> };
    let referenceXml: string;
    let root: string;
    const shardDirs: string[] = [];
    const coberturaDirs: string[] = [];
    const shardTests = [['tests/test_arith.py'], ['tests/test_text.py'], ['tests/test_mixed.py']];

    beforeAll(() => {
      root = checkout('py-project', 'merge-checkout');
      run(python!, ['-m', 'coverage', 'run', '-m', 'pytest', '-q', 'tests'], root, env);
      // The project sets fail_under = 100, so the report commands exit 2: the files are written.
      run(python!, ['-m', 'coverage', 'json', '-o', 'reference.json'], root, env, [0, 2]);
      run(python!, ['-m', 'coverage', 'xml', '-o', 'reference.xml'], root, env, [0, 2]);
      reference = JSON.parse(readFileSync(join(root, 'reference.json'), 'utf8'));
      referenceXml = readFileSync(join(root, 'reference.xml'), 'utf8');
      rmSync(join(root, '.coverage'));

      for (const [index, tests] of shardTests.entries()) {
        const shard = index + 1;
        // Shard 1 ran in the merge job's own checkout folder (the usual case on GitHub), the
        // others elsewhere.
        const shardCheckout = shard === 1 ? root : checkout('py-project', `runner-${shard}/work`);
        const dir = join(scratch, 'py-artifacts', `shard-${shard}`);
        mkdirSync(dir, { recursive: true });
        // Shard 2 writes a parallel-mode file (.coverage.<host>.<pid>.<random>), as pytest-cov
        // and `coverage run -p` do; the others a plain .coverage.
        const parallel = shard === 2 ? ['-p'] : [];
        const shardEnv = { ...env, COVERAGE_FILE: join(dir, '.coverage') };
        run(
          python!,
          ['-m', 'coverage', 'run', ...parallel, '-m', 'pytest', '-q', ...tests],
          shardCheckout,
          shardEnv,
        );
        shardDirs.push(dir);

        const coberturaDir = join(scratch, 'cobertura-artifacts', `shard-${shard}`);
        mkdirSync(coberturaDir, { recursive: true });
        if (shard === 2) run(python!, ['-m', 'coverage', 'combine'], shardCheckout, shardEnv);
        run(
          python!,
          ['-m', 'coverage', 'xml', '-o', join(coberturaDir, 'coverage.xml')],
          shardCheckout,
          shardEnv,
          [0, 2],
        );
        coberturaDirs.push(coberturaDir);
      }
    });

    it('combines shards from other checkouts into exactly the unsharded coverage', async () => {
      const missing = join(scratch, 'py-artifacts', 'shard-4');
      mkdirSync(missing, { recursive: true });
      const { log, request: req } = request({
        kind: 'coverage.py',
        shardDirs: [...shardDirs, missing],
        root,
        python: python!,
      });
      const combined = await combineCoverage(req);

      const json = JSON.parse(readFileSync(join(req.outDir, 'coverage.json'), 'utf8'));
      expect(Object.keys(json.files).sort()).toEqual(Object.keys(reference.files).sort());
      for (const [path, file] of Object.entries(reference.files)) {
        const got = json.files[path] as CoveragePyFile;
        expect(got.executed_lines, path).toEqual(file.executed_lines);
        expect(got.missing_lines, path).toEqual(file.missing_lines);
        expect(got.excluded_lines, path).toEqual(file.excluded_lines);
        expect(got.executed_branches, path).toEqual(file.executed_branches);
        expect(got.missing_branches, path).toEqual(file.missing_branches);
        expect(got.summary, path).toEqual(file.summary);
      }
      expect(json.totals).toEqual(reference.totals);
      // A module no test imports is reported (at 0%) by both, thanks to [run] source.
      expect(reference.files['calc/unused.py']?.executed_lines).toEqual([]);

      expect(combined.totalPercent).toBe(reference.totals.percent_covered);
      expect(combined.linesCovered).toBe(reference.totals.covered_lines);
      expect(combined.linesTotal).toBe(reference.totals.num_statements);
      expect(combined.files.map((f) => f.path)).toEqual(Object.keys(reference.files).sort());
      expect(combined.reportFiles.map((f) => f.slice(req.outDir.length + 1))).toEqual([
        '.coverage',
        'coverage.json',
        'coverage.xml',
      ]);
      expect(combined.shardsWithoutData).toEqual(['shard-4']);
      expect(log.warnings).toHaveLength(1);
      expect(log.warnings[0]).toContain('shard-4');
      // The scratch copies of the shards' files are gone; only the reports remain.
      expect(
        spawnSync('ls', ['-A', req.outDir], { encoding: 'utf8' })
          .stdout.split('\n')
          .filter(Boolean)
          .sort(),
      ).toEqual(['.coverage', 'coverage.json', 'coverage.xml']);
    });

    it('maps the paths of a shard that ran on Windows', async () => {
      const dir = join(scratch, 'py-windows', 'shard-1');
      mkdirSync(dir, { recursive: true });
      const script = [
        'import sys',
        'from coverage import CoverageData',
        'data = CoverageData(basename=sys.argv[1])',
        "data.add_arcs({'D:\\\\a\\\\app\\\\app\\\\calc\\\\arith.py': [(-1, 1), (1, 2), (2, -1)]})",
        'data.write()',
      ].join('\n');
      run(python!, ['-c', script, join(dir, '.coverage')], dir, env);
      const { log, request: req } = request({
        kind: 'coverage.py',
        shardDirs: [dir],
        root,
        python: python!,
      });
      const combined = await combineCoverage(req);
      expect(combined.files.map((f) => [f.path, f.covered])).toEqual([['calc/arith.py', 2]]);
      expect(log.lines.join('\n')).toContain('recorded under D:\\a\\app\\app\\ onto');
    });

    it('fails loudly when a file looks like coverage data but is not', async () => {
      const dir = join(scratch, 'py-bogus', 'shard-1');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '.coverage'), 'this is not SQLite');
      const { log, request: req } = request({
        kind: 'coverage.py',
        shardDirs: [dir],
        root,
        python: python!,
      });
      await expect(combineCoverage(req)).rejects.toThrow(CoverageError);
      await expect(combineCoverage(req)).rejects.toThrow(/no usable coverage\.py coverage data/);
      expect(log.warnings.join('\n')).toContain('shard-1/.coverage is not a coverage.py data file');
    });

    it('names the interpreter when it cannot run coverage.py', async () => {
      const { request: req } = request({
        kind: 'coverage.py',
        shardDirs,
        root,
        python: join(scratch, 'no-such-python'),
      });
      await expect(combineCoverage(req)).rejects.toThrow(/no-such-python was not found/);
    });

    it('merges Cobertura XML from other checkouts into the unsharded per-line coverage', async () => {
      const { log, request: req } = request({ kind: 'cobertura', shardDirs: coberturaDirs, root });
      const combined = await combineCoverage(req);
      expect(log.warnings).toEqual([]);

      const expected = parseCobertura(referenceXml);
      const got = parseCobertura(readFileSync(join(req.outDir, 'coverage.xml'), 'utf8'));
      // coverage.py writes filenames relative to its <source> (here root/calc), evenshard
      // relative to the checkout: compare checkout-relative paths.
      const lineSets = (report: ReturnType<typeof parseCobertura>) =>
        Object.fromEntries(
          report.classes.map((c) => [
            relative(root, join(report.sources[0]!, c.filename)),
            {
              lines: [...c.lines.keys()].sort((a, b) => a - b),
              covered: [...c.lines]
                .filter(([, l]) => l.hits > 0)
                .map(([n]) => n)
                .sort((a, b) => a - b),
              branches: [...c.lines]
                .filter(([, l]) => l.branch)
                .map(([n, l]) => [n, l.branch!.covered, l.branch!.total])
                .sort((a, b) => a[0]! - b[0]!),
            },
          ]),
        );
      expect(lineSets(got)).toEqual(lineSets(expected));
      expect(combined.linesCovered).toBe(reference.totals.covered_lines);
      expect(combined.linesTotal).toBe(reference.totals.num_statements);
    });
  },
);

describe('lcov from node:test', () => {
  const tests = ['test/math.test.mjs', 'test/text.test.mjs', 'test/format.test.mjs'];
  // Node must not inherit the test runner's own instrumentation or options.
  const env = { ...process.env, NODE_OPTIONS: undefined, NODE_V8_COVERAGE: undefined };
  let root: string;
  let reference: LcovFile[];
  const shardDirs: string[] = [];

  function nodeCoverage(cwd: string, destination: string, files: string[]) {
    mkdirSync(join(destination, '..'), { recursive: true });
    run(
      process.execPath,
      [
        '--test',
        '--experimental-test-coverage',
        '--test-reporter=lcov',
        `--test-reporter-destination=${destination}`,
        ...files,
      ],
      cwd,
      env,
    );
  }

  beforeAll(() => {
    root = checkout('js-project', 'lcov-merge');
    nodeCoverage(root, join(scratch, 'lcov-reference', 'lcov.info'), tests);
    reference = parseLcov(readFileSync(join(scratch, 'lcov-reference', 'lcov.info'), 'utf8'));
    for (const [index, test] of tests.entries()) {
      const shard = index + 1;
      const shardCheckout = checkout('js-project', `lcov-runner-${shard}`);
      const dir = join(scratch, 'lcov-artifacts', `shard-${shard}`);
      const info = join(dir, 'coverage', 'lcov.info');
      nodeCoverage(shardCheckout, info, [test]);
      if (shard === 2) {
        // istanbul's lcov reporter (Jest, c8) records absolute paths of the shard's checkout.
        const text = readFileSync(info, 'utf8').replace(/^SF:/gm, `SF:${shardCheckout}/`);
        writeFileSync(info, text);
      }
      shardDirs.push(dir);
    }
  });

  const view = (files: LcovFile[]) =>
    Object.fromEntries(
      files.map((f) => [
        f.path,
        {
          lines: [...f.lines.keys()].sort((a, b) => a - b),
          covered: [...f.lines]
            .filter(([, h]) => h > 0)
            .map(([l]) => l)
            .sort((a, b) => a - b),
          functionsHit: [...f.functions.values()]
            .filter((fn) => fn.hits > 0)
            .map((fn) => fn.name)
            .sort(),
          functions: [...f.functions.keys()].sort(),
        },
      ]),
    );

  it('combines shards into exactly the lines and functions of the unsharded run', async () => {
    expect(readFileSync(join(shardDirs[1]!, 'coverage', 'lcov.info'), 'utf8')).toContain(
      `SF:${scratch}`,
    );
    const { log, request: req } = request({ kind: 'lcov', shardDirs, root });
    const combined = await combineCoverage(req);
    expect(log.warnings).toEqual([]);

    const merged = parseLcov(readFileSync(join(req.outDir, 'lcov.info'), 'utf8'));
    expect(view(merged)).toEqual(view(reference));
    const referenceCovered = reference.reduce(
      (n, f) => n + [...f.lines.values()].filter((h) => h > 0).length,
      0,
    );
    const referenceTotal = reference.reduce((n, f) => n + f.lines.size, 0);
    expect(combined.linesCovered).toBe(referenceCovered);
    expect(combined.linesTotal).toBe(referenceTotal);
    expect(combined.totalPercent).toBeCloseTo((referenceCovered / referenceTotal) * 100, 10);
    expect(combined.files.map((f) => f.path)).toEqual(reference.map((f) => f.path).sort());
  });

  it('writes the same report whatever the order of the shards', async () => {
    const a = request({ kind: 'lcov', shardDirs, root }).request;
    const b = request({ kind: 'lcov', shardDirs: [...shardDirs].reverse(), root }).request;
    await combineCoverage(a);
    await combineCoverage(b);
    expect(readFileSync(join(b.outDir, 'lcov.info'), 'utf8')).toBe(
      readFileSync(join(a.outDir, 'lcov.info'), 'utf8'),
    );
  });

  it('ignores data that links outside the shard folder', async () => {
    const dir = join(scratch, 'lcov-escape', 'shard-9');
    mkdirSync(join(dir, 'coverage'), { recursive: true });
    symlinkSync(join(shardDirs[0]!, 'coverage', 'lcov.info'), join(dir, 'coverage', 'lcov.info'));
    const { log, request: req } = request({ kind: 'lcov', shardDirs: [shardDirs[0]!, dir], root });
    const combined = await combineCoverage(req);
    expect(combined.shardsWithoutData).toEqual(['shard-9']);
    expect(log.warnings.join('\n')).toContain('shard-9');
  });
});

describe('istanbul coverage-final.json (from c8, see fixtures README)', () => {
  const root = join(FIXTURES, 'js-project');
  const shardDirs = [1, 2, 3].map((n) => join(FIXTURES, 'istanbul', `shard-${n}`));

  it('combines shards recorded in three checkouts into exactly the unsharded coverage', async () => {
    const { log, request: req } = request({ kind: 'istanbul', shardDirs, root });
    const combined = await combineCoverage(req);
    expect(log.warnings).toEqual([]);

    const unsharded = JSON.parse(
      readFileSync(
        join(FIXTURES, 'istanbul', 'unsharded', 'coverage', 'coverage-final.json'),
        'utf8',
      ),
    ) as CoverageMapData;
    const expected = libCoverage.createCoverageMap(unsharded);
    const got = libCoverage.createCoverageMap(
      JSON.parse(readFileSync(join(req.outDir, 'coverage-final.json'), 'utf8')) as CoverageMapData,
    );
    const view = (map: typeof got, prefix: string) =>
      Object.fromEntries(
        map.files().map((path) => {
          const fc = map.fileCoverageFor(path);
          const lines = fc.getLineCoverage();
          return [
            path.slice(prefix.length),
            {
              lines: Object.keys(lines).map(Number),
              covered: Object.entries(lines)
                .filter(([, h]) => h > 0)
                .map(([l]) => Number(l)),
              statements: Object.entries(fc.s).filter(([, h]) => h > 0).length,
              functions: Object.values(fc.f).filter((h) => h > 0).length,
              // Not branches: V8-based tools (c8, Vitest's v8 provider) only report the blocks
              // each process ran, so every shard has its own branch map (see docs/coverage.md).
            },
          ];
        }),
      );
    expect(view(got, root + '/')).toEqual(view(expected, '/ref/'));
    const summary = expected.getCoverageSummary().lines;
    expect(combined.linesCovered).toBe(summary.covered);
    expect(combined.linesTotal).toBe(summary.total);
    expect(combined.files.map((f) => f.path)).toEqual([
      'src/format.mjs',
      'src/math.mjs',
      'src/text.mjs',
    ]);
  });

  it('carries on without a shard that uploaded no coverage, naming it', async () => {
    const empty = join(scratch, 'istanbul-empty', 'shard-4');
    mkdirSync(empty, { recursive: true });
    const { log, request: req } = request({
      kind: 'istanbul',
      shardDirs: [...shardDirs, empty],
      root,
    });
    const combined = await combineCoverage(req);
    expect(combined.shardsWithoutData).toEqual(['shard-4']);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/no usable istanbul coverage data from shard-4/);
  });
});

describe('no coverage data at all', () => {
  it.each(['coverage.py', 'lcov', 'istanbul', 'cobertura'] as const)(
    '%s: throws a CoverageError naming what was searched',
    async (kind) => {
      const dirs = [
        join(scratch, `nothing-${kind}`, 'shard-1'),
        join(scratch, `nothing-${kind}`, 'shard-2'),
      ];
      for (const dir of dirs) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dirs[0]!, 'unrelated.txt'), 'not coverage');
      const { request: req } = request({ kind, shardDirs: dirs, root: FIXTURES });
      const error = await combineCoverage(req).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoverageError);
      expect((error as Error).message).toContain(`no ${kind} coverage data found`);
      expect((error as Error).message).toContain(dirs[1]);
      expect((error as Error).message).toMatch(/searched \*\*\//);
    },
  );

  it('throws when the files found hold no usable records', async () => {
    const dir = join(scratch, 'garbage', 'shard-1');
    mkdirSync(join(dir, 'coverage'), { recursive: true });
    writeFileSync(join(dir, 'coverage', 'lcov.info'), 'garbage\n');
    writeFileSync(join(dir, 'coverage', 'coverage-final.json'), '{"not": "coverage"}');
    const lcov = request({ kind: 'lcov', shardDirs: [dir], root: FIXTURES });
    await expect(combineCoverage(lcov.request)).rejects.toThrow(/no usable lcov coverage data/);
    expect(lcov.log.warnings.join('\n')).toContain(
      'shard-1/coverage/lcov.info holds no lcov records',
    );
    const istanbul = request({ kind: 'istanbul', shardDirs: [dir], root: FIXTURES });
    await expect(combineCoverage(istanbul.request)).rejects.toThrow(
      /no usable istanbul coverage data/,
    );
    expect(istanbul.log.warnings.join('\n')).toContain('not istanbul file coverage');
  });
});
