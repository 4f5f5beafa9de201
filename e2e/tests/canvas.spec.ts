import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { canvasGeometry, contrastProblems, modelProblems, readabilityProblems, settled } from './support/canvas';
import { example, EXAMPLES } from './support/documents';
import { test, expect } from './support/fixtures';
import { setLinkDown } from './support/kernel';
import { NetloomApp } from './support/app';

/**
 * The canvas a class can read (issue 10): geometry and style measured in the page, not pixels.
 * Screenshots are kept with the results.
 */

const CLI = join(import.meta.dirname, '../../apps/agent/dist/netloom.mjs');
const FILES = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));
const SIZES = [
  { width: 1400, height: 900 },
  { width: 1024, height: 768 },
] as const;

async function expectReadable(app: NetloomApp, file: string, shot: string): Promise<void> {
  await settled(app.page);
  const g = await canvasGeometry(app.page);
  await app.snapshot(shot);
  const doc = example(file);
  expect(g.frames.map((f) => f.id).sort(), `${shot}: every node is drawn`).toEqual(doc.nodes.map((n) => n.id).sort());
  expect(g.ports, `${shot}: every veth end is a port`).toHaveLength(doc.links.length * 2);
  expect(readabilityProblems(g), `${shot}: what a class could not read`).toEqual([]);
  expect(modelProblems(g, doc), `${shot}: interfaces and devices where they live`).toEqual([]);
  const small = g.texts.filter((t) => t.fontSize < 12).map((t) => `"${t.text}" ${t.fontSize}px`);
  expect(small, `${shot}: text under 12 px at 100% zoom`).toEqual([]);
}

for (const file of FILES) {
  const name = file.replace(/\.ya?ml$/, '');
  test(`${name}: nothing overlaps and everything is in view, loaded and applied, at 1400×900 and 1024×768`, async ({
    app,
  }) => {
    for (const size of SIZES) {
      await app.page.setViewportSize(size);
      await app.loadExample(name);
      await expectReadable(app, file, `${name}-${size.width}-loaded`);
    }
    await app.planAndApply();
    if (name === '04-vxlan') await app.startPing('ws1', '192.168.42.2');
    // Live state shown: every port says UP (and, under a ping, the lines carry rates).
    await expect(app.canvas.locator('[data-port][data-state="up"]')).toHaveCount(example(file).links.length * 2);
    if (name === '04-vxlan') await expect(app.page.getByTestId('rate-underlay')).toBeVisible({ timeout: 10_000 });
    for (const size of [...SIZES].reverse()) {
      await app.page.setViewportSize(size);
      await app.command('View', 'Fit view');
      await expectReadable(app, file, `${name}-${size.width}-applied`);
    }
    await app.closeProbes();
    await app.tearDown();
  });
}

test('04-vxlan says overlay and underlay apart, with the VNI and the UDP port', async ({ app }) => {
  await app.loadExample('04-vxlan');
  const tunnel = app.canvas.locator('[data-edge="tunnel:vx1:vx2"]');
  await expect(tunnel).toHaveText('VXLAN 42 · UDP 4789 · overlay');
  await expect(app.canvas.locator('[data-edge="underlay"]')).toHaveText('underlay');
  for (const id of ['vx1', 'vx2']) {
    await expect(app.node(id)).toContainText('VNI 42 · UDP 4789');
    await expect(app.node(id)).toContainText(/remote 10\.4\.0\.[12]/);
  }
  // The tunnel is a pipe, never dashed: dashes say a link's state (the legend's NO-CARRIER is one).
  const drawn = app.edge('tunnel:vx1:vx2').locator('path');
  const dashes = await drawn.evaluateAll((paths) => paths.map((p) => getComputedStyle(p).strokeDasharray));
  expect(dashes.length, 'the pipe, its bore and its core').toBeGreaterThanOrEqual(3);
  expect(dashes.filter((d) => d !== 'none')).toEqual([]);
  const legend = app.page.getByLabel('Link state legend');
  await expect(legend).toContainText('tunnel');
  await app.snapshot('vxlan-overlay-underlay');
  await app.loadExample('01-netns-veth');
  await expect(legend).toContainText('NO-CARRIER');
  await expect(legend).not.toContainText('tunnel');
});

test('a link set down shows DOWN on its port, in words, and on its line', async ({ app }) => {
  await app.loadExample('01-netns-veth');
  await app.planAndApply();
  const port = app.canvas.locator('[data-port="l1/b"]');
  await expect(port).toContainText('UP');
  await setLinkDown('netns1', 'veth-ns1');
  await expect(port).toHaveAttribute('data-state', 'down');
  await expect(port).toContainText('DOWN');
  await expect(app.edgeLine('l1')).toHaveAttribute('data-link-state', 'down');
  await app.snapshot('port-down');
  await app.tearDown();
});

test('every text and link state colour on the canvas reaches 4.5:1 in both themes', async ({ app }) => {
  await app.loadExample('04-vxlan');
  await app.planAndApply();
  for (const theme of ['light', 'dark'] as const) {
    if (theme === 'dark') await app.command('View', 'Dark theme');
    await expect(app.page.locator('html')).toHaveAttribute('data-theme', theme);
    await app.snapshot(`contrast-${theme}`);
    expect(await contrastProblems(app.page), `${theme} theme`).toEqual([]);
  }
  await app.tearDown();
});

test('when the agent goes away, every live state on the canvas turns unknown within 3 s', async ({
  page,
}, testInfo) => {
  // An agent of this test's own, so stopping it leaves the suite's agent running: one agent holds
  // /run/netloom, so this one gets a private one (its own mount namespace; the same network).
  const port = String(40000 + Math.floor(Math.random() * 20000));
  const agent = spawn(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount -t tmpfs -o mode=0700 netloom-e2e /run/netloom && exec "$0" "$@"',
      process.execPath,
      CLI,
      'serve',
      '--port',
      port,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      agent.once('exit', (code) => fail(new Error(`the agent exited (${code})`)));
      agent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (match?.[1] !== undefined) ok(match[1]);
      });
    });
    const app = new NetloomApp(page, testInfo);
    await page.goto(url);
    await app.expectConnected();
    await app.loadExample('01-netns-veth');
    await app.planAndApply();
    const ports = app.canvas.locator('[data-port]');
    await expect(app.canvas.locator('[data-port][data-state="up"]')).toHaveCount(2);

    agent.kill('SIGTERM');
    await expect(app.canvas.locator('[data-port][data-state="unknown"]')).toHaveCount(2, { timeout: 3_000 });
    for (const port of await ports.all()) await expect(port).toContainText('UNKNOWN');
    await expect(app.edgeLine('l1')).toHaveAttribute('data-link-state', 'unknown');
    await expect(page.getByRole('status', { name: 'Agent connection' })).not.toHaveText(/^\s*connected/);
    await app.snapshot('agent-gone');
  } finally {
    agent.kill('SIGKILL');
  }
});

test('an empty canvas offers its three ways to start, each a button that does it', async ({ app }) => {
  const hint = app.canvas.getByRole('note', { name: 'How to start' });
  await expect(hint).toContainText('example');
  await expect(hint).toContainText('palette');
  await expect(hint).toContainText('file');
  // The palette folded away: the hint brings it back.
  await app.button('Hide palette').click();
  await hint.getByRole('button', { name: 'Show the palette' }).click();
  await expect(app.page.getByRole('region', { name: 'Palette' })).toBeVisible();
  await expect(hint.getByRole('button', { name: 'Show the palette' })).toHaveCount(0);
  await app.drop('namespace', { x: 200, y: 200 });
  await expect(hint).toHaveCount(0);
  await app.command('Edit', 'Undo');
  await expect(hint).toBeVisible();
  // A file: the browser's file chooser opens.
  const chooser = app.page.waitForEvent('filechooser');
  await hint.getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles({ name: 'one.yaml', mimeType: 'application/yaml', buffer: Buffer.from(ONE) });
  await expect(app.node('a')).toBeVisible();
  await app.command('File', 'New');
  // An example: one click.
  await hint.getByRole('button', { name: '01-netns-veth' }).click();
  await expect(app.field('Topology name')).toHaveValue('netns-veth');
  await expect(hint).toHaveCount(0);
});

test('zoomed out past reading, frames keep their titles and ports their markers, and every line its ends; zoomed in, the port labels return', async ({
  app,
}) => {
  await app.loadExample('02-bridge');
  const doc = example('02-bridge.yaml');
  const labels = app.canvas.locator('[data-port]');
  await expect(labels).toHaveCount(doc.links.length * 2);
  for (let i = 0; i < 10; i++) await app.button('Zoom Out').click();
  await expect(labels).toHaveCount(0);
  await expect(app.canvas.getByLabel(/^port /)).toHaveCount(doc.links.length * 2);
  for (const node of doc.nodes) await expect(app.node(node.id)).toBeVisible();
  for (const link of doc.links) await expect(app.edgeLine(link.id)).toHaveAttribute('d', /^M.* L/);
  for (let i = 0; i < 10; i++) await app.button('Zoom In').click();
  await expect(labels).toHaveCount(doc.links.length * 2);
});

/** 120 namespaces 600 units apart in rows of 12: fitted, the view is zoomed out well below 30 %. */
const WIDE = [
  'version: 1',
  'name: wide',
  'nodes:',
  ...Array.from({ length: 120 }, (_, i) => `  - { id: n${i}, type: namespace, name: wide-${i} }`),
  'links:',
  '  - { id: l0, type: veth, a: { node: n0, name: eth0 }, b: { node: n1, name: eth0 } }',
  'layout:',
  ...Array.from({ length: 120 }, (_, i) => `  n${i}: { x: ${(i % 12) * 600}, y: ${Math.floor(i / 12) * 600} }`),
  '',
].join('\n');

test('at the fitted zoom of a large drawing, a click on a namespace in the overview selects it, and a double-click zooms to it', async ({
  app,
}) => {
  await app.openFile('wide.yaml', WIDE);
  await expect(app.field('Topology name')).toHaveValue('wide');
  const overview = app.canvas.locator('canvas.overview');
  await expect(overview).toHaveAttribute('data-frames', '120');
  await expect(app.canvas.locator('.react-flow__node')).toHaveCount(0);
  await app.snapshot('wide-overview');
  // Where a flow point is on screen: the viewport's transform, from the pane's corner.
  const onScreen = (p: { x: number; y: number }) =>
    app.page.evaluate((at) => {
      const flow = document.querySelector('.react-flow')?.getBoundingClientRect();
      const t = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport') as Element).transform);
      return { x: (flow?.left ?? 0) + t.e + at.x * t.a, y: (flow?.top ?? 0) + t.f + at.y * t.d, zoom: t.a };
    }, p);
  // Inside the box of n23 (every box is at least 220 × 120 from its layout corner).
  const east = await onScreen({ x: 11 * 600 + 110, y: 600 + 60 });
  expect(east.zoom).toBeLessThan(0.3);
  await app.page.mouse.click(east.x, east.y);
  await expect(app.inspector.getByRole('heading', { name: 'Namespace' })).toBeVisible();
  await expect(app.field('Name')).toHaveValue('wide-23');
  // Empty canvas clears the selection.
  const empty = await onScreen({ x: 400, y: 400 });
  await app.page.mouse.click(empty.x, empty.y);
  await expect(app.inspector.getByRole('heading', { name: 'Topology' })).toBeVisible();
  // A double-click zooms to the box, where it is drawn in full.
  await app.page.mouse.dblclick(east.x, east.y);
  await expect(app.node('n23')).toBeVisible();
  await expect(overview).toHaveCount(0);
  await expect(app.field('Name')).toHaveValue('wide-23');
});

const ONE = 'version: 1\nname: one\nnodes:\n  - { id: a, type: namespace, name: one-a }\nlinks: []\n';
