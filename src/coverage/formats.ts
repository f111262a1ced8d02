/**
 * The registry of coverage formats: the value of the `coverage` input → its `CoverageFormat`.
 * A new format implements `MergedFormat` (pure, next to its parser, wrapped by `mergedFormat`)
 * or `CoverageFormat` (when only its own tool can combine it), and gets one line here.
 */
import { coberturaFormat } from './cobertura.js';
import { coveragePyFormat } from './coveragepy.js';
import type { CoverageFormat } from './format.js';
import { istanbulFormat } from './istanbul.js';
import { lcovFormat } from './lcov.js';
import { mergedFormat } from './merged.js';

export const COVERAGE_FORMATS = {
  'coverage.py': coveragePyFormat,
  lcov: mergedFormat(lcovFormat),
  istanbul: mergedFormat(istanbulFormat),
  cobertura: mergedFormat(coberturaFormat),
} as const satisfies Record<string, CoverageFormat>;

export type CoverageFormatId = keyof typeof COVERAGE_FORMATS;

export const COVERAGE_FORMAT_IDS = Object.keys(COVERAGE_FORMATS) as CoverageFormatId[];

export function coverageFormat(id: CoverageFormatId): CoverageFormat {
  return COVERAGE_FORMATS[id];
}
