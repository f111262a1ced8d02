/**
 * The action metadata, the code's names (src/names.ts) and the README must agree: an input that
 * action.yml declares but the code never reads, or that README never documents, is a bug.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  MERGE_INPUTS,
  MERGE_OUTPUTS,
  PLAN_INPUTS,
  PLAN_OUTPUTS,
  RUN_INPUTS,
  RUN_OUTPUTS,
} from '../src/names.js';

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string };
}

const actions: [string, ActionYml, Record<string, string>, Record<string, string>, string][] = [
  ['action.yml', load('action.yml'), RUN_INPUTS, RUN_OUTPUTS, 'dist/run.js'],
  ['merge/action.yml', load('merge/action.yml'), MERGE_INPUTS, MERGE_OUTPUTS, '../dist/merge.js'],
  ['plan/action.yml', load('plan/action.yml'), PLAN_INPUTS, PLAN_OUTPUTS, '../dist/plan.js'],
];
const readme = readFileSync('README.md', 'utf8');

/** A Markdown table row whose first cell is `name` in backticks (cells may be padded). */
function rowNames(line: string, name: string): boolean {
  return line.replace(/^\|\s*/, '').startsWith(`\`${name}\``) && /^\|\s*`[^`]+`\s*\|/.test(line);
}

function load(path: string): ActionYml {
  return parse(readFileSync(path, 'utf8')) as ActionYml;
}

describe.each(actions)('%s', (file, yml, inputs, outputs, main) => {
  it('declares exactly the inputs and outputs the code reads and writes', () => {
    expect(Object.keys(yml.inputs).sort()).toEqual(Object.values(inputs).sort());
    expect(Object.keys(yml.outputs).sort()).toEqual(Object.values(outputs).sort());
  });

  it('runs the bundle on node24', () => {
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toBe(main);
  });

  it('describes every input and output', () => {
    for (const [name, spec] of [...Object.entries(yml.inputs), ...Object.entries(yml.outputs)]) {
      expect(spec.description, `${file}: ${name}`).toMatch(/\w{3,}/);
    }
  });

  it('is documented in README: every input and output in its table with its default', () => {
    // This action's tables only: from its marker to the next action's marker.
    const start = readme.indexOf(`<!-- ${file} -->`);
    const next = readme.indexOf('<!-- ', start + 1);
    const section = readme.slice(start, next < 0 ? undefined : next);
    const outputsAt = section.search(/^\|\s*output\s*\|/m);
    const inputRows = section.slice(0, outputsAt).split('\n');
    const outputRows = section.slice(outputsAt).split('\n');
    expect(
      readme.includes(`<!-- ${file} -->`),
      `README needs a <!-- ${file} --> reference table`,
    ).toBe(true);
    for (const [name, spec] of Object.entries(yml.inputs)) {
      const row = inputRows.find((line) => rowNames(line, name));
      expect(row, `${file} input ${name} missing from README`).toBeDefined();
      const shown = spec.default === undefined || spec.default === '' ? '' : String(spec.default);
      if (shown)
        expect(row, `${file} input ${name}: README must show the default`).toContain(
          `\`${shown}\``,
        );
    }
    for (const name of Object.keys(yml.outputs)) {
      expect(
        outputRows.some((line) => rowNames(line, name)),
        `${file} output ${name}`,
      ).toBe(true);
    }
  });
});

it('the root action saves the dependency cache in a post step', () => {
  expect(load('action.yml').runs.post).toBe('dist/post.js');
});
