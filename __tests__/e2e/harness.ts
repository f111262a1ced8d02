/**
 * End-to-end harness: runs the BUILT actions (`node <dist>/run.js`, `post.js`, `merge.js`,
 * `plan.js`) as separate processes, the way the Actions runner does, against the local stand-in
 * for the artifact, cache and REST services (../standin), on temporary copies of a real pytest
 * project, with real pytest.
 *
 * What the runner does and the harness therefore does too, per step: fresh GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files, a GITHUB_STATE file whose values the post step receives as STATE_*
 * variables, INPUT_* variables for every input (action.yml defaults filled in, `${{ github.token }}`
 * evaluated), GITHUB_WORKSPACE as the working directory, RUNNER_TEMP per job, an event file.
 *
 * The bundle comes from $EVENSHARD_DIST (build a private one with
 * `node scripts/bundle.mjs /tmp/e2e-dist`), else the committed dist/; it runs on
 * $EVENSHARD_E2E_NODE (CI sets a Node 24 there, the action's runtime), else this Node.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as loadYaml } from 'yaml';
import type { ShardResult } from '../../src/core/shardResult.js';
import { BUNDLE_NODE } from '../helpers/bundleNode.js';
import type { PythonInfo } from '../helpers/python.js';
import { standinEnv } from '../standin/env.js';
import { startStandin, type Standin } from '../standin/server.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = path.resolve(process.env['EVENSHARD_DIST'] ?? path.join(REPO_ROOT, 'dist'));
export const EXAMPLE_PROJECT = path.join(REPO_ROOT, 'examples/pytest-project');
/** The repository the fake workflow runs belong to. */
export const REPO = 'octo/shop';
/** What `${{ github.token }}` evaluates to; the stand-in accepts any token. */
export const TOKEN = 'e2e-github-token';

const ARTIFACT_TOOL = path.join(REPO_ROOT, '__tests__/fixtures/e2e/artifact-tool.mjs');
const STEP_TIMEOUT_MS = 120_000;
/** Runs `node <entry>` as a child and exits with its code: the stand-in for the runner's job worker. */
const STEP_PARENT =
  "const { spawn } = require('node:child_process');" +
  "spawn(process.execPath, [process.argv[1]], { stdio: 'inherit' })" +
  ".on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));";

export type Role = 'run' | 'merge' | 'plan';
type Entry = Role | 'post';

const ACTION_YML: Record<Role, string> = {
  run: 'action.yml',
  merge: 'merge/action.yml',
  plan: 'plan/action.yml',
};
const ENTRY_FILE: Record<Entry, string> = {
  run: 'run.js',
  post: 'post.js',
  merge: 'merge.js',
  plan: 'plan.js',
};

/**
 * The inputs the runner passes when a workflow leaves them out: action.yml's defaults, with the
 * one expression our defaults use evaluated. Any other expression is a harness gap: fail loudly.
 */
export function actionDefaults(role: Role): Record<string, string> {
  const file = path.join(REPO_ROOT, ACTION_YML[role]);
  let doc: { inputs?: Record<string, { default?: unknown } | null> };
  try {
    doc = loadYaml(readFileSync(file, 'utf8')) as typeof doc;
  } catch (error) {
    // The runner cannot load an action whose metadata is not YAML: neither can these tests.
    throw new Error(
      `${file} is not valid YAML, so GitHub could not load the action: ${(error as Error).message}`,
    );
  }
  const defaults: Record<string, string> = {};
  for (const [name, spec] of Object.entries(doc.inputs ?? {})) {
    if (spec?.default === undefined) continue;
    const value = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, TOKEN);
    if (value.includes('${{'))
      throw new Error(`harness: cannot evaluate the default of ${name}: ${value}`);
    defaults[name] = value;
  }
  return defaults;
}

/** The runner's name for an input's variable: upper case, spaces to `_`, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file: `name=value` lines and `name<<DELIM` heredocs. */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i]!);
      if (i >= lines.length)
        throw new Error(`harness: unterminated value of ${name} in a file command`);
      values[name!] = body.join('\n');
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return values;
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  message: string;
}

/** Workflow commands (`::warning::msg`) as @actions/core writes them, message unescaped. */
export function parseAnnotations(stdout: string): Annotation[] {
  const out: Annotation[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::(error|warning|notice)(?: [^:]*)?::(.*)$/.exec(line);
    if (!match) continue;
    const message = match[2]!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
    out.push({ level: match[1] as Annotation['level'], message });
  }
  return out;
}

export interface StepResult {
  entry: Entry;
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** What the step saved for its post step. */
  state: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** Wall time of the step. */
  seconds: number;
}

export const messages = (step: StepResult, level: Annotation['level']): string[] =>
  step.annotations.filter((a) => a.level === level).map((a) => a.message);

export interface WorkflowRun {
  id: number;
  /** Workflow file name: history is looked up among the runs of the same workflow. */
  workflow: string;
  branch: string;
  event: string;
  attempt: number;
}

/** The pull request of a `pull_request` run, for E2E.pullRequestEnv. */
export interface PullRequestEvent {
  number: number;
  /** Base branch; default `main`. */
  base?: string;
  /** Repository of the head branch; default the repository itself (else a fork). */
  headRepo?: string;
}

export interface JobOptions {
  /** Job name, unique within the run (with the attempt, it makes the job id). */
  name: string;
  /** Folder copied into the workspace (the checkout). Default: the example project. */
  project?: string;
  /** Copy the project into this sub-folder of the workspace (for `working-directory`). */
  subdir?: string;
  /** Change the checkout before the job runs (add or delete tests, write files). */
  prepare?: (projectDir: string) => Promise<void>;
  /** Re-run attempt of this job; default the run's. */
  attempt?: number;
}

export interface StepOptions {
  /** Inputs as the workflow's `with:` (strings); the action.yml defaults fill the rest. */
  inputs?: Record<string, string>;
  env?: Record<string, string>;
}

/** One job on its own runner: a checkout, RUNNER_TEMP, and state shared by main and post. */
export class Job {
  /** The checkout (GITHUB_WORKSPACE). */
  readonly workspace: string;
  /** The project inside the checkout (workspace or workspace/subdir). */
  readonly projectDir: string;
  private readonly runnerTemp: string;
  private state: Record<string, string> = {};
  private steps = 0;

  constructor(
    private readonly e2e: E2E,
    readonly run: WorkflowRun,
    readonly options: JobOptions,
    private readonly home: string,
  ) {
    this.workspace = path.join(home, 'work');
    this.projectDir = options.subdir ? path.join(this.workspace, options.subdir) : this.workspace;
    this.runnerTemp = path.join(home, 'runner-temp');
  }

  async checkout(): Promise<void> {
    await mkdir(this.runnerTemp, { recursive: true });
    await copyProject(this.options.project ?? EXAMPLE_PROJECT, this.projectDir);
    await this.options.prepare?.(this.projectDir);
  }

  /** A re-run job is a new job of the same run: its own job id, the same job key. */
  get jobId(): string {
    return `${this.options.name}#${this.options.attempt ?? this.run.attempt}`;
  }

  /** Runs one step of `role` (or the run action's post step) and collects what it wrote. */
  async step(entry: Entry, options: StepOptions = {}): Promise<StepResult> {
    const n = ++this.steps;
    const files = {
      GITHUB_OUTPUT: path.join(this.home, `output-${n}`),
      GITHUB_STATE: path.join(this.home, `state-${n}`),
      GITHUB_STEP_SUMMARY: path.join(this.home, `summary-${n}`),
      GITHUB_ENV: path.join(this.home, `env-${n}`),
      GITHUB_PATH: path.join(this.home, `path-${n}`),
    };
    for (const file of Object.values(files)) await writeFile(file, '');
    const role: Role = entry === 'post' ? 'run' : entry;
    const inputs = { ...actionDefaults(role), ...options.inputs };
    const env: Record<string, string> = {
      ...hostEnv(),
      ...standinEnv(this.e2e.standin, {
        runId: this.run.id,
        jobId: this.jobId,
        repo: REPO,
        token: TOKEN,
        workflow: this.run.workflow,
        ref: `refs/heads/${this.run.branch}`,
        event: this.run.event,
      }),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_RUN_ATTEMPT: String(this.options.attempt ?? this.run.attempt),
      GITHUB_RUN_NUMBER: String(this.run.id),
      GITHUB_JOB: this.options.name.replace(/\W+/g, '_'),
      GITHUB_ACTION: `__evenshard_${entry}`,
      GITHUB_ACTOR: 'octocat',
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_WORKSPACE: this.workspace,
      GITHUB_EVENT_PATH: this.e2e.eventFile,
      RUNNER_TEMP: this.runnerTemp,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_NAME: `e2e-${this.jobId}`,
      ...files,
      // Keep the copied checkout free of bytecode the next steps would see.
      PYTHONDONTWRITEBYTECODE: '1',
      ...Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [inputVariable(name), value]),
      ),
      ...(entry === 'post'
        ? Object.fromEntries(
            Object.entries(this.state).map(([name, value]) => [`STATE_${name}`, value]),
          )
        : {}),
      ...options.env,
    };
    // Through a small parent process, as the runner's job worker is the action's parent: the
    // action measures the per-shard overhead from its parent's start (src/github/jobStart.ts),
    // which is then this step's start rather than the test worker's. Not a shell: sh drops
    // variables whose names hold a hyphen, such as INPUT_GITHUB-TOKEN.
    const started = Date.now();
    const { exitCode, stdout, stderr } = await runProcess(
      BUNDLE_NODE,
      ['-e', STEP_PARENT, path.join(DIST, ENTRY_FILE[entry])],
      { cwd: this.workspace, env, timeoutMs: STEP_TIMEOUT_MS },
    );
    const state = parseFileCommands(await readFile(files.GITHUB_STATE, 'utf8'));
    if (entry !== 'post') this.state = { ...this.state, ...state };
    return {
      entry,
      exitCode,
      stdout,
      stderr,
      outputs: parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8')),
      state,
      summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
      annotations: parseAnnotations(stdout),
      seconds: (Date.now() - started) / 1000,
    };
  }
}

export interface ShardJobsOptions extends Omit<JobOptions, 'name' | 'prepare'> {
  shards: number;
  /** Change each shard's checkout before it runs. */
  prepare?: (projectDir: string, shard: number) => Promise<void>;
  /** Which shards to start (default all); a shard left out is one that never ran. */
  only?: number[];
  inputs?: Record<string, string> | ((shard: number) => Record<string, string>);
  env?: Record<string, string>;
  /** Run each job's post step after a successful main step, as `post-if: success()` does. */
  post?: boolean;
  /** Name prefix of the jobs; default `test`. */
  name?: string;
}

export interface ShardJob {
  shard: number;
  job: Job;
  main: StepResult;
  post?: StepResult;
}

/** One stand-in, one temp folder, the workflow runs of one test file. */
export class E2E {
  private nextRunId = 1000;
  private jobs = 0;

  private constructor(
    readonly standin: Standin,
    readonly python: PythonInfo,
    readonly root: string,
    readonly eventFile: string,
  ) {}

  static async start(python: PythonInfo): Promise<E2E> {
    if (!existsSync(path.join(DIST, 'run.js'))) {
      throw new Error(
        `no bundle at ${DIST}: run \`node scripts/bundle.mjs ${DIST}\` or set EVENSHARD_DIST`,
      );
    }
    const root = await mkdtemp(path.join(tmpdir(), 'evenshard-e2e-'));
    const eventFile = path.join(root, 'event.json');
    await writeFile(
      eventFile,
      JSON.stringify({
        ref: 'refs/heads/main',
        repository: { full_name: REPO, name: REPO.split('/')[1], default_branch: 'main' },
      }),
    );
    const standin = await startStandin();
    return new E2E(standin, python, root, eventFile);
  }

  async close(): Promise<void> {
    await this.standin.close();
    // Retries: after a failed test, sibling jobs of a Promise.all may still be writing here.
    if (!process.env['EVENSHARD_E2E_KEEP'])
      await rm(this.root, { recursive: true, force: true, maxRetries: 5 });
  }

  /** `python -m pytest -q` with the interpreter that has pytest, as the `command` input. */
  get pytestCommand(): string {
    return `${this.python.executable} -m pytest -q`;
  }

  /**
   * A run of `workflow` that has just been created (in progress). Each scenario uses its own
   * workflow file, so that one scenario's history never plans another's shards.
   */
  startRun(
    workflow: string,
    options: { branch?: string; event?: string; headRepo?: string } = {},
  ): WorkflowRun {
    const run: WorkflowRun = {
      id: this.nextRunId++,
      workflow,
      branch: options.branch ?? 'main',
      event: options.event ?? 'push',
      attempt: 1,
    };
    this.standin.addRun({
      id: run.id,
      repo: REPO,
      workflow,
      branch: run.branch,
      event: run.event,
      status: 'in_progress',
      // A fork's pull-request run: GitHub lists it among the base repository's runs.
      ...(options.headRepo ? { head_repo: options.headRepo } : {}),
    });
    return run;
  }

  /**
   * What the runner sets for a job of a `pull_request` run (run with `event: 'pull_request'`
   * and `branch` the head branch): its own event file with the pull request, GITHUB_REF
   * `refs/pull/<n>/merge`, GITHUB_BASE_REF and GITHUB_HEAD_REF. Pass it as the steps' `env`.
   */
  async pullRequestEnv(run: WorkflowRun, pr: PullRequestEvent): Promise<Record<string, string>> {
    const base = pr.base ?? 'main';
    const headRepo = pr.headRepo ?? REPO;
    const ref = `refs/pull/${pr.number}/merge`;
    const repository = { full_name: REPO, name: REPO.split('/')[1], default_branch: 'main' };
    const eventFile = path.join(this.root, `event-${run.id}-pr-${pr.number}.json`);
    await writeFile(
      eventFile,
      JSON.stringify({
        action: 'synchronize',
        number: pr.number,
        pull_request: {
          number: pr.number,
          head: { ref: run.branch, repo: { full_name: headRepo } },
          base: { ref: base, repo: repository },
        },
        repository,
      }),
    );
    return {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: eventFile,
      GITHUB_REF: ref,
      GITHUB_REF_NAME: `${pr.number}/merge`,
      GITHUB_BASE_REF: base,
      GITHUB_HEAD_REF: run.branch,
      GITHUB_WORKFLOW_REF: `${REPO}/.github/workflows/${run.workflow}@${ref}`,
    };
  }

  /** Runs the built command line (`node <dist>/cli/index.js ...args`) in `cwd`. */
  async cli(cwd: string, args: string[]): Promise<ProcessResult> {
    return runProcess(BUNDLE_NODE, [path.join(DIST, 'cli/index.js'), ...args], {
      cwd,
      env: hostEnv(),
      timeoutMs: 60_000,
    });
  }

  /** Marks a run completed now (its `updated_at`), which makes it a history source for later runs. */
  finishRun(run: WorkflowRun, conclusion: 'success' | 'failure' = 'success'): void {
    this.standin.addRun({ id: run.id, repo: REPO, status: 'completed', conclusion });
  }

  async job(run: WorkflowRun, options: JobOptions): Promise<Job> {
    const home = path.join(this.root, `job-${++this.jobs}-${options.name.replace(/\W+/g, '_')}`);
    const job = new Job(this, run, options, home);
    await job.checkout();
    return job;
  }

  /** The matrix jobs of one run, started together as GitHub starts a matrix. */
  async shardJobs(run: WorkflowRun, options: ShardJobsOptions): Promise<ShardJob[]> {
    const shards = options.only ?? Array.from({ length: options.shards }, (_, i) => i + 1);
    return Promise.all(
      shards.map(async (shard) => {
        const { prepare, ...rest } = options;
        const job = await this.job(run, {
          ...rest,
          name: `${options.name ?? 'test'} (${shard})`,
          ...(prepare ? { prepare: (dir: string) => prepare(dir, shard) } : {}),
        });
        const extra =
          typeof options.inputs === 'function' ? options.inputs(shard) : (options.inputs ?? {});
        const inputs = {
          shard: String(shard),
          shards: String(options.shards),
          command: this.pytestCommand,
          ...extra,
        };
        const main = await job.step('run', {
          inputs,
          ...(options.env ? { env: options.env } : {}),
        });
        const post =
          options.post && main.exitCode === 0
            ? await job.step('post', { inputs, ...(options.env ? { env: options.env } : {}) })
            : undefined;
        return { shard, job, main, ...(post ? { post } : {}) };
      }),
    );
  }

  /** Names of the finalized artifacts of a run, sorted. */
  artifactNames(runId: number): string[] {
    return this.standin
      .artifacts({ runId })
      .filter((a) => a.state === 'finalized')
      .map((a) => a.name)
      .sort();
  }

  /** Downloads artifacts of a run (through the real client and the REST API), each into a new folder. */
  async downloadArtifacts(runId: number, names: readonly string[]): Promise<string[]> {
    const args: string[] = [];
    const dirs: string[] = [];
    for (const name of names) {
      const artifact = this.standin
        .artifacts({ runId })
        .find((a) => a.name === name && a.state === 'finalized');
      if (!artifact)
        throw new Error(
          `run ${runId} has no artifact ${name} (it has: ${this.artifactNames(runId).join(', ')})`,
        );
      const dir = await mkdtemp(path.join(this.root, `download-${name}-`));
      args.push(String(artifact.id), dir);
      dirs.push(dir);
    }
    // One process for all of them: loading the client costs more than a download.
    if (args.length > 0) await this.artifactTool(runId, ['download', String(runId), ...args]);
    return dirs;
  }

  async downloadArtifact(runId: number, name: string): Promise<string> {
    return (await this.downloadArtifacts(runId, [name]))[0]!;
  }

  /** The shards' results artifacts as uploaded: the folder and its results.json. */
  /** The results.json documents the given jobs uploaded in run `runId`. */
  async resultsOf(runId: number, jobs: readonly { shard: number }[]): Promise<ShardResult[]> {
    return (
      await this.shardResults(
        runId,
        jobs.map((j) => j.shard),
      )
    ).map((r) => r.result);
  }

  async shardResults(
    runId: number,
    shards: readonly number[],
    prefix = 'evenshard',
  ): Promise<{ dir: string; result: ShardResult }[]> {
    const dirs = await this.downloadArtifacts(
      runId,
      shards.map((shard) => `${prefix}-results-${shard}`),
    );
    return Promise.all(
      dirs.map(async (dir) => ({
        dir,
        result: JSON.parse(await readFile(path.join(dir, 'results.json'), 'utf8')) as ShardResult,
      })),
    );
  }

  /** Uploads files (relative path → content) as an artifact of `runId`, as a job of that run would. */
  async uploadArtifact(runId: number, name: string, files: Record<string, string>): Promise<void> {
    const dir = await mkdtemp(path.join(this.root, `upload-${name}-`));
    const paths: string[] = [];
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), text);
      paths.push(path.join(dir, rel));
    }
    await this.artifactTool(runId, ['upload', name, dir, ...paths]);
  }

  async deleteArtifact(runId: number, name: string): Promise<void> {
    await this.artifactTool(runId, ['delete', name]);
  }

  private async artifactTool(runId: number, args: string[]): Promise<unknown> {
    const env = {
      ...hostEnv(),
      ...standinEnv(this.standin, { runId, jobId: 'e2e-tool', repo: REPO, token: TOKEN }),
    };
    const result = await runProcess(process.execPath, [ARTIFACT_TOOL, ...args], {
      cwd: REPO_ROOT,
      env,
      timeoutMs: 60_000,
    });
    const line = result.stdout.split('\n').find((l) => l.startsWith('E2E-RESULT '));
    if (result.exitCode !== 0 || !line) {
      throw new Error(
        `artifact-tool ${args.join(' ')} failed (${result.exitCode}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    return JSON.parse(line.slice('E2E-RESULT '.length));
  }

  /** A temp copy of a project, for runs of pytest outside the action. */
  async projectCopy(
    source = EXAMPLE_PROJECT,
    prepare?: (dir: string) => Promise<void>,
  ): Promise<string> {
    const dir = await mkdtemp(path.join(this.root, 'project-'));
    await copyProject(source, dir);
    await prepare?.(dir);
    return dir;
  }

  /** Test ids of a serial `pytest --collect-only -q` of a project: what every sharded run must run once. */
  async collectIds(projectDir: string): Promise<string[]> {
    const result = await runProcess(
      this.python.executable,
      ['-m', 'pytest', '--collect-only', '-q', '-p', 'no:cacheprovider'],
      { cwd: projectDir, env: { ...hostEnv(), PYTHONDONTWRITEBYTECODE: '1' }, timeoutMs: 60_000 },
    );
    if (result.exitCode !== 0)
      throw new Error(`pytest --collect-only failed:\n${result.stdout}\n${result.stderr}`);
    return result.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.includes('::'))
      .sort();
  }

  /** Runs a command in a project folder (e.g. an unsharded `coverage run`). */
  async exec(
    cwd: string,
    argv: string[],
    env: Record<string, string> = {},
  ): Promise<ProcessResult> {
    return runProcess(argv[0]!, argv.slice(1), {
      cwd,
      env: { ...hostEnv(), PYTHONDONTWRITEBYTECODE: '1', ...env },
      timeoutMs: 120_000,
    });
  }
}

/**
 * This process's environment without anything a runner or an earlier step set: when these tests
 * run inside GitHub Actions, the real GITHUB_OUTPUT, tokens and inputs must not leak into the
 * processes under test.
 */
export function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(GITHUB_|RUNNER_|ACTIONS_|INPUT_|STATE_|EVENSHARD_)/.test(name)) continue;
    if (name === 'CI' || name.startsWith('VITEST') || name === 'NODE_OPTIONS') continue;
    env[name] = value;
  }
  return env;
}

async function copyProject(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  await cp(source, target, {
    recursive: true,
    filter: (from) => !/(^|[\\/])(__pycache__|\.pytest_cache|\.coverage[^\\/]*)$/.test(from),
  });
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function runProcess(
  program: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout ends the whole tree (pytest under the action under its parent).
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}

/** Waits until the wall clock has entered a new second: run times are compared at second resolution. */
export async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}

/** Writes a file inside a project, creating folders. */
export async function writeProjectFile(
  projectDir: string,
  rel: string,
  text: string,
): Promise<void> {
  await mkdir(path.dirname(path.join(projectDir, rel)), { recursive: true });
  await writeFile(path.join(projectDir, rel), text);
}

/** Decodes the HTML character references the summaries use for untrusted text. */
export function decodeHtml(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The texts of a summary's `<code>` elements, decoded: where test ids and file names appear. */
export function codeTexts(summary: string): string[] {
  return [...summary.matchAll(/<code(?: [^>]*)?>([\s\S]*?)<\/code>/g)].map((m) =>
    decodeHtml(m[1]!),
  );
}

/**
 * How often each id occurs across shards, for exactly-once checks: the ids that ran more than
 * once, the expected ones that never ran, and the ones nobody expected.
 */
export function tally(
  idsPerShard: readonly (readonly string[])[],
  expected: readonly string[],
): { duplicated: string[]; missing: string[]; unexpected: string[] } {
  const count = new Map<string, number>();
  for (const ids of idsPerShard) for (const id of ids) count.set(id, (count.get(id) ?? 0) + 1);
  const wanted = new Set(expected);
  return {
    duplicated: [...count]
      .filter(([, n]) => n > 1)
      .map(([id]) => id)
      .sort(),
    missing: expected.filter((id) => !count.has(id)).sort(),
    unexpected: [...count.keys()].filter((id) => !wanted.has(id)).sort(),
  };
}
