import { chmod, writeFile } from 'node:fs/promises';

import { startAgent, stopAgent } from './support/agent';
import { twoOnABridge } from './support/documents';
import { expect, test, uniqueTag } from './support/fixtures';
import { setLinkDown } from './support/kernel';

// While the agent is down the browser logs each WebSocket attempt that fails.
test.use({ expectedConsoleErrors: /WebSocket connection to .* failed|Failed to load resource|ERR_CONNECTION_REFUSED/ });

test('stopping and starting the agent with the page open: the page reconnects by itself within 10 s and is live again', async ({
  app,
}) => {
  const tag = uniqueTag();
  const { yaml, doc } = twoOnABridge(tag, '10.204.0');
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');
  const connection = app.page.getByRole('status', { name: 'Agent connection' });

  await stopAgent();
  await expect(connection).not.toHaveText('connected');
  await startAgent();
  await expect(connection).toHaveText('connected', { timeout: 10_000 });

  // Live state flows again: a link set down by hand reaches the canvas.
  await setLinkDown(`a-${tag}`, 'eth0');
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'down');
  await expect(app.edgeLine('lb')).toHaveAttribute('data-link-state', 'up');
  await app.tearDown();
});

test('after serve --rotate-token the page says the agent refused its token, and reconnects once the token is back', async ({
  app,
}) => {
  const token = process.env['NETLOOM_E2E_TOKEN'] ?? '';
  const connection = app.page.getByRole('status', { name: 'Agent connection' });
  await stopAgent();
  await startAgent('--rotate-token');
  await expect(app.page.getByRole('alert', { name: 'Agent connection problem' })).toHaveText(
    /The agent refused the token: open the URL `netloom serve` printed/,
  );
  await expect(connection).not.toHaveText('connected');

  // The token file is what a restarted agent reuses: put the page's token back (the later tests use it).
  await stopAgent();
  await writeFile('/run/netloom/token', `${token}\n`, { mode: 0o600 });
  await chmod('/run/netloom/token', 0o600);
  await startAgent();
  await expect(connection).toHaveText('connected', { timeout: 10_000 });
  await expect(app.page.getByRole('alert', { name: 'Agent connection problem' })).toHaveCount(0);
});
