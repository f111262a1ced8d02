/**
 * Finds the timing history written by the merge job of an earlier successful run of the same
 * workflow. Every shard of a run must pick the same one, so the choice depends only on things
 * fixed when the run was created: candidate runs must have finished (`updated_at`) before this
 * run was created, on the first branch in order (history-branch input | PR base | current |
 * default) that has one, and never from a fork.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { getOctokit } from '@actions/github';
import { ARTIFACTS, FILES } from '../names.js';
import type { FetchedHistory, HistorySource, Logger } from '../ports.js';
import type { GitHubContext } from './context.js';
import { describeError } from './errors.js';

/** How many older runs to try when the newest one's artifact expired or is unreadable. */
const MAX_CANDIDATE_RUNS = 5;

export interface PreviousRunHistoryOptions {
  token: string;
  prefix: string;
  /** Explicit branch to read history from (input `history-branch`); else derived. */
  branch?: string;
  downloadDir: string;
  context: GitHubContext;
  log: Logger;
}

interface CandidateRun {
  id: number;
  branch: string;
  createdAt: string;
}

export class PreviousRunHistory implements HistorySource {
  constructor(private readonly options: PreviousRunHistoryOptions) {}

  async fetch(): Promise<FetchedHistory | null> {
    const { log } = this.options;
    try {
      return await this.find();
    } catch (error) {
      log.warning(
        `evenshard: could not read the timing history (${describeError(error, READ_RUNS)}). ${PERMISSION_HINT}`,
      );
      return null;
    }
  }

  private async find(): Promise<FetchedHistory | null> {
    const { context, log, prefix } = this.options;
    if (!context.workflowFile) {
      log.warning(
        'evenshard: GITHUB_WORKFLOW_REF is not set, so earlier runs cannot be found; planning without history.',
      );
      return null;
    }
    const octokit = getOctokit(this.options.token);
    const { owner, repo } = context;
    const current = await octokit.rest.actions.getWorkflowRun({
      owner,
      repo,
      run_id: context.runId,
    });
    const cutoff = current.data.created_at;
    const candidates = await this.candidateRuns(octokit, cutoff);
    if (candidates.length === 0) {
      log.warning(
        `evenshard: no successful earlier run of ${context.workflowFile} on ${this.branches().join(' or ')} ` +
          "finished before this run started; planning without history. The workflow's merge job writes the first history.",
      );
      return null;
    }
    const artifacts = new DefaultArtifactClient();
    const name = ARTIFACTS.history(prefix);
    for (const run of candidates.slice(0, MAX_CANDIDATE_RUNS)) {
      const findBy = {
        token: this.options.token,
        workflowRunId: run.id,
        repositoryOwner: owner,
        repositoryName: repo,
      };
      try {
        const { artifacts: list } = await artifacts.listArtifacts({ latest: true, findBy });
        const artifact = list.find((a) => a.name === name);
        if (!artifact) {
          log.info(
            `evenshard: run ${run.id} on ${run.branch} has no ${name} artifact; trying an older run.`,
          );
          continue;
        }
        const path = join(this.options.downloadDir, String(run.id));
        await artifacts.downloadArtifact(artifact.id, { path, findBy });
        const text = await readFile(join(path, FILES.history), 'utf8');
        return {
          text,
          description: `run ${run.id} on ${run.branch} (${run.createdAt.slice(0, 10)})`,
        };
      } catch (error) {
        log.info(
          `evenshard: history of run ${run.id} is unusable (${describeError(error, READ_RUNS)}); trying an older run.`,
        );
      }
    }
    log.warning(
      `evenshard: none of the last ${MAX_CANDIDATE_RUNS} successful runs has a readable ${name} artifact (expired?); planning without history.`,
    );
    return null;
  }

  /** Branches to look on, in order, without repeats. */
  branches(): string[] {
    const { context, branch } = this.options;
    const order = branch ? [branch] : [context.baseRef, context.refName, context.defaultBranch];
    return [...new Set(order.filter((b): b is string => Boolean(b)))];
  }

  private async candidateRuns(
    octokit: ReturnType<typeof getOctokit>,
    cutoff: string,
  ): Promise<CandidateRun[]> {
    const { context } = this.options;
    const fullName = `${context.owner}/${context.repo}`.toLowerCase();
    for (const branch of this.branches()) {
      const response = await octokit.rest.actions.listWorkflowRuns({
        owner: context.owner,
        repo: context.repo,
        workflow_id: context.workflowFile!,
        branch,
        status: 'success',
        per_page: 30,
      });
      const runs = response.data.workflow_runs
        .filter((run) => run.id !== context.runId)
        .filter((run) => (run.head_repository?.full_name ?? '').toLowerCase() === fullName)
        .filter((run) => run.updated_at <= cutoff)
        // The API's order is undocumented: newest first by creation time, then id.
        .sort((a, b) =>
          a.created_at === b.created_at ? b.id - a.id : a.created_at < b.created_at ? 1 : -1,
        )
        .map((run) => ({ id: run.id, branch, createdAt: run.created_at }));
      if (runs.length > 0) return runs;
    }
    return [];
  }
}

const READ_RUNS = "read this repository's Actions runs";

const PERMISSION_HINT =
  'Planning without history. If the job lacks permission, add `permissions: { actions: read, contents: read }` to the workflow.';
