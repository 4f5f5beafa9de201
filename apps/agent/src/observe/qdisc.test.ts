import { impairSpec } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { netemImpair, parseRootQdiscs, tbfImpair } from './qdisc';

/**
 * `tc -j qdisc show` of iproute2 6.1 (q_netem.c prints times in seconds, percentages as
 * fractions, a rate in bytes/s; tbf as read on Linux 6.18).
 */
const NETEM = {
  limit: 1000,
  delay: { delay: 0.05, jitter: 0.01, correlation: 0 },
  'loss-random': { loss: 0.01, correlation: 0 },
  duplicate: { duplicate: 0.005, correlation: 0 },
  reorder: { reorder: 0.25, correlation: 0 },
  rate: { rate: 125000, packetoverhead: 0, cellsize: 0, celloverhead: 0 },
  ecn: false,
  gap: 1,
};

describe('reading qdiscs', () => {
  it('reads netloom netem back as the document wrote it', () => {
    expect(netemImpair(NETEM)).toEqual(
      impairSpec({
        delayMs: 50,
        jitterMs: 10,
        lossPercent: 1,
        duplicatePercent: 0.5,
        reorderPercent: 25,
        rateKbit: 1000,
      }),
    );
    // tc's six digits and the kernel's 2^32 fractions round to the same value.
    expect(
      netemImpair({ limit: 1000, 'loss-random': { loss: 0.0123457, correlation: 0 }, ecn: false, gap: 0 }),
    ).toEqual(impairSpec({ lossPercent: 1.23457 }));
  });

  it.each([
    ['a correlation', { ...NETEM, delay: { delay: 0.05, jitter: 0.01, correlation: 0.25 } }],
    ['corruption', { ...NETEM, corrupt: { corrupt: 0.01, correlation: 0 } }],
    ['another limit', { ...NETEM, limit: 50 }],
    ['ECN', { ...NETEM, ecn: true }],
    ['a gap', { ...NETEM, gap: 5 }],
  ])('finds a netem with %s (set by hand) not intact', (_, options) => {
    expect(netemImpair(options).intact).toBe(false);
  });

  it('reads a tbf by its rate, and each device root qdisc with its handle', () => {
    expect(tbfImpair({ rate: 125000, burst: 16384, lat: 100000 })).toEqual(impairSpec({ rateKbit: 1000 }));
    const roots = parseRootQdiscs(
      JSON.stringify([
        { kind: 'noqueue', handle: '0:', dev: 'lo', root: true, refcnt: 2, options: {} },
        { kind: 'tbf', handle: '4e4c:', dev: 'v0', root: true, refcnt: 2, options: { rate: 125000, burst: 16384 } },
        { kind: 'netem', handle: '8001:', dev: 'v1', root: true, refcnt: 2, options: NETEM },
        { kind: 'pfifo', handle: '10:', dev: 'v1', parent: '8001:1', options: { limit: 1000 } },
      ]),
    );
    expect(roots.get('v0')).toEqual({ kind: 'tbf', handle: '4e4c:', impair: impairSpec({ rateKbit: 1000 }) });
    expect(roots.get('v1')).toMatchObject({ kind: 'netem', handle: '8001:' });
    expect(roots.get('lo')).toEqual({ kind: 'noqueue', handle: '0:' });
  });
});
