import { defineConfig, devices } from '@playwright/test';
import { chromiumPath } from './tests/helpers/chromium.ts';

// End-to-end: the production build in Debian's Chromium against a real local stack
// (tests/e2e/global-setup.ts starts both on free loopback ports).
// Playwright empties its output folder when a run starts, so two local runs at once would delete
// each other's traces; outside CI each run writes to a folder of its own. Workers inherit the id.
const runId = (process.env.HC_E2E_RUN_ID ??= `${Date.now()}-${process.pid}`);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.CI ? 'test-results' : `test-results/${runId}`,
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  // On CI one retry, reported: scripts/test.ts prints every test that passed only on its retry.
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  use: {
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
  },
});
