import { defineConfig } from '@playwright/test';

// No browser: the tests use no `page` fixture, so no browser is installed or started.
export default defineConfig({ testDir: 'tests', workers: 1, reporter: 'list' });
