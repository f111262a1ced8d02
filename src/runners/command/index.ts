/**
 * `framework: command`: any test runner that writes JUnit XML. The user's command gets this
 * shard's files through a placeholder, and the results come from the JUnit files matching the
 * `junit` globs, read with the one JUnit parser (src/formats/junit.ts) and the one identity
 * (src/core/identity.ts). Test files are found with the `tests` globs.
 *
 * Placeholders (whole argv elements, or inside one for `{files-list}`):
 * - `{files}`: the shard's files as separate arguments, one invocation;
 * - `{files-list}`: the path of a file listing them one per line, one invocation;
 * - `{file}`: one invocation per file. For reporters whose JUnit does not say which file a test
 *   is in (node's own junit reporter): every case of that invocation belongs to its file.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileOfTestId, normalizePath, testIdFromJUnitCase } from '../../core/identity.js';
import { compareCodeUnits } from '../../core/order.js';
import type { TestResult } from '../../core/shardResult.js';
import type { JUnitCase } from '../../core/types.js';
import { parseJUnit, timingsFromJUnitCases } from '../../formats/junit.js';
import { COMMAND_PLACEHOLDERS as P } from '../../names.js';
import { findFilesInRoot } from '../files.js';
import { countJsTests } from '../js/packages.js';
import { runArgv } from '../js/process.js';
import { filesNotGiven, jsTestResults, listSome, shardFiles } from '../js/results.js';
import type { DiscoveredFile, RunnerRun, RunRequest, TestRunner } from '../types.js';

export interface CommandRunnerOptions {
  /** Globs (relative to the working directory) of the JUnit files the command writes. */
  junit: readonly string[];
  log?: (message: string) => void;
}

type Mode = 'files' | 'files-list' | 'file';

/** Which placeholder the command uses; exactly one kind is allowed. */
export function commandMode(command: readonly string[]): Mode {
  const modes = new Set<Mode>();
  for (const arg of command) {
    if (arg === P.files) modes.add('files');
    if (arg === P.file) modes.add('file');
    if (arg.includes(P.filesList)) modes.add('files-list');
  }
  if (modes.size !== 1) {
    throw new Error(
      `with 'framework: command' the command must contain exactly one of the placeholders ${P.files} (the shard's files as arguments), ${P.filesList} (a file listing them) or ${P.file} (one run per file)${modes.size ? `, not ${[...modes].map((m) => `{${m}}`).join(' and ')}` : ''}: e.g. 'node --test --test-reporter=junit --test-reporter-destination=junit.xml ${P.file}'.`,
    );
  }
  return [...modes][0]!;
}

/** The command with its placeholder filled in. */
export function fillCommand(
  command: readonly string[],
  files: readonly string[],
  listPath: string,
): string[] {
  return command.flatMap((arg) => {
    if (arg === P.files || arg === P.file) return [...files];
    return [arg.split(P.filesList).join(listPath)];
  });
}

const SOURCE_WITH_CALLS = /\.[cm]?[jt]sx?$/;

export class CommandRunner implements TestRunner {
  readonly framework = 'command';
  /** A command takes files; nothing says it can select single tests exactly. */
  readonly selectsSingleTests = false;

  constructor(private readonly options: CommandRunnerOptions) {}

  async discover(root: string, patterns: readonly string[] | undefined): Promise<DiscoveredFile[]> {
    if (!patterns?.length) {
      throw new Error(
        "with 'framework: command' set 'tests' to globs of the test files (e.g. 'tests: test/**/*.test.js'): evenshard cannot ask an arbitrary command for them.",
      );
    }
    const files = (await findFilesInRoot(root, patterns)).map((f) => normalizePath(f, root));
    return Promise.all(
      files.map(async (file) => {
        if (!SOURCE_WITH_CALLS.test(file)) return { file };
        const source = await readFile(path.join(root, file), 'utf8').catch(() => '');
        return { file, testCountHint: countJsTests(source) };
      }),
    );
  }

  async run(request: RunRequest): Promise<RunnerRun> {
    const root = path.resolve(request.root);
    if (this.options.junit.length === 0) {
      throw new Error(
        "with 'framework: command' set 'junit' to the glob of the JUnit XML files the command writes (e.g. 'junit: junit.xml').",
      );
    }
    const mode = commandMode(request.command);
    const mine = shardFiles(request.plan.shards, request.shard);
    const known = new Set(
      request.plan.shards.flatMap((s) => [...s.files, ...s.splits.map((p) => p.file)]),
    );
    await mkdir(request.workDir, { recursive: true });
    const listPath = path.join(request.workDir, 'files.txt');
    await writeFile(listPath, mine.join('\n') + '\n');
    const batches = mode === 'file' ? mine.map((f) => [f]) : [mine];

    const startedAt = Date.now();
    let exitCode = 0;
    let signal: NodeJS.Signals | null = null;
    let reports = 0;
    const batchResults: TestResult[] = [];
    const fileCases: { file: string; case: JUnitCase }[] = [];
    for (const [i, batch] of batches.entries()) {
      // A report left from an earlier run must never count as this one's.
      for (const stale of await findFilesInRoot(root, this.options.junit)) await rm(stale);
      const proc = await runArgv(fillCommand(request.command, batch, listPath), {
        cwd: root,
        env: request.env,
      });
      if (proc.exitCode !== 0 && exitCode === 0) exitCode = proc.exitCode;
      signal ??= proc.signal;
      for (const report of await findFilesInRoot(root, this.options.junit)) {
        reports++;
        await copyFile(report, path.join(request.workDir, `junit-${i + 1}-${reports}.xml`));
        const cases = parseJUnit(await readFile(report, 'utf8'));
        if (mode === 'file') {
          for (const c of cases) fileCases.push({ file: batch[0]!, case: c });
        } else {
          batchResults.push(...this.batchResults(cases, known, root));
        }
      }
    }
    const endedAt = Date.now();

    let results: TestResult[];
    if (mode === 'file') {
      const mapped = jsTestResults(
        fileCases.map(({ file, case: c }) => {
          // The report's own file when it names one of the known files; else the invocation's.
          const id = testIdFromJUnitCase(c, known, root);
          const inFile =
            id !== undefined && known.has(fileOfTestId(id)) && fileOfTestId(id) === file;
          const names = inFile
            ? id.slice(file.length + 2).split('::')
            : [...c.suites.filter(Boolean), c.name];
          return {
            file,
            names,
            outcome: c.outcome,
            seconds: c.seconds,
            ...(c.message ? { message: c.message } : {}),
          };
        }),
      );
      results = mapped.results;
      if (mapped.duplicateNames.length) {
        this.options.log?.(
          `evenshard: tests with the same name in one file: ${listSome(mapped.duplicateNames)}; the later ones are counted as '… [2]'.`,
        );
      }
    } else {
      results = batchResults.sort((a, b) => compareCodeUnits(a.id, b.id));
    }

    const run: RunnerRun = { exitCode, results, startedAt, endedAt };
    if (reports === 1) run.junitPath = path.join(request.workDir, 'junit-1-1.xml');
    const problems: string[] = [];
    if (signal !== null) problems.push(`the test command was killed by ${signal}`);
    if (reports === 0) {
      problems.push(
        `the test command (exit code ${exitCode}) wrote no JUnit file matching ${JSON.stringify(this.options.junit)} in ${root}: check the 'junit' input and the command's reporter options`,
      );
    }
    if (reports > 0 && results.length === 0) {
      problems.push(
        `the JUnit report(s) name no test of this shard's files: if the reporter does not say which file a test is in, use the ${P.file} placeholder`,
      );
    }
    const extra = filesNotGiven(
      results.map((r) => fileOfTestId(r.id)),
      mine,
    );
    if (extra.length) {
      problems.push(
        `the test command reported tests of ${extra.length} file(s) this shard was not given: ${listSome(extra)}`,
      );
    }
    const failed = results.some((r) => r.outcome === 'failed' || r.outcome === 'error');
    if (exitCode !== 0 && !failed && problems.length === 0) {
      problems.push(`the test command exited with code ${exitCode} although no test failed`);
    }
    if (problems.length) run.commandProblem = problems.join('; ');
    return run;
  }

  /** One invocation's cases → results, by the report's own file attribution. */
  private batchResults(cases: JUnitCase[], known: ReadonlySet<string>, root: string): TestResult[] {
    const { entries, unmapped } = timingsFromJUnitCases(cases, { knownFiles: known, root });
    if (unmapped > 0) {
      this.options.log?.(
        `evenshard: ${unmapped} JUnit test case(s) do not say which file they are in, so they are not counted; use the ${P.file} placeholder to run one file per invocation.`,
      );
    }
    const messages = new Map<string, string>();
    for (const c of cases) {
      if (c.message === undefined) continue;
      const id = testIdFromJUnitCase(c, known, root);
      if (id !== undefined) messages.set(id, c.message);
    }
    return entries.map((e) => ({
      id: e.id,
      seconds: e.seconds,
      outcome: e.outcome ?? 'passed',
      ...(messages.has(e.id) && e.outcome !== 'passed' ? { message: messages.get(e.id)! } : {}),
    }));
  }
}
