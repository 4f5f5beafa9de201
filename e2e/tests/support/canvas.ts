import type { Document } from '@netloom/topology';
import type { Page } from '@playwright/test';

/**
 * What the canvas shows, measured in the page: every text's box (as drawn, clipped where its
 * element clips it), every frame (namespace box or device card), every port and every overlay.
 * Screen pixels, as Playwright's boundingBox gives them.
 */

export type Box = { readonly x: number; readonly y: number; readonly width: number; readonly height: number };

export type CanvasGeometry = {
  readonly canvas: Box;
  readonly zoom: number;
  readonly overlays: readonly { readonly name: string; readonly box: Box }[];
  readonly frames: readonly { readonly id: string; readonly parent: string | null; readonly box: Box }[];
  readonly texts: readonly {
    readonly text: string;
    readonly box: Box;
    readonly fontSize: number;
    readonly frame: string | null;
    readonly edge: string | null;
    readonly ends: readonly string[];
    /** The frame whose kernel tables (View > Kernel tables on the canvas) hold this text. */
    readonly tables: string | null;
  }[];
  /** The kernel tables drawn on the canvas, by the frame they belong to. */
  readonly tables: readonly { readonly frame: string; readonly box: Box }[];
  /** What sits beside the canvas: toolbar, palette, inspector, dock, banner. */
  readonly panels: readonly { readonly name: string; readonly box: Box }[];
  readonly ports: readonly {
    readonly key: string;
    readonly text: string;
    readonly state: string;
    readonly frame: string;
    readonly label: Box;
    readonly marker: Box | null;
  }[];
};

export async function canvasGeometry(page: Page): Promise<CanvasGeometry> {
  return page.evaluate(() => {
    const box = (r: DOMRect) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
    const clip = (a: DOMRect, b: DOMRect) => {
      const x = Math.max(a.left, b.left);
      const y = Math.max(a.top, b.top);
      return new DOMRect(
        x,
        y,
        Math.max(0, Math.min(a.right, b.right) - x),
        Math.max(0, Math.min(a.bottom, b.bottom) - y),
      );
    };
    const root = document.querySelector<HTMLElement>('section.canvas');
    if (root === null) throw new Error('no canvas');
    const viewport = root.querySelector<HTMLElement>('.react-flow__viewport');
    const zoom = Number(/scale\(([\d.]+)\)/.exec(viewport?.style.transform ?? '')?.[1] ?? 1);
    const overlays = [...root.querySelectorAll<HTMLElement>('.react-flow__panel, [data-overlay], [role="alert"]')]
      .filter((el) => el.getBoundingClientRect().width > 0)
      .map((el) => ({ name: el.getAttribute('aria-label') ?? el.className, box: box(el.getBoundingClientRect()) }));
    const frames = [...root.querySelectorAll<HTMLElement>('[data-frame]')].map((el) => ({
      id: el.dataset['frame'] ?? '',
      parent: el.dataset['parent'] ?? null,
      box: box(el.getBoundingClientRect()),
    }));
    const texts: CanvasGeometry['texts'][number][] = [];
    if (viewport !== null) {
      const walker = document.createTreeWalker(viewport, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent === null || (node.textContent ?? '').trim() === '' || parent.closest('[hidden]') !== null) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        let r = range.getBoundingClientRect();
        for (let el: HTMLElement | null = parent; el !== null && el !== viewport; el = el.parentElement)
          if (getComputedStyle(el).overflow !== 'visible') r = clip(r, el.getBoundingClientRect());
        if (r.width === 0 || r.height === 0) continue;
        const label = parent.closest<HTMLElement>('[data-edge]');
        const tables = parent.closest<HTMLElement>('[aria-label^="kernel tables of "]');
        texts.push({
          text: node.textContent ?? '',
          box: box(r),
          fontSize: parseFloat(getComputedStyle(parent).fontSize),
          frame: parent.closest<HTMLElement>('[data-frame]')?.dataset['frame'] ?? null,
          edge: label?.dataset['edge'] ?? null,
          ends: (label?.dataset['ends'] ?? '').split(' ').filter(Boolean),
          tables: tables?.closest<HTMLElement>('[data-frame]')?.dataset['frame'] ?? null,
        });
      }
    }
    const ports = [...root.querySelectorAll<HTMLElement>('[data-port]')].map((el) => {
      const key = el.dataset['port'] ?? '';
      const frame = el.closest<HTMLElement>('[data-frame]');
      const marker = frame?.querySelector<HTMLElement>(`[data-handleid="p:${key}"]`);
      return {
        key,
        text: el.innerText,
        state: el.dataset['state'] ?? '',
        frame: frame?.dataset['frame'] ?? '',
        label: box(el.getBoundingClientRect()),
        marker: marker === null || marker === undefined ? null : box(marker.getBoundingClientRect()),
      };
    });
    const tables = [...root.querySelectorAll<HTMLElement>('[aria-label^="kernel tables of "]')].map((el) => ({
      frame: el.closest<HTMLElement>('[data-frame]')?.dataset['frame'] ?? '',
      box: box(el.getBoundingClientRect()),
    }));
    const panels = [...document.querySelectorAll<HTMLElement>('.app > *')]
      .filter((el) => !el.contains(root) && el.getBoundingClientRect().width > 0)
      .map((el) => ({ name: el.getAttribute('aria-label') ?? el.className, box: box(el.getBoundingClientRect()) }));
    return { canvas: box(root.getBoundingClientRect()), zoom, overlays, frames, texts, ports, tables, panels };
  });
}

/** Shared area, ignoring slivers under half a pixel (rounding of adjacent boxes). */
const overlap = (a: Box, b: Box) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 &&
  Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
const inside = (outer: Box, inner: Box) =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

/**
 * Everything on the canvas that a class could not read, in words: text over text, text over a
 * card or box it does not belong to, anything under an overlay or out of view.
 */
export function readabilityProblems(g: CanvasGeometry): string[] {
  const problems: string[] = [];
  const parentOf = new Map(g.frames.map((f) => [f.id, f.parent]));
  const lineage = (id: string | null): string[] => (id === null ? [] : [id, ...lineage(parentOf.get(id) ?? null)]);
  const name = (t: CanvasGeometry['texts'][number]) => `"${t.text}" (${t.frame ?? `label of ${t.edge}`})`;
  for (const [i, a] of g.texts.entries()) {
    for (const b of g.texts.slice(i + 1)) if (overlap(a.box, b.box)) problems.push(`${name(a)} overlaps ${name(b)}`);
    const allowed =
      a.frame !== null
        ? new Set(lineage(a.frame))
        : new Set(lineage(a.ends[0] ?? null).filter((id) => lineage(a.ends[1] ?? null).includes(id)));
    for (const f of g.frames)
      if (!allowed.has(f.id) && overlap(a.box, f.box)) problems.push(`${name(a)} overlaps ${f.id}`);
    for (const o of g.overlays) if (overlap(a.box, o.box)) problems.push(`${name(a)} is under ${o.name}`);
    if (!inside(g.canvas, a.box)) problems.push(`${name(a)} is out of view`);
  }
  for (const f of g.frames) {
    if (!inside(g.canvas, f.box)) problems.push(`${f.id} is out of view`);
    for (const o of g.overlays) if (overlap(f.box, o.box)) problems.push(`${f.id} is under ${o.name}`);
  }
  for (const p of g.ports) {
    if (p.marker === null) problems.push(`port ${p.key} has no marker`);
    else {
      if (!inside(g.canvas, p.marker)) problems.push(`port ${p.key} is out of view`);
      for (const o of g.overlays) if (overlap(p.marker, o.box)) problems.push(`port ${p.key} is under ${o.name}`);
    }
  }
  return problems;
}

/**
 * The kernel tables on the canvas as a class sees them: each inside its own frame (grown to hold
 * it) and clear of every other frame, of the other tables, of every text that is not its own and
 * of the line labels; in view, clear of the overlays and of the panels beside the canvas; its text
 * drawn at the canvas's sizes (at least 12 px at 100% zoom, no larger than a frame's title), so
 * it scales with the drawing.
 */
export function tablesProblems(g: CanvasGeometry): string[] {
  const problems: string[] = [];
  const parentOf = new Map(g.frames.map((f) => [f.id, f.parent]));
  const lineage = (id: string | null): string[] => (id === null ? [] : [id, ...lineage(parentOf.get(id) ?? null)]);
  const title = Math.max(12, ...g.texts.filter((t) => t.tables === null).map((t) => t.fontSize));
  for (const [i, t] of g.tables.entries()) {
    const what = `tables of ${t.frame}`;
    const own = g.frames.find((f) => f.id === t.frame);
    if (own === undefined || !inside(own.box, t.box)) problems.push(`${what} are not inside ${t.frame}`);
    for (const f of g.frames)
      if (!lineage(t.frame).includes(f.id) && overlap(t.box, f.box)) problems.push(`${what} overlap ${f.id}`);
    for (const u of g.tables.slice(i + 1))
      if (overlap(t.box, u.box)) problems.push(`${what} overlap the tables of ${u.frame}`);
    for (const x of g.texts)
      if (x.tables !== t.frame && overlap(t.box, x.box))
        problems.push(
          `${what} overlap "${x.text}" (${x.edge === null ? (x.tables ?? x.frame) : `label of ${x.edge}`})`,
        );
    if (!inside(g.canvas, t.box)) problems.push(`${what} are out of view`);
    for (const o of [...g.overlays, ...g.panels])
      if (overlap(t.box, o.box)) problems.push(`${what} are under ${o.name}`);
  }
  for (const x of g.texts)
    if (x.tables !== null && (x.fontSize < 12 || x.fontSize > title))
      problems.push(`"${x.text}" (tables of ${x.tables}) is ${x.fontSize}px at 100% zoom`);
  return problems;
}

/** Every interface and device of the document where it lives, with its kernel name and addresses. */
export function modelProblems(g: CanvasGeometry, doc: Document): string[] {
  const problems: string[] = [];
  const frame = (id: string) => g.frames.find((f) => f.id === id);
  const root = doc.nodes.find((n) => n.type === 'root')?.id;
  const boxOf = (nodeId: string): string | undefined => {
    const n = doc.nodes.find((x) => x.id === nodeId);
    if (n === undefined) return undefined;
    if (n.type === 'namespace' || n.type === 'root') return n.id;
    return n.namespace ?? root;
  };
  for (const link of doc.links) {
    for (const end of ['a', 'b'] as const) {
      const e = link[end];
      const port = g.ports.find((p) => p.key === `${link.id}/${end}`);
      if (port === undefined) {
        problems.push(`${e.name} (${link.id}.${end}) is not drawn as a port`);
        continue;
      }
      for (const word of [e.name, ...(e.addresses ?? [])])
        if (!port.text.includes(word)) problems.push(`port ${e.name} does not say ${word}`);
      const box = boxOf(e.node);
      const where = box === undefined ? undefined : frame(box);
      if (where !== undefined && !inside(where.box, port.label)) problems.push(`port ${e.name} is not inside ${box}`);
    }
  }
  for (const n of doc.nodes) {
    if (n.type === 'namespace' || n.type === 'root') continue;
    const box = boxOf(n.id);
    const dev = frame(n.id);
    const where = box === undefined ? undefined : frame(box);
    if (dev === undefined) problems.push(`${n.name} is not drawn`);
    else if (box !== undefined && (where === undefined || !inside(where.box, dev.box)))
      problems.push(`${n.type} ${n.name} is not inside the box of ${box}`);
  }
  return problems;
}

/** Waits until the view stops moving (fit view animates). */
export async function settled(page: Page): Promise<void> {
  const read = () => page.locator('section.canvas .react-flow__viewport').getAttribute('style');
  let last = await read();
  for (;;) {
    await page.waitForTimeout(250);
    const now = await read();
    if (now === last) return;
    last = now;
  }
}

/**
 * WCAG contrast of every text on the canvas against what is behind it, and of each link state's
 * colour (the legend's lines, which the canvas's lines share) against the canvas: the pairs under
 * `least` (4.5:1, WCAG AA, unless told), in words.
 */
export async function contrastProblems(page: Page, least = 4.5): Promise<string[]> {
  return page.evaluate((least) => {
    type Rgba = [number, number, number, number];
    const parse = (c: string): Rgba => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (m === null) return [0, 0, 0, 0];
      const [r = 0, g = 0, b = 0, a = 1] = (m[1] ?? '')
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [r, g, b, a];
    };
    const over = (top: Rgba, under: Rgba): Rgba => {
      const a = top[3];
      return [top[0] * a + under[0] * (1 - a), top[1] * a + under[1] * (1 - a), top[2] * a + under[2] * (1 - a), 1];
    };
    const lum = ([r, g, b]: Rgba) =>
      [r, g, b]
        .map((v) => v / 255)
        .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        .reduce((sum, v, i) => sum + v * ([0.2126, 0.7152, 0.0722][i] ?? 0), 0);
    const ratio = (a: Rgba, b: Rgba) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const flow = document.querySelector<HTMLElement>('section.canvas .react-flow');
    if (flow === null) throw new Error('no canvas');
    const canvasBg = over(parse(getComputedStyle(flow).backgroundColor), [255, 255, 255, 1]);
    const behind = (el: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e !== null && e !== flow; e = e.parentElement)
        layers.push(parse(getComputedStyle(e).backgroundColor));
      return layers.reverse().reduce((under, top) => over(top, under), canvasBg);
    };
    const problems: string[] = [];
    const check = (what: string, fg: Rgba, bg: Rgba) => {
      const r = ratio(over(fg, bg), bg);
      if (r < least) problems.push(`${what}: ${r.toFixed(2)}:1`);
    };
    const viewport = flow.querySelector('.react-flow__viewport');
    if (viewport !== null) {
      const walker = document.createTreeWalker(viewport, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent === null || (node.textContent ?? '').trim() === '' || parent.closest('[hidden]') !== null) continue;
        check(`"${node.textContent}"`, parse(getComputedStyle(parent).color), behind(parent));
      }
    }
    // A tunnel pipe's bore is its inside, in the panel's colour on purpose: its walls are the mark.
    for (const line of flow.querySelectorAll<SVGElement>('.legend line:not(.edge-pipe__bore)')) {
      const stroke = parse(getComputedStyle(line).stroke);
      check(`line ${line.getAttribute('class')} on the canvas`, stroke, canvasBg);
      check(`line ${line.getAttribute('class')} in the legend`, stroke, behind(line.closest('.legend') ?? flow));
    }
    return problems;
  }, least);
}
