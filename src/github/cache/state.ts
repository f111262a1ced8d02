/**
 * What the main step hands the post step, through a state port (as actions/cache's
 * stateProvider does): the Actions runner's saved state in a job, a Map in tests.
 */
import * as core from '@actions/core';
import { CACHE_TOOLS, type CachedTool } from '../../core/cacheKey.js';
import { RUN_STATE } from '../../names.js';
import type { StepState } from '../../ports.js';

export const actionsStepState: StepState = {
  save: (name, value) => core.saveState(name, value),
  get: (name) => core.getState(name),
};

/** What the post step needs from the main step. */
export interface DependencyCacheState {
  tool: CachedTool;
  primaryKey: string;
  matchedKey?: string;
  paths: string[];
}

/** True for a value that has the shape of a DependencyCacheState (e.g. parsed from saved state). */
export function isDependencyCacheState(value: unknown): value is DependencyCacheState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    CACHE_TOOLS.some((tool) => tool !== 'none' && tool === state['tool']) &&
    typeof state['primaryKey'] === 'string' &&
    state['primaryKey'] !== '' &&
    (state['matchedKey'] === undefined || typeof state['matchedKey'] === 'string') &&
    Array.isArray(state['paths']) &&
    state['paths'].length > 0 &&
    state['paths'].every((p) => typeof p === 'string')
  );
}

/** Hands the restored cache to the post step: one JSON value under RUN_STATE.cache. */
export function saveDependencyCacheState(state: DependencyCacheState, store: StepState): void {
  const { tool, primaryKey, matchedKey, paths } = state;
  store.save(RUN_STATE.cache, JSON.stringify({ tool, primaryKey, matchedKey, paths }));
}

/** Reads what saveDependencyCacheState recorded; null when the main step cached nothing. */
export function loadDependencyCacheState(store: StepState): DependencyCacheState | null {
  try {
    const state: unknown = JSON.parse(store.get(RUN_STATE.cache) || 'null');
    return isDependencyCacheState(state) ? state : null;
  } catch {
    return null;
  }
}
