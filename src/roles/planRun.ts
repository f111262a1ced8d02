/**
 * The plan role: plan once for the whole run, store the plan for the shards (and for re-runs of
 * one shard), and say how many shards to start. With a target wall time it picks the smallest
 * shard count that meets it, given the per-shard overhead measured in the history.
 */
import type { ShardCountAdvice } from '../core/advice.js';
import { STORED_PLAN_SCHEMA, type StoredPlan } from '../core/storedPlan.js';
import { ConfigError } from '../errors.js';
import type { HistorySource, Logger, PlanSink } from '../ports.js';
import type { TestRunner } from '../runners/types.js';
import { planSuiteChoosingShards } from './planSuite.js';

export interface PlanRunConfig {
  /** Fixed shard count; or choose one with targetMinutes. */
  shards?: number;
  targetMinutes?: number;
  maxShards: number;
  /** How many shards can run at once (a workflow's max-parallel, an org's runner limit). */
  maxParallel?: number;
  root: string;
  testPatterns?: readonly string[];
}

export interface PlanRunPorts {
  runner: TestRunner;
  history: HistorySource;
  planSink: PlanSink;
  log: Logger;
}

export interface PlanRunOutcome {
  stored: StoredPlan;
  shards: number;
  advice?: ShardCountAdvice;
}

export async function planRun(config: PlanRunConfig, ports: PlanRunPorts): Promise<PlanRunOutcome> {
  const { shards: fixed, targetMinutes } = config;
  if (fixed === undefined && targetMinutes === undefined) {
    throw new ConfigError(
      "set 'shards' (a fixed count) or 'target-minutes' (evenshard picks the count).",
    );
  }
  const fetched = await ports.history.fetch();
  const discovered = await ports.runner.discover(config.root, config.testPatterns);
  if (discovered.length === 0)
    throw new ConfigError(
      `no test files found in ${config.root}: set 'tests' or 'working-directory'.`,
    );
  const sources = fetched ? [{ name: fetched.description, text: fetched.text }] : [];
  const planned = planSuiteChoosingShards(
    sources,
    { files: discovered },
    fixed !== undefined
      ? { shards: fixed }
      : {
          targetMinutes: targetMinutes!,
          maxShards: config.maxShards,
          ...(config.maxParallel !== undefined ? { maxParallel: config.maxParallel } : {}),
        },
    { splitFiles: ports.runner.selectsSingleTests },
  );
  const { shards, advice } = planned;
  if (advice) {
    ports.log.info(
      advice.meetsTarget
        ? `evenshard: ${shards} shards meet the ${targetMinutes}-minute target.`
        : `evenshard: no shard count up to ${config.maxShards} meets the ${targetMinutes}-minute target; using ${shards}.`,
    );
  }
  const stored: StoredPlan = {
    schema: STORED_PLAN_SCHEMA,
    framework: ports.runner.framework,
    plan: planned.plan,
    estimates: planned.estimates,
    discoveredFiles: discovered.map((d) => d.file),
  };
  await ports.planSink.save(JSON.stringify(stored) + '\n');
  return {
    stored,
    shards,
    ...(advice ? { advice } : {}),
  };
}
