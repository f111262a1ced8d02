/** The merge action (merge/action.yml): wiring of inputs, artifacts and outputs. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import {
  ARTIFACTS,
  DEFAULT_ARTIFACT_PREFIX,
  FILES,
  MERGE_INPUTS as IN,
  MERGE_OUTPUTS as OUT,
} from '../names.js';
import type { Logger } from '../ports.js';
import { mergeRun, type HistorySink } from '../roles/mergeRun.js';
import { ConfigError } from '../roles/runShard.js';
import { coverageCombiner } from '../roles/coverage.js';
import { loadQuarantine } from '../roles/files.js';
import { DEFAULT_FLAKINESS_RULE } from '../core/flakiness.js';
import { DEFAULT_SLOWDOWN_RULE } from '../core/slowdowns.js';
import { readGitHubContext, type GitHubContext } from './context.js';
import { describeError, PreviousRunHistory } from './history.js';
import { COVERAGE_KINDS, FRAMEWORKS, numberInput, oneOf } from './inputs.js';
import { RunArtifacts, uploadReplacingEarlierAttempt } from './artifacts.js';
import { actionsLogger, jobSummary } from './log.js';
import { upsertPullRequestComment } from './comment.js';

export async function mergeAction({ distDir: _distDir }: { distDir: string }): Promise<void> {
  try {
    const get = (name: string) => core.getInput(name).trim();
    const prefix = get(IN.artifactPrefix) || DEFAULT_ARTIFACT_PREFIX;
    const coverageKind = oneOf(get(IN.coverage) || 'none', COVERAGE_KINDS, IN.coverage);
    const framework = oneOf(get(IN.framework) || 'pytest', FRAMEWORKS, IN.framework);
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const root = resolve(workspace, get(IN.workingDirectory) || '.');
    const temp = join(
      process.env.RUNNER_TEMP ?? join(workspace, '.evenshard-tmp'),
      'evenshard-merge',
    );
    const context = readGitHubContext();
    const token = get(IN.githubToken);
    const log = actionsLogger;
    const testDurationsPath = get(IN.testDurations);
    const changedFiles =
      context.pullRequest && token ? await pullRequestFiles(token, context, log) : undefined;
    const quarantine = get(IN.quarantine)
      ? await loadQuarantine(root, get(IN.quarantine), `input '${IN.quarantine}'`)
      : undefined;
    const slowdownRule = {
      ...DEFAULT_SLOWDOWN_RULE,
      ...numberInput(get(IN.slowerFactor), IN.slowerFactor, 'factor', { min: 1 }),
      ...numberInput(get(IN.slowerMinSeconds), IN.slowerMinSeconds, 'floorSeconds', { min: 0 }),
    };
    const flakinessRule = {
      ...DEFAULT_FLAKINESS_RULE,
      ...numberInput(get(IN.flakyFlipRate), IN.flakyFlipRate, 'flipRate', { min: 0, max: 1 }),
    };

    const outcome = await mergeRun(
      {
        ...numberInput(get(IN.shards), IN.shards, 'expectedShards', { min: 1, integer: true }),
        ...numberInput(get(IN.failUnder), IN.failUnder, 'failUnder', { min: 0, max: 100 }),
        ...numberInput(get(IN.targetMinutes), IN.targetMinutes, 'targetMinutes', { min: 0 }),
        ...numberInput(get(IN.maxShards), IN.maxShards, 'maxShards', { min: 1, integer: true }),
        ...numberInput(get(IN.maxParallel), IN.maxParallel, 'maxParallel', {
          min: 1,
          integer: true,
        }),
        splitFiles: framework === 'pytest',
        exportTestDurations: testDurationsPath !== '',
        ...(changedFiles ? { changedFiles } : {}),
        now: new Date().toISOString(),
        ...(quarantine ? { quarantine } : {}),
        slowdownRule,
        flakinessRule,
      },
      {
        uploads: new RunArtifacts(prefix, join(temp, 'shards'), log),
        previousHistory: new PreviousRunHistory({
          token,
          prefix,
          ...(get(IN.historyBranch) ? { branch: get(IN.historyBranch) } : {}),
          downloadDir: join(temp, 'previous'),
          context,
          log,
        }),
        historySink: new HistoryArtifact(
          prefix,
          join(temp, 'history'),
          retention(get(IN.retentionDays)),
          log,
          testDurationsPath ? resolve(root, testDurationsPath) : undefined,
        ),
        ...(coverageKind !== 'none'
          ? {
              coverage: coverageCombiner({
                kind: coverageKind,
                root,
                outDir: join(root, 'coverage-combined'),
                python: get(IN.python) || 'python',
                log,
              }),
            }
          : {}),
        summary: jobSummary,
        log,
      },
    );
    const { report } = outcome;
    core.setOutput(OUT.tests, String(report.counts.tests));
    core.setOutput(OUT.failed, String(report.counts.failed + report.counts.errors));
    core.setOutput(OUT.lost, String(report.lost.length));
    core.setOutput(OUT.duplicated, String(report.duplicated.length));
    core.setOutput(OUT.coverage, outcome.coverage ? outcome.coverage.totalPercent.toFixed(2) : '');
    core.setOutput(OUT.balance, report.balance.toFixed(3));
    core.setOutput(OUT.recommendedShards, outcome.advice ? String(outcome.advice.recommended) : '');
    core.setOutput(OUT.historyRun, String(outcome.history.run));

    if (core.getBooleanInput(IN.comment) && context.pullRequest) {
      await upsertPullRequestComment({
        token,
        context,
        // The headline, then flaky, quarantined, slower and faster tests in short.
        body: [outcome.summary.split('\n')[0] ?? '', outcome.insightsComment]
          .filter((x) => x !== '')
          .join('\n\n'),
        log,
      });
    }
    if (outcome.failures.length) core.setFailed(`evenshard merge: ${outcome.failures.join('; ')}`);
  } catch (error) {
    core.setFailed(
      error instanceof ConfigError ? error.message : `evenshard merge: ${describeError(error)}`,
    );
  }
}

class HistoryArtifact implements HistorySink {
  constructor(
    private readonly prefix: string,
    private readonly dir: string,
    private readonly retentionDays: number,
    private readonly log: Logger,
    private readonly testDurationsPath: string | undefined,
  ) {}

  async save(files: { historyJson: string; testDurations?: string }): Promise<string | null> {
    await mkdir(this.dir, { recursive: true });
    const historyPath = join(this.dir, FILES.history);
    await writeFile(historyPath, files.historyJson);
    if (files.testDurations && this.testDurationsPath)
      await writeFile(this.testDurationsPath, files.testDurations);
    const name = ARTIFACTS.history(this.prefix);
    try {
      await uploadReplacingEarlierAttempt(
        new DefaultArtifactClient(),
        name,
        [historyPath],
        this.dir,
        {
          retentionDays: this.retentionDays,
        },
      );
      return `artifact ${name}`;
    } catch (error) {
      this.log.warning(
        `evenshard: could not upload the next history (${name}): ${describeError(error)}`,
      );
      return null;
    }
  }
}

async function pullRequestFiles(
  token: string,
  context: GitHubContext,
  log: Logger,
): Promise<string[] | undefined> {
  try {
    const octokit = getOctokit(token);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: context.owner,
      repo: context.repo,
      pull_number: context.pullRequest!,
      per_page: 100,
    });
    return files.map((f) => f.filename);
  } catch (error) {
    log.info(
      `evenshard: could not list the pull request's files (${describeError(error)}); showing overall coverage only.`,
    );
    return undefined;
  }
}

/** The history must outlive the gap between runs: 90 days unless set. */
function retention(raw: string): number {
  return numberInput(raw, IN.retentionDays, 'days', { min: 1, max: 90, integer: true }).days ?? 90;
}
