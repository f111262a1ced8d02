/** The parts of the GitHub Actions environment evenshard uses, read once and typed. */
import { readFileSync } from 'node:fs';

export interface GitHubContext {
  owner: string;
  repo: string;
  runId: number;
  runAttempt: number;
  /** Workflow file name (e.g. `ci.yml`) from GITHUB_WORKFLOW_REF, used to find earlier runs. */
  workflowFile: string | undefined;
  eventName: string;
  /** The pull request's base branch (pull_request events only). */
  baseRef: string | undefined;
  refName: string | undefined;
  defaultBranch: string | undefined;
  /** Pull request number, when the event is a pull request. */
  pullRequest: number | undefined;
  /** True when the pull request comes from a fork (its token is read-only). */
  fromFork: boolean;
}

export function readGitHubContext(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pr = event?.pull_request as
    { number?: number; head?: { repo?: { full_name?: string } } } | undefined;
  const headRepo = pr?.head?.repo?.full_name;
  return {
    owner,
    repo,
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
    workflowFile: workflowFileOf(env.GITHUB_WORKFLOW_REF),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    baseRef: env.GITHUB_BASE_REF || undefined,
    refName: env.GITHUB_REF_NAME || undefined,
    defaultBranch:
      ((event?.repository as { default_branch?: string } | undefined)?.default_branch ??
        undefined) ||
      undefined,
    pullRequest: typeof pr?.number === 'number' ? pr.number : undefined,
    fromFork:
      headRepo !== undefined &&
      headRepo.toLowerCase() !== (env.GITHUB_REPOSITORY ?? '').toLowerCase(),
  };
}

/** `owner/repo/.github/workflows/ci.yml@refs/heads/main` → `ci.yml`. */
export function workflowFileOf(workflowRef: string | undefined): string | undefined {
  if (!workflowRef) return undefined;
  const path = workflowRef.split('@')[0] ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name || undefined;
}

function readEvent(path: string | undefined): Record<string, unknown> | undefined {
  if (!path) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
