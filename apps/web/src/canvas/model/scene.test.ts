import { readDocument, type Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { contains, overlaps, segmentCrosses, type Rect } from './rect';
import { buildScene, toLayout, type Scene, type SceneFrame } from './scene';
import { tablesKindOf } from './tables';
import { NORMAL_TEXT, PRESENTER_TEXT } from './text';

const EXAMPLES = import.meta.glob<string>('../../../../../examples/*.yaml', {
  eager: true,
  query: '?raw',
  import: 'default',
});

function example(name: string): Document {
  const entry = Object.entries(EXAMPLES).find(([path]) => path.endsWith(`/${name}.yaml`));
  if (entry === undefined) throw new Error(`no example ${name}`);
  const read = readDocument(entry[1], 'yaml');
  if (!read.ok) throw new Error(`example ${name} does not read`);
  return read.value;
}

const abs = (f: SceneFrame, r: Rect): Rect => ({ ...r, x: f.rect.x + r.x, y: f.rect.y + r.y });

/** Every place two things that must not overlap do, in words. */
export function overlapsIn(scene: Scene): string[] {
  const problems: string[] = [];
  const byId = new Map(scene.frames.map((f) => [f.id, f]));
  const lineage = (id: string): string[] => {
    const f = byId.get(id);
    return f === undefined ? [] : [id, ...(f.parent === undefined ? [] : lineage(f.parent))];
  };
  type Text = { what: string; rect: Rect; allowed: Set<string> };
  const texts: Text[] = [];
  for (const f of scene.frames) {
    texts.push({ what: `header of ${f.id}`, rect: abs(f, f.geometry.header), allowed: new Set(lineage(f.id)) });
    if (f.geometry.tables !== null) {
      const rect = abs(f, f.geometry.tables);
      if (!contains(f.rect, rect)) problems.push(`the tables of ${f.id} stick out of it`);
      texts.push({ what: `tables of ${f.id}`, rect, allowed: new Set(lineage(f.id)) });
    }
    for (const p of f.ports) {
      const rect = abs(f, p.label);
      if (!contains(f.rect, rect)) problems.push(`port ${p.id} sticks out of ${f.id}`);
      texts.push({ what: `port ${p.id}`, rect, allowed: new Set(lineage(f.id)) });
    }
    if (f.parent !== undefined) {
      const parent = byId.get(f.parent) as SceneFrame;
      const content = abs(parent, { ...parent.geometry.content, width: 0, height: 0 });
      if (!contains(parent.rect, f.rect)) problems.push(`${f.id} sticks out of ${f.parent}`);
      if (f.rect.x < content.x || f.rect.y < content.y) problems.push(`${f.id} is not in the content of ${f.parent}`);
    }
  }
  for (const e of scene.edges) {
    if (e.label === null) continue;
    const common = lineage(e.source).filter((id) => lineage(e.target).includes(id));
    texts.push({ what: `label of ${e.id}`, rect: e.label, allowed: new Set(common) });
  }
  for (const [i, a] of texts.entries()) {
    for (const b of texts.slice(i + 1)) if (overlaps(a.rect, b.rect)) problems.push(`${a.what} overlaps ${b.what}`);
    for (const f of scene.frames)
      if (!a.allowed.has(f.id) && overlaps(a.rect, f.rect)) problems.push(`${a.what} overlaps frame ${f.id}`);
  }
  for (const [i, a] of scene.frames.entries())
    for (const b of scene.frames.slice(i + 1))
      if (a.parent === b.parent && overlaps(a.rect, b.rect)) problems.push(`${a.id} overlaps ${b.id}`);
  return problems;
}

describe.each(['01-netns-veth', '02-bridge', '03-tun-tap', '04-vxlan'])('the example %s', (name) => {
  const doc = example(name);
  const scene = buildScene(doc, NORMAL_TEXT);

  it('is drawn with no text over other text, and no text, box or card over another', () => {
    expect(overlapsIn(scene)).toEqual([]);
  });

  it('draws every veth end as a port with its name and addresses, in the box of its namespace', () => {
    for (const link of doc.links) {
      for (const end of ['a', 'b'] as const) {
        const owner = scene.frames.find((f) => f.ports.some((p) => p.live === `${link.id}/${end}`));
        const port = owner?.ports.find((p) => p.live === `${link.id}/${end}`);
        expect(port?.text).toMatchObject({ name: link[end].name, addresses: link[end].addresses ?? [] });
        expect([owner?.id, owner?.parent]).toContain(link[end].node === owner?.id ? owner.id : owner?.parent);
      }
    }
  });

  it('puts every device in the box of its namespace', () => {
    const root = doc.nodes.find((n) => n.type === 'root')?.id;
    for (const n of doc.nodes) {
      if (n.type === 'namespace' || n.type === 'root') continue;
      const frame = scene.frames.find((f) => f.id === n.id);
      expect(frame?.parent).toBe(n.namespace ?? root);
    }
  });
});

describe.each(['01-netns-veth', '02-bridge', '03-tun-tap', '04-vxlan'])('the example %s in presenter view', (name) => {
  const normal = buildScene(example(name), NORMAL_TEXT);
  const scene = buildScene(example(name), PRESENTER_TEXT, 'compact');

  it('is drawn, larger, with nothing over anything', () => {
    expect(overlapsIn(scene)).toEqual([]);
    expect(scene.frames.map((f) => f.id)).toEqual(normal.frames.map((f) => f.id));
  });

  it('keeps the arrangement: what was left of or above another frame still is', () => {
    const tops = (s: typeof scene) => s.frames.filter((f) => f.parent === undefined);
    const [before, after] = [tops(normal), tops(scene)];
    for (const [i, a] of before.entries())
      for (const [j, b] of before.entries()) {
        if (a.rect.x + a.rect.width <= b.rect.x) expect(after[i]?.rect.x).toBeLessThan(after[j]?.rect.x ?? 0);
        if (a.rect.y + a.rect.height <= b.rect.y) expect(after[i]?.rect.y).toBeLessThan(after[j]?.rect.y ?? 0);
      }
  });
});

const EXAMPLE_NAMES = ['01-netns-veth', '02-bridge', '03-tun-tap', '04-vxlan'];

describe.each(EXAMPLE_NAMES)('the example %s with the kernel tables shown', (name) => {
  const doc = example(name);
  const plain = buildScene(doc, NORMAL_TEXT);
  const scene = buildScene(doc, NORMAL_TEXT, 'document', 'routed', true);
  const presenter = buildScene(doc, PRESENTER_TEXT, 'compact', 'routed', true);

  it('keeps room for the tables of every namespace, bridge and VXLAN in its frame, over nothing', () => {
    for (const f of scene.frames) expect(f.geometry.tables !== null, f.id).toBe(tablesKindOf(f.kind) !== null);
    expect(overlapsIn(scene)).toEqual([]);
    expect(overlapsIn(presenter)).toEqual([]);
  });

  it('runs no line through a table', () => {
    for (const s of [scene, presenter])
      for (const f of s.frames) {
        if (f.geometry.tables === null) continue;
        const rect = abs(f, f.geometry.tables);
        for (const e of s.edges)
          for (let i = 1; i < e.points.length; i++)
            expect(segmentCrosses(e.points[i - 1] ?? rect, e.points[i] ?? rect, rect), `${e.id} through ${f.id}`).toBe(
              false,
            );
      }
  });

  it("keeps the arrangement, spread out (never drawn together), and maps every place back to the layout's", () => {
    for (const spread of scene.spread.values()) expect(Math.min(spread.kx, spread.ky)).toBeGreaterThanOrEqual(1);
    const tops = (s: Scene) => s.frames.filter((f) => f.parent === undefined);
    const [before, after] = [tops(plain), tops(scene)];
    for (const [i, a] of before.entries())
      for (const [j, b] of before.entries()) {
        if (a.rect.x + a.rect.width <= b.rect.x) expect(after[i]?.rect.x).toBeLessThan(after[j]?.rect.x ?? 0);
        if (a.rect.y + a.rect.height <= b.rect.y) expect(after[i]?.rect.y).toBeLessThan(after[j]?.rect.y ?? 0);
      }
    // A point and nothing else: a rectangle given comes back as its corner.
    expect(toLayout(plain, undefined, { x: 1, y: 2, width: 3, height: 4 } as Rect)).toEqual({ x: 1, y: 2 });
    const byId = new Map(scene.frames.map((f) => [f.id, f]));
    for (const f of scene.frames) {
      const want = doc.layout?.[f.id];
      if (want === undefined) continue;
      const content =
        f.parent === undefined ? { x: 0, y: 0 } : (byId.get(f.parent)?.geometry.content ?? { x: 0, y: 0 });
      const at = { x: f.position.x - content.x, y: f.position.y - content.y };
      expect(toLayout(scene, f.parent, at), f.id).toEqual(want);
    }
  });
});

it("routes a line from a device up out of its box around the box's tables, not through them", () => {
  const doc: Document = {
    version: 1,
    name: 'up',
    nodes: [
      { id: 'host', type: 'namespace', name: 'host' },
      { id: 'br', type: 'bridge', name: 'br0', namespace: 'host' },
      { id: 'up', type: 'namespace', name: 'up' },
    ],
    links: [{ id: 'l1', type: 'veth', a: { node: 'up', name: 'eth0' }, b: { node: 'br', name: 'v0' } }],
    layout: { host: { x: 0, y: 500 }, br: { x: 0, y: 0 }, up: { x: 0, y: 0 } },
  };
  const scene = buildScene(doc, NORMAL_TEXT, 'document', 'routed', true);
  const host = scene.frames.find((f) => f.id === 'host') as SceneFrame;
  expect(scene.frames.find((f) => f.id === 'br')?.ports[0]?.side).toBe('top');
  const tables = abs(host, host.geometry.tables as Rect);
  const points = scene.edges.find((e) => e.id === 'l1')?.points ?? [];
  expect(points.length).toBeGreaterThan(2);
  for (let i = 1; i < points.length; i++)
    expect(segmentCrosses(points[i - 1] ?? tables, points[i] ?? tables, tables)).toBe(false);
  expect(overlapsIn(scene)).toEqual([]);
});

it('fits 04-vxlan in presenter view at zoom 1 on a 1024×768 screen (text 18 px), less the legend band', () => {
  const { bounds } = buildScene(example('04-vxlan'), PRESENTER_TEXT, 'compact');
  // 16 px margins; the legend's band at the top (about 60 px).
  expect(bounds.width).toBeLessThanOrEqual(1024 - 32);
  expect(bounds.height).toBeLessThanOrEqual(768 - 60 - 16);
});

describe('buildScene', () => {
  const doc: Document = {
    version: 1,
    name: 'demo',
    nodes: [
      { id: 'host', type: 'root' },
      { id: 'br', type: 'bridge', name: 'br0' },
      { id: 'ns', type: 'namespace', name: 'red' },
      { id: 'tap', type: 'tap', name: 'tap0', master: 'br', namespace: 'host' },
    ],
    links: [
      {
        id: 'l1',
        type: 'veth',
        a: { node: 'ns', name: 'eth0', addresses: ['10.0.0.2/24'] },
        b: { node: 'br', name: 'v0' },
      },
    ],
    layout: { host: { x: 0, y: 0 }, ns: { x: 600, y: 0 } },
  };
  const scene = buildScene(doc, NORMAL_TEXT);
  const frame = (id: string) => scene.frames.find((f) => f.id === id);

  it('puts a device without a namespace in the root namespace box, and devices after boxes', () => {
    expect(frame('br')?.parent).toBe('host');
    expect(frame('tap')?.parent).toBe('host');
    expect(scene.frames.map((f) => f.id)).toEqual(['host', 'ns', 'br', 'tap']);
  });

  it('leads with kernel names: the bridge is br0, the master line says so', () => {
    expect(frame('br')?.header.title).toBe('br0');
    expect(frame('tap')?.header.lines).toContain('master br0');
  });

  it('draws a veth end on a bridge as a port of the bridge, facing its peer', () => {
    expect(frame('br')?.ports.map((p) => [p.text.name, p.side])).toEqual([['v0', 'right']]);
    expect(frame('ns')?.ports.map((p) => [p.text.name, p.side])).toEqual([['eth0', 'left']]);
  });

  it('lets a device stand alone in a document without a root node', () => {
    const alone = buildScene(
      { ...doc, nodes: doc.nodes.filter((n) => n.id !== 'host' && n.id !== 'tap') },
      NORMAL_TEXT,
    );
    expect(alone.frames.find((f) => f.id === 'br')?.parent).toBeUndefined();
  });

  it('labels the tunnel of a VXLAN pair and the veth it rides on', () => {
    const vx = buildScene(example('04-vxlan'), NORMAL_TEXT);
    expect(vx.edges.find((e) => e.kind === 'tunnel')?.text).toBe('VXLAN 42 · UDP 4789 · overlay');
    expect(vx.edges.find((e) => e.id === 'underlay')?.text).toBe('underlay');
    expect(vx.edges.find((e) => e.id === 'ws1-link')?.text).toBe('');
  });

  it('draws the overview lines straight from port to port, unlabelled, on the very same frames', () => {
    const vx = example('04-vxlan');
    const routed = buildScene(vx, NORMAL_TEXT);
    const straight = buildScene(vx, NORMAL_TEXT, 'document', 'straight');
    expect(straight.frames).toEqual(routed.frames);
    expect(straight.edges.map((e) => e.id)).toEqual(routed.edges.map((e) => e.id));
    for (const [i, e] of straight.edges.entries()) {
      const r = routed.edges[i];
      expect(e.points, e.id).toEqual([r?.points[0], r?.points.at(-1)]);
      expect(e.label, e.id).toBeNull();
    }
    expect(routed.edges.some((e) => e.points.length > 2)).toBe(true);
  });
});
