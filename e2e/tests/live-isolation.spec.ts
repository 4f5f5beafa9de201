import { writeDocument, type Document } from '@netloom/topology';

import type { NetloomApp } from './support/app';
import { netloom } from './support/cli';
import { EXAMPLES, twoOnABridge } from './support/documents';
import { test, expect, uniqueTag } from './support/fixtures';
import { link, setLinkDown } from './support/kernel';

/**
 * Live state belongs to one topology as applied: a drawing that shares ids, interface names or
 * even the topology's name with what runs on the host shows none of it and can act on none of it.
 */

test('a drawing never applied shows every object as not applied, whatever it shares with an applied topology, and offers no kernel action', async ({
  app,
}) => {
  await netloom('apply', `${EXAMPLES}/01-netns-veth.yaml`);
  expect((await link(null, 'veth-host'))?.flags).toContain('UP');

  // The example's ids and interface names under another topology name, never applied.
  const tag = uniqueTag();
  const lookalike: Document = {
    version: 1,
    name: `e2e-fresh-${tag}`,
    nodes: [
      { id: 'host', type: 'root' },
      { id: 'ns1', type: 'namespace', name: 'netns1' },
      { id: 'br0', type: 'bridge', name: `br-${tag}`, namespace: 'host' },
    ],
    links: [{ id: 'l1', type: 'veth', a: { node: 'host', name: 'veth-host' }, b: { node: 'ns1', name: 'veth-ns1' } }],
    layout: { host: { x: 40, y: 60 }, ns1: { x: 520, y: 260 }, br0: { x: 60, y: 120 } },
  };
  await app.openFile(`${lookalike.name}.yaml`, writeDocument(lookalike, 'yaml'));
  await expectNothingLive(app);
  await app.snapshot('lookalike-not-applied');

  // The example itself, by name and all, loaded but not applied from this page.
  await app.loadExample('01-netns-veth');
  await expectNothingLive(app, false);
  await app.snapshot('same-name-not-applied');

  // Nothing was touched: the example's interface is still up.
  expect((await link(null, 'veth-host'))?.flags).toContain('UP');
  await netloom('down', `${EXAMPLES}/01-netns-veth.yaml`);
});

async function expectNothingLive(app: NetloomApp, bridge = true): Promise<void> {
  await expect(app.edgeLine('l1')).toHaveAttribute('data-link-state', 'not-applied');
  if (bridge) await expect(app.node('br0').locator('[data-oper]')).toHaveAttribute('data-oper', 'unapplied');
  await app.selectEdge('l1');
  await expect(app.inspector.getByText('A kernel: not applied.')).toBeVisible();
  await expect(app.inspector.getByText('B kernel: not applied.')).toBeVisible();
  await expect(app.inspector.getByRole('button', { name: /^Set veth-/ })).toHaveCount(0);
  await expect(await app.menuItem('Kernel', 'Tear down')).toBeDisabled();
  await app.page.keyboard.press('Escape');
  const ping = await app.openTab('Ping');
  await expect(ping.getByRole('button', { name: 'Start ping' })).toBeDisabled();
  await expect(ping.getByText('This drawing is not applied')).toBeVisible();
  await expect(app.page.getByRole('group', { name: 'Drift' })).toHaveCount(0);
}

test('Tear down clears the drift of the topology, and drift never shows on another drawing', async ({ app }) => {
  const tag = uniqueTag();
  const { doc, yaml } = twoOnABridge(tag, '10.204.0');
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');

  await setLinkDown(`a-${tag}`, 'eth0');
  await app.openTab('Plan');
  const drift = app.page.getByRole('group', { name: 'Drift' });
  await expect(drift).toContainText('update la');
  await app.snapshot('drift-shown');

  await app.tearDown();
  await expect(drift).toHaveCount(0);
  // Another drawing, and this one again: no drift anywhere.
  await app.command('File', 'New');
  await app.openTab('Plan');
  await expect(drift).toHaveCount(0);
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.openTab('Plan');
  await expect(drift).toHaveCount(0);
  await app.snapshot('drift-gone');
});
