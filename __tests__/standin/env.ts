/**
 * TEST STAND-IN helper: the environment a process (or the current one) needs so the real
 * @actions/artifact, @actions/cache and @actions/github clients talk to a stand-in server
 * (./server.ts) instead of GitHub. Spread it over process.env; it overrides whatever a real
 * runner may have set for the same names.
 */
import { makeRuntimeToken } from './server.js';

export interface StandinRunContext {
  runId: number;
  /** Jobs of one run share its artifacts; default `job`. */
  jobId?: string | number;
  /** `owner/name`. */
  repo: string;
  /** Set as GITHUB_TOKEN when given; the stand-in's REST routes accept any token. */
  token?: string;
  /** Workflow file name for GITHUB_WORKFLOW_REF; default `ci.yml`. */
  workflow?: string;
  /** Default `refs/heads/main`. */
  ref?: string;
  /** Default `push`. */
  event?: string;
}

export function standinEnv(
  server: { url: string },
  ctx: StandinRunContext,
): Record<string, string> {
  const ref = ctx.ref ?? 'refs/heads/main';
  const event = ctx.event ?? 'push';
  const workflow = ctx.workflow ?? 'ci.yml';
  const [owner = ''] = ctx.repo.split('/');
  const env: Record<string, string> = {
    ACTIONS_RUNTIME_TOKEN: makeRuntimeToken({
      runId: ctx.runId,
      jobId: ctx.jobId ?? 'job',
      repo: ctx.repo,
      ref,
      event,
      workflow,
    }),
    // Both clients use only the origin of this URL (twirp paths are absolute).
    ACTIONS_RESULTS_URL: `${server.url}/`,
    // Cache service v2 is the twirp one; without this the cache client speaks v1 (not served).
    ACTIONS_CACHE_SERVICE_V2: 'true',
    // Read by @actions/github when it is first imported: import the clients after setting this.
    GITHUB_API_URL: server.url,
    // Any host other than github.com, *.ghe.com or *.localhost makes both clients assume GHES
    // and refuse to work, so pin it even if the caller's environment says otherwise.
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: ctx.repo,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_RUN_ID: String(ctx.runId),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_EVENT_NAME: event,
    GITHUB_WORKFLOW_REF: `${ctx.repo}/.github/workflows/${workflow}@${ref}`,
  };
  if (ctx.token !== undefined) env['GITHUB_TOKEN'] = ctx.token;
  return env;
}
