import { test, expect, uniqueTag } from './support/fixtures';
import { addressesOf, link, links, netnsNames } from './support/kernel';

test('draws two namespaces and a bridge, applies them, and shows them live', async ({ app }) => {
  const tag = uniqueTag();
  const [nsA, nsB, br] = [`a-${tag}`, `b-${tag}`, `br-${tag}`];

  await app.setTopologyName(`e2e-draw-${tag}`);
  await app.drop('namespace', { x: 60, y: 40 });
  await app.fill('Name', nsA);
  await app.drop('namespace', { x: 60, y: 300 });
  await app.fill('Name', nsB);
  await app.drop('bridge', { x: 560, y: 200 });
  await app.fill('Name', br);
  for (const id of ['ns1', 'ns2', 'br1']) await expect(app.node(id)).toBeVisible();

  await app.connect(nsA, br);
  await app.connect(nsB, br);
  await expect(app.edge('l1')).toBeVisible();
  await expect(app.edge('l2')).toBeVisible();

  await app.selectEdge('l1');
  await app.fill('A Addresses', '10.201.0.1/24');
  await app.selectEdge('l2');
  await app.fill('A Addresses', '10.201.0.2/24');
  await app.snapshot('drawn');

  const commands = await app.plan();
  expect(commands.join('\n')).toContain(`netns add ${nsA}`);
  expect(commands.join('\n')).toContain(`netns add ${nsB}`);
  expect(commands.join('\n')).toContain(br);
  await app.apply();

  expect(await netnsNames()).toEqual(expect.arrayContaining([nsA, nsB]));
  expect((await link(null, br))?.linkinfo?.info_kind).toBe('bridge');
  expect(await addressesOf(nsA, 'veth0')).toContain('10.201.0.1/24');
  expect(await addressesOf(nsB, 'veth0')).toContain('10.201.0.2/24');
  const ports = (await links(null)).filter((l) => l.master === br).map((l) => l.ifname);
  expect(ports).toHaveLength(2);

  await expect(app.edgeLine('l1')).toHaveAttribute('data-link-state', 'up');
  await expect(app.edgeLine('l2')).toHaveAttribute('data-link-state', 'up');
  await app.snapshot('applied');

  const probe = await app.startPing(nsA, '10.201.0.2');
  await expect(probe).toHaveAttribute('data-status', 'reply', { timeout: 15_000 });

  // Counters: the edge shows a packet rate, and the interface's packet counters climb.
  await expect(app.page.getByTestId('rate-l1')).toBeVisible({ timeout: 10_000 });
  await expect(app.page.getByTestId('rate-l2')).toBeVisible({ timeout: 10_000 });
  await app.selectEdge('l1');
  const live = app.inspector.getByRole('region', { name: 'A kernel state of veth0' });
  const rxPackets = async () => Number(/rx (\d+) pkt/.exec(await live.innerText())?.[1] ?? NaN);
  const before = await rxPackets();
  await expect.poll(rxPackets, { timeout: 10_000 }).toBeGreaterThan(before);
  await app.snapshot('ping');

  await app.closeProbes();
  await app.tearDown();
  expect(await netnsNames()).not.toContain(nsA);
  expect(await link(null, br)).toBeNull();
});
