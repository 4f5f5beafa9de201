import { describe, expect, it } from 'vitest';

import { CounterBook, type CounterReading } from './counter-book';

const reading = (ifname: string, bytes: number): CounterReading => ({
  topology: 't',
  object: ifname,
  netns: 'ns',
  ifname,
  counters: {
    rxBytes: bytes,
    txBytes: bytes,
    rxPackets: bytes / 100,
    txPackets: bytes / 100,
    rxErrors: 0,
    txErrors: 0,
    rxDropped: 0,
    txDropped: 0,
  },
});

describe('CounterBook', () => {
  it('sends everything first, then only what moved, then a last sample with zero rates', () => {
    const book = new CounterBook();
    expect(book.record(0, [reading('a', 0), reading('b', 0)]).map((s) => s.ifname)).toEqual(['a', 'b']);
    // b's first rate (zero) goes out once, like any interface that stopped moving.
    expect(
      book.record(1000, [reading('a', 500), reading('b', 0)]).map((s) => [s.ifname, s.rates?.rxBytesPerSec]),
    ).toEqual([
      ['a', 500],
      ['b', 0],
    ]);
    expect(
      book.record(2000, [reading('a', 500), reading('b', 0)]).map((s) => [s.ifname, s.rates?.rxBytesPerSec]),
    ).toEqual([['a', 0]]);
    expect(book.record(3000, [reading('a', 500), reading('b', 0)])).toEqual([]);
    expect(book.full().map((s) => s.ifname)).toEqual(['a', 'b']);
  });
});
