import { writeDocument, type Document } from '@netloom/topology';

import { netloom } from './support/cli';
import { EXAMPLES } from './support/documents';
import { test, expect } from './support/fixtures';
import { link, netnsNames } from './support/kernel';

test('an apply that would replace a running topology asks, names what it deletes, and runs only once confirmed', async ({
  app,
}) => {
  await netloom('apply', `${EXAMPLES}/01-netns-veth.yaml`);
  // Another drawing under the example's name, never applied: it keeps nothing of what runs.
  const other: Document = {
    version: 1,
    name: 'netns-veth',
    nodes: [{ id: 'ns9', type: 'namespace', name: 'netns9' }],
    links: [],
    layout: { ns9: { x: 80, y: 80 } },
  };
  await app.openFile('other.yaml', writeDocument(other, 'yaml'));
  await app.plan();
  await app.button('Apply').click();

  const confirm = app.page.getByRole('alertdialog', { name: 'Confirm apply' });
  await expect(confirm).toContainText('Apply over the running topology netns-veth?');
  await expect(confirm).toContainText('runs on this host from another document');
  const deletes = confirm.getByRole('list', { name: 'What the apply deletes or replaces' });
  await expect(deletes).toContainText('delete netns ns1');
  await expect(deletes).toContainText('delete veth l1');
  await app.snapshot('confirm-apply');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(await link(null, 'veth-host')).not.toBeNull();
  expect(await netnsNames()).not.toContain('netns9');

  await app.button('Apply').click();
  await confirm.getByRole('button', { name: 'Apply anyway' }).click();
  await expect(app.page.getByRole('status', { name: 'Apply status' })).toContainText(
    'The kernel matches the document.',
    { timeout: 30_000 },
  );
  expect(await netnsNames()).toEqual(['netns9']);
  expect(await link(null, 'veth-host')).toBeNull();
  await app.tearDown();
});

test('a step-through that would replace a running topology asks the same question, and steps only once confirmed', async ({
  app,
}) => {
  await netloom('apply', `${EXAMPLES}/01-netns-veth.yaml`);
  const other: Document = {
    version: 1,
    name: 'netns-veth',
    nodes: [{ id: 'ns9', type: 'namespace', name: 'netns9' }],
    links: [],
    layout: { ns9: { x: 80, y: 80 } },
  };
  await app.openFile('other.yaml', writeDocument(other, 'yaml'));
  await app.plan();
  await app.button('Step').click();

  // Not an error: the dialog Apply uses, in the step-through's words.
  const confirm = app.page.getByRole('alertdialog', { name: 'Confirm step-through' });
  await expect(confirm).toContainText('Step through over the running topology netns-veth?');
  await expect(confirm).toContainText('runs on this host from another document');
  const deletes = confirm.getByRole('list', { name: 'What the step-through deletes or replaces' });
  await expect(deletes).toContainText('delete netns ns1');
  await expect(app.page.getByRole('alert').filter({ hasText: 'CONFIRM_REQUIRED' })).toHaveCount(0);
  await app.snapshot('confirm-step');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  expect(await link(null, 'veth-host')).not.toBeNull();
  expect(await netnsNames()).not.toContain('netns9');

  await app.button('Step').click();
  await confirm.getByRole('button', { name: 'Step anyway' }).click();
  await expect(confirm).toHaveCount(0);
  const panel = app.page.getByRole('region', { name: 'Step-through' });
  await expect(panel.getByRole('group', { name: 'Next command' })).toContainText('Next, 1 of');
  // Stepping, not applying: nothing has run yet.
  expect(await link(null, 'veth-host')).not.toBeNull();
  await panel.getByRole('button', { name: 'Run to end', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('finished: the kernel matches the document', {
    timeout: 30_000,
  });
  expect(await netnsNames()).toEqual(['netns9']);
  expect(await link(null, 'veth-host')).toBeNull();
  await app.tearDown();
});
