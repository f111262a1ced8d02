// evenshard's Vitest reporter (Vitest >= 3: the reported-tasks API). Loaded by Vitest itself
// (`--reporter=<this file>`), shipped as a file in dist/vitest/. It writes one JSON document to
// $EVENSHARD_VITEST_RESULTS when the run ends: every test module with Vitest's own per-file
// diagnostics (environment setup, prepare, collect and setup-file time, which the JSON and JUnit
// reporters do not carry), and every test with its describe path, state and duration.
// Plain JavaScript with no imports: it runs in the user's Vitest, whatever its bundler sees.
import { writeFileSync } from 'node:fs';

const SCHEMA = 'evenshard-vitest-results/1';

function firstLine(text) {
  const line = String(text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  return line === undefined ? undefined : line.slice(0, 1000);
}

function errorMessage(errors) {
  const error = errors?.[0];
  if (!error) return undefined;
  return firstLine(error.message ?? error.stack ?? String(error));
}

/** Describe titles from the module down to the test, the test's own name last. */
function titlePath(test) {
  const names = [test.name];
  for (let parent = test.parent; parent && parent.type !== 'module'; parent = parent.parent) {
    names.unshift(parent.name);
  }
  return names;
}

export default class EvenshardReporter {
  vitestVersion = '';

  onInit(vitest) {
    this.vitestVersion = vitest.version ?? '';
    this.startedAt = Date.now();
  }

  onTestRunEnd(testModules, unhandledErrors, reason) {
    const target = process.env.EVENSHARD_VITEST_RESULTS;
    if (!target) return;
    const modules = [];
    const tests = [];
    let firstTestAt = null;
    let lastTestEndAt = null;
    for (const module of testModules) {
      const d = module.diagnostic();
      modules.push({
        file: module.moduleId,
        project: module.project?.name ?? '',
        state: module.state(),
        environmentSetupMs: d.environmentSetupDuration ?? 0,
        prepareMs: d.prepareDuration ?? 0,
        collectMs: d.collectDuration ?? 0,
        setupMs: d.setupDuration ?? 0,
        durationMs: d.duration ?? 0,
        message: errorMessage(module.errors()),
      });
      for (const test of module.children.allTests()) {
        const result = test.result();
        const diagnostic = test.diagnostic();
        if (diagnostic && (firstTestAt === null || diagnostic.startTime < firstTestAt)) {
          firstTestAt = diagnostic.startTime;
        }
        const end = diagnostic ? diagnostic.startTime + diagnostic.duration : null;
        if (end !== null && (lastTestEndAt === null || end > lastTestEndAt)) lastTestEndAt = end;
        tests.push({
          file: module.moduleId,
          project: module.project?.name ?? '',
          names: titlePath(test),
          state: result.state,
          durationMs: diagnostic?.duration ?? 0,
          // Attempts beyond the first (`retry`): each one followed a failure.
          retryCount: diagnostic?.retryCount ?? 0,
          startTime: diagnostic?.startTime ?? null,
          message: errorMessage(result.errors),
        });
      }
    }
    const doc = {
      schema: SCHEMA,
      vitestVersion: this.vitestVersion,
      reason,
      startedAt: this.startedAt ?? null,
      firstTestAt,
      lastTestEndAt,
      unhandledErrors: (unhandledErrors ?? []).map((e) => firstLine(e?.message ?? String(e))),
      modules,
      tests,
    };
    writeFileSync(target, JSON.stringify(doc));
  }
}
