import { writeDocument } from '@netloom/topology';

import { twoNamespaces, twoOnABridge } from './support/documents';
import { test, expect, uniqueTag } from './support/fixtures';
import { ip, netnsNames } from './support/kernel';

test('a duplicate name shows an inline error, a problem in the list, and disables Apply', async ({ app }) => {
  const palette = app.page.getByRole('region', { name: 'Palette' });
  await palette.getByRole('button', { name: 'Add namespace', exact: true }).click();
  await palette.getByRole('button', { name: 'Add namespace', exact: true }).click();
  await expect(app.node('ns1')).toBeVisible();
  await expect(app.node('ns2')).toBeVisible();

  await app.selectNode('ns2');
  const name = app.field('Name');
  await name.fill('ns1');
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toHaveAccessibleDescription(/ns1/);
  await expect(app.button('Apply')).toBeDisabled();
  await expect(app.button('Plan')).toBeDisabled();

  const problems = await app.openTab('Problems');
  const entry = problems.getByRole('listitem').filter({ hasText: 'nodes[1].name' });
  await expect(entry).toHaveCount(1);
  await expect(app.page.getByRole('tab', { name: /Problems/ })).toContainText('1');
  await app.snapshot('duplicate-name');

  await entry.getByRole('button').click();
  await expect(app.inspector.getByRole('form', { name: 'Namespace ns2' })).toBeVisible();
  await name.fill('ns2');
  await expect(name).toHaveAttribute('aria-invalid', 'false');
  await expect(problems.getByRole('listitem')).toHaveCount(0);
  await expect(app.button('Plan')).toBeEnabled();
});

test('a name a foreign namespace already has is refused by the agent and marked on its node', async ({ app }) => {
  const tag = uniqueTag();
  const { yaml, doc } = twoNamespaces(tag);
  await ip(['netns', 'add', `a-${tag}`]); // someone else's: no netloom marker on it
  try {
    await app.openFile(`${doc.name}.yaml`, yaml);
    await expect(app.node('nsA')).toBeVisible();
    await expect(app.node('nsA').getByLabel('has problems', { exact: true })).toHaveCount(0);
    await app.button('Plan').click();

    await expect(app.node('nsA').getByLabel('has problems', { exact: true })).toBeVisible();
    await expect(app.node('nsB').getByLabel('has problems', { exact: true })).toHaveCount(0);
    const problems = await app.openTab('Problems');
    await expect(problems.getByRole('listitem').filter({ hasText: 'nodes[0].name' })).toHaveCount(1);
    expect(await netnsNames()).toEqual([`a-${tag}`]); // refused before anything ran
    await app.snapshot('foreign-clash');
  } finally {
    await ip(['netns', 'delete', `a-${tag}`]);
  }
});

test('a warning (a gateway equal to the namespace’s own address) is listed apart from errors and never blocks Apply', async ({
  app,
}) => {
  const tag = uniqueTag();
  const { doc } = twoOnABridge(tag, '10.77.0');
  // nsA holds 10.77.0.1: a route through it is accepted by the kernel but sends nowhere.
  const warned = {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === 'nsA' ? { ...n, routes: [{ to: '10.99.0.0/16', via: '10.77.0.1' }] } : n)),
  };
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.openFile(`${doc.name}.yaml`, writeDocument(warned, 'yaml'));
  await expect(app.node('nsA')).toBeVisible();

  const problems = await app.openTab('Problems');
  const entry = problems.getByRole('listitem').filter({ hasText: 'nodes[0].routes[0].via' });
  await expect(entry).toHaveCount(1);
  await expect(entry).toContainText('warning');
  await expect(entry).toContainText("10.77.0.1 is this namespace's own address");
  await expect(problems.getByRole('listitem')).toHaveCount(1);
  await expect(app.page.getByRole('tab', { name: /Problems/ }).getByLabel('1 warning(s)')).toBeVisible();
  // A warning does not mark its node as broken.
  await expect(app.node('nsA').getByLabel('has problems', { exact: true })).toHaveCount(0);
  await app.snapshot('gateway-warning-1024');

  await entry.getByRole('button').click();
  await expect(app.inspector.getByRole('form', { name: `Namespace nsA` })).toBeVisible();

  await expect(app.button('Plan')).toBeEnabled();
  await app.plan();
  await expect(app.button('Apply')).toBeEnabled();
  await app.apply();
  await app.openTab('Problems');
  await expect(entry).toHaveCount(1);
});
