/**
 * The layer rules of eslint.config.js (docs/architecture.md) catch a wrong-way import: a
 * snippet importing across a forbidden boundary fails lint, the same import the right way passes.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId?.endsWith('no-restricted-imports'))
    .map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    [
      'src/roles/x.ts',
      "import { parseRunInputs } from '../github/inputs.js';",
      /src\/roles must not import/,
    ],
    [
      'src/roles/x.ts',
      "import { LocalStore } from '../local/store.js';",
      /src\/roles must not import/,
    ],
    ['src/roles/x.ts', "import * as core from '@actions/core';", /Actions toolkit/],
    [
      'src/cli/x.ts',
      "import type { RunInputs } from '../github/inputs.js';",
      /src\/cli must not import/,
    ],
    ['src/cli/x.ts', "import { runAction } from '../index.js';", /src\/cli must not import/],
    ['src/core/x.ts', "import { ConfigError } from '../errors.js';", /src\/core must not import/],
    [
      'src/core/x.ts',
      "import { parseTimingText } from '../formats/detect.js';",
      /src\/core must not import/,
    ],
    [
      'src/runners/pytest/x.ts',
      "import { runShard } from '../../roles/runShard.js';",
      /src\/runners must not/,
    ],
    [
      'src/coverage/x.ts',
      "import { LocalStore } from '../local/store.js';",
      /src\/coverage must not/,
    ],
    ['src/ports.ts', "import { runShard } from './roles/runShard.js';", /import only src\/core/],
    [
      'src/summary/merge/x.ts',
      "import { mergeRun } from '../../roles/mergeRun.js';",
      /src\/summary must not import/,
    ],
  ])('%s: %s fails', async (filePath, code, message) => {
    const errors = await importErrors(
      filePath,
      `${code}\nexport const used = [${usedName(code)}];\n`,
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toContain('docs/architecture.md');
  });

  it.each([
    ['src/roles/x.ts', "import type { Logger } from '../ports.js';"],
    ['src/roles/x.ts', "import { ConfigError } from '../errors.js';"],
    ['src/cli/x.ts', "import { runShard } from '../roles/runShard.js';"],
    ['src/cli/x.ts', "import { LocalStore } from '../local/store.js';"],
    ['src/github/x.ts', "import { CheckoutFileHistory } from '../local/fileHistory.js';"],
    ['src/formats/x.ts', "import { planShards } from '../core/planner.js';"],
    ['src/core/x.ts', "import { planShards } from './planner.js';"],
    ['src/index.ts', "import { actionEntry } from './github/entry.js';"],
    // Inside a folder, a module named like a forbidden folder is no layer crossing.
    ['src/summary/merge/x.ts', "import { coverageSection } from './coverage.js';"],
    ['src/summary/merge/x.ts', "import { fitRows } from '../budget.js';"],
  ])('%s: %s passes', async (filePath, code) => {
    expect(
      await importErrors(filePath, `${code}\nexport const used = [${usedName(code)}];\n`),
    ).toEqual([]);
  });
});

/** The imported binding, used once so that no other rule (unused vars) reports the snippet. */
function usedName(code: string): string {
  return /import (?:type )?(?:\* as )?\{? ?(\w+)/.exec(code)![1]!;
}
