import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { test, expect } from './support/fixtures';
import { link } from './support/kernel';

const exec = promisify(execFile);

/**
 * Kernel tables in the designer, against the real agent and kernel: the bridge's forwarding
 * database in the inspector shows the MAC of a namespace that pinged through it, learned on its
 * port; the namespace's neighbours show the peer; the canvas overlay shows the same.
 */
test.use({ viewport: { width: 1024, height: 768 } });

test("the inspector shows the bridge's learned MAC after a ping, and the overlay the tables beside each frame", async ({
  app,
  page,
}) => {
  await app.loadExample('02-bridge');
  await app.planAndApply();
  const redMac = (await link('red', 'eth0'))?.address;
  expect(redMac).toMatch(/^[0-9a-f:]{17}$/);

  await app.selectNode('br');
  const fdb = page.getByRole('table', { name: 'Bridge FDB' });
  await expect(fdb).toBeVisible();
  // The bridge may have learned red's MAC already (IPv6 neighbour discovery as links come up):
  // make it forget, see the row go, and see it come back with a ping. Learning is off on red's
  // port while the row is expected gone: red's own IPv6 traffic (router solicitations, DAD) could
  // teach it again before a slow page looked, which made this test flaky on a loaded machine.
  const learned = fdb.getByRole('row', { name: new RegExp(`${redMac} veth-red learned`) });
  await exec('bridge', ['link', 'set', 'dev', 'veth-red', 'learning', 'off']);
  await exec('bridge', ['fdb', 'del', redMac ?? '', 'dev', 'veth-red', 'master']).catch(() => undefined);
  await expect(learned).toHaveCount(0, { timeout: 20_000 });
  await exec('bridge', ['link', 'set', 'dev', 'veth-red', 'learning', 'on']);
  await exec('ip', ['netns', 'exec', 'red', 'ping', '-c', '2', '-i', '0.2', '-W', '1', '10.2.0.13']);
  await expect(learned).toBeVisible({ timeout: 20_000 });
  await fdb.scrollIntoViewIfNeeded();
  await app.snapshot('tables-inspector-bridge');

  await app.selectNode('red');
  const neighbours = page.getByRole('table', { name: 'Neighbours' });
  await expect(neighbours.getByRole('row', { name: /10\.2\.0\.13 .* eth0 (REACHABLE|STALE|DELAY)/ })).toBeVisible({
    timeout: 20_000,
  });
  await expect(
    page.getByRole('table', { name: 'Routes' }).getByRole('row', { name: /default 10\.2\.0\.1 eth0/ }),
  ).toBeVisible();
  await neighbours.scrollIntoViewIfNeeded();
  await app.snapshot('tables-inspector-namespace');

  await app.command('View', 'Kernel tables on the canvas');
  const overlay = page.getByLabel('kernel tables of br', { exact: true });
  await expect(overlay).toContainText(`${redMac} → veth-red learned`);
  await expect(page.getByLabel('kernel tables of red', { exact: true })).toContainText('default via 10.2.0.1 dev eth0');
  await app.snapshot('tables-overlay');
  // As a teacher shows it: presenter view (panels away, larger text), the whole drawing in view.
  await app.command('View', 'Presenter view');
  await expect(overlay).toBeVisible();
  await app.snapshot('tables-overlay-presenter');
  await app.button('Leave presenter view').click();

  await app.tearDown();
});
