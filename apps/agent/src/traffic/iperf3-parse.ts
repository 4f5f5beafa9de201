/**
 * One line of iperf3 3.12's text output (`-i 1 -f m --forceflush`) as data. Pure. iperf3 3.12 has
 * no `--json-stream` (3.17 added it) and `-J` prints nothing until the end, so the live figures
 * come from its text lines, flushed one per interval.
 *
 *   [  5]   0.00-1.00   sec   965 MBytes  8070 Mbits/sec    2    492 KBytes        (TCP client)
 *   [  5]   0.00-1.00   sec   611 KBytes  5.00 Mbits/sec  432                       (UDP client)
 *   [  5]   0.00-1.00   sec   611 KBytes  5.00 Mbits/sec  0.008 ms  0/432 (0%)      (UDP server)
 *   [  5]   0.00-2.00   sec  1.89 GBytes  8116 Mbits/sec    2             sender    (summary)
 *   [  5]   0.00-2.00   sec  1.19 MBytes  5.00 Mbits/sec  0.035 ms  0/863 (0%)  receiver
 */
export type Iperf3Line = {
  readonly startS: number;
  readonly endS: number;
  readonly bytes: number;
  readonly bitsPerSecond: number;
  /** Set on the summary lines, after the `- - -` separator. */
  readonly summary: 'sender' | 'receiver' | null;
  readonly retransmits?: number;
  readonly jitterMs?: number;
  readonly lost?: number;
  readonly datagrams?: number;
};

const LINE =
  /^\[\s*(?:\d+|SUM)\]\s+(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)\s+sec\s+(\d+(?:\.\d+)?)\s+([KMGT]?)Bytes\s+(\d+(?:\.\d+)?)\s+([KMGT]?)bits\/sec(.*)$/;
const BYTE_UNIT: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };
const BIT_UNIT: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** null for headers, separators, connection lines and anything unrecognised. */
export function parseIperf3Line(line: string, protocol: 'tcp' | 'udp'): Iperf3Line | null {
  const m = LINE.exec(line.trim());
  if (m === null) return null;
  const [, start, end, bytes, byteUnit, rate, rateUnit, rest = ''] = m;
  const tail = rest.trim();
  const role = /(sender|receiver)$/.exec(tail)?.[1];
  const summary = role === 'sender' || role === 'receiver' ? role : null;
  const fields = (summary === null ? tail : tail.slice(0, -summary.length)).trim();
  const out: { -readonly [K in keyof Iperf3Line]: Iperf3Line[K] } = {
    startS: Number(start),
    endS: Number(end),
    bytes: Math.round(Number(bytes) * (BYTE_UNIT[byteUnit ?? ''] ?? 1)),
    bitsPerSecond: Number(rate) * (BIT_UNIT[rateUnit ?? ''] ?? 1),
    summary,
  };
  if (protocol === 'tcp') {
    // The sender's columns: Retr (then Cwnd on interval lines); the receiver's have none.
    const retr = /^(\d+)(?:\s|$)/.exec(fields)?.[1];
    if (retr !== undefined) out.retransmits = Number(retr);
    return out;
  }
  const udp = /^(\d+(?:\.\d+)?) ms\s+(\d+)\/(\d+)/.exec(fields);
  if (udp !== null) {
    out.jitterMs = Number(udp[1]);
    out.lost = Number(udp[2]);
    out.datagrams = Number(udp[3]);
  } else {
    const sent = /^(\d+)$/.exec(fields)?.[1];
    if (sent !== undefined) out.datagrams = Number(sent);
  }
  return out;
}

/** `Server listening on 5201 (test #1)`: the server is ready for its client. */
export const isServerListening = (line: string): boolean => /^Server listening on \d+/.test(line.trim());

/** iperf3's complaint (`iperf3: error - unable to connect to server: Connection refused`), or null. */
export function iperf3Error(line: string): string | null {
  const m = /^iperf3: (?:error - )?(.+)$/.exec(line.trim());
  return m?.[1] ?? null;
}
