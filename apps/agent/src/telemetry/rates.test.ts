import { describe, expect, it } from 'vitest';

import { computeRates } from './rates';

const c = (bytes: number, packets: number) => ({
  rxBytes: bytes,
  txBytes: bytes * 2,
  rxPackets: packets,
  txPackets: packets,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
});

describe('computeRates', () => {
  it('divides the growth by the elapsed time', () => {
    expect(computeRates(c(1000, 10), c(3000, 30), 2000)).toEqual({
      rxBytesPerSec: 1000,
      txBytesPerSec: 2000,
      rxPacketsPerSec: 10,
      txPacketsPerSec: 10,
    });
  });

  it('gives no rate when a counter went backwards or no time passed', () => {
    expect(computeRates(c(3000, 30), c(10, 1), 1000)).toBeUndefined();
    expect(computeRates(c(0, 0), c(10, 1), 0)).toBeUndefined();
  });
});
