/**
 * Walking rtnetlink answers in place: no object or Buffer per message or attribute, because a
 * dump of 500 veths is ~750 KB and the agent reads such dumps every second. Shared by the
 * observer (observe/rtnetlink.ts) and the telemetry loop (telemetry/live-parse.ts).
 * Layouts from <linux/netlink.h>.
 */

const NLMSG_HDRLEN = 16;
const NLMSG_ERROR = 2;
const NLA_TYPE_MASK = 0x3fff; // strips NLA_F_NESTED and NLA_F_NET_BYTEORDER

/** A dump that the kernel refused (for example an unknown namespace id), with its errno. */
export class NetlinkError extends Error {
  readonly errno: number;
  constructor(errno: number) {
    super(`rtnetlink dump failed with errno ${errno}`);
    this.errno = errno;
  }
}

/**
 * Calls `visit(type, start, end)` for each message of a frame, with the payload's byte range
 * (after the header). Throws NetlinkError on an error answer; stops at a truncated message.
 */
export function forEachMessage(frame: Buffer, visit: (type: number, start: number, end: number) => void): void {
  for (let off = 0; off + NLMSG_HDRLEN <= frame.length;) {
    const len = frame.readUInt32LE(off);
    if (len < NLMSG_HDRLEN || off + len > frame.length) return;
    const type = frame.readUInt16LE(off + 4);
    if (type === NLMSG_ERROR && len >= NLMSG_HDRLEN + 4) {
      const errno = -frame.readInt32LE(off + NLMSG_HDRLEN);
      if (errno !== 0) throw new NetlinkError(errno);
    }
    visit(type, off + NLMSG_HDRLEN, off + len);
    off += (len + 3) & ~3;
  }
}

/** Calls `visit(type, start, end)` for each attribute in `[start, end)`, with its data's byte range. */
export function forEachAttr(
  buf: Buffer,
  start: number,
  end: number,
  visit: (type: number, start: number, end: number) => void,
): void {
  for (let a = start; a + 4 <= end;) {
    const len = buf.readUInt16LE(a);
    if (len < 4 || a + len > end) return;
    visit(buf.readUInt16LE(a + 2) & NLA_TYPE_MASK, a + 4, a + len);
    a += (len + 3) & ~3;
  }
}

/** A NUL-terminated string attribute. */
export function cstring(buf: Buffer, start: number, end: number): string {
  const nul = buf.indexOf(0, start);
  return buf.toString('utf8', start, nul === -1 || nul > end ? end : nul);
}

/** u64 as a Number without BigInt: exact below 2^53, which no counter reaches. */
export const u64 = (b: Buffer, at: number): number => b.readUInt32LE(at) + b.readUInt32LE(at + 4) * 0x1_0000_0000;

/** struct rtnl_link_stats64 starts rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped. */
export function stats64(b: Buffer, at: number) {
  return {
    rxPackets: u64(b, at),
    txPackets: u64(b, at + 8),
    rxBytes: u64(b, at + 16),
    txBytes: u64(b, at + 24),
    rxErrors: u64(b, at + 32),
    txErrors: u64(b, at + 40),
    rxDropped: u64(b, at + 48),
    txDropped: u64(b, at + 56),
  };
}
export type Counters = ReturnType<typeof stats64>;
export const STATS64_MIN_BYTES = 64;

/** RFC 2863 operstate (IFLA_OPERSTATE) as iproute2 prints it. */
export const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;
