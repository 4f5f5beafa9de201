import { describe, expect, it } from 'vitest';

import { iperf3Error, isServerListening, parseIperf3Line } from './iperf3-parse';

// Lines printed by iperf3 3.12 (Debian 12) in the sandbox, `-i 1 -f m --forceflush`.
describe('parseIperf3Line', () => {
  it('reads a TCP client interval with its retransmits', () => {
    expect(
      parseIperf3Line('[  5]   0.00-1.00   sec   965 MBytes  8070 Mbits/sec    2    492 KBytes       ', 'tcp'),
    ).toEqual({ startS: 0, endS: 1, bytes: 965 * 2 ** 20, bitsPerSecond: 8.07e9, summary: null, retransmits: 2 });
  });

  it('reads the TCP summary lines of both sides', () => {
    expect(
      parseIperf3Line('[  5]   0.00-2.00   sec  1.89 GBytes  8116 Mbits/sec    2             sender', 'tcp'),
    ).toMatchObject({
      endS: 2,
      bytes: Math.round(1.89 * 2 ** 30),
      bitsPerSecond: 8.116e9,
      summary: 'sender',
      retransmits: 2,
    });
    const receiver = parseIperf3Line(
      '[  5]   0.00-2.01   sec  1.89 GBytes  8090 Mbits/sec                  receiver',
      'tcp',
    );
    expect(receiver).toMatchObject({ endS: 2.01, summary: 'receiver' });
    expect(receiver).not.toHaveProperty('retransmits');
  });

  it('reads a UDP client interval (datagrams sent) and a server interval (jitter, lost of total)', () => {
    expect(parseIperf3Line('[  5]   1.00-2.00   sec   609 KBytes  4.99 Mbits/sec  431  ', 'udp')).toEqual({
      startS: 1,
      endS: 2,
      bytes: 609 * 1024,
      bitsPerSecond: 4.99e6,
      summary: null,
      datagrams: 431,
    });
    expect(
      parseIperf3Line('[  5]   0.00-1.00   sec   611 KBytes  5.00 Mbits/sec  0.008 ms  0/432 (0%)  ', 'udp'),
    ).toEqual({
      startS: 0,
      endS: 1,
      bytes: 611 * 1024,
      bitsPerSecond: 5e6,
      summary: null,
      jitterMs: 0.008,
      lost: 0,
      datagrams: 432,
    });
    expect(
      parseIperf3Line('[  5]   0.00-2.00   sec  1.19 MBytes  5.00 Mbits/sec  0.035 ms  3/863 (0.35%)  receiver', 'udp'),
    ).toMatchObject({ summary: 'receiver', jitterMs: 0.035, lost: 3, datagrams: 863 });
    expect(
      parseIperf3Line('[  5]   0.00-2.00   sec  1.19 MBytes   998 Kbits/sec  0.000 ms  0/863 (0%)  sender', 'udp'),
    ).toMatchObject({
      summary: 'sender',
      bitsPerSecond: 998e3,
    });
  });

  it('ignores headers, separators and connection lines', () => {
    for (const line of [
      'Connecting to host 10.9.0.2, port 5300',
      '[  5] local 10.9.0.1 port 46558 connected to 10.9.0.2 port 5300',
      '[ ID] Interval           Transfer     Bitrate         Retr  Cwnd',
      '- - - - - - - - - - - - - - - - - - - - - - - - -',
      'iperf Done.',
      '',
    ])
      expect(parseIperf3Line(line, 'tcp')).toBeNull();
  });

  it('knows when the server listens and what iperf3 complains of', () => {
    expect(isServerListening('Server listening on 5300 (test #1)')).toBe(true);
    expect(isServerListening('-----------------------------------------------------------')).toBe(false);
    expect(iperf3Error('iperf3: error - unable to connect to server: Connection refused')).toBe(
      'unable to connect to server: Connection refused',
    );
    expect(iperf3Error('[  5] local 10.9.0.1 port 1 connected')).toBeNull();
  });
});
