import { describe, expect, it } from 'vitest';

import type { MarkerSpec } from './classify';
import { BASE_TRAVEL_MS, MarkerSchedule, maxWaitMs } from './schedule';

const spec = (edge: string, exchange: string | null, flow = 'icmp a b id 1'): MarkerSpec => ({
  edge,
  direction: 'ab',
  seenAt: 'a',
  leaving: true,
  basis: 'mac',
  flow,
  colour: 0,
  text: '',
  exchange,
  wrapped: null,
});

describe('MarkerSchedule', () => {
  it('draws one marker for the same packet seen at both ends of a line', () => {
    const s = new MarkerSchedule({ speed: 1, perEdgePerSecond: 20 });
    expect(s.place(spec('l1', null), 1_000, 'AAAA', 0)).not.toBeNull();
    expect(s.place(spec('l1', null), 1_010, 'AAAA', 0)).toBeNull();
    // The same bytes on another line, or much later, are another crossing.
    expect(s.place(spec('l2', null), 1_020, 'AAAA', 0)).not.toBeNull();
    expect(s.place(spec('l1', null), 900_000, 'AAAA', 0)).not.toBeNull();
  });

  it('at 1× keeps the spacing of a batch’s packets, never starting one before now', () => {
    const s = new MarkerSchedule({ speed: 1, perEdgePerSecond: 20 });
    s.beginBatch(5_000, 1_000_000);
    expect(s.place(spec('l1', null), 1_000_000, 'a', 5_000)?.startMs).toBe(5_000);
    expect(s.place(spec('l2', null), 1_040_000, 'b', 5_000)?.startMs).toBe(5_040);
    expect(s.place(spec('l1', null), 1_040_000, 'c', 5_100)?.startMs).toBe(5_100);
  });

  it('draws at most M markers per line each second and counts the rest', () => {
    const s = new MarkerSchedule({ speed: 1, perEdgePerSecond: 3 });
    const placed = Array.from({ length: 10 }, (_, i) => s.place(spec('l1', null), i * 100_000, `p${i}`, 10));
    expect(placed.filter((p) => p !== null)).toHaveLength(3);
    expect(s.edgeCounts(10).get('l1')).toEqual({ seen: 10, shown: 3 });
    expect(s.place(spec('l2', null), 0, 'x', 10)).not.toBeNull();
    // The next second, the line draws again.
    expect(s.place(spec('l1', null), 2_000_000, 'q', 1_000)).not.toBeNull();
    expect([s.seenTotal, s.shownTotal]).toEqual([12, 5]);
  });

  it('in slow motion chains one ping hop by hop and samples away the next until it is over', () => {
    const s = new MarkerSchedule({ speed: 0.1, perEdgePerSecond: 20 });
    const d = BASE_TRAVEL_MS / 0.1;
    const echo = 'icmp a b id 1 seq 1';
    // The request on two hops, then the reply on both, all seen within a millisecond.
    const hops = [
      s.place(spec('red', echo), 0, 'r1', 0),
      s.place(spec('blue', echo), 100, 'r2', 0),
      s.place(spec('blue', echo), 200, 'p1', 0),
      s.place(spec('red', echo), 300, 'p2', 0),
    ];
    expect(hops.map((h) => h?.startMs)).toEqual([0, d, 2 * d, 3 * d]);
    expect(hops.every((h) => h?.durationMs === d)).toBe(true);
    // The next ping a second later would wait past maxWait: sampled away, whole.
    expect(maxWaitMs(0.1)).toBeLessThan(3 * d);
    expect(s.place(spec('red', 'icmp a b id 1 seq 2'), 1_000_000, 'n1', 1_000)).toBeNull();
    expect(s.place(spec('blue', 'icmp a b id 1 seq 2'), 1_000_100, 'n2', 1_000)).toBeNull();
    // Once the first is over, the next ping is drawn.
    expect(s.place(spec('red', 'icmp a b id 1 seq 9'), 40_000_000, 'n3', 4 * d)?.startMs).toBe(4 * d);
    // Another flow is not held back by this one.
    expect(s.place(spec('red', null, 'other'), 1_000_200, 'o1', 1_000)?.startMs).toBe(1_000);
  });
});
