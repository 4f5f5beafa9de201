import { execFileSync } from 'node:child_process';

import { test, expect, uniqueTag } from './support/fixtures';
import { twoOnABridge } from './support/documents';

/** The root qdisc of `dev` in `netns`, as tc reports it. */
function rootQdisc(netns: string, dev: string): { kind: string; handle: string; options?: Record<string, unknown> } {
  const out = execFileSync('ip', ['netns', 'exec', netns, 'tc', '-j', 'qdisc', 'show', 'dev', dev], {
    encoding: 'utf8',
  });
  const all = JSON.parse(out) as { kind: string; handle: string; root?: boolean; options?: Record<string, unknown> }[];
  const root = all.find((q) => q.root === true);
  if (root === undefined) throw new Error(`no root qdisc on ${dev} in ${netns}`);
  return root;
}

test('impairments typed in the inspector are written on the edge, planned as tc commands and applied', async ({
  app,
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const tag = uniqueTag();
  const { yaml, doc } = twoOnABridge(tag, '10.204.0');
  const nsA = `a-${tag}`;
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();

  await app.selectEdge('la');
  await app.fill('A Delay (ms)', '50');
  await app.fill('A Loss (%)', '1');
  const label = page.locator('.edge-label[data-edge="la"]');
  await expect(label).toContainText('50 ms · 1% loss');
  await expect(label).toBeInViewport();
  await app.snapshot('impairments-on-the-edge-1024x768');
  const commands = await app.plan();
  expect(commands.join('\n')).toContain(
    `ip netns exec ${nsA} tc qdisc replace dev eth0 root handle 4e4c: netem delay 50ms loss 1%`,
  );

  // A rate alone is a tbf, which every kernel has: applied, and read back as the document says.
  await app.fill('A Delay (ms)', '');
  await app.fill('A Loss (%)', '');
  await app.fill('A Rate (kbit/s)', '2000');
  await expect(label).toContainText('2 Mbit/s');
  await expect(label).not.toContainText('loss');
  await app.planAndApply();
  expect(rootQdisc(nsA, 'eth0')).toMatchObject({ kind: 'tbf', handle: '4e4c:', options: { rate: 250_000 } });

  // Cleared: the qdisc goes.
  await app.fill('A Rate (kbit/s)', '');
  await expect(page.locator('.edge-label[data-edge="la"]', { hasText: 'Mbit/s' })).toHaveCount(0);
  await app.planAndApply();
  expect(rootQdisc(nsA, 'eth0')).toMatchObject({ kind: 'noqueue' });
  await app.tearDown();
});
