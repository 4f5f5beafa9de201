import { defineConfig } from '@playwright/test';

import { CHROMIUM_LAUNCH } from './chromium';

/**
 * Real Chromium (Debian's), the real agent (`netloom serve`, started by global-setup.ts), real
 * namespaces. Run inside scripts/netns-sandbox.sh (`pnpm test:e2e`): agent, browser and kernel
 * objects share one private loopback and /run/netns. One worker: every test shares that kernel.
 */
const CI = process.env['CI'] !== undefined && process.env['CI'] !== '';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  forbidOnly: CI,
  retries: CI ? 2 : 0,
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: './playwright-report' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    acceptDownloads: true,
    launchOptions: CHROMIUM_LAUNCH,
  },
});
