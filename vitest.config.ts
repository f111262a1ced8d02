import { defineConfig } from 'vitest/config';
import SummaryLine from './scripts/vitest-summary-line.js';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    reporters: ['default', new SummaryLine()],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests spawn pytest and the built bundle; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
