import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { netloom } from './support/cli';
import { twoOnABridge } from './support/documents';
import { test, expect, uniqueTag } from './support/fixtures';
import { link, netnsNames } from './support/kernel';

/** A topology applied from the CLI, as a person would: its file, then `netloom apply FILE`. */
async function applyFromCli(tag: string, subnet: string): Promise<{ name: string; file: string }> {
  const { doc, yaml } = twoOnABridge(tag, subnet);
  const file = join(await mkdtemp(join(tmpdir(), 'netloom-e2e-')), `${doc.name}.yaml`);
  await writeFile(file, yaml);
  await netloom('apply', file);
  return { name: doc.name, file };
}

test('This host lists the topologies applied from the CLI, opens one as applied, and tears one down', async ({
  app,
}) => {
  const [one, two] = [uniqueTag(), uniqueTag()];
  const first = await applyFromCli(one, '10.205.0');
  const second = await applyFromCli(two, '10.206.0');

  const host = await app.thisHost();
  const rows = host.getByRole('table', { name: 'Applied topologies' }).getByRole('row');
  for (const { name, file } of [first, second]) {
    const row = host.getByRole('row', { name });
    await expect(row).toContainText('2 namespaces, 5 interfaces');
    await expect(row).toContainText(`from ${file}`);
  }
  await expect(rows).toHaveCount(3); // the header and the two topologies
  await app.snapshot('this-host-two');

  // Tear one down: a second click says what goes.
  await host.getByRole('button', { name: `Tear down ${second.name}…` }).click();
  await expect(host.getByRole('row', { name: second.name })).toContainText('Delete its 2 namespaces and 5 interfaces?');
  await host.getByRole('button', { name: `Tear down ${second.name}`, exact: true }).click();
  await expect(host.getByRole('row', { name: second.name })).toHaveCount(0, { timeout: 30_000 });
  expect(await netnsNames()).not.toContain(`a-${two}`);
  expect(await link(null, `br-${two}`)).toBeNull();
  expect(await netnsNames()).toContain(`a-${one}`);
  await app.snapshot('this-host-one-left');

  // Open the other: the drawing is that topology as applied, so it shows live state.
  await host.getByRole('button', { name: `Open ${first.name}` }).click();
  await expect(host).toHaveCount(0);
  await expect(app.field('Topology name')).toHaveValue(first.name);
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');
  await expect(await app.menuItem('Kernel', 'Tear down')).toBeEnabled();
  await app.page.keyboard.press('Escape');
  await app.snapshot('opened-from-host');
  await app.tearDown();
  expect(await netnsNames()).not.toContain(`a-${one}`);
});

test('leaving a drawing whose topology is applied asks: cancel, keep it running, or tear it down', async ({ app }) => {
  const tag = uniqueTag();
  const { doc, yaml } = twoOnABridge(tag, '10.207.0');
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();

  const leave = app.page.getByRole('alertdialog', { name: `Leave ${doc.name}` });
  await app.command('File', 'New');
  await expect(leave).toContainText(`Topology ${doc.name} stays applied on this host`);
  await expect(leave).toContainText('This host');
  await app.snapshot('leave-asks');
  await leave.getByRole('button', { name: 'Cancel' }).click();
  await expect(leave).toHaveCount(0);
  await expect(app.field('Topology name')).toHaveValue(doc.name);

  // Keep it running and leave: the kernel keeps it, This host finds it, Open brings it back live.
  await app.command('File', 'New');
  await leave.getByRole('button', { name: 'Keep it running and leave' }).click();
  await expect(app.node('nsA')).toHaveCount(0);
  expect(await netnsNames()).toContain(`a-${tag}`);
  const host = await app.thisHost();
  await host.getByRole('button', { name: `Open ${doc.name}` }).click();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');

  // An example in its place: tear down and leave.
  await app.command('File', '01-netns-veth');
  await leave.getByRole('button', { name: 'Tear down and leave' }).click();
  await expect(app.field('Topology name')).toHaveValue('netns-veth', { timeout: 30_000 });
  expect(await netnsNames()).not.toContain(`a-${tag}`);
  await expect(app.edgeLine('l1')).toHaveAttribute('data-link-state', 'not-applied');
});

test('a drawing taken down from the CLI stops being applied: no Tear down, its links not applied', async ({ app }) => {
  const tag = uniqueTag();
  const { doc, yaml } = twoOnABridge(tag, '10.208.0');
  await app.openFile(`${doc.name}.yaml`, yaml);
  await app.planAndApply();
  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'up');
  await expect(await app.menuItem('Kernel', 'Tear down')).toBeEnabled();
  await app.page.keyboard.press('Escape');

  const file = join(await mkdtemp(join(tmpdir(), 'netloom-e2e-')), `${doc.name}.yaml`);
  await writeFile(file, yaml);
  await netloom('down', file);
  expect(await netnsNames()).not.toContain(`a-${tag}`);

  await expect(app.edgeLine('la')).toHaveAttribute('data-link-state', 'not-applied', { timeout: 15_000 });
  await expect(await app.menuItem('Kernel', 'Tear down')).toBeDisabled();
  await app.page.keyboard.press('Escape');
  // Nothing to leave behind: New asks nothing.
  await app.command('File', 'New');
  await expect(app.page.getByRole('alertdialog', { name: `Leave ${doc.name}` })).toHaveCount(0);
  await expect(app.node('nsA')).toHaveCount(0);
});
