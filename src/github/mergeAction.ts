/** The merge action (merge/action.yml): wiring of inputs, artifacts and outputs. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { ARTIFACTS, FILES, MERGE_INPUTS, MERGE_OUTPUTS as OUT } from '../names.js';
import type { EntryContext, HistorySink, Logger } from '../ports.js';
import { coverageCombiner } from '../roles/coverage.js';
import { loadQuarantine } from '../roles/files.js';
import { mergeRun } from '../roles/mergeRun.js';
import { RunArtifacts, uploadReplacingEarlierAttempt } from './artifacts.js';
import { upsertPullRequestComment } from './comment.js';
import { readGitHubContext, type GitHubContext } from './context.js';
import { actionPaths, historySourceFor } from './entry.js';
import { describeError } from './errors.js';
import { parseMergeInputs } from './inputs.js';
import { actionsLogger as log, jobSummary } from './log.js';

export async function mergeAction(_context: EntryContext): Promise<void> {
  const inputs = parseMergeInputs((name) => core.getInput(name));
  const { root, scratch } = actionPaths(inputs.workingDirectory, 'evenshard-merge');
  const context = readGitHubContext();
  const token = inputs.githubToken;
  const changedFiles =
    context.pullRequest && token ? await pullRequestFiles(token, context, log) : undefined;
  const quarantine = inputs.quarantine
    ? await loadQuarantine(root, inputs.quarantine, `input '${MERGE_INPUTS.quarantine}'`)
    : undefined;
  const optional = <K extends string>(key: K, value: number | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, number>>;

  const outcome = await mergeRun(
    {
      ...optional('expectedShards', inputs.shards),
      ...optional('failUnder', inputs.failUnder),
      ...optional('targetMinutes', inputs.targetMinutes),
      maxShards: inputs.maxShards,
      ...optional('maxParallel', inputs.maxParallel),
      splitFiles: inputs.framework === 'pytest',
      exportTestDurations: inputs.testDurations !== undefined,
      ...(changedFiles ? { changedFiles } : {}),
      now: new Date().toISOString(),
      ...(quarantine ? { quarantine } : {}),
      slowdownRule: inputs.slowdownRule,
      flakinessRule: inputs.flakinessRule,
    },
    {
      uploads: new RunArtifacts(inputs.artifactPrefix, join(scratch, 'shards'), log),
      previousHistory: historySourceFor({
        history: 'auto',
        root,
        token,
        prefix: inputs.artifactPrefix,
        branch: inputs.historyBranch,
        downloadDir: join(scratch, 'previous'),
        log,
      }),
      historySink: new HistoryArtifact(
        inputs.artifactPrefix,
        join(scratch, 'history'),
        inputs.retentionDays,
        log,
        inputs.testDurations ? resolve(root, inputs.testDurations) : undefined,
      ),
      ...(inputs.coverage !== 'none'
        ? {
            coverage: coverageCombiner({
              kind: inputs.coverage,
              root,
              outDir: join(root, 'coverage-combined'),
              python: inputs.python,
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

  if (inputs.comment && context.pullRequest) {
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
        `evenshard: could not upload the next history (${name}): ${describeError(error, 'upload artifacts')}`,
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
      `evenshard: could not list the pull request's files (${describeError(error, "read this pull request's files")}); showing overall coverage only.`,
    );
    return undefined;
  }
}
