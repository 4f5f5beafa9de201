import { test as base, expect, type Page } from '@playwright/test';

import { NetloomApp } from './app';
import { cleanKernel } from './kernel';

type Fixtures = {
  /** The app, opened with the agent's token and connected; console errors fail the test. */
  app: NetloomApp;
  /** Console errors a test causes on purpose (the browser logs each failed WebSocket while the agent is down). */
  expectedConsoleErrors: RegExp | null;
  /** Deletes leftover namespaces and marked devices before and after each test. */
  cleanKernelAround: void;
};

export const test = base.extend<Fixtures>({
  cleanKernelAround: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
    async ({}, use, testInfo) => {
      await cleanKernel();
      await use();
      const left = await cleanKernel();
      if (left.length > 0) testInfo.annotations.push({ type: 'cleanup', description: left.join(', ') });
    },
    { auto: true },
  ],
  expectedConsoleErrors: [null, { option: true }],
  app: async ({ page, expectedConsoleErrors }, use, testInfo) => {
    const problems = watchConsole(page);
    const app = new NetloomApp(page, testInfo);
    await app.open();
    await use(app);
    await app.closeProbes();
    expect(
      problems.filter((p) => expectedConsoleErrors?.test(p) !== true),
      'console errors and uncaught exceptions during the test',
    ).toEqual([]);
  },
});

export { expect };

function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** A short tag for names that cannot clash between tests or runs: `[a-z0-9]{5}`. */
export function uniqueTag(): string {
  return Math.floor(Math.random() * 36 ** 5)
    .toString(36)
    .padStart(5, '0');
}
