/**
 * The plan role: plan once for the whole run, store the plan for the shards (and for re-runs of
 * one shard), and say how many shards to start. With a target wall time it picks the smallest
 * shard count that meets it, given the per-shard overhead measured in the history.
 */
import { adviseShardCount, type ShardCountAdvice } from '../core/advice.js';
import { overheadEstimate } from '../core/history.js';
import { STORED_PLAN_SCHEMA, type StoredPlan } from '../core/storedPlan.js';
import { parseHistoryText } from '../formats/history.js';
import type { HistorySource, Logger } from '../ports.js';
import type { TestRunner } from '../runners/types.js';
import { planSuite } from './planSuite.js';
import { ConfigError } from './runShard.js';

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
  planSink: { save(planJson: string): Promise<string | null> };
  log: Logger;
}

export interface PlanRunOutcome {
  stored: StoredPlan;
  shards: number;
  advice?: ShardCountAdvice;
}

export async function planRun(config: PlanRunConfig, ports: PlanRunPorts): Promise<PlanRunOutcome> {
  if (config.shards === undefined && config.targetMinutes === undefined) {
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
  const splitFiles = ports.runner.selectsSingleTests;

  let shards = config.shards;
  let advice: ShardCountAdvice | undefined;
  if (shards === undefined) {
    const probe = planSuite(sources, { files: discovered }, { shards: 1, splitFiles });
    const overhead = fetched ? safeOverhead(fetched.text) : undefined;
    advice = adviseShardCount(probe.tests, {
      overheadSeconds: overhead ?? 0,
      splitFiles,
      targetSeconds: config.targetMinutes! * 60,
      maxShards: config.maxShards,
      ...(probe.planCosts ? { costs: probe.planCosts } : {}),
      ...(config.maxParallel !== undefined ? { maxParallel: config.maxParallel } : {}),
    });
    shards = advice.recommended;
    ports.log.info(
      advice.meetsTarget
        ? `evenshard: ${shards} shards meet the ${config.targetMinutes}-minute target.`
        : `evenshard: no shard count up to ${config.maxShards} meets the ${config.targetMinutes}-minute target; using ${shards}.`,
    );
  }
  const suitePlan = planSuite(sources, { files: discovered }, { shards, splitFiles });
  const stored: StoredPlan = {
    schema: STORED_PLAN_SCHEMA,
    framework: ports.runner.framework,
    plan: suitePlan.plan,
    estimates: suitePlan.estimates,
    discoveredFiles: discovered.map((d) => d.file),
  };
  await ports.planSink.save(JSON.stringify(stored) + '\n');
  return {
    stored,
    shards,
    ...(advice ? { advice } : {}),
  };
}

function safeOverhead(text: string): number | undefined {
  try {
    return overheadEstimate(parseHistoryText(text));
  } catch {
    return undefined;
  }
}
