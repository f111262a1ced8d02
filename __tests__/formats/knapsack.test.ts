import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TimingFormatError } from '../../src/formats/errors.js';
import { parseKnapsackReport } from '../../src/formats/knapsack.js';

const openfoodnetwork = readFileSync(
  new URL('../fixtures/timings/openfoodnetwork_knapsack_rspec_report.json', import.meta.url),
  'utf8',
);

describe('parseKnapsackReport', () => {
  it('reads a real knapsack gem report as file-level entries sorted by id', () => {
    const entries = parseKnapsackReport(openfoodnetwork);
    expect(entries).toHaveLength(386);
    expect(entries[0]).toEqual({
      id: 'engines/catalog/spec/services/catalog/product_import/products_reset_strategy_spec.rb',
      seconds: expect.any(Number) as number,
    });
    expect(entries.find((e) => e.id === 'spec/features/admin/order_spec.rb')!.seconds).toBe(
      171.90774178504944,
    );
    expect(entries.every((e) => !e.id.includes('::'))).toBe(true);
  });

  it("reads Knapsack Pro's test-file list, with example ids kept under their file", () => {
    const text = JSON.stringify([
      { path: 'spec/a_spec.rb', time_execution: 1.25 },
      { path: './spec/b_spec.rb[1:2:1]', time_execution: 0.5 },
      { path: 'spec/b_spec.rb[1:3]', time_execution: 0.75 },
      { path: 'spec/a_spec.rb', time_execution: 2 },
    ]);
    expect(parseKnapsackReport(text)).toEqual([
      { id: 'spec/a_spec.rb', seconds: 2 },
      { id: 'spec/b_spec.rb::[1:2:1]', seconds: 0.5 },
      { id: 'spec/b_spec.rb::[1:3]', seconds: 0.75 },
    ]);
  });

  it('keeps paths outside the project visible', () => {
    expect(
      parseKnapsackReport('{"../x_spec.rb": 1, "/abs/y_spec.rb": 2}').map((e) => e.id),
    ).toEqual(['../x_spec.rb', '/abs/y_spec.rb']);
  });

  it.each([
    [
      '{"spec/a_spec.rb": -2}',
      /"spec\/a_spec\.rb" has time -2; expected a finite number of seconds >= 0/,
    ],
    ['{"spec/a_spec.rb": "2"}', /"spec\/a_spec\.rb" has time "2"/],
    ['[{"path": "spec/a_spec.rb"}]', /"spec\/a_spec\.rb" has time undefined/],
    ['[{"time_execution": 1}]', /item 0 .*expected \{"path"/],
    ['"spec/a_spec.rb"', /expected a JSON object/],
    ['{', /not valid JSON/],
  ])('refuses %s', (text, message) => {
    expect(() => parseKnapsackReport(text)).toThrow(TimingFormatError);
    expect(() => parseKnapsackReport(text)).toThrow(message);
  });
});
