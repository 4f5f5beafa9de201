import { test, expect, uniqueTag } from './support/fixtures';
import { twoOnABridge } from './support/documents';
import { setLinkDown } from './support/kernel';

test('a link set down from the canvas turns the down colour and stops the ping; up again, both recover', async ({
  app,
}) => {
  const tag = uniqueTag();
  const { yaml, doc } = twoOnABridge(tag, '10.202.0');
  const nsA = `a-${tag}`;
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');
  const probe = await app.startPing(nsA, '10.202.0.2');
  await expect(probe).toHaveAttribute('data-status', 'reply', { timeout: 15_000 });

  await app.selectEdge('la');
  await app.inspector.getByRole('button', { name: 'Set eth0 down' }).click();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'down');
  await expect(app.edgeLine('la')).toHaveCSS('stroke', await app.themeColor('--down'));
  await expect(app.edgeLine('lb')).toHaveAttribute('data-link-state', 'up');
  await expect(probe).not.toHaveAttribute('data-status', 'reply', { timeout: 15_000 });
  await app.snapshot('link-down');

  await app.inspector.getByRole('button', { name: 'Set eth0 up' }).click();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');
  await expect(app.edgeLine('la')).toHaveCSS('stroke', await app.themeColor('--up'));
  await expect(probe).toHaveAttribute('data-status', 'reply', { timeout: 15_000 });
  await app.snapshot('link-up-again');
  await app.closeProbes();
  await app.tearDown();
});

test('a link set down by hand with ip shows on the canvas within a second', async ({ app }) => {
  const tag = uniqueTag();
  const { yaml, doc } = twoOnABridge(tag, '10.203.0');
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();
  await expect(app.edgeLine('lb')).toHaveAttribute('data-link-state', 'up');

  const started = Date.now();
  await setLinkDown(`b-${tag}`, 'eth0');
  await expect(app.edgeLine('lb')).toHaveAttribute('data-link-state', 'down', { timeout: 1_000 });
  const latency = Date.now() - started;
  test.info().annotations.push({ type: 'latency', description: `ip link set down → canvas: ${latency} ms` });
  expect(latency).toBeLessThan(1_000);
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');
  await app.snapshot('link-down-by-hand');
  await app.tearDown();
});
