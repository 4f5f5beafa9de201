import { describe, expect, it } from 'vitest';

import { Timeline } from './timeline';

const rec = (iface: number, atUs: number, size = 10) => ({ atUs, iface, length: size, data: new Uint8Array(size) });

describe('Timeline', () => {
  it('merges the queues of several interfaces into one time order', () => {
    const t = new Timeline(2, { packets: 100, bytes: 10_000 });
    for (const at of [1, 4, 6]) t.add(rec(0, at));
    for (const at of [2, 3, 7]) t.add(rec(1, at));
    expect(t.take(Infinity, 100, 1e9).map((r) => [r.atUs, r.iface])).toEqual([
      [1, 0],
      [2, 1],
      [3, 1],
      [4, 0],
      [6, 0],
      [7, 1],
    ]);
    expect(t.size).toBe(0);
  });

  it('keeps packets newer than the reorder window for later', () => {
    const t = new Timeline(2, { packets: 100, bytes: 10_000 });
    t.add(rec(0, 10));
    t.add(rec(0, 30));
    expect(t.take(20, 100, 1e9).map((r) => r.atUs)).toEqual([10]);
    t.add(rec(1, 25));
    expect(t.take(40, 100, 1e9).map((r) => r.atUs)).toEqual([25, 30]);
  });

  it('drops the oldest packets past its packet or byte bound, and counts them', () => {
    const t = new Timeline(1, { packets: 3, bytes: 10_000 });
    for (let at = 1; at <= 5; at++) t.add(rec(0, at));
    expect(t.dropped).toBe(2);
    expect(t.take(Infinity, 100, 1e9).map((r) => r.atUs)).toEqual([3, 4, 5]);
    const b = new Timeline(1, { packets: 100, bytes: 25 });
    for (let at = 1; at <= 4; at++) b.add(rec(0, at));
    expect(b.dropped).toBe(2);
    expect(b.bytes).toBe(20);
  });

  it('hands out at most the batch asked for', () => {
    const t = new Timeline(1, { packets: 100, bytes: 10_000 });
    for (let at = 1; at <= 10; at++) t.add(rec(0, at));
    expect(t.take(Infinity, 4, 1e9)).toHaveLength(4);
    expect(t.take(Infinity, 100, 25)).toHaveLength(3);
    expect(t.size).toBe(3);
  });
});
