import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // End-to-end tests spawn pytest and the built bundle; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
