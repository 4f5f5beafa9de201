import { describe, expect, it } from 'vitest';

import { frameGeometry, frameLayout, GAP, place, type PortSpec } from './frame';
import { contains, overlaps, type Rect } from './rect';
import { NORMAL_TEXT } from './text';

const port = (id: string, side: PortSpec['side'], order = 0): PortSpec => ({
  id,
  side,
  order,
  text: { name: `eth-${id}`, addresses: ['10.0.0.1/24'] },
});

describe('place', () => {
  it('keeps the order, the gap and the range, as near the wishes as they allow', () => {
    expect(place([10, 10, 10], [0, 5, 100], 0, 100)).toEqual([0, 10 + GAP, 90]);
  });

  it('spreads intervals without wishes evenly', () => {
    expect(place([10, 10], [undefined, undefined], 0, 100)).toEqual([20, 70]);
  });
});

describe('frameGeometry', () => {
  const header = { title: 'red', kind: 'network namespace', state: false, lines: ['default via 10.0.0.1'] };
  const ports = [port('a', 'left'), port('b', 'left', 1), port('c', 'right'), port('d', 'top'), port('e', 'bottom')];
  const g = frameGeometry(header, ports, { width: 200, height: 100 }, NORMAL_TEXT, { width: 0, height: 0 });
  const frame: Rect = { x: 0, y: 0, ...g.size };
  const content: Rect = { ...g.content, width: 200, height: 100 };

  it('puts every port label inside the frame, clear of the header, the content and each other', () => {
    const labels = g.ports.map((p) => p.label);
    expect(labels).toHaveLength(5);
    for (const [i, l] of labels.entries()) {
      expect(contains(frame, l)).toBe(true);
      expect(overlaps(l, g.header)).toBe(false);
      expect(overlaps(l, content)).toBe(false);
      for (const other of labels.slice(i + 1)) expect(overlaps(l, other)).toBe(false);
    }
    expect(overlaps(g.header, content)).toBe(false);
  });

  it('orders ports along a side by where their peers are', () => {
    const [a, b] = g.ports.filter((p) => p.side === 'left');
    expect((a?.offset ?? 0) < (b?.offset ?? 0)).toBe(true);
  });

  it('moves a port toward where it is wanted, within its side', () => {
    const wanted = frameGeometry(
      header,
      [port('a', 'right')],
      { width: 200, height: 300 },
      NORMAL_TEXT,
      {
        width: 0,
        height: 0,
      },
      () => 250,
    );
    expect(wanted.ports[0]?.offset).toBe(250);
  });

  it('is the same worked out once and placed for each wish (frameLayout) as worked out for each', () => {
    const box = { width: 200, height: 300 };
    const none = { width: 0, height: 0 };
    const layout = frameLayout(header, ports, box, NORMAL_TEXT, none);
    const wishes = [() => undefined, () => 250, (id: string) => (id === 'b' ? 40 : undefined)];
    for (const want of wishes) expect(layout(want)).toEqual(frameGeometry(header, ports, box, NORMAL_TEXT, none, want));
    expect(layout(() => 250)).not.toEqual(layout(() => undefined));
  });
});
