import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: the built extension (`npm run build:e2e`) in real Chromium (Playwright) and real Firefox ESR
 * (puppeteer-core over WebDriver BiDi), against the fake Buildkite that `global-setup.ts` starts on 127.0.0.1:4010
 * (the port the e2e build's API base points at). One worker: the tests share that fake's state.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // `.only` fails every run, not only on CI.
  forbidOnly: true,
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  projects: [
    // Each project's own folder (a glob such as 'firefox/**' also matched chromium/ specs in a checkout whose path
    // contains "firefox/").
    { name: 'chromium', testDir: 'tests/e2e/chromium', testMatch: '**/*.spec.ts' },
    { name: 'firefox', testDir: 'tests/e2e/firefox', testMatch: '**/*.spec.ts' },
  ],
});
