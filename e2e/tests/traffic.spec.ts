import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { test, expect } from './support/fixtures';

/**
 * This test's ping processes (its size, 1234 bytes, tells them from other tests' pings: /proc is
 * the machine's).
 */
function pings(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return argv[0]?.endsWith('ping') === true && argv.join(' ').includes('-s 1234');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Traffic on demand from the canvas, against the real agent and kernel: on 02-bridge, red and
 * blue selected, Kernel > Ping… opens the form; the stream's round trips show between the two
 * namespaces while it runs, and Stop ends it (and its ping process).
 */
test.use({ viewport: { width: 1024, height: 768 } });

test('a ping stream between two selected namespaces shows its round trips on the canvas, and Stop ends it', async ({
  app,
  page,
}) => {
  await app.loadExample('02-bridge');
  await app.planAndApply();
  await app.selectNode('red');
  await app.node('blue').click({ position: { x: 12, y: 12 }, modifiers: ['Control'] });
  await expect(app.node('blue')).toHaveClass(/\bselected\b/);

  await app.command('Kernel', 'Ping…');
  const form = page.getByRole('dialog', { name: 'Ping' });
  await expect(form).toContainText('red → blue');
  await form.getByLabel('Interval (ms)').fill('200');
  await form.getByLabel('Size (bytes of payload)').fill('1234');
  await form.getByLabel("Don't fragment (DF): a packet over the path's MTU fails instead").check();
  await form.getByRole('button', { name: 'Start ping' }).click();
  await expect(form).toHaveCount(0);

  const label = page.getByRole('status', { name: 'ping red to blue' });
  await expect(label).toContainText('ping red → blue 10.2.0.13');
  await expect(label).toContainText(/\d+\.\d+ ms/, { timeout: 15_000 });
  await expect(label).toContainText(/0% loss/);
  // Red and blue are stacked, blue at the bottom of the canvas: the label goes where it covers no
  // frame, overlay or line's label (the legend took its words when it went above red).
  const covered = () =>
    page.evaluate(() => {
      const box = document.querySelector('.traffic-label')?.getBoundingClientRect();
      if (box === undefined) return ['no label'];
      const hits = (r: DOMRect) => r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
      return [...document.querySelectorAll<HTMLElement>('.react-flow__panel, .react-flow__node, .edge-label')]
        .filter((el) => !el.contains(document.querySelector('.traffic-label')) && hits(el.getBoundingClientRect()))
        .map((el) => el.getAttribute('aria-label') ?? el.className);
    });
  // Placed again as lines' rate labels appear with the traffic (at the next counters, 1 Hz).
  await expect.poll(covered, { timeout: 5000 }).toEqual([]);
  expect(pings()).toHaveLength(1);
  // Its packets travel as dots on both lines they cross, and the dots move.
  const dots = page.getByTestId('flow-dots');
  await expect(dots).toHaveAttribute('data-lines', /\bblue-link\b.*\bred-link\b/, { timeout: 10_000 });
  await expect(dots).not.toHaveAttribute('data-lines', /green-link/);
  const picture = () => dots.evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const blank = await dots.evaluate((c: HTMLCanvasElement) => {
    const empty = document.createElement('canvas');
    [empty.width, empty.height] = [c.width, c.height];
    return empty.toDataURL();
  });
  const before = await picture();
  expect(before).not.toBe(blank);
  await expect.poll(picture, { timeout: 2000 }).not.toBe(before);
  // An exported image renders the drawing's DOM, which the dots' canvas is not part of: the lines
  // draw their dots themselves for it, standing still.
  const download = page.waitForEvent('download');
  await app.command('File', 'Export SVG');
  const svg = await readFile(await (await download).path(), 'utf8');
  expect(svg).toMatch(/class="flow-dot"[^>]*data-edge="red-link"/);
  expect(svg).toMatch(/class="flow-dot"[^>]*data-edge="blue-link"/);
  await expect(dots).toHaveAttribute('data-lines', /\bblue-link\b.*\bred-link\b/);
  await app.snapshot('traffic-ping-running');

  // Presenter view: the label is read from the back of the room too (18 px and up), and no
  // overlay or line's label hides it or is hidden by it (the drawing fills the window: frames may be touched).
  await app.command('View', 'Presenter view');
  await expect(label).toBeVisible();
  const presented = () =>
    page.evaluate(() => {
      const el = document.querySelector('.traffic-label');
      const box = el?.getBoundingClientRect();
      if (el === null || box === undefined) return { smallest: 0, covered: ['no label'] };
      const sizes = [...el.querySelectorAll('*')].map((e) => parseFloat(getComputedStyle(e).fontSize));
      const hits = (r: DOMRect) => r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
      const covered = [...document.querySelectorAll<HTMLElement>('.react-flow__panel, .edge-label')]
        .filter((o) => !o.contains(el) && hits(o.getBoundingClientRect()))
        .map((o) => o.getAttribute('aria-label') ?? o.className);
      return { smallest: Math.min(...sizes), covered };
    });
  await expect.poll(presented, { timeout: 5000 }).toEqual({ smallest: 18, covered: [] });
  await app.snapshot('traffic-ping-presenter');
  await app.button('Leave presenter view').click();

  await label.getByRole('button', { name: 'Stop' }).click();
  await expect(label).toContainText(/stopped · \d+\/\d+ replies, 0% loss, avg \d+\.\d+ ms/);
  expect(pings()).toEqual([]);
  // No packets, no dots (the counters say so within a couple of seconds).
  await expect(dots).toHaveAttribute('data-lines', '', { timeout: 10_000 });
  await app.snapshot('traffic-ping-stopped');
  await label.getByRole('button', { name: 'Dismiss' }).click();
  await expect(label).toHaveCount(0);

  await app.tearDown();
});
