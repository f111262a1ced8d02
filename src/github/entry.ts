/**
 * What every action step shares: the one catch → setFailed wrapper, the workspace and scratch
 * paths, and the history source chosen from the inputs.
 */
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { ConfigError } from '../errors.js';
import { CheckoutFileHistory } from '../local/fileHistory.js';
import { RUN_INPUTS } from '../names.js';
import type { HistorySource, Logger } from '../ports.js';
import { readGitHubContext } from './context.js';
import { describeError } from './errors.js';
import { PreviousRunHistory } from './history.js';

/**
 * Runs one action step. A ConfigError (a bad input, a project evenshard cannot plan) fails the
 * job with its one-line message; anything else with `label: message`. With `failJob: false`
 * (the post step) an error is a notice and never fails the job.
 */
export async function actionEntry(
  label: string,
  body: () => Promise<void>,
  { failJob = true }: { failJob?: boolean } = {},
): Promise<void> {
  try {
    await body();
  } catch (error) {
    const message =
      error instanceof ConfigError ? error.message : `${label}: ${describeError(error)}`;
    if (failJob) core.setFailed(message);
    else core.notice(message);
  }
}

export interface ActionPaths {
  /** The project: the working directory inside the checkout (GITHUB_WORKSPACE). */
  root: string;
  /** This step's private scratch folder under RUNNER_TEMP. */
  scratch: string;
}

/** `scratchName` keeps steps that share a runner (self-hosted) out of each other's files. */
export function actionPaths(workingDirectory: string, scratchName: string): ActionPaths {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const temp = process.env.RUNNER_TEMP ?? join(workspace, '.evenshard-tmp');
  return {
    root: resolve(workspace, workingDirectory),
    scratch: join(temp, scratchName),
  };
}

/**
 * Where the timing history comes from: `auto` (the merge artifact of an earlier run), `none`, or
 * a timing file in the checkout (the run action's `history` input; plan and merge use `auto`).
 */
export function historySourceFor(options: {
  history: string;
  root: string;
  token: string;
  prefix: string;
  branch: string | undefined;
  downloadDir: string;
  log: Logger;
}): HistorySource {
  const { history, log } = options;
  if (history === 'none') return { fetch: async () => null };
  if (history !== 'auto')
    return new CheckoutFileHistory(options.root, history, log, `input '${RUN_INPUTS.history}'`);
  return new PreviousRunHistory({
    token: options.token,
    prefix: options.prefix,
    ...(options.branch ? { branch: options.branch } : {}),
    downloadDir: options.downloadDir,
    context: readGitHubContext(),
    log,
  });
}
