import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { readDocument } from '@netloom/topology';

import { netloom } from './support/cli';
import { EXAMPLES } from './support/documents';
import { test, expect, uniqueTag } from './support/fixtures';
import type { NetloomApp } from './support/app';

async function saveYaml(app: NetloomApp): Promise<{ name: string; text: string }> {
  const download = app.page.waitForEvent('download');
  await app.command('File', 'Save YAML');
  const file = await download;
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** Where each node is on screen, once the view has stopped moving (fit view animates). */
async function nodeBoxes(app: NetloomApp, ids: readonly string[]): Promise<Record<string, number[]>> {
  const read = async () => {
    const boxes: Record<string, number[]> = {};
    for (const id of ids) {
      const b = await app.node(id).boundingBox();
      boxes[id] = b === null ? [] : [b.x, b.y, b.width, b.height];
    }
    return boxes;
  };
  let last = await read();
  for (;;) {
    await app.page.waitForTimeout(300);
    const now = await read();
    if (distance(now, last) < 0.5) return now;
    last = now;
  }
}

/** The largest difference, in pixels, between two sets of boxes (Infinity when a node is missing). */
function distance(a: Record<string, number[]>, b: Record<string, number[]>): number {
  let worst = 0;
  for (const [id, box] of Object.entries(a)) {
    const other = b[id];
    if (other === undefined || other.length !== box.length || box.length === 0) return Infinity;
    box.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (other[i] ?? Infinity)))));
  }
  return worst;
}

test('a document saved as YAML opens after a reload with the same content and layout', async ({ app }) => {
  const tag = uniqueTag();
  await app.loadExample('02-bridge');
  await app.setTopologyName(`e2e-files-${tag}`);
  // Move a namespace so the layout is the user's, not the example's.
  // Wait for the view to settle after the example's fit, so the node stays under the pointer.
  const [x = 0, y = 0] = (await nodeBoxes(app, ['red']))['red'] ?? [];
  await app.page.mouse.move(x + 30, y + 12);
  await app.page.mouse.down();
  await app.page.mouse.move(x + 30 - 60, y + 12 + 45, { steps: 8 });
  await app.page.mouse.up();
  await app.command('View', 'Fit view');

  const saved = await saveYaml(app);
  expect(saved.name).toBe(`e2e-files-${tag}.yaml`);
  const doc = readDocument(saved.text, 'yaml');
  if (!doc.ok) throw new Error(`the saved file does not read: ${JSON.stringify(doc.error)}`);
  expect(doc.value.name).toBe(`e2e-files-${tag}`);
  expect(doc.value.layout?.['red']).not.toEqual({ x: 80, y: 320 });
  const ids = doc.value.nodes.map((n) => n.id);
  const before = await nodeBoxes(app, ids);
  await app.snapshot('before-save');

  await app.page.reload();
  await app.expectConnected();
  await app.command('File', 'New');
  for (const id of ids) await expect(app.node(id)).toHaveCount(0);

  await app.openFile(saved.name, saved.text);
  for (const id of ids) await expect(app.node(id)).toBeVisible();
  for (const l of doc.value.links) await expect(app.edge(l.id)).toBeAttached();
  // The same layout: every node where it was, within a pixel.
  await expect.poll(async () => distance(await nodeBoxes(app, ids), before)).toBeLessThanOrEqual(1);
  await app.snapshot('after-open');

  const again = await saveYaml(app);
  expect(again.text).toBe(saved.text);
});

test('File > Export shell script downloads the script netloom export --format sh writes', async ({ app }) => {
  await app.loadExample('04-vxlan');
  const download = app.page.waitForEvent('download');
  await app.command('File', 'Export shell script');
  const file = await download;
  const text = await readFile(await file.path(), 'utf8');
  expect(file.suggestedFilename()).toBe('vxlan.sh');
  expect(text).toMatch(/^#!\/usr\/bin\/env bash\n/);
  expect(text).toContain('\nup() {\n');
  expect(text).toContain('\ndown() {\n');
  expect(text).toBe(await netloom('export', join(EXAMPLES, '04-vxlan.yaml'), '--format', 'sh'));
});
