import { describe, expect, it } from 'vitest';
import {
  COVERAGE_FORMAT_IDS,
  COVERAGE_FORMATS,
  coverageFormat,
} from '../../src/coverage/formats.js';
import { COVERAGE_KINDS } from '../../src/coverage/kinds.js';

describe('the coverage format registry', () => {
  it('offers exactly the formats the coverage input accepts, each under its own id', () => {
    expect(['none', ...COVERAGE_FORMAT_IDS].sort()).toEqual([...COVERAGE_KINDS].sort());
    for (const [id, format] of Object.entries(COVERAGE_FORMATS)) {
      expect(format.id).toBe(id);
      expect(coverageFormat(format.id as keyof typeof COVERAGE_FORMATS)).toBe(format);
      expect(format.dataPatterns.length).toBeGreaterThan(0);
      expect(format.missingDataHint).toMatch(/^Make each shard write /);
    }
  });
});
