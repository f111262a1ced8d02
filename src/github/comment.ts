/** One pull-request comment, updated in place on every run (input `comment: true`). */
import { getOctokit } from '@actions/github';
import type { Logger } from '../ports.js';
import type { GitHubContext } from './context.js';
import { describeError } from './errors.js';

/** Hidden marker that identifies evenshard's own comment among the PR's comments. */
export const COMMENT_MARKER = '<!-- evenshard-summary -->';

export async function upsertPullRequestComment(options: {
  token: string;
  context: GitHubContext;
  body: string;
  log: Logger;
}): Promise<void> {
  const { token, context, log } = options;
  if (context.fromFork) {
    log.notice(
      'evenshard: not commenting on a pull request from a fork (its token is read-only); the job summary has the results.',
    );
    return;
  }
  const body = `${COMMENT_MARKER}\n${options.body}\n\n<sub>evenshard · run ${context.runId}</sub>`;
  try {
    const octokit = getOctokit(token);
    const issue = { owner: context.owner, repo: context.repo, issue_number: context.pullRequest! };
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...issue,
      per_page: 100,
    });
    const mine = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
    if (mine)
      await octokit.rest.issues.updateComment({
        owner: context.owner,
        repo: context.repo,
        comment_id: mine.id,
        body,
      });
    else await octokit.rest.issues.createComment({ ...issue, body });
  } catch (error) {
    log.notice(
      `evenshard: could not comment on the pull request (${describeError(error, 'comment on this pull request')}); it needs 'permissions: pull-requests: write'.`,
    );
  }
}
