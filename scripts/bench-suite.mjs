#!/usr/bin/env node
/**
 * Real-suite benchmark: a generated pytest suite of 4,000 tests (scripts/gen-bench-suite.py) run
 * shard by shard with real pytest, 2/4/8 ways, by evenshard's CLI and by an emulation of
 * pytest-split's `--splits N --group I` (least_duration; every shard collects the whole suite).
 *
 *   node scripts/bench-suite.mjs [--quick] [--repeat K] [--rounds R] [--test-seconds S] [--python PYTHON]
 *                                [--out FILE] [--dist DIR] [--keep]
 *
 * Shards run one after another, never at the same time, so each shard's wall time (process
 * spawn to exit) is measured without interference; the makespan is what N parallel jobs would
 * take. With --repeat K every shard keeps its fastest of K runs. Writes docs/bench-suite.md
 * (not with --quick, a smoke run on a 400-test suite, unless --out is given). Builds its own
 * bundle into a temporary folder (dist/ is left alone) unless --dist names a bundle built by
 * scripts/bundle.mjs.
 * Python: --python, else $EVENSHARD_PYTHON, /usr/bin/python3, python3 — the first with pytest.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  evenshardShardArgv,
  interleavedShards,
  median,
  repeat,
  sum,
  timed as timedRun,
} from './bench-lib.mjs';

const SHARD_COUNTS = [2, 4, 8];
const COLLECT_REPEATS = 3;

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '4' },
    python: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    dist: { type: 'string' },
    'test-seconds': { type: 'string' },
  },
});
const repeats = Number(opts.repeat);
if (!Number.isInteger(repeats) || repeats < 1)
  throw new Error(`--repeat must be a positive integer (got ${opts.repeat})`);
const roundCount = Number(opts.rounds);
if (!Number.isInteger(roundCount) || roundCount < 1)
  throw new Error(`--rounds must be a positive integer (got ${opts.rounds})`);
const testSeconds = opts['test-seconds'] === undefined ? null : Number(opts['test-seconds']);
if (testSeconds !== null && !(testSeconds > 0))
  throw new Error(`--test-seconds must be a positive number (got ${opts['test-seconds']})`);
const outFile = opts.out ?? (opts.quick ? null : path.join(repo, 'docs', 'bench-suite.md'));

const benchStarted = Date.now();
const loadBefore = os.loadavg();
const python = findPython();
const work = mkdtempSync(path.join(os.tmpdir(), 'evenshard-bench-suite-'));
const dist = opts.dist ? path.resolve(opts.dist) : path.join(work, 'dist');
const suite = path.join(work, 'suite');
const logs = path.join(work, 'logs');
mkdirSync(logs);
const cli = path.join(dist, 'cli', 'index.js');
const durationsFile = path.join(work, 'test_durations.json');
/** A test running this much longer than its history is paying a fixture setup charged elsewhere. */
const FIXTURE_JUMP_SECONDS = 0.25;
let historySeconds = null;

try {
  await main();
} finally {
  if (opts.keep) note(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

async function main() {
  note(`python ${python}; work folder ${work}`);
  if (!opts.dist) {
    note('bundling evenshard');
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'bundle.mjs'), dist], {
      cwd: repo,
      stdio: 'inherit',
    });
  }
  const gen = [
    path.join(repo, 'scripts', 'gen-bench-suite.py'),
    suite,
    ...(opts.quick ? ['--quick'] : []),
    ...(testSeconds === null ? [] : ['--test-seconds', String(testSeconds)]),
  ];
  execFileSync(python, gen, { stdio: ['ignore', 'ignore', 'inherit'] });
  const suiteInfo = JSON.parse(readFileSync(path.join(suite, 'suite.json'), 'utf8'));
  note(
    `suite: ${suiteInfo.tests} tests in ${suiteInfo.files} files, ${suiteInfo.testSeconds} s of test time`,
  );

  const pytest = [python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'];
  // Warm-up: the first import writes the bytecode caches (assertion rewriting); no run pays that.
  await timed('warm-up collect', [...pytest, '--collect-only'], { check: [0] });

  // Fixed costs, for the explanation of the overheads.
  const fixed = {
    node: median(
      await repeat(COLLECT_REPEATS, () =>
        timed('node cli --help', [process.execPath, cli, '--help'], { check: [0] }),
      ),
    ),
    pytestStart: median(
      await repeat(COLLECT_REPEATS, () =>
        timed('python -m pytest --version', [python, '-m', 'pytest', '--version'], { check: [0] }),
      ),
    ),
  };
  // Serial: evenshard with one shard gives the serial wall and the timing history.
  const serialStore = path.join(work, 'store-1');
  const [[serial], [plain]] = await interleavedShards(
    1,
    [
      () => evenshardShard(1, 1, serialStore),
      () => timed('plain pytest, serial', pytest, { check: [0] }),
    ],
    repeats,
  );
  // The history is the last serial run's (the store keeps one result per shard).
  await evenshardCli(
    ['merge', '--store', serialStore, '--shards', '1', '--test-durations', durationsFile],
    'merge-1',
  );
  historySeconds = JSON.parse(readFileSync(durationsFile, 'utf8'));
  const plainCount = pytestCounts(plain.stdout);

  const results = [];
  for (const n of SHARD_COUNTS) {
    const store = path.join(work, `store-${n}`);
    mkdirSync(store);
    copyFileSync(path.join(serialStore, 'history.json'), path.join(store, 'history.json'));
    // Rounds: every shard runs, then the merge rolls what they measured into the store's history,
    // which the next round plans with: the cost model learns from round to round. The last round
    // is the one compared with the pytest-split emulation, interleaved shard by shard so that a
    // change in the machine's load hits both methods alike; with --repeat K each of its shards
    // keeps its fastest of K runs (other work on the machine only adds time).
    const rounds = [];
    const split = [];
    let even = [];
    let merge = null;
    for (let round = 1; round <= roundCount; round++) {
      const last = round === roundCount;
      const evenshardRun = (shard) => evenshardShard(n, shard, store);
      const [shards, groups] = await interleavedShards(
        n,
        last ? [evenshardRun, (shard) => splitGroup(n, shard)] : [evenshardRun],
        last ? repeats : 1,
      );
      if (last) split.push(...groups);
      merge = await evenshardCli(
        ['merge', '--store', store, '--shards', String(n)],
        `merge-${n}-round-${round}`,
        [0, 1],
      );
      rounds.push({ round, shards, merge });
      if (last) even = shards;
    }
    // Collection alone: rounds of the whole suite then every evenshard shard's selection, so
    // both see the same load; each figure is a median over the rounds.
    const wholeRuns = [];
    const shardRuns = Array.from({ length: n }, () => []);
    for (let round = 0; round < COLLECT_REPEATS; round++) {
      wholeRuns.push(
        await timed('collect whole suite', [...pytest, '--collect-only'], { check: [0] }),
      );
      for (let shard = 1; shard <= n; shard++) {
        const selection = path.join(
          store,
          'work',
          `shard-${shard}`,
          'pytest-results.json.selection.json',
        );
        const env = { PYTHONPATH: path.join(dist, 'pytest'), EVENSHARD_SELECTION: selection };
        shardRuns[shard - 1].push(
          await timed(
            `collect evenshard shard ${shard}/${n}`,
            [...pytest, '--collect-only', '-p', 'evenshard_plugin'],
            {
              env,
              check: [0, 5],
            },
          ),
        );
      }
    }
    const collect = { whole: median(wholeRuns), shards: shardRuns.map(median) };
    results.push({ n, even, split, merge, collect, rounds });
  }

  const machine = machineInfo();
  // A failed check is a result too: it goes into the report, and the exit code says so.
  const problems = checks({ suiteInfo, serial, plainCount, results });
  const report = render({
    suiteInfo,
    serial,
    plain,
    plainCount,
    results,
    fixed,
    machine,
    problems,
  });
  process.stdout.write(report);
  if (outFile) {
    writeFileSync(outFile, report);
    note(`wrote ${path.relative(process.cwd(), outFile)}`);
  }
  for (const problem of problems) process.stderr.write(`bench-suite: ${problem}\n`);
  if (problems.length) process.exitCode = 1;
}

/** One evenshard shard through the CLI; wall = node's spawn to exit. */
async function evenshardShard(n, shard, store) {
  const run = await timed(
    `evenshard ${shard}/${n}`,
    evenshardShardArgv({
      cli,
      n,
      shard,
      store,
      root: suite,
      command: [python, '-m', 'pytest', '-q', '-p', 'no:cacheprovider'],
    }),
    { check: [0] },
  );
  const result = JSON.parse(
    readFileSync(path.join(store, 'results', `shard-${shard}`, 'results.json'), 'utf8'),
  );
  const outcomes = countBy(result.results.map((r) => r.outcome));
  const files = new Set(result.results.map((r) => r.id.split('::', 1)[0]));
  return {
    ...run,
    tests: result.results.length,
    passed: outcomes.passed ?? 0,
    // The test command from the hand-over of its selection to its exit (pytest starts earlier
    // and waits: its start-up overlaps the history fetch and planning).
    pytestSeconds: result.testSeconds,
    beforeHandOverSeconds: (result.phases?.historyFetch ?? 0) + (result.phases?.planning ?? 0),
    // Per file: its tests' own seconds (shared fixtures taken out) and what a visit cost.
    fileSeconds: perFile(result),
    estimatedSeconds: result.estimatedSeconds,
    // Process start → test command exit, as the shard measured it: what a wall prediction predicts.
    wallSeconds: result.wallSeconds ?? null,
    predictsWall: result.predictsWall === true,
    planMakespan: result.makespanSeconds,
    lowerBound: result.lowerBoundSeconds,
    files: files.size,
    // The tests' own seconds (setup + call + teardown), fixtures included: what the plan estimated.
    testsOwnSeconds: sum(result.results.map((r) => r.seconds)),
    // Seconds of single tests that ran far over their history: the first test of a file or of
    // the session that pays a module or session fixture which the history charged elsewhere.
    fixtureJumpSeconds: historySeconds
      ? sum(
          result.results.map((r) => {
            const over = r.seconds - (historySeconds[r.id] ?? r.seconds);
            return over >= FIXTURE_JUMP_SECONDS ? over : 0;
          }),
        )
      : 0,
  };
}

/** Per test file of a shard result: its tests' own seconds and what one visit cost. */
function perFile(result) {
  const files = new Map();
  const slot = (file) => files.get(file) ?? files.set(file, { own: 0, visit: 0 }).get(file);
  for (const t of result.results) {
    slot(t.id.split('::', 1)[0]).own += t.seconds - (t.fixtureSeconds ?? 0);
  }
  for (const [file, paid] of Object.entries(result.costs?.files ?? {})) {
    slot(file).visit += paid.collect + paid.fixtures;
  }
  return files;
}

/** One group of the pytest-split emulation; wall = python's spawn to exit. */
async function splitGroup(n, group) {
  const run = await timed(
    `pytest-split ${group}/${n}`,
    [
      python,
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
      '-p',
      'pytest_split_emulation',
      '--splits',
      String(n),
      '--group',
      String(group),
      // One word: pytest's early pass, which does not know a -p plugin's options yet, takes a
      // separate value word for a test path, moves rootdir up to the common ancestor and so
      // changes every node id (the known pytest-split pitfall); then no duration matches.
      `--durations-path=${durationsFile}`,
    ],
    { env: { PYTHONPATH: path.join(repo, 'scripts') }, check: [0] },
  );
  const counts = pytestCounts(run.stdout);
  const header =
    /\[pytest-split emulation\] Running group .*estimated duration: ([\d.]+)s, (\d+) files/.exec(
      run.stdout,
    );
  return {
    ...run,
    tests: counts.passed + counts.failed + counts.errors,
    passed: counts.passed,
    deselected: counts.deselected,
    estimatedSeconds: header ? Number(header[1]) : NaN,
    files: header ? Number(header[2]) : NaN,
  };
}

async function evenshardCli(args, name, check = [0]) {
  return timed(name, [process.execPath, cli, ...args], { check });
}

/** Runs an argument vector in the suite folder, output to a log file (and kept for parsing). */
function timed(name, argv, { env = {}, check } = {}) {
  const baseEnv = { ...process.env };
  delete baseEnv.EVENSHARD_SELECTION;
  delete baseEnv.EVENSHARD_RESULTS;
  const mergedEnv = { ...baseEnv, ...env };
  if (env.PYTHONPATH && process.env.PYTHONPATH)
    mergedEnv.PYTHONPATH = `${env.PYTHONPATH}${path.delimiter}${process.env.PYTHONPATH}`;
  return timedRun(name, argv, {
    cwd: suite,
    env: mergedEnv,
    check: check ?? null,
    log: path.join(logs, `${name.replace(/[^\w.-]+/g, '_')}.log`),
    note,
  });
}

function findPython() {
  const candidates = opts.python
    ? [opts.python]
    : [process.env.EVENSHARD_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  for (const candidate of candidates) {
    try {
      execFileSync(candidate, ['-c', 'import pytest'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `no Python with pytest among ${candidates.join(', ')}; set EVENSHARD_PYTHON or --python`,
  );
}

function machineInfo() {
  const py = JSON.parse(
    execFileSync(
      python,
      [
        '-c',
        'import json, platform, pytest; print(json.dumps([platform.python_version(), pytest.__version__]))',
      ],
      { encoding: 'utf8' },
    ),
  );
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--', 'src', 'scripts']) !== '';
  return {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    python: py[0],
    pytest: py[1],
    cpu: `${os.cpus()[0]?.model.trim() ?? 'unknown CPU'} (${os.cpus().length} cores)`,
    os: `${os.type()} ${os.release()}`,
    load: [loadBefore, os.loadavg()],
    commit: commit
      ? `${commit}${dirty ? ' with uncommitted changes in src/ or scripts/' : ''}`
      : 'unknown',
    minutes: (Date.now() - benchStarted) / 60000,
  };
}

/** pytest -q's last line: "500 passed, 3500 deselected in 10.21s". */
function pytestCounts(stdout) {
  const line =
    stdout
      .trim()
      .split('\n')
      .reverse()
      .find((l) => /\d+ (passed|failed|deselected|errors?|tests? collected)/.test(l)) ?? '';
  const num = (re) => Number(re.exec(line)?.[1] ?? 0);
  return {
    passed: num(/(\d+) passed/),
    failed: num(/(\d+) failed/),
    errors: num(/(\d+) errors?/),
    deselected: num(/(\d+) deselected/),
  };
}

function checks({ suiteInfo, serial, plainCount, results }) {
  const problems = [];
  if (serial.passed !== suiteInfo.tests)
    problems.push(`the serial evenshard run passed ${serial.passed} of ${suiteInfo.tests} tests`);
  if (plainCount.passed !== suiteInfo.tests)
    problems.push(`plain pytest passed ${plainCount.passed} of ${suiteInfo.tests} tests`);
  for (const { n, even, split, rounds } of results) {
    const evenPassed = sum(even.map((s) => s.passed));
    const splitPassed = sum(split.map((s) => s.passed));
    if (evenPassed !== suiteInfo.tests)
      problems.push(
        `evenshard N=${n}: ${evenPassed} tests passed, the suite has ${suiteInfo.tests}`,
      );
    if (splitPassed !== suiteInfo.tests)
      problems.push(
        `pytest-split emulation N=${n}: ${splitPassed} tests passed, the suite has ${suiteInfo.tests}`,
      );
    const splitEstimate = sum(split.map((x) => x.estimatedSeconds));
    // The history's test time: evenshard's shard estimates also hold each shard's fixed cost.
    const historyTotal = sum(Object.values(historySeconds ?? {}));
    if (!(Math.abs(splitEstimate - historyTotal) <= 0.05 * historyTotal)) {
      problems.push(
        `pytest-split emulation N=${n}: its groups' estimates add up to ${splitEstimate} s, the history to ${historyTotal} s: did it read the durations?`,
      );
    }
    for (const { round, merge } of rounds)
      if (merge.code !== 0)
        problems.push(
          `evenshard merge N=${n} round ${round} exited ${merge.code}: it could not prove every test ran once`,
        );
  }
  return problems;
}

function render({ suiteInfo, serial, plain, plainCount, results, fixed, machine, problems }) {
  const s = (x) => x.toFixed(1);
  const r = (x) => x.toFixed(2);
  const serialWall = serial.seconds;
  const wholeCollectS = median(results.map((x) => x.collect.whole));
  const lines = [
    '# Real-suite benchmark',
    '',
    'Generated by `node scripts/bench-suite.mjs` (part of `npm run bench`) — do not edit by hand.',
    '',
    `- Date: ${machine.date}; evenshard ${machine.commit}${opts.dist ? ` (bundle given with --dist)` : ''}`,
    `- Machine: ${machine.cpu}, ${machine.os}; Node ${machine.node}, Python ${machine.python}, pytest ${machine.pytest}`,
    `- Load average (1 min) before / after: ${r(machine.load[0][0])} / ${r(machine.load[1][0])} — the machine is shared and other work only ever adds time: with one run per shard, compare single shards with care (see \`--repeat\`)`,
    `- Command: \`${nodeCommand()} scripts/bench-suite.mjs${process.argv
      .slice(2)
      .filter((a) => a !== '--keep')
      .map((a) => ` ${a}`)
      .join('')}\`; ` +
      `whole benchmark ${machine.minutes.toFixed(1)} minutes${opts.quick ? ' (`--quick`: the small smoke suite)' : ''}`,
    '',
    ...(problems.length
      ? ['**Checks that failed in this run:**', '', ...problems.map((p) => `- ${p}`), '']
      : []),
    '## The suite',
    '',
    `Generated by \`scripts/gen-bench-suite.py\` (seed ${suiteInfo.seed}; not committed): ${suiteInfo.tests.toLocaleString('en-US')} tests in ` +
      `${suiteInfo.files} files under ${suiteInfo.packages} nested packages — plain tests, parametrized tests and test classes; ` +
      `${suiteInfo.moduleFixtureFiles} files have an autouse module-scoped fixture with a setup cost (paid again by every shard that runs part of the file), ` +
      `and a session fixture costs every pytest process ${suiteInfo.sessionSetupSeconds} s. Tests sleep, so two cores are not the bottleneck: ` +
      `${suiteInfo.testSeconds} s of test time with log-normal durations. Importing the suite costs ${suiteInfo.importSeconds} s of sleeps ` +
      `(40 ms for the shared helper package, a few ms per test module) plus pytest's own collection work. ` +
      `The slowest files hold ${suiteInfo.topFileShares.map(([, share]) => `${(share * 100).toFixed(1)} %`).join(', ')} of the test time, ` +
      'like the real timing files in `../shared/bench/durations` (17–71 % in the largest file).',
    '',
    '## Method',
    '',
    '1. Serial: `evenshard run --shards 1 --shard 1` (the denominator, **serial wall**), then `evenshard merge --test-durations` ' +
      'writes the history and the same durations as pytest-split’s `.test_durations`. Plain `pytest` without evenshard is timed too.',
    `2. For N = 2, 4, 8, in ${roundCount} rounds, every shard runs on its own, one after another, with the store's history: ` +
      '`node dist/cli/index.js run --shards N --shard I --store DIR -- python -m pytest -q -p no:cacheprovider`, ' +
      'and `evenshard merge --store DIR` then checks that every test ran exactly once and writes the history the next round plans with.',
    '3. Baseline, *plain `--splits/--group` splitting*: `python -m pytest -q -p no:cacheprovider -p pytest_split_emulation --splits N --group I`. ' +
      'pytest-split cannot be installed here (no PyPI), so `scripts/pytest_split_emulation.py` **emulates** it: its ' +
      '[`least_duration` algorithm](https://github.com/jerry-git/pytest-split/blob/master/src/pytest_split/algorithms.py) over the same durations, ' +
      'applied in `pytest_collection_modifyitems` after every shard has collected (imported) the whole suite, as pytest-split does.',
    '4. Shards of the two methods alternate, so a change in the machine’s load hits both alike. A shard’s wall time is its whole process, spawn to exit ' +
      '(for evenshard that includes Node, discovery, planning and writing results)' +
      (repeats > 1
        ? `; every serial run and every shard ran ${repeats} times and the fastest run counts (other work on the machine only adds time).`
        : '; each shard ran once.'),
    '',
    '## Results',
    '',
    `Serial wall: **${s(serialWall)} s** through evenshard (\`--shards 1\`), ${s(plain.seconds)} s as plain \`pytest\` (${plainCount.passed} passed).`,
    '',
    '| N | method | each shard’s wall (s) | makespan (s) | serial ÷ N (s) | makespan ÷ (serial ÷ N) | runner seconds (sum) | file visits | load at starts |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { n, even, split } of results) {
    for (const [method, shards] of [
      ['evenshard', even],
      ['pytest-split emulation', split],
    ]) {
      const walls = shards.map((x) => x.seconds);
      const makespan = Math.max(...walls);
      const loads = shards.map((x) => x.load);
      lines.push(
        `| ${n} | ${method} | ${walls.map(s).join(', ')} | ${s(makespan)} | ${s(serialWall / n)} | **${r(makespan / (serialWall / n))}** | ${s(sum(walls))} | ${sum(shards.map((x) => x.files))} | ${s(Math.min(...loads))}–${s(Math.max(...loads))} |`,
      );
    }
  }
  lines.push(
    '',
    '### Predicted against actual wall, round by round',
    '',
    `Each round runs every shard and merges, and the next round plans with the history that merge wrote (the serial run's history first), so the cost model learns: ` +
      'every file a shard visits costs its import and module fixtures, every test the runner’s own per-test time, every shard its fixed cost (Node, discovery, planning, Python and pytest start, the session fixture). ' +
      '*Predicted*: the plan’s estimate for the shard; *actual*: the shard’s own measure, process start → test command exit (writing its results comes after). ' +
      `The last round is the one in the table above${repeats > 1 ? ` (fastest of ${repeats} runs per shard)` : ''}.`,
    '',
    '| N | round | makespan (s) | makespan ÷ (serial ÷ N) | plan’s floor ÷ (serial ÷ N) | makespan ÷ floor | median \\|predicted − actual\\| ÷ actual | worst shard | predicted / actual per shard (s) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const { n, rounds } of results) {
    for (const { round, shards } of rounds) {
      const makespan = Math.max(...shards.map((x) => x.seconds));
      const errors = shards
        .filter((x) => x.wallSeconds)
        .map((x) => Math.abs(x.estimatedSeconds - x.wallSeconds) / x.wallSeconds);
      const pct = (x) => `${(x * 100).toFixed(1)} %`;
      const pairs = shards
        .map((x) => `${s(x.estimatedSeconds)}/${s(x.wallSeconds ?? NaN)}`)
        .join(', ');
      const planned = shards.every((x) => x.predictsWall) ? '' : ' (no cost model yet)';
      // The plan's lower bound counts every shard's fixed cost (Python and pytest start, the
      // session fixture, Node, planning) once per shard: no split of the tests gets below it.
      const floorCell = (all, count, over) => {
        const floor = Math.max(...all.map((x) => x.lowerBound ?? NaN));
        if (!all.every((x) => x.predictsWall) || !Number.isFinite(floor)) return '–';
        return r(over === undefined ? floor / (serialWall / count) : over / floor);
      };
      lines.push(
        `| ${n} | ${round}${planned} | ${s(makespan)} | ${r(makespan / (serialWall / n))} | ${floorCell(shards, n)} | ${floorCell(shards, n, makespan)} | **${errors.length ? pct(median(errors)) : '–'}** | ${errors.length ? pct(Math.max(...errors)) : '–'} | ${pairs} |`,
      );
    }
  }
  lines.push(
    '',
    `*File visits*: test files run per shard, summed over the shards (the suite has ${suiteInfo.files}); every visit beyond the first imports the file ` +
      'again and pays its module fixture again. *Load at starts*: the 1-minute load average when the shards started (2 cores; other work shares the machine).',
    '',
    '### Collection',
    '',
    `Process wall of \`pytest --collect-only -q\`, median of ${COLLECT_REPEATS} rounds: the whole suite takes **${r(wholeCollectS)} s** — what every pytest-split shard ` +
      'pays before its first test. An evenshard shard imports only its own files (the plugin’s `pytest_ignore_collect`):',
    '',
    '| N | evenshard shards, collect-only (s): min / median / max | whole suite, same rounds (s) |',
    '| ---: | --- | ---: |',
  );
  for (const { n, collect } of results) {
    const t = collect.shards;
    lines.push(
      `| ${n} | ${r(Math.min(...t))} / ${r(median(t))} / ${r(Math.max(...t))} | ${r(collect.whole)} |`,
    );
  }
  lines.push(
    '',
    '### Where evenshard’s time goes',
    '',
    `Fixed costs on this machine (median of ${COLLECT_REPEATS}): starting Node and loading the bundle (\`evenshard --help\`) ${r(fixed.node)} s; ` +
      `starting Python and pytest (\`pytest --version\`) ${r(fixed.pytestStart)} s. Per shard: the plan’s estimate; the history fetch and planning, ` +
      'while pytest starts and waits for its selection; the test command from the hand-over to its exit; and the rest (starting Node, writing results):',
    '',
    '| N | shard | tests | files | plan estimate (s) | tests’ own seconds (s) | history + planning, pytest starting (s) | pytest after the hand-over (s) | Node start, results (s) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const { n, even } of [{ n: 1, even: [serial] }, ...results]) {
    even.forEach((x, i) => {
      // The serial run had no history: its estimate is the test-count proxy, not seconds.
      const estimate = n === 1 ? '– (no history)' : s(x.estimatedSeconds);
      lines.push(
        `| ${n} | ${i + 1} | ${x.tests} | ${x.files} | ${estimate} | ${s(x.testsOwnSeconds)} | ${r(x.beforeHandOverSeconds)} | ${s(x.pytestSeconds)} | ${r(x.seconds - x.pytestSeconds - x.beforeHandOverSeconds)} |`,
      );
    });
  }
  lines.push(
    '',
    '*Tests’ own seconds* add up setup, call and teardown of the shard’s tests as pytest reports them, so a module or session fixture counts ' +
      'where it ran; the history charges it to the first test that used it in the serial run. *pytest after the hand-over* adds what is left of ' +
      'Python’s start once the plan is ready, collection and reporting.',
  );
  lines.push(
    '',
    '## Findings',
    '',
    ...findings({ suiteInfo, serial, plain, results, wholeCollectS, fixed }),
    '',
  );
  lines.push(
    '## Reproduce',
    '',
    '```sh',
    'node scripts/bench-suite.mjs              # 4 rounds, one run per shard; writes docs/bench-suite.md',
    'node scripts/bench-suite.mjs --rounds 3   # fewer rounds (the prediction criterion needs 3)',
    'node scripts/bench-suite.mjs --repeat 2   # fastest of 2 runs per shard, less noise, about twice as long',
    'node scripts/bench-suite.mjs --quick      # smoke run on a 400-test suite, prints only',
    'node scripts/bench-suite.mjs --test-seconds 180 --out docs/bench-suite-long.md   # the same suite with 3× the test time',
    `.ci/node24/node_modules/node-${process.platform}-${process.arch}/bin/node scripts/bench-suite.mjs --rounds 3   # on Node 24, the action's runtime (.ci/run installs it)`,
    '```',
    '',
    'Needs Python with pytest (`--python`, `$EVENSHARD_PYTHON`, `/usr/bin/python3` or `python3`).',
    '',
  );
  return lines.join('\n');
}

/** The Node this ran on as a command: `node`, or the repository's own Node 24 (.ci/node24). */
function nodeCommand() {
  const inRepo = path.relative(repo, process.execPath);
  return inRepo.startsWith('..') || path.isAbsolute(inRepo) ? 'node' : inRepo;
}

/** Sentences computed from the numbers, so a re-run cannot leave them stale. */
function findings({ suiteInfo, serial, plain, results, wholeCollectS, fixed }) {
  const out = [];
  const pct = (x) => `${(x * 100).toFixed(0)} %`;
  const f1 = (x) => x.toFixed(1);
  for (const { n, even, split } of results) {
    const em = Math.max(...even.map((x) => x.seconds));
    const sm = Math.max(...split.map((x) => x.seconds));
    const ideal = serial.seconds / n;
    const verdict =
      em < sm
        ? `evenshard’s slowest shard is ${pct(1 - em / sm)} shorter than the emulated pytest-split’s (${f1(em)} s vs ${f1(sm)} s)`
        : `evenshard’s slowest shard is **${pct(em / sm - 1)} longer** than the emulated pytest-split’s (${f1(em)} s vs ${f1(sm)} s)`;
    // The estimate predicts the shard's wall once the history has costs (predictsWall): compare
    // it with the measured wall. Before that it is a sum of test durations, which runs over by
    // the fixture setup the history charged to a test this shard did not run.
    const byWall = even.every((x) => x.predictsWall && x.wallSeconds !== null);
    const misses = even.map((x) =>
      byWall
        ? Math.abs(x.estimatedSeconds - x.wallSeconds) / x.wallSeconds
        : x.testsOwnSeconds - x.estimatedSeconds,
    );
    const worst = even[misses.indexOf(Math.max(...misses))];
    const estimateSentence = byWall
      ? `its furthest wall prediction was shard ${even.indexOf(worst) + 1}: ${f1(worst.estimatedSeconds)} s predicted, ` +
        `${f1(worst.wallSeconds)} s measured (${pct(Math.max(...misses))} off). `
      : `its worst estimate was shard ${even.indexOf(worst) + 1}: ` +
        `${f1(worst.estimatedSeconds)} s planned, ${f1(worst.testsOwnSeconds)} s of test time measured, ` +
        `${f1(worst.fixtureJumpSeconds)} s of it in tests that ran ≥ ${FIXTURE_JUMP_SECONDS} s over their history (fixture setup charged to another test). `;
    out.push(
      `- N=${n}: ${verdict}; ${pct(em / ideal - 1)} above serial ÷ N (pytest-split: ${pct(sm / ideal - 1)}). ` +
        `evenshard’s shards span ${f1(Math.min(...even.map((x) => x.seconds)))}–${f1(em)} s; ` +
        estimateSentence +
        `Runner seconds beyond the serial run: evenshard ${f1(sum(even.map((x) => x.seconds)) - serial.seconds)}, ` +
        `pytest-split ${f1(sum(split.map((x) => x.seconds)) - serial.seconds)}. ` +
        `File visits: evenshard ${sum(even.map((x) => x.files))}, pytest-split ${sum(split.map((x) => x.files))} (of ${suiteInfo.files} files).`,
    );
  }
  out.push(
    `- Every pytest-split shard re-imports the whole suite (${wholeCollectS.toFixed(2)} s of collection here) and, splitting per test, ` +
      'runs part of most files, paying their module fixtures again; evenshard imports only its own files and splits a file only where balance needs it.',
    `- evenshard with one shard took ${f1(serial.seconds)} s, plain pytest ${f1(plain.seconds)} s. evenshard adds Node, discovery, planning, ` +
      `the plugin’s bookkeeping and the JUnit report. Outside the test command after its hand-over, a shard spent ${f1(median(results.flatMap((x) => x.even.map((e) => e.seconds - e.pytestSeconds))))} s ` +
      `(median), ${f1(median(results.flatMap((x) => x.even.map((e) => e.beforeHandOverSeconds))))} s of it fetching the history and planning while pytest started; ` +
      'every shard pays that again, so it weighs more as N grows and shards shrink.',
    '- *Plan’s floor*: the plan’s lower bound, (predicted work of the whole suite + N × each shard’s fixed cost) ÷ N, with the fixed cost the history learned ' +
      '(process start, the session fixture, Node and planning). A serial run pays that cost once; N shards pay it N times, so on a short suite no split reaches ' +
      'serial ÷ N: *makespan ÷ floor* is how close the shards came to what splitting can do, the rest is per-process cost.',
    // What no splitter avoids: each shard is one more pytest process with its own session.
    perProcessBound(serial, fixed.pytestStart + suiteInfo.sessionSetupSeconds, results),
    `- The suite is compressed (${f1(serial.seconds / 60)} minutes serial; a real one takes tens of minutes), so fixed per-process costs — Python and Node start-up, the session ` +
      'fixture, collection — weigh far more in these ratios than they would in CI, for both methods.',
  );
  return out;
}

/**
 * The best ratio any splitter can reach. A serial run starts Python and pytest and runs the
 * session fixture once; N shards do it N times. And a file whose tests alone take longer than the
 * makespan M must be split into at least ceil(own ÷ M) parts, each paying the file's import and
 * module fixtures again. So M ≥ (serial + (N − 1) × perProcess + Σ extra visits) ÷ N, and the
 * extra visits shrink as M grows: the least M that satisfies it is a lower bound for any plan.
 */
function perProcessBound(serial, perProcess, results) {
  const files = [...serial.fileSeconds.values()];
  const bestMakespan = (n) => {
    const need = (m) =>
      (serial.seconds +
        (n - 1) * perProcess +
        files.reduce((sum, f) => sum + (Math.ceil(f.own / m) - 1) * f.visit, 0)) /
      n;
    let m = serial.seconds / n;
    // need() falls as m rises; step up to where m covers it (a few steps of 1 ms at most 10,000).
    for (let step = 0; step < 100_000 && m < need(m); step++) m = Math.min(need(m), m + 0.001);
    return m;
  };
  const bounds = results.map(({ n }) => {
    const extra = files.reduce(
      (sum, f) => sum + Math.max(0, Math.ceil(f.own / bestMakespan(n)) - 1),
      0,
    );
    return `N=${n} ${(bestMakespan(n) / (serial.seconds / n)).toFixed(3)}${extra ? ` (${extra} extra file visit${extra > 1 ? 's' : ''})` : ''}`;
  });
  return (
    `- *What no split avoids*: every shard starts Python and pytest and runs the session fixture (${perProcess.toFixed(2)} s here), which the serial run pays once; ` +
    'and a file whose tests alone take longer than the makespan must be split, each extra part importing the file and paying its module fixtures again ' +
    `(as the serial run measured them). The least makespan that covers both, ÷ (serial ÷ N), is the best any splitter can do here, even one that costs nothing itself: ` +
    `${bounds.join(', ')}. The rest of each ratio is evenshard’s own cost per shard (Node, planning, reporting), collection, and shards that came out uneven.`
  );
}

function countBy(values) {
  const counts = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

function note(message) {
  process.stderr.write(`[bench-suite] ${message}\n`);
}
