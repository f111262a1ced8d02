/**
 * What a shard really costs beyond its tests' own time, and how the history learns it: each file
 * a shard visits costs its import and its module fixtures, each class its class fixtures, each
 * test the runner's own bookkeeping, and each shard a fixed cost (job start, installs, process
 * start, session fixtures). Measured per shard (`measureShardCosts`), rolled into the history by
 * the merge (`rollCosts`), turned into the planner's cost model (`costModelFromHistory`). Pure.
 */
import {
  estimateFromSamples,
  roundSeconds,
  type CostHistory,
  type CostSamples,
} from './history.js';
import { compareCodeUnits } from './order.js';
import type { PlanCosts } from './planner.js';
import { emptyRecord, recordOf } from './records.js';
import type { EstimatedColumns, TestId } from './types.js';

/** One fixture setup shared beyond a single test, as the runner measured it. */
export interface FixtureCost {
  name: string;
  scope: 'module' | 'class' | 'package' | 'session';
  /** The file (module scope), class id (class scope) or '' (package, session) that paid it. */
  node: string;
  seconds: number;
}

/** What the runner measured besides per-test results (all optional: not every runner can). */
export interface RunnerCosts {
  /** Per test file: collection (import) seconds. */
  collect: Record<string, number>;
  fixtures: FixtureCost[];
  /** Epoch ms: collection started and ended (absent when the runner's workers collected). */
  collectStartedAt?: number;
  collectEndedAt?: number;
  /** Epoch ms: the test session started (the process is up, plugins loaded). */
  sessionStartedAt?: number;
  /** Epoch ms: the first test started, and the last one ended (the session's end). */
  testsStartedAt?: number;
  testsEndedAt?: number;
}

/**
 * The phases of one shard job, in seconds, in the order they happen. `beforeEvenshard` is the
 * runner, checkout and setup steps (job start → this action); `processStart` the test command's
 * start up to its session; `collection` importing the shard's files; `tests` first test → last;
 * `processExit` the command's reporting and exit; `uploads` what the shard uploads besides its
 * results (their own upload cannot be in them).
 */
export const SHARD_PHASES = [
  'beforeEvenshard',
  'cacheRestore',
  'install',
  'historyFetch',
  'planning',
  'processStart',
  'collection',
  'tests',
  'processExit',
  'uploads',
] as const;
export type ShardPhase = (typeof SHARD_PHASES)[number];
export type ShardPhases = Partial<Record<ShardPhase, number>>;

export const PHASE_LABELS: Record<ShardPhase, string> = {
  beforeEvenshard: 'setup steps (runner, checkout, …)',
  cacheRestore: 'cache restore',
  install: 'install',
  historyFetch: 'history fetch',
  planning: 'discovery and planning',
  processStart: 'test process start',
  collection: 'collection (imports)',
  tests: 'tests',
  processExit: 'test process exit',
  uploads: 'uploads',
};

/** One shard's costs, as its result carries them. */
export interface ShardCosts {
  /** Per visited test file: its collection and module-fixture seconds in this shard. */
  files: Record<string, { collect: number; fixtures: number }>;
  /** Per class id: class-fixture seconds in this shard. */
  classes: Record<string, number>;
  /** Session- and package-scoped fixture seconds (part of the fixed cost). */
  sessionFixtures: number;
  /** The runner's own time per test (between and around tests), or null when not measurable. */
  perTestSeconds: number | null;
  /** Wall minus visits, tests' own time and per-test overhead; null for an empty shard. */
  fixedSeconds: number | null;
  /** Shared fixtures by total seconds paid in this shard, heaviest first (at most 50). */
  fixtures: FixtureCost[];
}

/** Per-test timing the costs need: raw seconds (setup + call + teardown) and the shared part. */
export interface TimedTest {
  id: TestId;
  seconds: number;
  /** Setup seconds spent on module/class/package/session fixtures (paid for others). */
  fixtureSeconds?: number;
}

/** A test's own seconds: what it costs wherever it runs. */
export function ownSeconds(test: TimedTest): number {
  return Math.max(0, test.seconds - (test.fixtureSeconds ?? 0));
}

const MAX_FIXTURES = 50;

/**
 * One shard's costs from what it ran. `wallSeconds` is job start → test command exit. The fixed
 * cost is what is left of the wall once every file visit, every test's own time and the runner's
 * per-test overhead are taken out, so the planner's prediction adds up to the wall by definition.
 * The per-test overhead is the tests phase beyond the tests' durations plus what grows with the
 * test count outside it: collection beyond the files' imports (building each test's item) and
 * the exit (reporting each test). Left in the fixed cost, those made a 4,000-test shard's fixed
 * cost 0.8 s above a 800-test one's, and a history from big shards over-predicted small ones
 * (docs/bench-suite.md).
 */
export function measureShardCosts(
  tests: readonly TimedTest[],
  runner: RunnerCosts | undefined,
  wallSeconds: number | null,
  phases: Pick<ShardPhases, 'collection' | 'processExit'> = {},
): ShardCosts {
  const files: ShardCosts['files'] = emptyRecord();
  const classes: ShardCosts['classes'] = emptyRecord();
  let sessionFixtures = 0;
  const byFixture = new Map<string, FixtureCost>();
  for (const [file, seconds] of Object.entries(runner?.collect ?? {})) {
    files[file] = { collect: roundSeconds(seconds), fixtures: 0 };
  }
  for (const f of runner?.fixtures ?? []) {
    if (f.scope === 'module') {
      const slot = (files[f.node] ??= { collect: 0, fixtures: 0 });
      slot.fixtures += f.seconds;
    } else if (f.scope === 'class') {
      classes[f.node] = (classes[f.node] ?? 0) + f.seconds;
    } else {
      sessionFixtures += f.seconds;
    }
    const key = JSON.stringify([f.scope, f.node, f.name]);
    const seen = byFixture.get(key);
    if (seen) seen.seconds += f.seconds;
    else byFixture.set(key, { ...f });
  }
  for (const slot of Object.values(files)) slot.fixtures = roundSeconds(slot.fixtures);
  for (const key of Object.keys(classes)) classes[key] = roundSeconds(classes[key]!);

  const raw = tests.reduce((sum, t) => sum + t.seconds, 0);
  const own = tests.reduce((sum, t) => sum + ownSeconds(t), 0);
  let perTestSeconds: number | null = null;
  if (runner?.testsStartedAt !== undefined && runner.testsEndedAt !== undefined && tests.length) {
    const testsPhase = (runner.testsEndedAt - runner.testsStartedAt) / 1000;
    const imports = Object.values(files).reduce((sum, f) => sum + f.collect, 0);
    const itemCollection = Math.max(0, (phases.collection ?? 0) - imports);
    perTestSeconds = Math.max(
      0,
      (testsPhase - raw + itemCollection + (phases.processExit ?? 0)) / tests.length,
    );
  }
  let fixedSeconds: number | null = null;
  if (wallSeconds !== null && tests.length > 0) {
    const visits = Object.values(files).reduce((sum, f) => sum + f.collect + f.fixtures, 0);
    const classTotal = Object.values(classes).reduce((sum, s) => sum + s, 0);
    fixedSeconds = Math.max(
      0,
      wallSeconds - visits - classTotal - own - (perTestSeconds ?? 0) * tests.length,
    );
  }
  const fixtures = [...byFixture.values()]
    .map((f) => ({ ...f, seconds: roundSeconds(f.seconds) }))
    .sort((a, b) => b.seconds - a.seconds || compareCodeUnits(a.node + a.name, b.node + b.name))
    .slice(0, MAX_FIXTURES);
  return {
    files,
    classes,
    sessionFixtures: roundSeconds(sessionFixtures),
    perTestSeconds: perTestSeconds === null ? null : Math.round(perTestSeconds * 1e6) / 1e6,
    fixedSeconds: fixedSeconds === null ? null : roundSeconds(fixedSeconds),
    fixtures,
  };
}

/** What the merge needs from each shard to learn its costs. */
export interface ShardCostSample {
  costs?: ShardCosts;
  phases?: ShardPhases;
  /** Runner kind (e.g. `Linux-X64`) and the speed factor its plan used. */
  kind?: string;
  speedFactor?: number;
  /** The plan's predicted wall for the shard, when it was planned with the cost model, and the wall. */
  predictedWallSeconds?: number;
  wallSeconds?: number | null;
}

/** How many samples a cost keeps (more than a test's: shards measure them every run). */
const MAX_COST_SAMPLES = 9;
/** A file or class unseen for this many merges is dropped. */
const AGE_OUT_RUNS = 10;

/**
 * Rolls this run's shard costs into the history's. Speed factors first: a shard of a kind whose
 * factor is known measures in that kind's seconds, so its samples are divided by the factor
 * before they join the others.
 */
export function rollCosts(
  previous: CostHistory,
  shards: readonly ShardCostSample[],
  run: number,
): CostHistory {
  const next: CostHistory = {
    collect: ageOut(previous.collect, run),
    moduleFixtures: ageOut(previous.moduleFixtures, run),
    classFixtures: ageOut(previous.classFixtures, run),
    fixed: [...previous.fixed],
    perTest: [...previous.perTest],
    phases: recordOf(Object.entries(previous.phases).map(([k, v]) => [k, [...v]])),
    speed: recordOf(Object.entries(previous.speed).map(([k, v]) => [k, [...v]])),
  };
  for (const shard of shards) {
    if (!shard.kind || !shard.predictedWallSeconds || !shard.wallSeconds) continue;
    const ratio = (shard.wallSeconds / shard.predictedWallSeconds) * (shard.speedFactor ?? 1);
    if (Number.isFinite(ratio) && ratio > 0)
      push(next.speed, shard.kind, Math.round(ratio * 1000) / 1000);
  }
  for (const shard of shards) {
    const costs = shard.costs;
    const scale = 1 / speedFactorOf(next, shard.kind);
    for (const [file, paid] of Object.entries(costs?.files ?? {})) {
      pushSample(next.collect, file, paid.collect * scale, run);
      pushSample(next.moduleFixtures, file, paid.fixtures * scale, run);
    }
    for (const [id, seconds] of Object.entries(costs?.classes ?? {})) {
      pushSample(next.classFixtures, id, seconds * scale, run);
    }
    if (costs?.fixedSeconds !== null && costs?.fixedSeconds !== undefined) {
      next.fixed = [...next.fixed, roundSeconds(costs.fixedSeconds * scale)].slice(
        -MAX_COST_SAMPLES * 4,
      );
    }
    if (costs?.perTestSeconds !== null && costs?.perTestSeconds !== undefined) {
      const perTest = Math.round(costs.perTestSeconds * scale * 1e6) / 1e6;
      next.perTest = [...next.perTest, perTest].slice(-MAX_COST_SAMPLES * 4);
    }
    for (const [phase, seconds] of Object.entries(shard.phases ?? {})) {
      if (typeof seconds === 'number' && seconds >= 0)
        push(next.phases, phase, roundSeconds(seconds));
    }
  }
  return next;
}

/** The speed factor of a runner kind: its shards' median actual ÷ predicted wall, else 1. */
export function speedFactorOf(costs: CostHistory, kind: string | undefined): number {
  const samples = kind ? costs.speed[kind] : undefined;
  return samples?.length ? estimateFromSamples(samples) : 1;
}

/** The planner's cost model for a runner kind, learned from the history. */
export interface CostModel {
  speedFactor: number;
  fixedSeconds: number;
  perTestSeconds: number;
  collectSeconds: ReadonlyMap<string, number>;
  moduleFixtureSeconds: ReadonlyMap<string, number>;
  classFixtureSeconds: ReadonlyMap<string, number>;
  /** Collection seconds assumed for a file never measured: the median of those measured. */
  defaultCollectSeconds: number;
}

/** Undefined when the history has no cost samples (an evenshard-history/1, or a first run). */
export function costModelFromHistory(
  costs: CostHistory,
  kind: string | undefined,
): CostModel | undefined {
  if (costs.fixed.length === 0 && Object.keys(costs.collect).length === 0) return undefined;
  const medians = (record: Record<string, CostSamples>) =>
    new Map(
      Object.entries(record)
        .filter(([, v]) => v.s.length > 0)
        .map(([k, v]) => [k, estimateFromSamples(v.s)]),
    );
  const collectSeconds = medians(costs.collect);
  const known = [...collectSeconds.values()].sort((a, b) => a - b);
  return {
    speedFactor: speedFactorOf(costs, kind),
    fixedSeconds: costs.fixed.length ? estimateFromSamples(costs.fixed) : 0,
    perTestSeconds: costs.perTest.length ? estimateFromSamples(costs.perTest) : 0,
    collectSeconds,
    moduleFixtureSeconds: medians(costs.moduleFixtures),
    classFixtureSeconds: medians(costs.classFixtures),
    defaultCollectSeconds: known.length ? known[(known.length - 1) >> 1]! : 0,
  };
}

/**
 * Applies a cost model to estimated tests: each test gets the runner's per-test overhead and its
 * share of its class's fixtures, everything is scaled to the runner kind, and the planner gets
 * each file's visit cost and the fixed cost per shard. Columns in, columns out (their order
 * kept): the planner and the advice read columns, and 100,000 tests need no object each.
 */
export function applyCostModel(
  tests: EstimatedColumns,
  model: CostModel,
): { tests: EstimatedColumns; costs: PlanCosts } {
  const speed = model.speedFactor;
  const { ids, files } = tests;
  const classOf = (id: TestId): string | undefined => {
    const cut = id.lastIndexOf('::');
    const owner = cut > 0 ? id.slice(0, cut) : '';
    return owner.includes('::') && model.classFixtureSeconds.has(owner) ? owner : undefined;
  };
  // Each test's class whose fixtures it shares, when the model knows any class fixtures.
  const owners = model.classFixtureSeconds.size > 0 ? ids.map(classOf) : undefined;
  const perClass = new Map<string, number>();
  for (const owner of owners ?? []) if (owner) perClass.set(owner, (perClass.get(owner) ?? 0) + 1);
  const seconds = new Array<number>(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const owner = owners?.[i];
    const share = owner ? model.classFixtureSeconds.get(owner)! / perClass.get(owner)! : 0;
    seconds[i] = (tests.seconds[i]! + model.perTestSeconds + share) * speed;
  }
  const fileVisitSeconds = new Map<string, number>();
  for (const file of files) {
    if (fileVisitSeconds.has(file)) continue;
    const collect = model.collectSeconds.get(file) ?? model.defaultCollectSeconds;
    fileVisitSeconds.set(file, (collect + (model.moduleFixtureSeconds.get(file) ?? 0)) * speed);
  }
  return {
    tests: { ids, files, seconds },
    costs: { fileVisitSeconds, fixedSeconds: model.fixedSeconds * speed },
  };
}

function ageOut(record: Record<string, CostSamples>, run: number): Record<string, CostSamples> {
  const out = emptyRecord<CostSamples>();
  for (const [key, entry] of Object.entries(record)) {
    if (run - entry.seen < AGE_OUT_RUNS) out[key] = { s: [...entry.s], seen: entry.seen };
  }
  return out;
}

function pushSample(
  record: Record<string, CostSamples>,
  key: string,
  seconds: number,
  run: number,
): void {
  const entry = record[key] ?? { s: [], seen: run };
  entry.s = [...entry.s, roundSeconds(seconds)].slice(-MAX_COST_SAMPLES);
  entry.seen = run;
  record[key] = entry;
}

function push(record: Record<string, number[]>, key: string, value: number): void {
  record[key] = [...(record[key] ?? []), value].slice(-MAX_COST_SAMPLES * 4);
}

/** What the merge reads of a shard result to learn costs. */
export function costSampleOf(result: {
  costs?: ShardCosts;
  phases?: ShardPhases;
  kind?: string;
  speedFactor?: number;
  predictsWall?: boolean;
  estimatedSeconds: number;
  wallSeconds?: number | null;
}): ShardCostSample {
  return {
    ...(result.costs ? { costs: result.costs } : {}),
    ...(result.phases ? { phases: result.phases } : {}),
    ...(result.kind !== undefined ? { kind: result.kind } : {}),
    ...(result.speedFactor !== undefined ? { speedFactor: result.speedFactor } : {}),
    ...(result.predictsWall ? { predictedWallSeconds: result.estimatedSeconds } : {}),
    wallSeconds: result.wallSeconds ?? null,
  };
}

/**
 * The timings a merge rolls into the history: each test's own seconds (shared fixtures taken
 * out), in the reference kind's seconds (divided by the speed factor of the kind it ran on).
 */
export function ownTimings<T extends TimedTest>(
  results: readonly T[],
  kindOf: (id: TestId) => string | undefined,
  costs: CostHistory,
): T[] {
  return results.map((r) => {
    const speed = speedFactorOf(costs, kindOf(r.id));
    const seconds = ownSeconds(r) / speed;
    return seconds === r.seconds ? r : { ...r, seconds };
  });
}

/** One cost as the merge summary lists it: what was paid, in total, by how many shards. */
export interface PaidCost {
  kind: 'module fixture' | 'class fixture' | 'session fixture' | 'package fixture' | 'import';
  /** Fixture name ('' for an import). */
  name: string;
  /** File, class id, or '' (session and package fixtures). */
  node: string;
  seconds: number;
  shards: number;
}

export interface RunCostReport {
  /** Phases summed over the shards, largest first (a Pareto of where the run's time went). */
  phases: { phase: ShardPhase; seconds: number }[];
  totalSeconds: number;
  /** The costliest fixtures and imports, summed over shards, heaviest first. */
  paid: PaidCost[];
}

/** Where a run's time went, from its shards' phases and costs; undefined when none measured them. */
export function runCostReport(
  shards: readonly { phases?: ShardPhases; costs?: ShardCosts }[],
  top = 10,
): RunCostReport | undefined {
  const phaseTotals = new Map<ShardPhase, number>();
  const paid = new Map<string, PaidCost>();
  const add = (cost: Omit<PaidCost, 'shards'>) => {
    const key = JSON.stringify([cost.kind, cost.node, cost.name]);
    const slot = paid.get(key);
    if (slot) {
      slot.seconds += cost.seconds;
      slot.shards += 1;
    } else paid.set(key, { ...cost, shards: 1 });
  };
  let measured = false;
  for (const shard of shards) {
    for (const phase of SHARD_PHASES) {
      const seconds = shard.phases?.[phase];
      if (seconds === undefined) continue;
      measured = true;
      phaseTotals.set(phase, (phaseTotals.get(phase) ?? 0) + seconds);
    }
    for (const f of shard.costs?.fixtures ?? []) {
      add({ kind: `${f.scope} fixture`, name: f.name, node: f.node, seconds: f.seconds });
    }
    for (const [file, visit] of Object.entries(shard.costs?.files ?? {})) {
      if (visit.collect > 0) add({ kind: 'import', name: '', node: file, seconds: visit.collect });
    }
  }
  if (!measured) return undefined;
  const phases = [...phaseTotals]
    .map(([phase, seconds]) => ({ phase, seconds: roundSeconds(seconds) }))
    .sort(
      (a, b) =>
        b.seconds - a.seconds || SHARD_PHASES.indexOf(a.phase) - SHARD_PHASES.indexOf(b.phase),
    );
  return {
    phases,
    totalSeconds: roundSeconds(phases.reduce((sum, p) => sum + p.seconds, 0)),
    paid: [...paid.values()]
      .map((p) => ({ ...p, seconds: roundSeconds(p.seconds) }))
      .sort(
        (a, b) =>
          b.seconds - a.seconds ||
          compareCodeUnits(a.kind + a.node + a.name, b.kind + b.node + b.name),
      )
      .slice(0, top),
  };
}
