/**
 * The skeleton of a JS runner adapter (Jest, Vitest): the command resolved and the installed
 * version checked, discovery through the runner's own listing (or the `tests` globs), the shard's
 * files run as one process, its machine-readable report mapped to results, costs and the
 * collection record. An adapter is a `JsRunnerConfig`: what differs between the runners.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunnerCosts } from '../../core/costs.js';
import { isInsideRoot, normalizePath } from '../../core/identity.js';
import { compareCodeUnits } from '../../core/order.js';
import { findFilesInRoot } from '../files.js';
import type { DiscoveredFile, RunnerRun, RunRequest, TestRunner } from '../types.js';
import { atLeast, countJsTests, installedVersion, resolveRunnerCommand } from './packages.js';
import { runArgv } from './process.js';
import { collectionOf, listSome, shardFiles, type JsResults } from './results.js';

/** A command split around the runner's program: `[...before, runner]`, the user's options after. */
export interface SplitCommand {
  program: string[];
  options: string[];
}

export interface JsRunnerOptions {
  /** The test command (`jest --ci`, `npx vitest run --coverage`…); the config's default without. */
  command?: readonly string[];
  log?: (message: string) => void;
}

/** How one shard invokes the runner. */
export interface ShardInvocation {
  argv: string[];
  /** Added to the request's environment. */
  env?: Record<string, string>;
  /** Where the runner writes its report (removed before the run). */
  reportPath: string;
  /** Where it writes JUnit XML, when it does (removed before the run). */
  junitPath?: string;
}

/** What the adapter made of the runner's report. */
export interface MappedReport {
  results: JsResults;
  /** What went wrong besides failing tests (files it was not given, unhandled errors). */
  problems: string[];
  costs: RunnerCosts;
}

export interface JsRunnerConfig<Report> {
  framework: 'jest' | 'vitest';
  /** The runner's name in messages: `Jest`. */
  title: string;
  /** Its package, and the name of its binary. */
  packageName: string;
  defaultCommand: readonly string[];
  /** The oldest version with every flag and report field the adapter uses. */
  minimum: { major: number; minor: number };
  /** Said after "upgrade <package>" when the installed version is older. */
  tooOldHint?: string;
  /** Finds the runner in the command; refuses what would change the shard's files (`--shard`). */
  splitCommand(command: readonly string[]): SplitCommand;
  /** The test files the runner's own configuration finds, as it prints them. */
  listFiles(command: SplitCommand, root: string): Promise<string[]>;
  invocation(input: {
    command: SplitCommand;
    root: string;
    /** The shard's files, and every file of the suite (for exclusions). */
    mine: string[];
    everyFile: readonly string[];
    workDir: string;
  }): ShardInvocation;
  /** The report, or null when the runner wrote none. */
  readReport(reportPath: string): Promise<Report | null>;
  /** Why there is no report when the process was not killed. */
  noReport(exitCode: number): string;
  mapReport(report: Report, root: string, mine: readonly string[]): MappedReport;
}

export function jsRunner<Report>(
  config: JsRunnerConfig<Report>,
  options: JsRunnerOptions = {},
): TestRunner {
  const command = options.command?.length ? options.command : config.defaultCommand;
  const log = options.log;
  /** Every file discovery found, for the runners' exclusions. */
  let discovered: string[] = [];
  /** The command and version check of the last root, so a shard's discovery and run share one. */
  let resolution: { root: string; split: SplitCommand } | undefined;

  const resolved = (given: string): SplitCommand => {
    const root = path.resolve(given);
    if (resolution?.root === root) return resolution.split;
    const split = config.splitCommand(resolveRunnerCommand(command, root, config.packageName));
    const version = installedVersion(root, config.packageName);
    const { major, minor } = config.minimum;
    if (version !== undefined && !atLeast(version, major, minor)) {
      throw new Error(
        `evenshard needs ${config.title} ${major}.${minor} or newer for 'framework: ${config.framework}', but ${root} has ${config.title} ${version}: upgrade ${config.packageName}${config.tooOldHint ? `, ${config.tooOldHint}` : ''}.`,
      );
    }
    resolution = { root, split };
    return split;
  };

  const listed = async (root: string): Promise<string[]> => {
    const files = new Set<string>();
    for (const entry of await config.listFiles(resolved(root), root)) {
      const rel = normalizePath(entry, root);
      if (!isInsideRoot(rel)) {
        log?.(
          `evenshard: ${config.title} lists ${entry}, which is outside the working directory ${root}; it is left out.`,
        );
        continue;
      }
      files.add(rel);
    }
    return [...files].sort(compareCodeUnits);
  };

  return {
    framework: config.framework,
    // Files only: the runners' single-test filters are name regexes (or need source lines the
    // history does not keep), and per-file setup cost argues for whole files anyway.
    selectsSingleTests: false,

    async discover(root, patterns): Promise<DiscoveredFile[]> {
      discovered = patterns?.length
        ? (await findFilesInRoot(root, patterns)).map((f) => normalizePath(f, root))
        : await listed(root);
      return Promise.all(
        discovered.map(async (file) => ({
          file,
          testCountHint: countJsTests(
            await readFile(path.join(root, file), 'utf8').catch(() => ''),
          ),
        })),
      );
    },

    async run(request: RunRequest): Promise<RunnerRun> {
      const root = path.resolve(request.root);
      const split = resolved(root);
      const mine = shardFiles(request.plan.shards, request.shard);
      const everyFile = discovered.length
        ? discovered
        : request.plan.shards.flatMap((s) => [...s.files, ...s.splits.map((p) => p.file)]);
      await mkdir(request.workDir, { recursive: true });
      const how = config.invocation({
        command: split,
        root,
        mine,
        everyFile,
        workDir: request.workDir,
      });
      await rm(how.reportPath, { force: true });
      if (how.junitPath) await rm(how.junitPath, { force: true });
      const proc = await runArgv(how.argv, {
        cwd: root,
        env: how.env ? { ...request.env, ...how.env } : request.env,
      });
      const run: RunnerRun = {
        exitCode: proc.exitCode,
        results: [],
        ...(how.junitPath ? { junitPath: how.junitPath } : {}),
        startedAt: proc.startedAt,
        endedAt: proc.endedAt,
      };
      const report = await config.readReport(how.reportPath);
      if (report === null) {
        run.commandProblem =
          proc.signal !== null
            ? `${config.title} was killed by ${proc.signal}`
            : config.noReport(proc.exitCode);
        return run;
      }
      const { results, problems, costs } = config.mapReport(report, root, mine);
      if (costs.testsStartedAt !== undefined) run.firstTestAt = costs.testsStartedAt;
      run.results = results.results;
      run.costs = costs;
      run.collection = collectionOf(mine, results.results);
      if (results.duplicateNames.length) {
        log?.(
          `evenshard: tests with the same name in the same describe block: ${listSome(results.duplicateNames)}; the later ones are counted as '… [2]', '… [3]' in source order. Rename them to keep their history stable.`,
        );
      }
      const failed = run.results.some((r) => r.outcome === 'failed' || r.outcome === 'error');
      if (proc.exitCode !== 0 && !failed && problems.length === 0) {
        problems.push(`${config.title} exited with code ${proc.exitCode} although no test failed`);
      }
      if (problems.length) run.commandProblem = problems.join('; ');
      return run;
    },
  };
}
