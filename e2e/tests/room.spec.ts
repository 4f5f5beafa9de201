import { canvasGeometry, readabilityProblems, settled } from './support/canvas';
import { example } from './support/documents';
import { test, expect } from './support/fixtures';

/**
 * Room for the drawing (issue 10, item 5): one toolbar row of menus, panels that fold away,
 * connection handles big enough to hit, menus a keyboard can use. Measured in the page.
 */

const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
] as const;

test('the toolbar is one row at 1400 and 1024 px, nothing cut off', async ({ app }) => {
  await app.loadExample('04-vxlan');
  for (const size of SIZES) {
    await app.page.setViewportSize(size);
    const row = await app.page.getByRole('region', { name: 'Toolbar' }).evaluate((bar) => {
      const boxes = [...bar.querySelectorAll('button, [role="status"], label')]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0);
      const b = bar.getBoundingClientRect();
      return {
        height: b.height,
        tallest: Math.max(...boxes.map((r) => r.height)),
        tops: [...new Set(boxes.map((r) => Math.round(r.top + r.height / 2)))],
        overflow: bar.scrollWidth - bar.clientWidth,
        rightmost: Math.max(...boxes.map((r) => r.right)) - b.right,
      };
    });
    await app.snapshot(`toolbar-${size.width}`);
    // One row: every control's middle on one line (within 2 px), the bar no taller than one control
    // and its padding, and nothing past its right edge.
    expect(Math.max(...row.tops) - Math.min(...row.tops), `${size.width}: controls on one line`).toBeLessThanOrEqual(2);
    expect(row.height, `${size.width}: bar height`).toBeLessThan(row.tallest * 2);
    expect(row.overflow, `${size.width}: overflow`).toBeLessThanOrEqual(0);
    expect(row.rightmost, `${size.width}: past the right edge`).toBeLessThanOrEqual(0);
  }
});

test('with palette, inspector and dock folded, the canvas gets over 70% of a 1024×768 window, and stays so', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.loadExample('04-vxlan');
  const share = () =>
    app.page.evaluate(() => {
      const pane = document.querySelector('section.canvas .react-flow__pane')?.getBoundingClientRect();
      return pane === undefined ? 0 : (pane.width * pane.height) / (window.innerWidth * window.innerHeight);
    });
  const unfolded = await share();
  for (const panel of ['palette', 'inspector', 'dock']) await app.button(`Hide ${panel}`).click();
  for (const panel of ['palette', 'inspector', 'dock']) await expect(app.button(`Show ${panel}`)).toBeVisible();
  await expect(app.page.getByRole('region', { name: 'Palette' })).toHaveCount(0);
  await expect(app.inspector).toHaveCount(0);
  const folded = await share();
  test.info().annotations.push({
    type: 'canvas share',
    description: `${(unfolded * 100).toFixed(1)}% unfolded, ${(folded * 100).toFixed(1)}% folded`,
  });
  expect(folded).toBeGreaterThanOrEqual(0.7);
  // Folded, the drawing is fitted to the room and every node is in view.
  await app.command('View', 'Fit view');
  await settled(app.page);
  expect(readabilityProblems(await canvasGeometry(app.page))).toEqual([]);
  await app.snapshot('panels-folded-1024');

  // Remembered: after a reload the panels are still folded; each comes back with its button.
  await app.page.reload();
  await app.expectConnected();
  expect(await share()).toBeGreaterThanOrEqual(0.7);
  for (const panel of ['palette', 'inspector', 'dock']) await app.button(`Show ${panel}`).click();
  await expect(app.page.getByRole('region', { name: 'Palette' })).toBeVisible();
  await expect(app.inspector).toBeVisible();
  await expect(app.page.getByRole('tablist', { name: 'Panels' })).toBeVisible();
  expect(await share()).toBeCloseTo(unfolded, 2);
});

/**
 * The fitted zoom of each example at 1024×768 with every panel open before the panels made room
 * (a 160 px palette column, a 320 px inspector, a dock of 28% showing one line: a canvas of
 * 544×514 px, 35.5% of the window).
 */
const FITTED_BESIDE_OLD_PANELS = { '01-netns-veth': 0.663, '02-bridge': 0.627, '03-tun-tap': 0.527, '04-vxlan': 0.416 };

test('at 1024×768 with every panel open the canvas gets 60% of the window, and the drawing the room the dock gives back', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  const measure = () =>
    app.page.evaluate(() => {
      const pane = document.querySelector('section.canvas .react-flow__pane')?.getBoundingClientRect();
      const dock = document.querySelector('.foldable--dock')?.getBoundingClientRect();
      return {
        share: pane === undefined ? 0 : (pane.width * pane.height) / (window.innerWidth * window.innerHeight),
        dock: dock?.height ?? 0,
      };
    });
  const problems = app.page.getByRole('tabpanel', { name: 'Problems' });
  for (const [name, before] of Object.entries(FITTED_BESIDE_OLD_PANELS)) {
    await app.loadExample(name);
    await expect(problems).toContainText('No problems');
    await settled(app.page);
    const { share, dock } = await measure();
    const g = await canvasGeometry(app.page);
    test.info().annotations.push({
      type: name,
      description: `canvas ${(share * 100).toFixed(1)}%, dock ${dock} px, zoom ${g.zoom.toFixed(3)} (was ${before})`,
    });
    expect(share, `${name}: canvas share`).toBeGreaterThanOrEqual(0.6);
    // The dock shows its one line, not 28% of the window.
    expect(dock, `${name}: dock height`).toBeLessThanOrEqual(100);
    // Fitted into the room gained: at least a fifth larger than beside the old panels.
    expect(g.zoom, `${name}: fitted zoom`).toBeGreaterThan(before * 1.2);
    expect(readabilityProblems(g), name).toEqual([]);
    await app.snapshot(`room-${name}-1024`);
  }

  // A plan of 33 steps grows the dock to its cap; the drawing is fitted to what is left, whole.
  const valid = await measure();
  const fitted = (await canvasGeometry(app.page)).zoom;
  await app.plan();
  await expect.poll(async () => (await measure()).dock).toBeGreaterThan(valid.dock + 100);
  await expect.poll(async () => (await measure()).dock).toBeLessThanOrEqual(0.28 * 768 + 2);
  await settled(app.page);
  const planned = await canvasGeometry(app.page);
  expect(planned.zoom).toBeLessThan(fitted);
  expect(readabilityProblems(planned)).toEqual([]);
  await app.snapshot('room-plan-1024');
  // Back on Problems the dock is one line again and the drawing takes the room back.
  await app.page.getByRole('tab', { name: 'Problems' }).click();
  await expect.poll(async () => (await measure()).dock).toBeLessThanOrEqual(100);
  await settled(app.page);
  expect((await measure()).share).toBeGreaterThanOrEqual(0.6);
  expect((await canvasGeometry(app.page)).zoom).toBeCloseTo(fitted, 2);

  // A view the person zoomed is theirs: the dock growing does not fit it again.
  await app.canvas.getByRole('button', { name: 'Zoom In' }).click();
  await settled(app.page);
  const zoomed = (await canvasGeometry(app.page)).zoom;
  await app.page.getByRole('tab', { name: 'Plan' }).click();
  await expect.poll(async () => (await measure()).dock).toBeGreaterThan(valid.dock + 100);
  await settled(app.page);
  expect((await canvasGeometry(app.page)).zoom).toBeCloseTo(zoomed, 3);

  // Applied, the plan's 33 lines give way to the one line of its result: the dock gives the room back.
  await app.apply();
  await expect.poll(async () => (await measure()).dock).toBeLessThanOrEqual(100);
  await app.tearDown();

  // The narrower inspector still holds every field of every object without scrolling sideways.
  const doc = example('04-vxlan.yaml');
  const sideways = () => app.inspector.evaluate((el) => el.scrollWidth - el.clientWidth);
  for (const node of doc.nodes) {
    await app.selectNode(node.id);
    expect(await sideways(), `inspector of ${node.id}`).toBeLessThanOrEqual(0);
    await app.clearSelection();
  }
  for (const link of doc.links) {
    await app.selectEdge(link.id);
    expect(await sideways(), `inspector of ${link.id}`).toBeLessThanOrEqual(0);
    await app.clearSelection();
  }
});

test('connection handles have a hit area of at least 16×16 px on screen, zoomed out or not', async ({ app }) => {
  const cases = [
    // Zoomed out: 04-vxlan fitted beside the panels at 1024×768 (zoom about 0.5).
    { name: '04-vxlan', size: { width: 1024, height: 768 } },
    { name: '01-netns-veth', size: { width: 1400, height: 900 } },
  ];
  for (const { name, size } of cases) {
    await app.page.setViewportSize(size);
    await app.loadExample(name);
    await app.command('View', 'Fit view');
    await settled(app.page);
    const { zoom } = await canvasGeometry(app.page);
    await app.snapshot(`handles-${name}-${size.width}`);
    const handles = app.canvas.getByLabel(/^connect /);
    expect(await handles.count(), `${name}: a connect handle on every box and bridge`).toBeGreaterThan(0);
    for (const handle of await handles.all()) {
      const box = await handle.boundingBox();
      const label = `${name} at zoom ${zoom.toFixed(2)}: ${await handle.getAttribute('aria-label')}`;
      expect(box?.width ?? 0, `${label} width`).toBeGreaterThanOrEqual(16);
      expect(box?.height ?? 0, `${label} height`).toBeGreaterThanOrEqual(16);
    }
  }
});

test('menus work from the keyboard: open, move, choose, close, next menu', async ({ app }) => {
  const file = app.button('File');
  await file.focus();
  await app.page.keyboard.press('ArrowDown');
  const menu = app.page.getByRole('menu', { name: 'File' });
  await expect(menu).toBeVisible();
  await expect(file).toHaveAttribute('aria-expanded', 'true');
  await expect(file).toHaveAttribute('aria-haspopup', 'menu');
  // The focused element's name: its text without what is hidden from assistive technology.
  const focused = () =>
    app.page.evaluate(() => {
      const el = document.activeElement?.cloneNode(true) as HTMLElement | undefined;
      el?.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
      return el?.textContent?.trim() ?? '';
    });
  expect(await focused()).toBe('New');
  await app.page.keyboard.press('ArrowDown');
  expect(await focused()).toBe('Open…');
  await app.page.keyboard.press('End');
  expect(await focused()).toBe('Export shell script');
  await app.page.keyboard.press('ArrowDown');
  expect(await focused()).toBe('New');
  await app.page.keyboard.press('ArrowUp');
  expect(await focused()).toBe('Export shell script');
  await app.page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(file).toBeFocused();

  // ArrowRight goes to the next menu, open, on its first item; Enter chooses.
  await app.page.keyboard.press('ArrowRight');
  await expect(app.button('Edit')).toHaveAttribute('aria-expanded', 'true');
  await expect(app.page.getByRole('menu', { name: 'Edit' })).toBeVisible();
  await expect.poll(focused).toBe('Undo');
  await app.page.keyboard.press('ArrowRight');
  const view = app.page.getByRole('menu', { name: 'View' });
  await expect(view).toBeVisible();
  await expect(app.page.getByRole('menu', { name: 'Edit' })).toHaveCount(0);
  const presenter = view.getByRole('menuitemcheckbox', { name: 'Presenter view' });
  await expect(presenter).toHaveAttribute('aria-checked', 'false');
  await expect(presenter).toHaveAttribute('aria-keyshortcuts', 'P');
  await expect(presenter).toContainText('P');
  while ((await focused()) !== 'Dark theme') await app.page.keyboard.press('ArrowDown');
  await app.page.keyboard.press('Enter');
  await expect(view).toHaveCount(0);
  await expect(app.page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(app.button('View')).toBeFocused();
  await app.page.keyboard.press('ArrowUp');
  await expect(view.getByRole('menuitemcheckbox', { name: 'Dark theme' })).toHaveAttribute('aria-checked', 'true');
  await app.page.keyboard.press('Tab');
  await expect(view).toHaveCount(0);
});
