import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { test, expect } from './support/fixtures';
import { link, netnsNames } from './support/kernel';

const LESSON = join(import.meta.dirname, '../../lessons/01-namespaces.yaml');

/** The object each of lesson 01's first five commands serves: the canvas points at it before it runs. */
const FIRST_FIVE = [
  { command: 'ip netns add netns1', explanation: /^Creates the network namespace netns1/, object: 'node:ns1' },
  { command: 'ip netns set netns1 auto', explanation: /^Gives the namespace netns1 an id/, object: 'node:ns1' },
  { command: 'ip link add name veth0', explanation: /^Creates a veth pair/, object: 'edge:l1' },
  { command: 'ip link set dev veth0 alias', explanation: /^Configures veth0 in the root namespace/, object: 'edge:l1' },
  { command: 'ip -n netns1 link set dev veth1', explanation: /^Configures veth1 in netns1/, object: 'edge:l1' },
] as const;

test('steps through a lesson one explained command at a time, and Back undoes the last on the kernel', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.openFile('01-namespaces.yaml', readFileSync(LESSON, 'utf8'));
  const commands = await app.plan();
  // The plan panel explains every command too.
  expect(commands[0]).toContain('Creates the network namespace netns1');

  await app.button('Step').click();
  const panel = app.page.getByRole('region', { name: 'Step-through' });
  const next = panel.getByRole('group', { name: 'Next command' });
  const runs = panel.getByRole('list', { name: 'Commands run' }).getByRole('listitem');
  const target = (object: string) =>
    object.startsWith('node:') ? app.node(object.slice(5)) : app.edge(object.slice(5));

  for (const [i, expected] of FIRST_FIVE.entries()) {
    // Before it runs: the command in full, what it does, and what it acts on, pointed at.
    await expect(next).toContainText(`Next, ${i + 1} of ${commands.length}`);
    await expect(next.locator('code')).toContainText(expected.command);
    await expect(next.getByText(expected.explanation)).toBeVisible();
    await expect(target(expected.object)).toHaveClass(/step-target/);
    if (i === 0) {
      expect(await netnsNames()).not.toContain('netns1');
      await app.snapshot('step-before-first');
    }
    await panel.getByRole('button', { name: 'Next', exact: true }).click();
    // After: the kernel's answer, under the same command.
    await expect(runs.first()).toContainText(expected.command);
    await expect(runs.first().getByLabel('Kernel answer')).toHaveText(/✓ exit 0/);
  }
  expect(await netnsNames()).toContain('netns1');
  expect((await link('netns1', 'veth1'))?.flags).toContain('UP');
  await app.snapshot('step-after-five');

  // Back once: the fifth command's inverse runs, shown the same way, and the kernel has veth1 down again.
  await panel.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(runs.first()).toContainText('Back from 5');
  await expect(runs.first().locator('code')).toHaveText('ip -n netns1 link set dev veth1 down');
  await expect(runs.first()).toContainText('sets it down');
  await expect.poll(async () => (await link('netns1', 'veth1'))?.flags).not.toContain('UP');
  await expect(next.locator('code')).toContainText(FIRST_FIVE[4].command);

  // Back twice more: the veth pair itself is gone from the kernel.
  await panel.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(runs.first()).toContainText('Back from 4');
  await panel.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(runs.first()).toContainText('Back from 3');
  await expect(runs.first().locator('code')).toHaveText('ip link del dev veth0');
  await expect.poll(() => link(null, 'veth0')).toBeNull();
  await expect.poll(() => link('netns1', 'veth1')).toBeNull();
  await expect(target('edge:l1')).toHaveClass(/step-target/);

  // Run to end: the kernel matches the lesson.
  await panel.getByRole('button', { name: 'Run to end', exact: true }).click();
  await expect(panel.getByRole('status')).toContainText('finished: the kernel matches the document', {
    timeout: 30_000,
  });
  expect((await link(null, 'veth0'))?.flags).toContain('UP');
  await app.snapshot('step-finished');
  await app.tearDown();
});
