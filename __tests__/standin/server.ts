/**
 * TEST STAND-IN. This is NOT GitHub and is never used outside tests.
 *
 * A local fake of the GitHub Actions services that evenshard talks to, speaking their real wire
 * protocols so the real @actions/artifact 6, @actions/cache 6 (service v2) and @actions/github
 * (octokit) clients run unmodified against it:
 *   - ArtifactService and CacheService: twirp JSON under /twirp/github.actions.results.api.v1.*
 *   - the Azure-blob "signed URLs" those services hand out: /blob/<container>/<name>?sp=&se=&sig=
 *   - the REST routes for workflow runs and artifacts: /repos/{owner}/{repo}/actions/...
 *   - a control API for tests: /_standin/...
 * It binds to 127.0.0.1 on an ephemeral port only. Field names and behaviour follow the clients'
 * code in node_modules (the ground truth); see README.md in this folder for what is simplified.
 *
 * In-process: `const s = await startStandin({ stateDir })`, then `standinEnv(s, ctx)` from env.ts.
 * As a process: `npx tsx __tests__/standin/server.ts --port 0 --state DIR` prints one JSON line
 * `{"url": ..., "pid": ..., "stateDir": ...}` on stdout and serves until SIGTERM or
 * POST /_standin/shutdown.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { XMLParser } from 'fast-xml-parser';

// ---------------------------------------------------------------------------------------------
// Public types

/** The parts of the stand-in that faults can be injected into. */
export type StandinService = 'artifact' | 'cache' | 'blob' | 'api';
export const STANDIN_SERVICES: readonly StandinService[] = ['artifact', 'cache', 'blob', 'api'];

/**
 * `error`: answer with `status` (default 500) in the service's own error format.
 * `down`: destroy the connection without answering (the client sees ECONNRESET).
 * `reset`: answer 200 with headers and the first bytes of a body, then destroy the socket
 * (a connection reset mid-response).
 * `retryAfter` (with `error`): a `Retry-After` header in seconds, as a 429 or 503 carries.
 * `times`: apply to that many requests, then clear itself; absent = until cleared.
 * `method`, `path`: apply only to requests with this HTTP method and whose path (no query
 * string) matches this regular expression; others pass and do not count towards `times`. For
 * a token that lacks one permission, e.g. 403 on `POST .../issues/{n}/comments` only.
 */
export type StandinFault = (
  | { mode: 'error'; status?: number; times?: number; retryAfter?: number }
  | { mode: 'down'; times?: number }
  | { mode: 'reset'; times?: number }
) & { method?: string; path?: string };

/**
 * Server-side cache permission, on the same lattice as the runner's ACTIONS_CACHE_MODE:
 * readable = write | read, writable = write | write-only.
 */
export type StandinCacheMode = 'write' | 'read' | 'write-only' | 'none';

/** A workflow run as tests create it. `repo` defaults to `head_repo` and vice versa. */
export interface RunInput {
  id: number;
  repo?: string;
  head_repo?: string;
  /** Workflow file name (`ci.yml`) or path (`.github/workflows/ci.yml`); default `ci.yml`. */
  workflow?: string;
  branch?: string;
  event?: string;
  /** Default `completed`. */
  status?: string;
  /** Default `success` when status is `completed`, else null. */
  conclusion?: string | null;
  /** ISO 8601; default now. */
  created_at?: string;
  head_sha?: string;
  run_attempt?: number;
  run_number?: number;
  name?: string;
}

export interface RunRecord {
  id: number;
  repo: string;
  headRepo: string;
  workflowPath: string;
  branch: string;
  event: string;
  status: string;
  conclusion: string | null;
  createdAt: string;
  updatedAt: string;
  headSha: string;
  runAttempt: number;
  runNumber: number;
  name: string;
}

/** A pull request as tests declare it: the comment and changed-files routes need one. */
export interface PullRequestInput {
  repo: string;
  number: number;
  /** Repository of the head branch; default `repo` (a fork when different). */
  head_repo?: string;
  /** Paths the pull request changes (GET .../pulls/{n}/files), in order. */
  files?: string[];
}

export interface PullRequestRecord {
  repo: string;
  number: number;
  headRepo: string;
  files: string[];
}

/** An issue (pull-request) comment. */
export interface IssueCommentRecord {
  id: number;
  repo: string;
  /** The pull request's number. */
  issue: number;
  body: string;
  /** Login of the author: `github-actions[bot]` for comments made with a token. */
  user: string;
  createdAt: string;
  updatedAt: string;
}

export interface ArtifactRecord {
  id: number;
  runId: number;
  repo: string;
  runBackendId: string;
  jobBackendId: string;
  name: string;
  state: 'pending' | 'finalized';
  blobKey: string;
  mimeType: string;
  size: number;
  /** `sha256:<hex>` once finalized. */
  digest: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export interface CacheEntryRecord {
  id: number;
  key: string;
  version: string;
  state: 'pending' | 'finalized';
  blobKey: string;
  size: number;
  createdAt: string;
  lastAccessedAt: string;
}

export interface RequestLogEntry {
  service: StandinService | 'control' | 'unknown';
  method: string;
  /** Path without the query string (signatures stay out of the log). */
  path: string;
  /** 0 when the connection was dropped by a `down` fault. */
  status: number;
  /** The Authorization scheme and token as sent, for asserting which token a client used. */
  authorization: string | undefined;
  /** performance.now() when the request arrived and when its answer was sent (benchmarks). */
  receivedAt: number;
  answeredAt?: number;
}

/** What the stand-in's runtime tokens carry. `standin` is a stand-in-only claim. */
export interface RuntimeTokenContext {
  runId: number;
  jobId: string | number;
  repo: string;
  ref?: string;
  event?: string;
  workflow?: string;
}

export interface StandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Persist runs, artifacts, cache entries and blobs here so a restarted process keeps them. */
  stateDir?: string;
}

// ---------------------------------------------------------------------------------------------
// Runtime token (ACTIONS_RUNTIME_TOKEN)

const ARTIFACT_PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/';
const CACHE_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
const BLOB_PREFIX = '/blob/';
const CONTROL_PREFIX = '/_standin/';

function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The results-service backend ids for a run and job. Real ones are opaque UUIDs; these are derived
 * from the numbers so every job of one run (and every process) agrees on them.
 */
export function backendIdsFor(
  runId: number,
  jobId: string | number,
): { workflowRunBackendId: string; workflowJobRunBackendId: string } {
  return {
    workflowRunBackendId: uuidFrom(`run:${runId}`),
    workflowJobRunBackendId: uuidFrom(`job:${runId}:${jobId}`),
  };
}

const base64url = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An unsigned JWT (`alg: none`, empty signature): the clients only decode it (jwt-decode) to read
 * the `scp` claim `Actions.Results:<runBackendId>:<jobBackendId>`; the stand-in reads `standin`.
 */
export function makeRuntimeToken(ctx: RuntimeTokenContext): string {
  const ids = backendIdsFor(ctx.runId, ctx.jobId);
  const now = Math.floor(Date.now() / 1000);
  const scopes = [
    'Actions.GenericRead:00000000-0000-0000-0000-000000000000',
    `Actions.UploadArtifacts:${ids.workflowRunBackendId}:${ids.workflowJobRunBackendId}`,
    `Actions.Results:${ids.workflowRunBackendId}:${ids.workflowJobRunBackendId}`,
  ];
  const payload = {
    iss: 'evenshard-standin',
    aud: 'evenshard-standin',
    iat: now,
    nbf: now,
    exp: now + 6 * 3600,
    scp: scopes.join(' '),
    standin: {
      run_id: ctx.runId,
      job_id: String(ctx.jobId),
      repository: ctx.repo,
      ref: ctx.ref ?? 'refs/heads/main',
      event: ctx.event ?? 'push',
      workflow: ctx.workflow ?? 'ci.yml',
    },
  };
  return `${base64url({ typ: 'JWT', alg: 'none' })}.${base64url(payload)}.`;
}

interface TokenInfo {
  runId: number;
  repo: string;
  ref: string;
  event: string;
  workflow: string;
  runBackendId: string;
  jobBackendId: string;
}

function decodeRuntimeToken(authorization: string | undefined): TokenInfo | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const payloadPart = token?.split('.')[1];
  if (!payloadPart) return undefined;
  let claims: { scp?: unknown; standin?: Record<string, unknown> };
  try {
    claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return undefined;
  }
  const results =
    typeof claims.scp === 'string'
      ? claims.scp.split(' ').find((s) => s.startsWith('Actions.Results:'))
      : undefined;
  const [, runBackendId, jobBackendId] = results?.split(':') ?? [];
  const s = claims.standin;
  if (!runBackendId || !jobBackendId || !s || typeof s.run_id !== 'number') return undefined;
  return {
    runId: s.run_id,
    repo: String(s.repository ?? ''),
    ref: String(s.ref ?? 'refs/heads/main'),
    event: String(s.event ?? 'push'),
    workflow: String(s.workflow ?? 'ci.yml'),
    runBackendId,
    jobBackendId,
  };
}

// ---------------------------------------------------------------------------------------------
// Errors in each service's own format

// Twirp error codes and their HTTP statuses (twirp spec v7).
const TWIRP_STATUS = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  internal: 500,
  unimplemented: 501,
  unavailable: 503,
} as const;
type TwirpCode = keyof typeof TWIRP_STATUS;

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    msg: string,
  ) {
    super(msg);
  }
}

class AzureError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg);
  }
}

class RestError extends Error {
  constructor(
    readonly status: number,
    msg: string,
  ) {
    super(msg);
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function sendTwirpError(res: ServerResponse, code: TwirpCode, msg: string): void {
  sendJson(res, TWIRP_STATUS[code], { code, msg });
}

function sendAzureError(res: ServerResponse, status: number, code: string, msg: string): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${msg}</Message></Error>`;
  res.writeHead(status, {
    'Content-Type': 'application/xml',
    'Content-Length': Buffer.byteLength(xml),
    'x-ms-error-code': code,
    'x-ms-request-id': randomUUID(),
  });
  res.end(xml);
}

function sendRestError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, {
    message,
    documentation_url: 'https://docs.github.com/rest',
    status: String(status),
  });
}

function sendFaultError(
  res: ServerResponse,
  service: StandinService,
  status: number,
  retryAfter?: number,
): void {
  const msg = 'stand-in: injected fault';
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  if (service === 'blob') sendAzureError(res, status, 'InternalError', msg);
  else if (service === 'api') sendRestError(res, status, msg);
  else sendJson(res, status, { code: status >= 500 ? 'internal' : 'unknown', msg });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const isoNow = (): string => new Date().toISOString();
/** GitHub's REST API prints times without milliseconds. */
const isoSeconds = (iso: string): string => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256Hex = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('hex');
/** Stable small positive number for ids GitHub has but the stand-in does not model. */
const numberFrom = (text: string): number => parseInt(sha256Hex(text).slice(0, 7), 16);

/** GitHub compares owner and repository names case-insensitively. */
function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function workflowPathOf(workflow: string): string {
  return workflow.includes('/') ? workflow : `.github/workflows/${workflow}`;
}

function branchOfRef(ref: string): string {
  return ref.replace(/^refs\/heads\//, '');
}

const CONCLUSIONS = new Set([
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'startup_failure',
]);

// Block lists keep their element order (Latest/Committed/Uncommitted may interleave).
const blockListParser = new XMLParser({
  preserveOrder: true,
  parseTagValue: false,
  ignoreDeclaration: true,
  trimValues: true,
});

function parseBlockList(xml: string): string[] {
  const doc = blockListParser.parse(xml) as Array<Record<string, unknown>>;
  const root = doc.find((node) => 'BlockList' in node)?.['BlockList'];
  if (root === undefined) throw new AzureError(400, 'InvalidXmlDocument', 'missing BlockList');
  const ids: string[] = [];
  for (const item of Array.isArray(root) ? (root as Array<Record<string, unknown>>) : []) {
    const kind = Object.keys(item).find((k) => k !== ':@');
    const content = kind ? item[kind] : undefined;
    const text = Array.isArray(content)
      ? (content as Array<Record<string, unknown>>)[0]?.['#text']
      : undefined;
    if (typeof text !== 'string') throw new AzureError(400, 'InvalidXmlDocument', 'bad block');
    ids.push(text);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// State

interface BlobMeta {
  key: string;
  contentType: string;
  size: number;
  sha256: string;
}

interface PersistedState {
  format: 1;
  secret: string;
  nextArtifactId: number;
  nextCacheId: number;
  runs: RunRecord[];
  artifacts: ArtifactRecord[];
  caches: CacheEntryRecord[];
  blobs: BlobMeta[];
  pullRequests: PullRequestRecord[];
  comments: IssueCommentRecord[];
  nextCommentId: number;
}

function emptyState(): PersistedState {
  return {
    format: 1,
    secret: randomBytes(32).toString('hex'),
    nextArtifactId: 1001,
    nextCacheId: 1,
    runs: [],
    artifacts: [],
    caches: [],
    blobs: [],
    pullRequests: [],
    comments: [],
    nextCommentId: 5001,
  };
}

type Query = URLSearchParams;

// ---------------------------------------------------------------------------------------------
// The server

export class Standin {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  private readonly httpServer: Server;
  private readonly stateDir: string | undefined;
  private state: PersistedState;
  private readonly blobData = new Map<string, Buffer>();
  private readonly stagedBlocks = new Map<string, Map<string, Buffer>>();
  private readonly faults = new Map<StandinService, StandinFault>();
  private cacheMode: StandinCacheMode = 'write';
  private latencyMs = 0;
  private readonly log: RequestLogEntry[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(httpServer: Server, url: string, stateDir: string | undefined) {
    this.httpServer = httpServer;
    this.url = url;
    this.stateDir = stateDir;
    this.state = emptyState();
    if (stateDir) this.load(stateDir);
  }

  /** Start listening on 127.0.0.1 (never on other interfaces). */
  static async start(options: StandinOptions = {}): Promise<Standin> {
    const httpServer = createServer();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    const standin = new Standin(httpServer, `http://127.0.0.1:${port}`, options.stateDir);
    httpServer.on('connection', (socket) => {
      standin.sockets.add(socket);
      socket.on('close', () => standin.sockets.delete(socket));
    });
    httpServer.on('request', (req, res) => void standin.handle(req, res));
    return standin;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  // --- test controls -------------------------------------------------------------------------

  /** Create or update (by id) a workflow run. */
  addRun(input: RunInput): RunRecord {
    const repo = input.repo ?? input.head_repo;
    if (!repo || !/^[^/\s]+\/[^/\s]+$/.test(repo)) {
      throw new Error(`stand-in: run ${input.id} needs repo or head_repo as 'owner/name'`);
    }
    if (!Number.isSafeInteger(input.id) || input.id <= 0) {
      throw new Error(`stand-in: run id must be a positive integer, got ${input.id}`);
    }
    const existing = this.state.runs.find((r) => r.id === input.id);
    const status = input.status ?? existing?.status ?? 'completed';
    const createdAt = input.created_at
      ? new Date(input.created_at).toISOString()
      : (existing?.createdAt ?? isoNow());
    const run: RunRecord = {
      id: input.id,
      repo,
      headRepo: input.head_repo ?? existing?.headRepo ?? repo,
      workflowPath: input.workflow
        ? workflowPathOf(input.workflow)
        : (existing?.workflowPath ?? workflowPathOf('ci.yml')),
      branch: input.branch ?? existing?.branch ?? 'main',
      event: input.event ?? existing?.event ?? 'push',
      status,
      conclusion:
        input.conclusion !== undefined
          ? input.conclusion
          : status === 'completed'
            ? (existing?.conclusion ?? 'success')
            : null,
      createdAt,
      updatedAt: isoNow(),
      headSha: input.head_sha ?? existing?.headSha ?? sha256Hex(`sha:${input.id}`).slice(0, 40),
      runAttempt: input.run_attempt ?? existing?.runAttempt ?? 1,
      runNumber: input.run_number ?? existing?.runNumber ?? this.state.runs.length + 1,
      name: input.name ?? existing?.name ?? 'CI',
    };
    this.state.runs = this.state.runs.filter((r) => r.id !== run.id).concat(run);
    this.persist();
    return run;
  }

  runs(): readonly RunRecord[] {
    return structuredClone(this.state.runs);
  }

  /** Finalized and pending artifacts, optionally of one run. */
  artifacts(filter: { runId?: number } = {}): readonly ArtifactRecord[] {
    return structuredClone(
      this.state.artifacts.filter((a) => filter.runId === undefined || a.runId === filter.runId),
    );
  }

  cacheEntries(): readonly CacheEntryRecord[] {
    return structuredClone(this.state.caches);
  }

  /**
   * Marks an artifact expired (its retention ran out a second ago): the REST listings then say
   * `expired: true` and its zip route answers 410, as GitHub's do.
   */
  expireArtifact(id: number): void {
    const artifact = this.state.artifacts.find((a) => a.id === id);
    if (!artifact) throw new Error(`stand-in: no artifact ${id}`);
    artifact.expiresAt = new Date(Date.now() - 1000).toISOString();
    this.persist();
  }

  /**
   * Replaces a finalized artifact's bytes (its size and digest follow), as a hostile or broken
   * uploader could have left them: for tests of crafted zips (entries outside the target, bombs).
   */
  setArtifactContent(id: number, data: Buffer): void {
    const artifact = this.state.artifacts.find((a) => a.id === id);
    if (!artifact) throw new Error(`stand-in: no artifact ${id}`);
    this.putBlob(artifact.blobKey, data, 'application/zip');
    artifact.size = data.length;
    artifact.digest = `sha256:${sha256Hex(data)}`;
    this.persist();
  }

  /** Create or replace (by repo and number) a pull request. */
  addPullRequest(input: PullRequestInput): PullRequestRecord {
    if (!/^[^/\s]+\/[^/\s]+$/.test(input.repo ?? '')) {
      throw new Error(`stand-in: pull request ${input.number} needs repo as 'owner/name'`);
    }
    if (!Number.isSafeInteger(input.number) || input.number <= 0) {
      throw new Error(
        `stand-in: pull request number must be a positive integer, got ${input.number}`,
      );
    }
    const record: PullRequestRecord = {
      repo: input.repo,
      number: input.number,
      headRepo: input.head_repo ?? input.repo,
      files: [...(input.files ?? [])],
    };
    this.state.pullRequests = this.state.pullRequests
      .filter((p) => !(sameName(p.repo, record.repo) && p.number === record.number))
      .concat(record);
    this.persist();
    return structuredClone(record);
  }

  /** Adds a comment as someone else would (default author `octocat`). */
  addIssueComment(input: {
    repo: string;
    issue: number;
    body: string;
    user?: string;
  }): IssueCommentRecord {
    if (!this.findPullRequest(input.repo, input.issue)) {
      throw new Error(`stand-in: no pull request ${input.repo}#${input.issue}`);
    }
    return structuredClone(
      this.createComment(input.repo, input.issue, input.body, input.user ?? 'octocat'),
    );
  }

  /** Issue comments, oldest first, optionally of one pull request. */
  issueComments(filter: { repo?: string; issue?: number } = {}): readonly IssueCommentRecord[] {
    return structuredClone(
      this.state.comments.filter(
        (c) =>
          (filter.repo === undefined || sameName(c.repo, filter.repo)) &&
          (filter.issue === undefined || c.issue === filter.issue),
      ),
    );
  }

  setFault(service: StandinService, fault: StandinFault | null): void {
    if (!STANDIN_SERVICES.includes(service))
      throw new Error(`stand-in: unknown service ${service}`);
    if (fault) this.faults.set(service, { ...fault });
    else this.faults.delete(service);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Delay every service request this long before answering (benchmarks: a real network's round trip). */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  setCacheMode(mode: StandinCacheMode): void {
    if (!['write', 'read', 'write-only', 'none'].includes(mode)) {
      throw new Error(`stand-in: unknown cache mode ${mode}`);
    }
    this.cacheMode = mode;
  }

  get requests(): readonly RequestLogEntry[] {
    return [...this.log];
  }

  clearRequests(): void {
    this.log.length = 0;
  }

  /** Forget all data (keeps faults and cache mode). */
  reset(): void {
    const secret = this.state.secret;
    this.state = { ...emptyState(), secret };
    this.blobData.clear();
    this.stagedBlocks.clear();
    if (this.stateDir)
      fs.rmSync(path.join(this.stateDir, 'blobs'), { recursive: true, force: true });
    this.persist();
  }

  snapshot(): {
    runs: readonly RunRecord[];
    artifacts: readonly ArtifactRecord[];
    caches: readonly CacheEntryRecord[];
    pullRequests: readonly PullRequestRecord[];
    comments: readonly IssueCommentRecord[];
    cacheMode: StandinCacheMode;
    faults: Record<string, StandinFault>;
  } {
    return {
      runs: this.runs(),
      artifacts: this.artifacts(),
      caches: this.cacheEntries(),
      pullRequests: structuredClone(this.state.pullRequests),
      comments: this.issueComments(),
      cacheMode: this.cacheMode,
      faults: Object.fromEntries(this.faults),
    };
  }

  // --- persistence ---------------------------------------------------------------------------

  private load(dir: string): void {
    fs.mkdirSync(path.join(dir, 'blobs'), { recursive: true });
    const file = path.join(dir, 'state.json');
    if (fs.existsSync(file)) {
      const loaded = JSON.parse(fs.readFileSync(file, 'utf8')) as PersistedState;
      if (loaded.format !== 1) throw new Error(`stand-in: unknown state format in ${file}`);
      // State files written before pull requests were modelled lack those fields.
      this.state = { ...emptyState(), ...loaded };
    } else {
      this.persist();
    }
  }

  private blobFile(key: string): string | undefined {
    return this.stateDir ? path.join(this.stateDir, 'blobs', `${sha256Hex(key)}.bin`) : undefined;
  }

  private persist(): void {
    if (!this.stateDir) return;
    const file = path.join(this.stateDir, 'state.json');
    // Write-then-rename so a process killed mid-write never leaves half a file.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.state, null, 1));
    fs.renameSync(`${file}.tmp`, file);
  }

  private putBlob(key: string, data: Buffer, contentType: string): void {
    const meta: BlobMeta = { key, contentType, size: data.length, sha256: sha256Hex(data) };
    this.state.blobs = this.state.blobs.filter((b) => b.key !== key).concat(meta);
    this.blobData.set(key, data);
    const file = this.blobFile(key);
    if (file) fs.writeFileSync(file, data);
    this.persist();
  }

  private blobMeta(key: string): BlobMeta | undefined {
    return this.state.blobs.find((b) => b.key === key);
  }

  private blobBytes(key: string): Buffer | undefined {
    const cached = this.blobData.get(key);
    if (cached) return cached;
    const file = this.blobFile(key);
    if (!file || !fs.existsSync(file)) return undefined;
    const data = fs.readFileSync(file);
    this.blobData.set(key, data);
    return data;
  }

  private deleteBlob(key: string): void {
    this.state.blobs = this.state.blobs.filter((b) => b.key !== key);
    this.blobData.delete(key);
    this.stagedBlocks.delete(key);
    const file = this.blobFile(key);
    if (file) fs.rmSync(file, { force: true });
  }

  // --- signed URLs ---------------------------------------------------------------------------

  private signature(permission: string, expiry: string, key: string): string {
    return createHmac('sha256', this.state.secret)
      .update(`${permission}\n${expiry}\n${key}`)
      .digest('base64');
  }

  /** A SAS-style URL: only the stand-in can mint a valid `sig`, like Azure's. */
  private signedBlobUrl(key: string, permission: 'r' | 'cw', ttlMs: number): string {
    const expiry = isoSeconds(new Date(Date.now() + ttlMs).toISOString());
    const encodedKey = key.split('/').map(encodeURIComponent).join('/');
    const params = new URLSearchParams({
      sv: '2025-01-05',
      sr: 'b',
      sp: permission,
      se: expiry,
      sig: this.signature(permission, expiry, key),
    });
    return `${this.url}${BLOB_PREFIX}${encodedKey}?${params.toString()}`;
  }

  // --- request dispatch ----------------------------------------------------------------------

  private serviceOf(pathname: string): StandinService | 'control' | 'unknown' {
    if (pathname.startsWith(CONTROL_PREFIX)) return 'control';
    if (pathname.startsWith(ARTIFACT_PREFIX)) return 'artifact';
    if (pathname.startsWith(CACHE_PREFIX)) return 'cache';
    if (pathname.startsWith(BLOB_PREFIX)) return 'blob';
    if (pathname.startsWith('/repos/')) return 'api';
    return 'unknown';
  }

  /** Returns the fault to apply to this request, counting down `times`. */
  private takeFault(
    service: StandinService,
    method: string,
    pathname: string,
  ): StandinFault | undefined {
    const fault = this.faults.get(service);
    if (!fault) return undefined;
    if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase())
      return undefined;
    if (fault.path !== undefined && !new RegExp(fault.path).test(pathname)) return undefined;
    if (fault.times !== undefined) {
      fault.times -= 1;
      if (fault.times <= 0) this.faults.delete(service);
    }
    return fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const service = this.serviceOf(url.pathname);
    const entry: RequestLogEntry = {
      service,
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      authorization: req.headers.authorization,
      receivedAt: performance.now(),
    };
    this.log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.answeredAt = performance.now();
    });
    try {
      if (service === 'control') return await this.handleControl(req, res, url);
      if (service === 'unknown') return sendRestError(res, 404, 'Not Found');
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      const fault = this.takeFault(service, entry.method, url.pathname);
      if (fault?.mode === 'down') {
        req.socket.destroy();
        return;
      }
      if (fault?.mode === 'reset') {
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': '4096',
        });
        res.write('{"partial":');
        await new Promise((resolve) => setTimeout(resolve, 20));
        req.socket.destroy();
        return;
      }
      if (fault?.mode === 'error')
        return sendFaultError(res, service, fault.status ?? 500, fault.retryAfter);
      if (service === 'artifact' || service === 'cache')
        return await this.handleTwirp(req, res, url);
      if (service === 'blob') return await this.handleBlob(req, res, url);
      return await this.handleRest(req, res, url);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof TwirpError) {
        sendTwirpError(res, error.code, error.message);
      } else if (error instanceof AzureError) {
        sendAzureError(res, error.status, error.code, error.message);
      } else if (error instanceof RestError) {
        sendRestError(res, error.status, error.message);
      } else if (service === 'artifact' || service === 'cache') {
        sendTwirpError(res, 'internal', `stand-in bug: ${message}`);
      } else {
        sendRestError(res, 500, `stand-in bug: ${message}`);
      }
    }
  }

  // --- twirp (ArtifactService, CacheService) -------------------------------------------------

  private async handleTwirp(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const isArtifact = url.pathname.startsWith(ARTIFACT_PREFIX);
    const method = url.pathname.slice((isArtifact ? ARTIFACT_PREFIX : CACHE_PREFIX).length);
    if (req.method !== 'POST')
      throw new TwirpError('bad_route', `unsupported method ${req.method}`);
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new TwirpError('bad_route', 'stand-in speaks twirp JSON only (Content-Type)');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      throw new TwirpError('malformed', 'the request body is not valid JSON');
    }
    const token = decodeRuntimeToken(req.headers.authorization);
    if (!token) {
      throw new TwirpError(
        'unauthenticated',
        'stand-in: missing or unrecognised runtime token (build it with standinEnv)',
      );
    }
    const handlers: Record<string, (b: Record<string, unknown>, t: TokenInfo) => unknown> =
      isArtifact
        ? {
            CreateArtifact: (b, t) => this.createArtifact(b, t),
            FinalizeArtifact: (b, t) => this.finalizeArtifact(b, t),
            ListArtifacts: (b, t) => this.listArtifactsTwirp(b, t),
            GetSignedArtifactURL: (b, t) => this.signedArtifactUrl(b, t),
            DeleteArtifact: (b, t) => this.deleteArtifactTwirp(b, t),
          }
        : {
            GetCacheEntryDownloadURL: (b) => this.cacheDownloadUrl(b),
            CreateCacheEntry: (b) => this.createCacheEntry(b),
            FinalizeCacheEntryUpload: (b) => this.finalizeCacheEntry(b),
          };
    const handler = handlers[method];
    if (!handler) throw new TwirpError('bad_route', `no such method: ${method}`);
    sendJson(res, 200, handler(body, token));
  }

  private requireRun(body: Record<string, unknown>, token: TokenInfo, withJob: boolean): void {
    if (body['workflow_run_backend_id'] !== token.runBackendId) {
      throw new TwirpError('permission_denied', 'workflow_run_backend_id does not match the token');
    }
    if (withJob && body['workflow_job_run_backend_id'] !== token.jobBackendId) {
      throw new TwirpError(
        'permission_denied',
        'workflow_job_run_backend_id does not match the token',
      );
    }
  }

  private requireString(body: Record<string, unknown>, field: string): string {
    const value = body[field];
    if (typeof value !== 'string' || value === '') {
      throw new TwirpError('invalid_argument', `${field} is required`);
    }
    return value;
  }

  /** An upload from a run the tests never declared creates a minimal in-progress run record. */
  private ensureRun(token: TokenInfo): void {
    if (this.state.runs.some((r) => r.id === token.runId)) return;
    if (!/^[^/\s]+\/[^/\s]+$/.test(token.repo)) return;
    this.addRun({
      id: token.runId,
      repo: token.repo,
      workflow: token.workflow,
      branch: branchOfRef(token.ref),
      event: token.event,
      status: 'in_progress',
    });
  }

  private createArtifact(body: Record<string, unknown>, token: TokenInfo): unknown {
    this.requireRun(body, token, true);
    const name = this.requireString(body, 'name');
    // Names are unique per workflow run, pending uploads included (matrix legs racing on one name).
    if (this.state.artifacts.some((a) => a.runId === token.runId && a.name === name)) {
      throw new TwirpError(
        'already_exists',
        'an artifact with this name already exists on the workflow run',
      );
    }
    const mimeType = typeof body['mime_type'] === 'string' ? body['mime_type'] : 'application/zip';
    const fileName =
      mimeType === 'application/zip' && !name.endsWith('.zip') ? `${name}.zip` : name;
    this.ensureRun(token);
    const artifact: ArtifactRecord = {
      id: this.state.nextArtifactId++,
      runId: token.runId,
      repo: token.repo,
      runBackendId: token.runBackendId,
      jobBackendId: token.jobBackendId,
      name,
      state: 'pending',
      blobKey: `artifacts/${randomUUID()}/${fileName}`,
      mimeType,
      size: 0,
      digest: null,
      createdAt: isoNow(),
      expiresAt: typeof body['expires_at'] === 'string' ? body['expires_at'] : null,
    };
    this.state.artifacts.push(artifact);
    this.persist();
    return { ok: true, signed_upload_url: this.signedBlobUrl(artifact.blobKey, 'cw', 6 * 3600e3) };
  }

  private finalizeArtifact(body: Record<string, unknown>, token: TokenInfo): unknown {
    this.requireRun(body, token, true);
    const name = this.requireString(body, 'name');
    const artifact = this.state.artifacts.find(
      (a) => a.runId === token.runId && a.name === name && a.state === 'pending',
    );
    if (!artifact) throw new TwirpError('not_found', 'artifact not found or already finalized');
    const blob = this.blobMeta(artifact.blobKey);
    if (!blob) throw new TwirpError('failed_precondition', 'no content was uploaded');
    // Stricter than GitHub is known to be: catches a client reporting a size it did not send.
    if (String(body['size'] ?? '0') !== String(blob.size)) {
      throw new TwirpError(
        'invalid_argument',
        `size ${String(body['size'])} does not match the ${blob.size} bytes uploaded`,
      );
    }
    const digest = `sha256:${blob.sha256}`;
    if (body['hash'] !== undefined && body['hash'] !== digest) {
      throw new TwirpError('invalid_argument', `hash ${String(body['hash'])} != ${digest}`);
    }
    artifact.state = 'finalized';
    artifact.size = blob.size;
    artifact.digest = digest;
    this.persist();
    return { ok: true, artifact_id: String(artifact.id) };
  }

  private finalizedInRun(runId: number): ArtifactRecord[] {
    return this.state.artifacts.filter((a) => a.runId === runId && a.state === 'finalized');
  }

  private listArtifactsTwirp(body: Record<string, unknown>, token: TokenInfo): unknown {
    this.requireRun(body, token, false);
    const nameFilter = body['name_filter'];
    const idFilter = body['id_filter'];
    const artifacts = this.finalizedInRun(token.runId)
      .filter((a) => typeof nameFilter !== 'string' || a.name === nameFilter)
      .filter((a) => idFilter === undefined || String(a.id) === String(idFilter))
      .map((a) => ({
        workflow_run_backend_id: a.runBackendId,
        workflow_job_run_backend_id: a.jobBackendId,
        database_id: String(a.id),
        name: a.name,
        size: String(a.size),
        created_at: a.createdAt,
        digest: a.digest,
      }));
    return { artifacts };
  }

  private findFinalized(body: Record<string, unknown>, token: TokenInfo): ArtifactRecord {
    this.requireRun(body, token, false);
    const name = this.requireString(body, 'name');
    const artifact = this.finalizedInRun(token.runId).find((a) => a.name === name);
    if (!artifact) throw new TwirpError('not_found', `artifact not found: ${name}`);
    return artifact;
  }

  private signedArtifactUrl(body: Record<string, unknown>, token: TokenInfo): unknown {
    const artifact = this.findFinalized(body, token);
    return { signed_url: this.signedBlobUrl(artifact.blobKey, 'r', 3600e3) };
  }

  private removeArtifact(artifact: ArtifactRecord): void {
    this.state.artifacts = this.state.artifacts.filter((a) => a.id !== artifact.id);
    this.deleteBlob(artifact.blobKey);
    this.persist();
  }

  private deleteArtifactTwirp(body: Record<string, unknown>, token: TokenInfo): unknown {
    const artifact = this.findFinalized(body, token);
    this.removeArtifact(artifact);
    return { ok: true, artifact_id: String(artifact.id) };
  }

  private cacheReadable(): boolean {
    return this.cacheMode === 'write' || this.cacheMode === 'read';
  }

  private cacheWritable(): boolean {
    return this.cacheMode === 'write' || this.cacheMode === 'write-only';
  }

  private cacheDownloadUrl(body: Record<string, unknown>): unknown {
    if (!this.cacheReadable()) {
      // The client looks for this prefix in the wrapped 403 and reports a miss.
      throw new TwirpError(
        'permission_denied',
        'cache read denied: token has no readable cache scopes',
      );
    }
    const key = this.requireString(body, 'key');
    const version = this.requireString(body, 'version');
    const restoreKeys = Array.isArray(body['restore_keys'])
      ? body['restore_keys'].filter((k): k is string => typeof k === 'string')
      : [];
    const candidates = this.state.caches
      .filter((c) => c.state === 'finalized' && c.version === version)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    // Each key in order: an exact match first, then the newest entry it is a prefix of.
    for (const wanted of [key, ...restoreKeys]) {
      const hit =
        candidates.find((c) => c.key === wanted) ??
        candidates.find((c) => c.key.startsWith(wanted));
      if (hit) {
        hit.lastAccessedAt = isoNow();
        this.persist();
        return {
          ok: true,
          signed_download_url: this.signedBlobUrl(hit.blobKey, 'r', 3600e3),
          matched_key: hit.key,
        };
      }
    }
    return { ok: false, signed_download_url: '', matched_key: '' };
  }

  private createCacheEntry(body: Record<string, unknown>): unknown {
    if (!this.cacheWritable()) {
      // GitHub answers a read-only token with 200, ok=false and this prefix (the client maps
      // it to CacheWriteDeniedError); not with a twirp error.
      return {
        ok: false,
        signed_upload_url: '',
        message: 'cache write denied: token has no writable scopes',
      };
    }
    const key = this.requireString(body, 'key');
    const version = this.requireString(body, 'version');
    if (this.state.caches.some((c) => c.key === key && c.version === version)) {
      throw new TwirpError(
        'already_exists',
        'cache entry with the same key, version, and scope already exists',
      );
    }
    const entry: CacheEntryRecord = {
      id: this.state.nextCacheId++,
      key,
      version,
      state: 'pending',
      blobKey: `caches/${randomUUID()}/cache.tzst`,
      size: 0,
      createdAt: isoNow(),
      lastAccessedAt: isoNow(),
    };
    this.state.caches.push(entry);
    this.persist();
    return {
      ok: true,
      signed_upload_url: this.signedBlobUrl(entry.blobKey, 'cw', 6 * 3600e3),
      message: '',
    };
  }

  private finalizeCacheEntry(body: Record<string, unknown>): unknown {
    if (!this.cacheWritable()) {
      return {
        ok: false,
        entry_id: '0',
        message: 'cache write denied: token has no writable scopes',
      };
    }
    const key = this.requireString(body, 'key');
    const version = this.requireString(body, 'version');
    const entry = this.state.caches.find(
      (c) => c.key === key && c.version === version && c.state === 'pending',
    );
    if (!entry)
      throw new TwirpError('not_found', 'no cache entry reserved for this key and version');
    const blob = this.blobMeta(entry.blobKey);
    if (!blob) throw new TwirpError('failed_precondition', 'no content was uploaded');
    if (String(body['size_bytes'] ?? '0') !== String(blob.size)) {
      throw new TwirpError(
        'invalid_argument',
        `size_bytes ${String(body['size_bytes'])} does not match the ${blob.size} bytes uploaded`,
      );
    }
    entry.state = 'finalized';
    entry.size = blob.size;
    entry.createdAt = isoNow();
    this.persist();
    return { ok: true, entry_id: String(entry.id), message: '' };
  }

  // --- blob storage (the Azure Blob REST subset BlockBlobClient uses) ------------------------

  private isUploadTarget(key: string): boolean {
    return (
      this.state.artifacts.some((a) => a.blobKey === key && a.state === 'pending') ||
      this.state.caches.some((c) => c.blobKey === key && c.state === 'pending')
    );
  }

  private async handleBlob(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const key = decodeURIComponent(url.pathname.slice(BLOB_PREFIX.length));
    const q = url.searchParams;
    const permission = q.get('sp') ?? '';
    const expiry = q.get('se') ?? '';
    if (q.get('sig') !== this.signature(permission, expiry, key)) {
      throw new AzureError(403, 'AuthenticationFailed', 'Signature did not match.');
    }
    if (Date.parse(expiry) < Date.now()) {
      throw new AzureError(403, 'AuthenticationFailed', 'Signed expiry time has passed.');
    }
    const okHeaders = {
      'x-ms-request-id': randomUUID(),
      'x-ms-version': '2025-01-05',
      'x-ms-request-server-encrypted': 'true',
      ETag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      'Last-Modified': new Date().toUTCString(),
    };

    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!permission.includes('r')) {
        throw new AzureError(403, 'AuthorizationPermissionMismatch', 'read not permitted');
      }
      const meta = this.blobMeta(key);
      const data = meta && this.blobBytes(key);
      if (!meta || !data) throw new AzureError(404, 'BlobNotFound', 'The blob does not exist.');
      const fileName = key.split('/').pop() ?? 'blob';
      res.writeHead(200, {
        ...okHeaders,
        'Content-Type': meta.contentType,
        'Content-Length': data.length,
        'Content-Disposition': `attachment; filename="${fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'x-ms-blob-type': 'BlockBlob',
      });
      res.end(req.method === 'GET' ? data : undefined);
      return;
    }

    if (req.method !== 'PUT') throw new AzureError(405, 'UnsupportedHttpVerb', String(req.method));
    if (!permission.includes('w')) {
      throw new AzureError(403, 'AuthorizationPermissionMismatch', 'write not permitted');
    }
    if (!this.isUploadTarget(key)) {
      throw new AzureError(403, 'AuthorizationFailure', 'this upload URL is no longer writable');
    }
    const body = await readBody(req);
    const comp = q.get('comp');
    const contentType =
      (req.headers['x-ms-blob-content-type'] as string | undefined) ?? 'application/octet-stream';
    if (comp === 'block') {
      const blockId = q.get('blockid');
      if (!blockId) throw new AzureError(400, 'MissingRequiredQueryParameter', 'blockid');
      const staged = this.stagedBlocks.get(key) ?? new Map<string, Buffer>();
      staged.set(blockId, body);
      this.stagedBlocks.set(key, staged);
      res.writeHead(201, { ...okHeaders, 'Content-Length': 0 });
      res.end();
      return;
    }
    if (comp === 'blocklist') {
      const staged = this.stagedBlocks.get(key) ?? new Map<string, Buffer>();
      const parts = parseBlockList(body.toString('utf8')).map((id) => {
        const part = staged.get(id);
        if (!part) throw new AzureError(400, 'InvalidBlockList', `unknown block ${id}`);
        return part;
      });
      this.putBlob(key, Buffer.concat(parts), contentType);
      this.stagedBlocks.delete(key);
      res.writeHead(201, { ...okHeaders, 'Content-Length': 0 });
      res.end();
      return;
    }
    if (comp !== null) throw new AzureError(400, 'UnsupportedQueryParameter', `comp=${comp}`);
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
      throw new AzureError(400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob is required');
    }
    this.putBlob(key, body, contentType);
    res.writeHead(201, { ...okHeaders, 'Content-Length': 0 });
    res.end();
  }

  // --- REST API ------------------------------------------------------------------------------

  private repoJson(fullName: string): Record<string, unknown> {
    const [owner = '', name = ''] = fullName.split('/');
    const id = numberFrom(`repo:${fullName.toLowerCase()}`);
    return {
      id,
      node_id: `R_${id}`,
      name,
      full_name: fullName,
      private: false,
      fork: false,
      owner: { login: owner, id: numberFrom(`owner:${owner}`), type: 'Organization' },
      html_url: `https://github.com/${fullName}`,
      url: `${this.url}/repos/${fullName}`,
    };
  }

  private runJson(run: RunRecord): Record<string, unknown> {
    const api = `${this.url}/repos/${run.repo}/actions/runs/${run.id}`;
    const workflowId = numberFrom(`workflow:${run.repo}:${run.workflowPath}`);
    return {
      id: run.id,
      name: run.name,
      node_id: `WFR_${run.id}`,
      head_branch: run.branch,
      head_sha: run.headSha,
      path: run.workflowPath,
      display_title: run.name,
      run_number: run.runNumber,
      event: run.event,
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: workflowId,
      check_suite_id: numberFrom(`suite:${run.id}`),
      url: api,
      html_url: `https://github.com/${run.repo}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: isoSeconds(run.createdAt),
      updated_at: isoSeconds(run.updatedAt),
      run_attempt: run.runAttempt,
      run_started_at: isoSeconds(run.createdAt),
      jobs_url: `${api}/jobs`,
      logs_url: `${api}/logs`,
      artifacts_url: `${api}/artifacts`,
      workflow_url: `${this.url}/repos/${run.repo}/actions/workflows/${workflowId}`,
      repository: this.repoJson(run.repo),
      head_repository: this.repoJson(run.headRepo),
    };
  }

  private artifactJson(a: ArtifactRecord): Record<string, unknown> {
    const run = this.state.runs.find((r) => r.id === a.runId);
    const expired = a.expiresAt !== null && Date.parse(a.expiresAt) < Date.now();
    return {
      id: a.id,
      node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
      name: a.name,
      size_in_bytes: a.size,
      url: `${this.url}/repos/${a.repo}/actions/artifacts/${a.id}`,
      archive_download_url: `${this.url}/repos/${a.repo}/actions/artifacts/${a.id}/zip`,
      expired,
      digest: a.digest,
      created_at: isoSeconds(a.createdAt),
      updated_at: isoSeconds(a.createdAt),
      expires_at: a.expiresAt ? isoSeconds(a.expiresAt) : null,
      workflow_run: {
        id: a.runId,
        repository_id: numberFrom(`repo:${a.repo.toLowerCase()}`),
        head_repository_id: numberFrom(`repo:${(run?.headRepo ?? a.repo).toLowerCase()}`),
        head_branch: run?.branch ?? null,
        head_sha: run?.headSha ?? null,
      },
    };
  }

  /** GitHub's page/per_page with a Link header octokit's paginate follows. */
  private page<T>(
    items: T[],
    q: Query,
    url: URL,
    defaultPerPage = 30,
  ): { items: T[]; headers: Record<string, string> } {
    const perPage = Math.min(Math.max(Number(q.get('per_page') ?? defaultPerPage) || 1, 1), 100);
    const page = Math.max(Number(q.get('page') ?? 1) || 1, 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const link = (p: number, rel: string): string => {
      const next = new URL(url.href);
      next.searchParams.set('page', String(p));
      return `<${next.href}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
    return {
      items: items.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { Link: links.join(', ') } : {},
    };
  }

  private filterRuns(runs: RunRecord[], q: Query): RunRecord[] {
    for (const unsupported of ['actor', 'created', 'check_suite_id']) {
      // Failing loudly beats silently returning unfiltered runs to code under test.
      if (q.has(unsupported))
        throw new RestError(422, `stand-in: filter '${unsupported}' is not implemented`);
    }
    const branch = q.get('branch');
    const event = q.get('event');
    const status = q.get('status');
    const headSha = q.get('head_sha');
    return runs
      .filter((r) => branch === null || r.branch === branch)
      .filter((r) => event === null || r.event === event)
      .filter((r) => headSha === null || r.headSha === headSha)
      .filter(
        (r) =>
          status === null ||
          (CONCLUSIONS.has(status) ? r.conclusion === status : r.status === status),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
  }

  private async handleRest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const pulls = /^\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)\/(.+)$/.exec(url.pathname);
    if (pulls) return this.handlePullRequestRest(req, res, url, pulls);
    const match = /^\/repos\/([^/]+)\/([^/]+)\/actions\/(.+)$/.exec(url.pathname);
    if (!match) throw new RestError(404, 'Not Found');
    const repo = `${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`;
    const sameRepo = (r: string): boolean => r.toLowerCase() === repo.toLowerCase();
    const rest = (match[3] ?? '').split('/').map(decodeURIComponent);
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const authorized = Boolean(req.headers.authorization);
    const repoRuns = (): RunRecord[] => this.state.runs.filter((r) => sameRepo(r.repo));
    const repoArtifacts = (): ArtifactRecord[] =>
      this.state.artifacts
        .filter((a) => a.state === 'finalized' && sameRepo(a.repo))
        .sort((a, b) => b.id - a.id);

    // GET actions/workflows/{workflow_id}/runs
    if (method === 'GET' && rest[0] === 'workflows' && rest[2] === 'runs' && rest.length === 3) {
      const wanted = rest[1] ?? '';
      const runs = repoRuns().filter((r) =>
        /^\d+$/.test(wanted)
          ? numberFrom(`workflow:${r.repo}:${r.workflowPath}`) === Number(wanted)
          : path.posix.basename(r.workflowPath) === wanted || r.workflowPath === wanted,
      );
      const filtered = this.filterRuns(runs, q);
      const { items, headers } = this.page(filtered, q, url);
      return sendJson(
        res,
        200,
        { total_count: filtered.length, workflow_runs: items.map((r) => this.runJson(r)) },
        headers,
      );
    }
    // GET actions/runs
    if (method === 'GET' && rest[0] === 'runs' && rest.length === 1) {
      const filtered = this.filterRuns(repoRuns(), q);
      const { items, headers } = this.page(filtered, q, url);
      return sendJson(
        res,
        200,
        { total_count: filtered.length, workflow_runs: items.map((r) => this.runJson(r)) },
        headers,
      );
    }
    // GET actions/runs/{run_id}
    if (method === 'GET' && rest[0] === 'runs' && rest.length === 2) {
      const run = repoRuns().find((r) => String(r.id) === rest[1]);
      if (!run) throw new RestError(404, 'Not Found');
      return sendJson(res, 200, this.runJson(run));
    }
    // GET actions/runs/{run_id}/artifacts[?name=]
    if (method === 'GET' && rest[0] === 'runs' && rest[2] === 'artifacts' && rest.length === 3) {
      const name = q.get('name');
      const list = repoArtifacts()
        .filter((a) => String(a.runId) === rest[1])
        .filter((a) => name === null || a.name === name);
      const { items, headers } = this.page(list, q, url);
      return sendJson(
        res,
        200,
        { total_count: list.length, artifacts: items.map((a) => this.artifactJson(a)) },
        headers,
      );
    }
    // GET actions/artifacts[?name=]
    if (method === 'GET' && rest[0] === 'artifacts' && rest.length === 1) {
      const name = q.get('name');
      const list = repoArtifacts().filter((a) => name === null || a.name === name);
      const { items, headers } = this.page(list, q, url);
      return sendJson(
        res,
        200,
        { total_count: list.length, artifacts: items.map((a) => this.artifactJson(a)) },
        headers,
      );
    }
    if (rest[0] === 'artifacts' && (rest.length === 2 || rest.length === 3)) {
      const artifact = repoArtifacts().find((a) => String(a.id) === rest[1]);
      // GET actions/artifacts/{id}
      if (method === 'GET' && rest.length === 2) {
        if (!artifact) throw new RestError(404, 'Not Found');
        return sendJson(res, 200, this.artifactJson(artifact));
      }
      // DELETE actions/artifacts/{id}
      if (method === 'DELETE' && rest.length === 2) {
        if (!authorized) throw new RestError(401, 'Requires authentication');
        if (!artifact) throw new RestError(404, 'Not Found');
        this.removeArtifact(artifact);
        res.writeHead(204);
        res.end();
        return;
      }
      // GET actions/artifacts/{id}/{archive_format}: a redirect to a short-lived blob URL
      if (method === 'GET' && rest.length === 3) {
        if (!authorized) throw new RestError(401, 'Requires authentication');
        if (rest[2] !== 'zip') throw new RestError(422, 'archive_format must be zip');
        if (!artifact) throw new RestError(404, 'Not Found');
        if (artifact.expiresAt !== null && Date.parse(artifact.expiresAt) < Date.now()) {
          throw new RestError(410, 'Artifact has expired');
        }
        res.writeHead(302, {
          Location: this.signedBlobUrl(artifact.blobKey, 'r', 60e3),
          'Content-Length': 0,
        });
        res.end();
        return;
      }
    }
    throw new RestError(404, 'Not Found');
  }

  private findPullRequest(repo: string, number: number): PullRequestRecord | undefined {
    return this.state.pullRequests.find((p) => sameName(p.repo, repo) && p.number === number);
  }

  private createComment(repo: string, issue: number, body: string, user: string) {
    const now = isoNow();
    const comment: IssueCommentRecord = {
      id: this.state.nextCommentId++,
      repo,
      issue,
      body,
      user,
      createdAt: now,
      updatedAt: now,
    };
    this.state.comments.push(comment);
    this.persist();
    return comment;
  }

  private commentJson(c: IssueCommentRecord): Record<string, unknown> {
    const bot = c.user.endsWith('[bot]');
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}/repos/${c.repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${c.repo}/pull/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${c.repo}/issues/${c.issue}`,
      body: c.body,
      user: { login: c.user, id: numberFrom(`user:${c.user}`), type: bot ? 'Bot' : 'User' },
      created_at: isoSeconds(c.createdAt),
      updated_at: isoSeconds(c.updatedAt),
      author_association: bot ? 'NONE' : 'MEMBER',
    };
  }

  /** Reads `{"body": "..."}`, answering 422 as GitHub does when it is missing. */
  private async commentBody(req: IncomingMessage): Promise<string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse((await readBody(req)).toString('utf8') || '{}');
    } catch {
      throw new RestError(400, 'Problems parsing JSON');
    }
    const body = (parsed as { body?: unknown } | null)?.body;
    if (typeof body !== 'string')
      throw new RestError(422, 'Invalid request.\n\n"body" wasn\'t supplied.');
    return body;
  }

  /** Pull-request comments (the issues API) and changed files. */
  private async handlePullRequestRest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    match: RegExpExecArray,
  ): Promise<void> {
    const repo = `${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`;
    const kind = match[3];
    const rest = (match[4] ?? '').split('/').map(decodeURIComponent);
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    const authorized = Boolean(req.headers.authorization);
    const pullRequest = (n: string | undefined): PullRequestRecord => {
      const found = /^\d+$/.test(n ?? '') ? this.findPullRequest(repo, Number(n)) : undefined;
      if (!found) throw new RestError(404, 'Not Found');
      return found;
    };

    // GET|POST issues/{n}/comments
    if (
      kind === 'issues' &&
      rest.length === 2 &&
      rest[1] === 'comments' &&
      rest[0] !== 'comments'
    ) {
      const pr = pullRequest(rest[0]);
      if (method === 'GET') {
        const list = this.state.comments
          .filter((c) => sameName(c.repo, pr.repo) && c.issue === pr.number)
          .sort((a, b) => a.id - b.id);
        const { items, headers } = this.page(list, q, url);
        return sendJson(
          res,
          200,
          items.map((c) => this.commentJson(c)),
          headers,
        );
      }
      if (method === 'POST') {
        if (!authorized) throw new RestError(401, 'Requires authentication');
        const body = await this.commentBody(req);
        const comment = this.createComment(pr.repo, pr.number, body, 'github-actions[bot]');
        return sendJson(res, 201, this.commentJson(comment), {
          Location: `${this.url}/repos/${pr.repo}/issues/comments/${comment.id}`,
        });
      }
    }
    // GET|PATCH issues/comments/{id}
    if (kind === 'issues' && rest.length === 2 && rest[0] === 'comments') {
      const comment = this.state.comments.find(
        (c) => sameName(c.repo, repo) && String(c.id) === rest[1],
      );
      if (method === 'GET') {
        if (!comment) throw new RestError(404, 'Not Found');
        return sendJson(res, 200, this.commentJson(comment));
      }
      if (method === 'PATCH') {
        if (!authorized) throw new RestError(401, 'Requires authentication');
        if (!comment) throw new RestError(404, 'Not Found');
        comment.body = await this.commentBody(req);
        comment.updatedAt = isoNow();
        this.persist();
        return sendJson(res, 200, this.commentJson(comment));
      }
    }
    // GET pulls/{n}/files
    if (kind === 'pulls' && method === 'GET' && rest.length === 2 && rest[1] === 'files') {
      const pr = pullRequest(rest[0]);
      const { items, headers } = this.page(pr.files, q, url);
      return sendJson(
        res,
        200,
        items.map((filename) => {
          const sha = sha256Hex(`${pr.repo}#${pr.number}:${filename}`).slice(0, 40);
          const blob = `https://github.com/${pr.headRepo}/blob/${sha}/${filename}`;
          return {
            sha,
            filename,
            status: 'modified',
            additions: 1,
            deletions: 1,
            changes: 2,
            blob_url: blob,
            raw_url: blob.replace('/blob/', '/raw/'),
            contents_url: `${this.url}/repos/${pr.headRepo}/contents/${filename}?ref=${sha}`,
            patch: '@@ -1 +1 @@\n-old\n+new',
          };
        }),
        headers,
      );
    }
    throw new RestError(404, 'Not Found');
  }

  // --- control API ---------------------------------------------------------------------------

  private async handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method ?? 'GET'} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
    const readJson = async (): Promise<Record<string, unknown>> => {
      const text = (await readBody(req)).toString('utf8');
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    };
    try {
      switch (route) {
        case 'GET health':
          return sendJson(res, 200, { ok: true, url: this.url });
        case 'GET state':
          return sendJson(res, 200, this.snapshot());
        case 'POST runs':
          return sendJson(
            res,
            201,
            this.runJson(this.addRun((await readJson()) as unknown as RunInput)),
          );
        case 'POST faults': {
          const body = await readJson();
          this.setFault(
            body['service'] as StandinService,
            (body['fault'] ?? null) as StandinFault | null,
          );
          return sendJson(res, 200, { faults: Object.fromEntries(this.faults) });
        }
        case 'DELETE faults':
          this.clearFaults();
          return sendJson(res, 200, { faults: {} });
        case 'POST pulls':
          return sendJson(
            res,
            201,
            this.addPullRequest((await readJson()) as unknown as PullRequestInput),
          );
        case 'POST comments':
          return sendJson(
            res,
            201,
            this.addIssueComment(
              (await readJson()) as unknown as Parameters<Standin['addIssueComment']>[0],
            ),
          );
        case 'POST expire-artifact':
          this.expireArtifact(Number((await readJson())['id']));
          return sendJson(res, 200, { ok: true });
        case 'POST cache-mode':
          this.setCacheMode((await readJson())['mode'] as StandinCacheMode);
          return sendJson(res, 200, { mode: this.cacheMode });
        case 'GET requests':
          return sendJson(res, 200, { requests: this.requests });
        case 'DELETE requests':
          this.clearRequests();
          return sendJson(res, 200, { requests: [] });
        case 'POST reset':
          this.reset();
          return sendJson(res, 200, { ok: true });
        case 'POST shutdown':
          sendJson(res, 200, { ok: true });
          res.on('finish', () => void this.close().then(() => this.onShutdown?.()));
          return;
        default:
          return sendJson(res, 404, { error: `no control route ${route}` });
      }
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Set by the CLI so POST /_standin/shutdown ends the process. */
  onShutdown: (() => void) | undefined;
}

/** Start a stand-in on 127.0.0.1 (ephemeral port unless `port` is given). */
export function startStandin(options: StandinOptions = {}): Promise<Standin> {
  return Standin.start(options);
}

// ---------------------------------------------------------------------------------------------
// CLI: npx tsx __tests__/standin/server.ts --port 0 --state DIR

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, state: { type: 'string' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be 0..65535');
  const stateDir = values.state ? path.resolve(values.state) : undefined;
  const standin = await startStandin({ port, stateDir });
  const stop = (): void => void standin.close().then(() => process.exit(0));
  standin.onShutdown = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: standin.url, pid: process.pid, stateDir })}\n`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
