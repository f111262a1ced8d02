/**
 * The values of the `coverage` setting (action input and CLI flag): `none` or a format of the
 * registry (formats.ts), and where each tool writes its data by default, relative to the working
 * directory (what the run role uploads when `coverage-files` is blank).
 */
import { COVERAGE_FORMAT_IDS, type CoverageFormatId } from './formats.js';

export const COVERAGE_KINDS: readonly ('none' | CoverageFormatId)[] = [
  'none',
  ...COVERAGE_FORMAT_IDS,
];
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

export const DEFAULT_COVERAGE_FILES: Record<CoverageFormatId, string[]> = {
  'coverage.py': ['.coverage', '.coverage.*'],
  lcov: ['coverage/lcov.info'],
  istanbul: ['coverage/coverage-final.json'],
  cobertura: ['coverage.xml', 'coverage/cobertura-coverage.xml'],
};
