import { defineConfig } from '@playwright/test';

/**
 * README screenshots (`npm run screenshots`, after `npm run build:e2e`): every surface, light and dark, from the e2e
 * build against the fake Buildkite, written to docs/screenshots/ at 800 px wide.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'surfaces.shots.ts',
  globalSetup: '../e2e/global-setup.ts',
  workers: 1,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
});
