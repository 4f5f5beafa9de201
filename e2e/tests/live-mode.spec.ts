import { test, expect, uniqueTag } from './support/fixtures';
import { twoNamespaces } from './support/documents';
import { link } from './support/kernel';

test('in live mode a new veth is applied at once, and undo removes it from the kernel', async ({ app }) => {
  const tag = uniqueTag();
  const { doc, yaml } = twoNamespaces(tag);
  const [nsA, nsB] = [`a-${tag}`, `b-${tag}`];
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();

  await app.page.getByRole('switch', { name: 'Live mode' }).check();
  // Live mode plans at once; its answer changes the dock's height and so refits the view. A
  // person sees it arrive before drawing the link; drawing before it raced the refit.
  await expect(app.page.getByRole('region', { name: 'Plan' })).toContainText('Nothing to change');
  await app.connect(nsA, nsB);
  await expect(app.edge('l1')).toBeVisible();
  await expect.poll(() => link(nsA, 'veth0'), { timeout: 15_000 }).not.toBeNull();
  await expect.poll(() => link(nsB, 'veth0'), { timeout: 15_000 }).not.toBeNull();
  await expect(app.edgeLine('l1')).toHaveAttribute('data-link-state', 'up');
  await app.snapshot('live-veth-added');

  await app.command('Edit', 'Undo');
  await expect(app.edge('l1')).toHaveCount(0);
  await expect.poll(() => link(nsA, 'veth0'), { timeout: 15_000 }).toBeNull();
  await expect.poll(() => link(nsB, 'veth0'), { timeout: 15_000 }).toBeNull();
  await app.snapshot('live-veth-undone');

  await app.page.getByRole('switch', { name: 'Live mode' }).uncheck();
  await app.tearDown();
});
