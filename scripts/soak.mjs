#!/usr/bin/env node
/**
 * The soak (issue 8, "Done when"): many simulated CI runs of a CHANGING pytest suite through the
 * BUILT CLI — `evenshard run` per shard, `evenshard merge --json` — with one local store whose
 * history rolls from run to run. Between runs tests are added, deleted and renamed, files are
 * added, deleted and moved, durations drift; within a run shards crash (SIGKILL, os._exit(0),
 * pytest exit 3), fail and stop early (-x), and one shard is re-run (whole, or `--rerun failed`)
 * before or after a merge; N varies 1…8.
 *
 *   node scripts/soak.mjs [--runs 200] [--seed 1] [--dist dist] [--python PYTHON] [--jobs 1]
 *                         [--out docs/soak.md] [--keep]
 *
 * The truth is an independent recorder: the suite's conftest appends each test's node id to a
 * per-shard, per-attempt log as the test finishes (not evenshard's data). After every merge,
 * scripts/soak-check.mjs compares: either the merge passed, nothing lost or duplicated, and the
 * recorder saw every test of the suite exactly once; or it failed naming EXACTLY the tests the
 * recorder did not see run once. The history's size is recorded per merge and checked against
 * the bound its caps imply (docs/soak.md). Exit 1 on any mismatch or a history over the bound.
 * Writes docs/soak.md only when --out is given.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkMerge, effectiveRuns, parseRecord } from './soak-check.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    dist: { type: 'string', default: path.join(repo, 'dist') },
    python: { type: 'string' },
    jobs: { type: 'string', default: '1' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const wholeNumber = (text, flag) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`soak: ${flag} must be a whole number ≥ 1 (got ${JSON.stringify(text)})`);
    process.exit(2);
  }
  return n;
};
const RUNS = wholeNumber(opts.runs, '--runs');
const SEED = wholeNumber(opts.seed, '--seed');
const JOBS = wholeNumber(opts.jobs, '--jobs');
const cli = path.join(path.resolve(opts.dist), 'cli', 'index.js');
const python = opts.python ?? process.env.EVENSHARD_PYTHON ?? '/usr/bin/python3';

// ── The history's documented caps (docs/history-schema.md) → the bound checked after each merge.
/** A test unseen for this many runs is dropped. */
const UNSEEN_RUNS = 10;
/** Per test: ≤ 5 samples, ≤ 20 outcomes, `seen`: at most this many bytes beyond its id. */
const BYTES_PER_TEST = 160;
/** Per file: ≤ 9 collection and ≤ 9 module-fixture samples, and the file name twice. */
const BYTES_PER_FILE = 400;
/** Run-level fields: ≤ 256 merged digests, 36 per-shard cost lists, overheads, suite totals. */
const BYTES_FIXED = 24_000;

// ── A small seeded PRNG (mulberry32): the same --seed replays the same soak.
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];

// ── The suite model. A file: plain functions, a class of methods, or one parametrised function.
let serial = 0;
const fresh = (prefix) => `${prefix}${++serial}`;
/** @type {Map<string, { kind: 'plain' | 'class' | 'param', names: string[], params: number }>} */
const files = new Map();
/** Milliseconds per test id; drifts between runs. */
const durations = new Map();

function newFile(dir = 'tests') {
  const kind = chance(0.2) ? 'class' : chance(0.15) ? 'param' : 'plain';
  const name = `${dir}/test_${fresh('m')}.py`;
  const file = {
    kind,
    cls: `Test${fresh('C')}`,
    names: Array.from({ length: int(1, 6) }, () => fresh('t')),
    params: int(2, 8),
  };
  files.set(name, file);
  return name;
}

function idsOf(name, file) {
  if (file.kind === 'param')
    return Array.from({ length: file.params }, (_, i) => `${name}::test_p[${i}]`);
  if (file.kind === 'class') return file.names.map((n) => `${name}::${file.cls}::test_${n}`);
  return file.names.map((n) => `${name}::test_${n}`);
}

function suiteIds() {
  return [...files].flatMap(([name, file]) => idsOf(name, file));
}

function sourceOf(file) {
  if (file.kind === 'param')
    return `import pytest\n\n@pytest.mark.parametrize("n", range(${file.params}))\ndef test_p(soak, n):\n    soak()\n`;
  if (file.kind === 'class')
    return `class ${file.cls}:\n${file.names.map((n) => `    def test_${n}(self, soak):\n        soak()\n`).join('')}`;
  return file.names.map((n) => `def test_${n}(soak):\n    soak()\n`).join('\n');
}

/** What changes between runs; returns a short description of the changes. */
function mutate() {
  const did = [];
  const testCount = suiteIds().length;
  const plainish = () => [...files].filter(([, f]) => f.kind !== 'param');
  if (chance(0.5) && testCount < 90) {
    const [name, file] = pick(plainish());
    const n = int(1, 3);
    for (let i = 0; i < n; i++) file.names.push(fresh('t'));
    did.push(`+${n} tests in ${name}`);
  }
  if (chance(0.4) && testCount > 25) {
    const [name, file] = pick(plainish());
    if (file.names.length > 1) {
      file.names.splice(int(0, file.names.length - 1), 1);
      did.push(`-1 test in ${name}`);
    }
  }
  if (chance(0.25)) {
    const [name, file] = pick(plainish());
    const i = int(0, file.names.length - 1);
    file.names[i] = fresh('r');
    did.push(`renamed a test in ${name}`);
  }
  if (chance(0.15) && testCount < 90)
    did.push(`new file ${newFile(chance(0.3) ? 'tests/sub' : 'tests')}`);
  if (chance(0.1) && files.size > 6) {
    const name = pick([...files.keys()]);
    files.delete(name);
    did.push(`deleted ${name}`);
  }
  if (chance(0.1)) {
    // Moved and renamed: the old ids are gone, the same tests appear under new ones.
    const name = pick([...files.keys()]);
    const file = files.get(name);
    files.delete(name);
    const to = `${name.startsWith('tests/sub/') ? 'tests' : 'tests/sub'}/test_${fresh('mv')}.py`;
    files.set(to, file);
    did.push(`moved ${name} → ${to}`);
  }
  const params = [...files].filter(([, f]) => f.kind === 'param');
  if (params.length && chance(0.2)) {
    const [name, file] = pick(params);
    file.params = Math.max(1, file.params + pick([-2, -1, 1, 2, 3]));
    did.push(`${name}: ${file.params} params`);
  }
  // Drift: every test a little, now and then one a lot.
  for (const id of suiteIds()) {
    const base = durations.get(id) ?? int(1, 6);
    const drift = chance(0.03) ? pick([0.25, 4]) : Math.exp((random() - 0.5) * 0.4);
    durations.set(id, Math.min(40, Math.max(0.5, base * drift)));
  }
  return did;
}

const CONFTEST = `# The soak's independent recorder and fault injection (scripts/soak.mjs).
import json, os, signal, time
import pytest

with open(os.path.join(os.path.dirname(__file__), "soak_durations.json")) as f:
    DURATIONS = json.load(f)
COUNT = [0]


def record(nodeid, outcome):
    # Opened and closed per test: a SIGKILL loses nothing already written.
    with open(os.environ["SOAK_RECORD"], "a", encoding="utf-8") as log:
        log.write(nodeid + "\\t" + outcome + "\\n")


@pytest.fixture
def soak(request):
    COUNT[0] += 1
    n = COUNT[0]
    if n == int(os.environ.get("SOAK_CRASH_AT", "0")):
        mode = os.environ["SOAK_CRASH_MODE"]
        if mode == "sigkill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif mode == "exit0":
            os._exit(0)
        else:
            pytest.exit("soak: planted exit 3", returncode=3)
    fail = n == int(os.environ.get("SOAK_FAIL_AT", "0"))

    def body():
        time.sleep(DURATIONS.get(request.node.nodeid, 2) / 1000)
        assert not fail, "soak: planted failure"

    yield body
    record(request.node.nodeid, "F" if fail else "P")
`;

function writeProject(project) {
  rmSync(path.join(project, 'tests'), { recursive: true, force: true });
  mkdirSync(path.join(project, 'tests', 'sub'), { recursive: true });
  for (const [name, file] of files) writeFileSync(path.join(project, name), sourceOf(file));
  writeFileSync(
    path.join(project, 'soak_durations.json'),
    JSON.stringify(Object.fromEntries([...durations].map(([id, ms]) => [id, +ms.toFixed(2)]))),
  );
}

// ── Processes.
function exec(args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn('nice', ['-n', '19', process.execPath, cli, ...args], {
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function inPool(items, fn) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(JOBS, queue.length) }, async () => {
      while (queue.length) await fn(queue.shift());
    }),
  );
}

// ── One shard attempt. `fault`: { crashAt, crashMode } | { failAt, stopEarly } | null.
function runShard(ctx, shard, attempt, { fault, rerunFailed }) {
  const log = path.join(ctx.runDir, `shard-${shard}-attempt-${attempt}.log`);
  writeFileSync(log, '');
  const env = { SOAK_RECORD: log };
  if (fault?.crashAt)
    Object.assign(env, { SOAK_CRASH_AT: String(fault.crashAt), SOAK_CRASH_MODE: fault.crashMode });
  if (fault?.failAt) env.SOAK_FAIL_AT = String(fault.failAt);
  const pytest = [
    python,
    '-m',
    'pytest',
    '-q',
    '-p',
    'no:cacheprovider',
    ...(fault?.stopEarly ? ['-x'] : []),
  ];
  const flags = ['--attempt', String(attempt), ...(rerunFailed ? ['--rerun', 'failed'] : [])];
  return exec(
    [
      'run',
      '--shards',
      String(ctx.shards),
      '--shard',
      String(shard),
      '--store',
      ctx.store,
      '--root',
      ctx.project,
      ...flags,
      '--',
      ...pytest,
    ],
    env,
  ).then((result) => {
    const attempts = ctx.attempts.get(shard) ?? [];
    if (!rerunFailed) attempts.length = 0;
    attempts.push({ entries: parseRecord(readFileSync(log, 'utf8')), rerunFailed });
    ctx.attempts.set(shard, attempts);
    if (result.status !== 0 && result.status !== 1)
      ctx.harness.push(
        `run ${ctx.run} shard ${shard} attempt ${attempt} exited ${result.status}: ${result.stderr.slice(-500)}`,
      );
    return result;
  });
}

function randomFault() {
  const roll = random();
  if (roll < 0.1) return { crashAt: int(1, 12), crashMode: pick(['sigkill', 'exit0', 'exit3']) };
  if (roll < 0.14) return { failAt: int(1, 10), stopEarly: true };
  if (roll < 0.17) return { failAt: int(1, 10), stopEarly: false };
  return null;
}

// ── The soak.
const work = mkdtempSync(path.join(os.tmpdir(), 'evenshard-soak-'));
const project = path.join(work, 'project');
const store = path.join(work, 'store');
mkdirSync(project, { recursive: true });
writeFileSync(path.join(project, 'pytest.ini'), '[pytest]\ntestpaths = tests\n');
writeFileSync(path.join(project, 'conftest.py'), CONFTEST);
for (let i = 0; i < 8; i++) newFile(i % 4 === 3 ? 'tests/sub' : 'tests');
// One big file, so plans split it.
const big = newFile();
files.get(big).kind = 'plain';
files.get(big).names = Array.from({ length: 14 }, () => fresh('t'));
mutate();

const started = Date.now();
const loadBefore = os.loadavg()[0];
const tally = {
  merges: 0,
  pass: 0,
  failNamed: 0,
  failLost: 0,
  mismatch: 0,
  wholeFiles: 0,
  lostNamed: 0,
  dupNamed: 0,
};
const faults = {
  crashes: 0,
  stops: 0,
  failures: 0,
  rerunsBefore: 0,
  rerunsAfter: 0,
  rerunFailed: 0,
};
const history = { min: Infinity, max: 0, maxEntries: 0, overBound: [], maxAt: {} };
const mismatches = [];
const harness = [];
/** The suite of each of the last merges: a history entry must belong to one of them. */
const recentSuites = [];

async function mergeAndCheck(ctx, label) {
  const merge = await exec([
    'merge',
    '--store',
    ctx.store,
    '--shards',
    String(ctx.shards),
    '--json',
  ]);
  let report = null;
  try {
    report = JSON.parse(merge.stdout.trim().split('\n').pop());
  } catch {
    report = null;
  }
  const runs = [...ctx.attempts.values()].flatMap(effectiveRuns);
  const check = checkMerge({ suite: ctx.suite, runs, exitCode: merge.status, report });
  tally.merges++;
  tally.wholeFiles += check.wholeFiles;
  if (check.verdict === 'pass') tally.pass++;
  else if (check.verdict === 'fail-named') {
    tally.failNamed++;
    if (check.notOnce.length) tally.failLost++;
    tally.lostNamed += report.lost.length;
    tally.dupNamed += report.duplicated.length;
  } else {
    tally.mismatch++;
    mismatches.push({
      run: ctx.run,
      label,
      shards: ctx.shards,
      problems: check.problems,
      stderr: merge.stderr.slice(-800),
    });
  }

  // The history stays bounded: entries only for recent tests, size within the caps' bound.
  const text = readFileSync(path.join(ctx.store, 'history.json'), 'utf8');
  const parsed = JSON.parse(text);
  const size = statSync(path.join(ctx.store, 'history.json')).size;
  const entries = Object.keys(parsed.tests ?? {});
  recentSuites.push(new Set(ctx.suite));
  if (recentSuites.length > UNSEEN_RUNS + 1) recentSuites.shift();
  const stale = entries.filter((id) => !recentSuites.some((s) => s.has(id)));
  const recentFiles = new Set(
    [...recentSuites].flatMap((s) => [...s].map((id) => id.split('::')[0])),
  );
  const bound =
    BYTES_FIXED +
    entries.reduce((sum, id) => sum + id.length + BYTES_PER_TEST, 0) +
    [...recentFiles].reduce((sum, f) => sum + 2 * f.length + BYTES_PER_FILE, 0);
  history.min = Math.min(history.min, size);
  history.max = Math.max(history.max, size);
  history.maxEntries = Math.max(history.maxEntries, entries.length);
  if (stale.length || size > bound)
    history.overBound.push(
      `run ${ctx.run} ${label}: ${size} B (bound ${bound}), ${stale.length} stale entries (${stale.slice(0, 3).join(', ')})`,
    );
  return check;
}

for (let run = 1; run <= RUNS; run++) {
  if (run > 1) mutate();
  writeProject(project);
  // Each CI run has its own artifacts; only the history carries over.
  for (const dir of ['results', 'work', 'summaries', 'coverage'])
    rmSync(path.join(store, dir), { recursive: true, force: true });
  const runDir = path.join(work, 'records', `run-${run}`);
  mkdirSync(runDir, { recursive: true });
  const ctx = {
    run,
    runDir,
    project,
    store,
    shards: int(1, 8),
    suite: suiteIds(),
    attempts: new Map(),
    harness,
  };

  const plan = Array.from({ length: ctx.shards }, (_, i) => ({
    shard: i + 1,
    fault: randomFault(),
  }));
  for (const { fault } of plan) {
    if (fault?.crashAt) faults.crashes++;
    else if (fault?.stopEarly) faults.stops++;
    else if (fault) faults.failures++;
  }
  await inPool(plan, ({ shard, fault }) => runShard(ctx, shard, 1, { fault, rerunFailed: false }));

  const rerun = random();
  const rerunOnce = async () => {
    const shard = int(1, ctx.shards);
    const rerunFailed = chance(0.5);
    if (rerunFailed) faults.rerunFailed++;
    await runShard(ctx, shard, 2, { fault: chance(0.15) ? randomFault() : null, rerunFailed });
  };
  if (rerun < 0.15) {
    faults.rerunsBefore++;
    await rerunOnce();
    await mergeAndCheck(ctx, 'merge after a re-run');
  } else {
    await mergeAndCheck(ctx, 'merge');
    if (rerun < 0.3) {
      faults.rerunsAfter++;
      await rerunOnce();
      await mergeAndCheck(ctx, 'merge again after a re-run');
    }
  }
  // The largest history so far at each quarter: flat from early on when nothing grows with runs.
  if (run % Math.max(1, Math.round(RUNS / 4)) === 0 || run === RUNS)
    history.maxAt[run] = history.max;
  if (run % 10 === 0 || run === RUNS)
    console.error(
      `soak: run ${run}/${RUNS}: ${tally.merges} merges, ${tally.pass} passed, ${tally.failNamed} failed naming exactly, ${tally.mismatch} mismatches, history ${history.min}–${history.max} B`,
    );
}

const wallSeconds = (Date.now() - started) / 1000;
const figures = {
  runs: RUNS,
  seed: SEED,
  jobs: JOBS,
  ...tally,
  faults,
  historyBytes: {
    min: history.min,
    max: history.max,
    maxAt: history.maxAt,
    maxEntries: history.maxEntries,
    overBound: history.overBound.length,
  },
  harnessErrors: harness.length,
  wallSeconds: Math.round(wallSeconds),
  load: { before: +loadBefore.toFixed(2), after: +os.loadavg()[0].toFixed(2) },
  node: process.version,
  cpus: os.cpus().length,
};
console.log(JSON.stringify(figures));
for (const m of mismatches) console.error(`MISMATCH ${JSON.stringify(m)}`);
for (const h of history.overBound) console.error(`HISTORY ${h}`);
for (const h of harness) console.error(`HARNESS ${h}`);
if (opts.out) writeFileSync(path.resolve(opts.out), renderDoc(figures));
if (!opts.keep) rmSync(work, { recursive: true, force: true });
else console.error(`soak: kept ${work}`);
process.exitCode = mismatches.length || history.overBound.length || harness.length ? 1 : 0;

function renderDoc(f) {
  const command = `nice -n 19 node scripts/soak.mjs --runs ${f.runs} --seed ${f.seed}${f.jobs > 1 ? ` --jobs ${f.jobs}` : ''} --out docs/soak.md`;
  return `# Soak: exactly once over ${f.runs} changing runs

Generated by \`scripts/soak.mjs\` (${new Date().toISOString().slice(0, 16)} UTC, ${f.cpus} cores, Node ${f.node}):

\`\`\`
npm run bundle && ${command}
\`\`\`

${f.runs} simulated CI runs of one pytest suite that changes between runs, each through
\`evenshard run\` per shard and \`evenshard merge --json\` of the BUILT CLI (\`dist/cli/index.js\`)
with one local store whose history rolls from run to run. See the script's header for the changes
and faults; in short: tests added, deleted and renamed, files added, deleted and moved,
parametrisations growing and shrinking, durations drifting (and now and then jumping ×4 or ÷4);
N from 1 to 8 per run; shards killed by SIGKILL, calling \`os._exit(0)\` or exiting 3 partway,
failing a test, or stopping at it (\`-x\`); a shard re-run (whole, or \`--rerun failed\`) before the
merge, or after it and merged again.

**The truth is an independent recorder**: the suite's \`conftest.py\` appends each test's node id
to a log per shard and attempt as the test finishes — nothing evenshard wrote. After every merge
\`scripts/soak-check.mjs\` compares the recorder with the merge's JSON report: either the merge
passed with zero lost and zero duplicated and the recorder saw every test of the suite exactly
once, or the merge failed and the tests it named (lost, duplicated; a lost whole file names all
its tests) are **exactly** the tests the recorder did not see run once. A merge that fails with
nothing to name must have a failing test; a merge that passes must have nothing to name. Anything
else is a mismatch. A planted crash or failure at a shard's K-th test happens only when the shard
has K tests, so the fault rows count what was planted, the lost/duplicated rows what happened.
\`__tests__/soak-check.test.ts\` plants a loss, a duplicate, a false
alarm and a silent pass and checks the checker catches each.

| figure                                                   | value |
| -------------------------------------------------------- | ----: |
| runs                                                     | ${f.runs} |
| merges checked (re-runs after a merge are merged again)  | ${f.merges} |
| passed: every test exactly once                          | ${f.pass} |
| failed, naming exactly what the recorder saw not run once | ${f.failNamed} |
| … of which with tests lost or duplicated (the rest: a planted failing test) | ${f.failLost} |
| lost entries named (of which whole files) / duplicated   | ${f.lostNamed} (${f.wholeFiles}) / ${f.dupNamed} |
| **mismatches (must be 0)**                               | **${f.mismatch}** |
| shards with a planted crash / -x stop / failing test     | ${f.faults.crashes} / ${f.faults.stops} / ${f.faults.failures} |
| re-runs before / after a merge (of them \`--rerun failed\`) | ${f.faults.rerunsBefore} / ${f.faults.rerunsAfter} (${f.faults.rerunFailed}) |
| history.json size min / max                              | ${f.historyBytes.min} B / ${f.historyBytes.max} B |
| largest history.json so far, after run ${Object.keys(f.historyBytes.maxAt).join(' / ')} | ${Object.values(
    f.historyBytes.maxAt,
  )
    .map((b) => `${b} B`)
    .join(' / ')} |
| history entries, max                                     | ${f.historyBytes.maxEntries} |
| merges over the history bound                            | ${f.historyBytes.overBound} |
| wall                                                     | ${f.wallSeconds} s |
| load average (1 min) before / after                      | ${f.load.before} / ${f.load.after} |

## The history bound

The history keeps, per test, at most 5 samples and 20 outcomes, and drops a test unseen for 10
runs; per file at most 9 cost samples of each kind, dropped after 10 merges unseen; and at most
256 merged-result digests and 36 per-shard cost lists ([history-schema.md](history-schema.md)).
So its size depends on the suite, never on how many runs wrote it. After every merge the soak
checks both: every test entry belongs to the suite of one of the last ${UNSEEN_RUNS + 1} merges,
and the size is at most ${BYTES_FIXED} B + Σ over entries (id + ${BYTES_PER_TEST} B) + Σ over
recent files (2 × name + ${BYTES_PER_FILE} B).
`;
}
