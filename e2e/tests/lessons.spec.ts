import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator } from '@playwright/test';

import { settled } from './support/canvas';
import { EXAMPLES } from './support/documents';
import { test, expect } from './support/fixtures';
import type { NetloomApp } from './support/app';

/**
 * The Lessons panel (issue 11): a lesson from lessons/ opened onto the canvas, its steps with their
 * text, the objects each points at, and its checks run against the kernel; a challenge repaired.
 */

const LESSONS = join(EXAMPLES, '../lessons');

/** Opens the Lessons panel from the View menu and one of the shipped lessons from its list. */
async function openLesson(app: NetloomApp, title: string): Promise<Locator> {
  await app.command('View', 'Lessons');
  const panel = app.page.getByRole('region', { name: 'Lessons' });
  const list = panel.getByRole('list', { name: 'Shipped lessons' });
  // Every file in lessons/ is listed, with no code naming them.
  await expect(list.getByRole('listitem')).toHaveCount(
    readdirSync(LESSONS).filter((f) => /\.(ya?ml|json)$/.test(f)).length,
  );
  await shot(app, 'lessons-list-light-1024');
  await panel.getByRole('list', { name: 'Shipped lessons' }).getByRole('button', { name: title }).click();
  return panel;
}

const frame = (app: NetloomApp, id: string) => app.node(id).locator(`[data-frame="${id}"]`);
const check = (panel: Locator, what: string) => panel.getByRole('listitem', { name: new RegExp(`^${what}: `) });

/** Screenshots for people to look at (readable from the back of a room?), kept with the results. */
async function shot(app: NetloomApp, name: string): Promise<void> {
  await app.snapshot(name);
  const dir = process.env['NETLOOM_E2E_SHOTS'];
  if (dir === undefined) return;
  mkdirSync(dir, { recursive: true });
  copyFileSync(test.info().outputPath(`${name}.png`), `${dir}/${name}.png`);
}

/** Every text of the panel set under 18 px (the canvas's least in presenter view), with its size. */
const smallText = (panel: Locator) =>
  panel.evaluate((root) => {
    const out: string[] = [];
    const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n !== null; n = walk.nextNode()) {
      const el = n.parentElement;
      if (el === null || (n.textContent ?? '').trim() === '') continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < 18) out.push(`${(n.textContent ?? '').trim()} (${px} px)`);
    }
    return out;
  });

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test('a lesson opens from the Lessons panel; Next and Previous change the step, its objects are highlighted, its checks pass once applied', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  const panel = await openLesson(app, 'Network namespaces');
  await expect(app.node('ns1')).toBeVisible();
  const step = panel.getByRole('region', { name: 'Step' });
  await expect(step.getByRole('heading', { name: 'A namespace of its own' })).toBeVisible();
  await expect(panel.getByLabel('step 1 of 6')).toHaveText('1 / 6');
  await expect(frame(app, 'ns1')).toHaveAttribute('data-highlighted', 'true');
  await expect(app.edge('l1').locator('[data-highlighted]')).toHaveCount(0);
  // Not applied yet: nothing is claimed about the kernel.
  await expect(check(panel, 'namespace netns1 exists')).toHaveAttribute('data-state', 'unknown');

  await panel.getByRole('button', { name: 'Next ›' }).click();
  await expect(step.getByRole('heading', { name: 'A veth pair, one end moved in' })).toBeVisible();
  await expect(step).toContainText('A veth pair is a virtual cable');
  await expect(panel.getByLabel('step 2 of 6')).toHaveText('2 / 6');
  await expect(app.edge('l1').locator('[data-highlighted]')).toHaveCount(1);
  await expect(frame(app, 'ns1')).not.toHaveAttribute('data-highlighted', 'true');

  await app.planAndApply();
  for (const what of ['veth veth0 – veth1 exists', 'veth0 is in the root namespace', 'veth1 is in netns1'])
    await expect(check(panel, what)).toHaveAttribute('data-state', 'pass');
  await expect(panel.getByText('Done: every check passes.')).toBeVisible();
  await shot(app, 'lesson-01-step2-light-1024');

  await panel.getByRole('button', { name: '‹ Previous' }).click();
  await expect(step.getByRole('heading', { name: 'A namespace of its own' })).toBeVisible();
  await expect(frame(app, 'ns1')).toHaveAttribute('data-highlighted', 'true');
  await expect(check(panel, 'namespace netns1 exists')).toHaveAttribute('data-state', 'pass');

  // Page Down / Page Up (a presentation clicker) move through the steps too.
  await app.canvas.click({ position: { x: 5, y: 5 } });
  await app.page.keyboard.press('PageDown');
  await app.page.keyboard.press('PageDown');
  await expect(step.getByRole('heading', { name: 'Addresses, and up' })).toBeVisible();
  await expect(check(panel, 'veth1 in netns1 is up')).toHaveAttribute('data-state', 'pass');

  await app.command('View', 'Dark theme');
  await shot(app, 'lesson-01-step3-dark-1024');
  await app.page.keyboard.press('p');
  await expect(app.button('Leave presenter view')).toBeVisible();
  await expect(panel).toBeVisible();
  await app.page.keyboard.press('PageDown');
  await expect(step.getByRole('heading', { name: 'Ping both ways' })).toBeVisible();
  await expect(check(panel, 'ping from netns1 to 10.1.1.2 gets a reply')).toHaveAttribute('data-state', 'pass', {
    timeout: 20_000,
  });
  await shot(app, 'lesson-01-step4-presenter-dark-1024');
  expect(await smallText(panel), 'lesson text under 18 px in presenter view').toEqual([]);
  const leave = await app.button('Leave presenter view').boundingBox();
  const legend = await app.page.getByLabel('Link state legend').boundingBox();
  expect(leave !== null && legend !== null && overlap(leave, legend), 'the legend covers the way out').toBe(false);
  await app.button('Leave presenter view').click();
  await app.command('View', 'Dark theme');
  await app.page.keyboard.press('p');
  await shot(app, 'lesson-01-step4-presenter-light-1024');
  await app.button('Leave presenter view').click();
  await app.tearDown();
});

test('a challenge: its checks fail on the broken network, hints come one at a time, and turn ✓ once the repair is drawn and applied', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  const panel = await openLesson(app, 'Challenge: repair the overlay');
  for (const id of ['site1', 'site2', 'router', 'app1', 'app2']) await expect(app.node(id)).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Step' }).getByRole('heading', { name: 'The goal' })).toBeVisible();
  await expect(panel.getByText('Not checked: apply the drawing to check it against the kernel.')).toBeVisible();

  await app.planAndApply();
  const underlay = check(panel, 'ping from site1 to 10.7.2.2 gets a reply');
  const route = check(panel, 'site2 has a route to 10.7.1.0/24 via 10.7.2.1');
  const up = check(panel, 'eth0 in app2 is up');
  const overlay = check(panel, 'ping from app1 to 192.168.77.2 gets a reply');
  for (const c of [underlay, route, up, overlay])
    await expect(c).toHaveAttribute('data-state', 'fail', { timeout: 20_000 });
  await expect(panel.getByText(/Solved/)).toHaveCount(0);
  await shot(app, 'challenge-broken-light-1024');

  const hints = panel.getByRole('region', { name: 'Hints' });
  await hints.getByRole('button', { name: 'Show hint 1 of 3' }).click();
  await expect(hints).toContainText('A ping needs a way back.');
  await expect(hints).not.toContainText('Compare the VNI');
  await hints.getByRole('button', { name: 'Show hint 2 of 3' }).click();
  await expect(hints).toContainText('Compare the VNI of both VXLAN devices.');
  await expect(hints.getByRole('button', { name: 'Show hint 3 of 3' })).toBeVisible();

  // The missing way back: a route on site2, drawn in the inspector, applied.
  await app.selectNode('site2');
  await app.inspector.getByRole('button', { name: 'Add route' }).click();
  const newRoute = app.inspector.getByRole('group', { name: 'Route 1' });
  await newRoute.getByLabel('To', { exact: true }).fill('10.7.1.0/24');
  await newRoute.getByLabel('To', { exact: true }).press('Tab');
  await newRoute.getByLabel('Via', { exact: true }).fill('10.7.2.1');
  await newRoute.getByLabel('Via', { exact: true }).press('Tab');
  await app.planAndApply();
  await expect(route).toHaveAttribute('data-state', 'pass', { timeout: 20_000 });
  await expect(underlay).toHaveAttribute('data-state', 'pass', { timeout: 20_000 });
  await expect(overlay).toHaveAttribute('data-state', 'fail');

  // The other two: the VNI that differs, and the workload's interface left down.
  await app.selectNode('vx2');
  await app.fill('VNI', '77');
  await app.selectEdge('app2-link');
  await app.inspector.getByLabel('A Up', { exact: true }).check();
  await app.planAndApply();
  for (const c of [underlay, route, up, overlay])
    await expect(c).toHaveAttribute('data-state', 'pass', { timeout: 20_000 });
  await expect(panel.getByText('Solved: every check passes.')).toBeVisible();
  await shot(app, 'challenge-solved-light-1024');
  await app.canvas.click({ position: { x: 5, y: 5 } });
  await app.page.keyboard.press('p');
  await expect(app.button('Leave presenter view')).toBeVisible();
  expect(await smallText(panel), 'lesson text under 18 px in presenter view').toEqual([]);
  await shot(app, 'challenge-solved-presenter-light-1024');
  await app.button('Leave presenter view').click();
  await app.tearDown();
});

test('presenter view with the Lessons panel open at 1024×768: lesson 01 is whole in view, every node clear of the panel', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  const panel = await openLesson(app, 'Network namespaces');
  await expect(app.node('ns1')).toBeVisible();
  await app.page.keyboard.press('p');
  await expect(app.button('Leave presenter view')).toBeVisible();
  await expect(panel).toBeVisible();
  await settled(app.page);
  await shot(app, 'lessons-presenter-1024');
  const side = await panel.boundingBox();
  if (side === null) throw new Error('the Lessons panel has no box');
  const ids = await app.canvas
    .locator('.react-flow__node')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    const b = await app.node(id).boundingBox();
    expect(b, id).not.toBeNull();
    if (b === null) continue;
    expect(b.x >= 0 && b.y >= 0 && b.x + b.width <= 1024 && b.y + b.height <= 768, `${id} in the viewport`).toBe(true);
    const under =
      b.x < side.x + side.width && side.x < b.x + b.width && b.y < side.y + side.height && side.y < b.y + b.height;
    expect(under, `${id} under the Lessons panel`).toBe(false);
  }
});

test('at 1024×768 the Lessons panel takes the inspector’s room until something is selected, and gives it back on closing; at 1400×900 the inspector stays', async ({
  app,
}) => {
  const showInspector = () => app.page.getByRole('button', { name: 'Show inspector', exact: true });
  await app.page.setViewportSize({ width: 1024, height: 768 });
  const panel = await openLesson(app, 'Network namespaces');
  await expect(app.inspector).toHaveCount(0);
  await expect(showInspector()).toBeVisible();
  const canvas = await app.canvas.boundingBox();
  expect(canvas === null ? 0 : canvas.width, 'the drawing has the inspector’s room').toBeGreaterThan(600);
  await settled(app.page);
  await shot(app, 'lessons-inspector-folded-1024');
  // Something selected is to be edited: the inspector comes back with it.
  await app.selectNode('ns1');
  await expect(app.inspector).toBeVisible();
  await expect(app.field('Name')).toHaveValue('netns1');
  // Folded again by hand, it stays folded when the panel closes; folded for the panel, it comes back.
  await app.page.getByRole('button', { name: 'Hide inspector', exact: true }).click();
  await panel.getByRole('button', { name: 'Close the lessons' }).click();
  await expect(showInspector()).toBeVisible();
  await showInspector().click();
  await app.command('View', 'Lessons');
  await expect(showInspector()).toBeVisible();
  await app.command('View', 'Lessons');
  await expect(app.inspector).toBeVisible();

  await app.page.setViewportSize({ width: 1400, height: 900 });
  await app.command('View', 'Lessons');
  await expect(panel).toBeVisible();
  await expect(app.inspector).toBeVisible();
});
