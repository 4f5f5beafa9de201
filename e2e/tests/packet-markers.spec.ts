import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import type { Page } from '@playwright/test';

import { test, expect } from './support/fixtures';

const exec = promisify(execFile);

/**
 * Packets on the canvas, against the real agent and kernel: a trace (Kernel > Trace packets on
 * the canvas) captures headers on every line, and each packet is a marker moving along the line it
 * crossed. On 02-bridge a ping from red to blue is drawn on red's line, then on blue's, each going
 * the way the packet went; on 04-vxlan the underlay carries the ping wrapped, labelled VNI 42.
 */
test.use({ viewport: { width: 1024, height: 768 } });

/** What a marker said when it appeared, recorded by a MutationObserver (markers come and go). */
type Seen = {
  readonly index: number;
  readonly edge: string;
  readonly direction: string;
  readonly order: number;
  readonly text: string;
  readonly exchange: string | null;
  readonly vni: string | null;
  readonly label: string | null;
  readonly shownLabel: string;
};

/**
 * Records every marker as it appears, with where it was on the screen then and a moment later
 * (markers live a few seconds; the page notes their motion so the test need not catch them).
 */
async function recordMarkers(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Point = { x: number; y: number };
    const w = window as unknown as { __markers: Element[]; __motion: Map<Element, Point[]> };
    w.__markers = [];
    w.__motion = new Map();
    const centre = (e: Element): Point => {
      const r = e.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    };
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes) {
          if (!(n instanceof Element) || n.getAttribute('data-testid') !== 'packet-marker') continue;
          w.__markers.push(n);
          const track = [centre(n)];
          w.__motion.set(n, track);
          setTimeout(() => n.isConnected && track.push(centre(n)), 500);
        }
    }).observe(document.body, { childList: true, subtree: true });
  });
}

async function seenMarkers(page: Page): Promise<Seen[]> {
  return page.evaluate(() =>
    (window as unknown as { __markers: Element[] }).__markers.map((m, index) => ({
      index,
      edge: m.getAttribute('data-edge') ?? '',
      direction: m.getAttribute('data-direction') ?? '',
      order: Number(m.getAttribute('data-order')),
      text: m.querySelector('title')?.textContent ?? '',
      exchange: m.getAttribute('data-exchange'),
      vni: m.getAttribute('data-vni'),
      label: m.getAttribute('data-label'),
      shownLabel: m.querySelector('text')?.textContent ?? '',
    })),
  );
}

/** How much closer to a node's centre the recorded marker `index` moved in its first half second. */
async function approach(page: Page, index: number, nodeId: string): Promise<number | null> {
  return page.evaluate(
    ({ index, nodeId }) => {
      type Point = { x: number; y: number };
      const w = window as unknown as { __markers: Element[]; __motion: Map<Element, Point[]> };
      const m = w.__markers[index];
      const track = m === undefined ? undefined : w.__motion.get(m);
      const node = document.querySelector(`[data-testid="rf__node-${nodeId}"]`);
      if (track === undefined || track.length < 2 || node === null) return null;
      const b = node.getBoundingClientRect();
      const to = (p: Point) => Math.hypot(p.x - (b.x + b.width / 2), p.y - (b.y + b.height / 2));
      return to(track[0] as Point) - to(track[1] as Point);
    },
    { index, nodeId },
  );
}

const ping = (netns: string, to: string, count: number) =>
  exec('ip', ['netns', 'exec', netns, 'ping', '-c', String(count), '-i', '0.5', '-W', '1', to]);

test('a ping across 02-bridge: markers on red’s line, then blue’s, each the way the packet went', async ({
  app,
  page,
}) => {
  await app.loadExample('02-bridge');
  await app.planAndApply();
  await recordMarkers(page);
  await app.command('Kernel', 'Trace packets on the canvas');
  const controls = page.getByRole('group', { name: 'Packets on the canvas' });
  await expect(controls.getByRole('button', { name: 'Stop trace' })).toBeVisible();
  // Slow motion: one ping hop by hop, as a class would follow it.
  await controls.getByRole('button', { name: '¼×' }).click();

  // A ping runs until the markers are seen (the capture starts listening a moment after the answer).
  const pinging = ping('red', '10.2.0.13', 12);
  let request: { red: Seen; blue: Seen } | null = null;
  await expect(async () => {
    const seen = await seenMarkers(page);
    const requests = seen.filter((s) => s.text.startsWith('ICMP echo request 10.2.0.11 → 10.2.0.13'));
    for (const red of requests.filter((s) => s.edge === 'red-link')) {
      const blue = requests.find((s) => s.edge === 'blue-link' && s.exchange === red.exchange);
      if (blue !== undefined) request = { red, blue };
    }
    expect(request).not.toBeNull();
  }).toPass({ timeout: 30_000 });
  const { red, blue } = request as unknown as { red: Seen; blue: Seen };
  // red-link runs from red (end a) to the bridge (b); blue-link from blue (a) to the bridge (b).
  expect(red.direction).toBe('ab');
  expect(blue.direction).toBe('ba');
  // In the order seen: the marker on red's line appeared first.
  expect(red.order).toBeLessThan(blue.order);
  expect(red.index).toBeLessThan(blue.index);
  // Moving the right way on the screen: toward the bridge on red's line, toward blue on blue's.
  await expectMovingToward(page, red.index, 'br');
  await expectMovingToward(page, blue.index, 'blue');
  // The reply comes back the other way, in the same exchange: blue's line first, then red's.
  await expect(async () => {
    const replies = (await seenMarkers(page)).filter(
      (s) => s.exchange === red.exchange && s.text.startsWith('ICMP echo reply 10.2.0.13 → 10.2.0.11'),
    );
    const back = replies.find((s) => s.edge === 'blue-link');
    const home = replies.find((s) => s.edge === 'red-link');
    expect(back?.direction).toBe('ab');
    expect(home?.direction).toBe('ba');
    expect(back?.order ?? Infinity).toBeLessThan(home?.order ?? -Infinity);
    expect(blue.order).toBeLessThan(back?.order ?? -Infinity);
  }).toPass({ timeout: 30_000 });
  // Flows keep one colour: the request and the reply of a ping share it.
  const classes = await page.evaluate(
    (exchange) =>
      (window as unknown as { __markers: Element[] }).__markers
        .filter((m) => m.getAttribute('data-exchange') === exchange)
        .map((m) => /pkt--c\d/.exec(m.getAttribute('class') ?? '')?.[0]),
    red.exchange,
  );
  expect(new Set(classes).size).toBe(1);
  await app.snapshot('packet-markers-bridge');

  await controls.getByRole('button', { name: 'Stop trace' }).click();
  await expect(page.getByTestId('packet-marker')).toHaveCount(0);
  await pinging.catch(() => undefined);
  await app.tearDown();
});

async function expectMovingToward(page: Page, index: number, nodeId: string): Promise<void> {
  await expect(async () => expect(await approach(page, index, nodeId)).toBeGreaterThan(4)).toPass({ timeout: 5_000 });
}

for (const theme of ['light', 'dark'] as const) {
  test(`04-vxlan (${theme}): the underlay carries the ping wrapped, labelled VNI 42, and the tunnel unwrapped`, async ({
    app,
    page,
  }) => {
    await app.loadExample('04-vxlan');
    if (theme === 'dark') await app.command('View', 'Dark theme');
    await app.planAndApply();
    await recordMarkers(page);
    await app.command('Kernel', 'Trace packets on the canvas');
    const controls = page.getByRole('group', { name: 'Packets on the canvas' });
    await expect(controls.getByRole('button', { name: 'Stop trace' })).toBeVisible();
    await controls.getByRole('button', { name: '¼×' }).click();
    const pinging = ping('ws1', '192.168.42.2', 40);

    await expect(async () => {
      const seen = await seenMarkers(page);
      // An echo seen whole (the first pings can pass before every interface's tcpdump listens).
      const whole = seen
        .filter((s) => s.edge === 'underlay' && s.vni === '42' && s.text.includes('ICMP echo'))
        .find((w) => {
          const plain = seen.filter((s) => s.exchange === w.exchange && s.vni === null).map((s) => s.edge);
          return plain.includes('ws1-link') && plain.includes('tunnel:vx1:vx2');
        });
      expect(whole?.label).toBe('VNI 42 · UDP 4789');
      expect(whole?.shownLabel).toBe('VNI 42 · UDP 4789');
      expect(whole?.text).toMatch(/carrying ICMP echo (request|reply) 192\.168\.42\.[12] → 192\.168\.42\.[12]/);
    }).toPass({ timeout: 60_000 });
    // Seen on the page as a teacher projects it: the label inside the wrapped marker.
    const onScreen = page.getByTestId('packet-marker').filter({ hasText: 'VNI 42 · UDP 4789' }).first();
    await expect(onScreen).toBeVisible({ timeout: 20_000 });
    await app.snapshot(`packet-markers-vxlan-${theme}`);

    await controls.getByRole('button', { name: 'Stop trace' }).click();
    await expect(page.getByTestId('packet-marker')).toHaveCount(0);
    await pinging.catch(() => undefined);
    await app.tearDown();
  });
}

test('the legend grows a row for the packets and the drawing, still fitted, moves clear of it', async ({
  app,
  page,
}) => {
  await app.loadExample('04-vxlan');
  await app.planAndApply();
  // The Packets tab's dock leaves the drawing a short canvas, so the legend's new row would cover it.
  await page.getByRole('tab', { name: 'Packets' }).click();
  await app.command('View', 'Fit view');
  const legend = page.getByLabel('Link state legend');
  const before = await legend.boundingBox();
  await app.command('Kernel', 'Trace packets on the canvas');
  const controls = page.getByRole('group', { name: 'Packets on the canvas' });
  await expect(controls.getByRole('button', { name: 'Stop trace' })).toBeVisible();
  const after = await legend.boundingBox();
  expect((after?.height ?? 0) - (before?.height ?? 0), 'the legend grew a row').toBeGreaterThan(20);
  await expect(async () => {
    const box = await legend.boundingBox();
    const under = await page.locator('.react-flow__node').evaluateAll(
      (nodes, l) =>
        nodes
          .filter((n) => {
            const r = n.getBoundingClientRect();
            return (
              l !== null && r.x < l.x + l.width && l.x < r.x + r.width && r.y < l.y + l.height && l.y < r.y + r.height
            );
          })
          .map((n) => n.getAttribute('data-id')),
      box,
    );
    expect(under, 'nodes under the legend').toEqual([]);
  }).toPass({ timeout: 3_000 });
  await app.snapshot('legend-grown-clear');
  await controls.getByRole('button', { name: 'Stop trace' }).click();
  await app.tearDown();
});
