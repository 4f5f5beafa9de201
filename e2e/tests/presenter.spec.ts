import { canvasGeometry, contrastProblems, readabilityProblems, settled } from './support/canvas';
import { example, EXAMPLES } from './support/documents';
import { test, expect } from './support/fixtures';
import { readdirSync } from 'node:fs';

/**
 * Presenter view (issue 10, item 6): for a class in front of a projector. Measured in the page at
 * 1024×768; screenshots kept with the results.
 */

const FILES = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));
/** Every canvas text's size on screen: its font size times the view's zoom. */
const screenSizes = async (page: Parameters<typeof canvasGeometry>[0]) => {
  const g = await canvasGeometry(page);
  return { g, sizes: g.texts.map((t) => ({ text: t.text, px: t.fontSize * g.zoom })) };
};

test('presenter view on 04-vxlan at 1024×768: the whole drawing, no text under 18 px, high contrast, in both themes', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.loadExample('04-vxlan');
  // Applied, so the ports say UP: the live words are measured too.
  await app.planAndApply();
  await expect(app.canvas.locator('[data-port][data-state="up"]')).toHaveCount(6);
  await app.command('View', 'Fit view');
  await settled(app.page);
  const before = await screenSizes(app.page);
  await app.command('View', 'Presenter view');
  const leave = app.button('Leave presenter view');
  await expect(leave).toBeVisible();
  await expect(leave).toHaveAttribute('aria-keyshortcuts', 'P');
  for (const panel of ['Toolbar', 'Palette', 'Inspector'])
    await expect(app.page.getByRole('region', { name: panel })).toHaveCount(0);
  await expect(app.page.getByRole('tablist', { name: 'Panels' })).toHaveCount(0);
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') {
      await leave.click();
      await app.command('View', 'Dark theme');
      await app.page.keyboard.press('p');
      await expect(leave).toBeVisible();
    }
    await settled(app.page);
    const { g, sizes } = await screenSizes(app.page);
    await app.snapshot(`presenter-04-vxlan-1024-${theme}`);
    const smallest = Math.min(...sizes.map((s) => s.px));
    test.info().annotations.push({
      type: 'presenter',
      description: `${theme}: smallest canvas text ${smallest.toFixed(1)} px on screen (zoom ${g.zoom}), was ${Math.min(...before.sizes.map((s) => s.px)).toFixed(1)} px`,
    });
    expect(
      sizes.filter((s) => s.px < 18),
      `${theme}: canvas text under 18 px on screen`,
    ).toEqual([]);
    expect(readabilityProblems(g), `${theme}: overlaps, hidden or out of view`).toEqual([]);
    expect(g.frames.map((f) => f.id).sort()).toEqual(
      example('04-vxlan.yaml')
        .nodes.map((n) => n.id)
        .sort(),
    );
    expect(
      g.ports.filter((p) => p.text.includes('UP')),
      `${theme}: every port says UP`,
    ).toHaveLength(6);
    expect(await contrastProblems(app.page, 7), `${theme}: contrast under 7:1`).toEqual([]);
  }

  // Leaving restores the normal view: panels, toolbar, the usual text sizes.
  await app.page.keyboard.press('Escape');
  await expect(leave).toHaveCount(0);
  await expect(app.page.getByRole('region', { name: 'Toolbar' })).toBeVisible();
  await expect(app.page.getByRole('region', { name: 'Palette' })).toBeVisible();
  await settled(app.page);
  const after = await canvasGeometry(app.page);
  // (Rates come and go with traffic: the sizes in use are compared, not the count of texts.)
  const sizesInUse = (g: typeof after) => [...new Set(g.texts.map((t) => t.fontSize))].sort();
  expect(sizesInUse(after)).toEqual(sizesInUse(before.g));
  await app.tearDown();
});

test('presenter view keeps every example readable at 1024×768: nothing overlaps, no text under 18 px', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  for (const file of FILES) {
    const name = file.replace(/\.ya?ml$/, '');
    await app.loadExample(name);
    await app.page.keyboard.press('p');
    await settled(app.page);
    const { g, sizes } = await screenSizes(app.page);
    await app.snapshot(`presenter-${name}-1024`);
    expect(
      sizes.filter((s) => s.px < 18),
      `${name}: text under 18 px`,
    ).toEqual([]);
    expect(readabilityProblems(g), `${name}: overlaps, hidden or out of view`).toEqual([]);
    await app.page.keyboard.press('p');
    await expect(app.page.getByRole('region', { name: 'Toolbar' })).toBeVisible();
  }
});

test('presenter view with panels folded beforehand still gives the canvas the whole window, and folding fits the drawing again', async ({
  app,
}) => {
  await app.page.setViewportSize({ width: 1024, height: 768 });
  await app.loadExample('04-vxlan');
  await settled(app.page);
  const zoom = async () => (await canvasGeometry(app.page)).zoom;
  const unfolded = await zoom();
  for (const panel of ['palette', 'inspector', 'dock']) await app.button(`Hide ${panel}`).click();
  await settled(app.page);
  // The room the panels gave is the drawing's: fitted again, it is drawn larger.
  expect(await zoom()).toBeGreaterThan(unfolded);
  await app.page.keyboard.press('p');
  await settled(app.page);
  const box = await app.canvas.boundingBox();
  expect(box?.width, 'the canvas spans the window').toBeGreaterThanOrEqual(1000);
  const { g, sizes } = await screenSizes(app.page);
  await app.snapshot('presenter-04-vxlan-1024-folded');
  expect(sizes.filter((s) => s.px < 18)).toEqual([]);
  expect(readabilityProblems(g)).toEqual([]);
  await app.page.keyboard.press('p');
  for (const panel of ['palette', 'inspector', 'dock']) await app.button(`Show ${panel}`).click();
});
