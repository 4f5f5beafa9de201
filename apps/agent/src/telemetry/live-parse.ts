import type { CounterValues } from '@netloom/protocol';

/**
 * A lean decoder of RTM_NEWLINK dumps for the telemetry loop: only what live state and counters
 * need (name, alias, flags, operstate, carrier, stats64), read in place without an object per
 * attribute. At 1 Hz over hundreds of interfaces the general decoder (observe/rtnetlink.ts, which
 * also decodes link kinds) costs several times more. Constants from <linux/rtnetlink.h>.
 */
export type LiveLink = {
  readonly ifindex: number;
  readonly ifname: string;
  readonly loopback: boolean;
  readonly alias?: string;
  /** IFF_UP: administrative state. */
  readonly up: boolean;
  /** RFC 2863 operstate as iproute2 prints it. */
  readonly operstate: string;
  readonly carrier: boolean;
  readonly counters: CounterValues;
};

const NLMSG_ERROR = 2;
const RTM_NEWLINK = 16;
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const IFLA_IFNAME = 3;
const IFLA_OPERSTATE = 16;
const IFLA_IFALIAS = 20;
const IFLA_STATS64 = 23;
const IFLA_CARRIER = 33;
const OPERSTATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP'] as const;
const ZERO: CounterValues = {
  rxBytes: 0,
  txBytes: 0,
  rxPackets: 0,
  txPackets: 0,
  rxErrors: 0,
  txErrors: 0,
  rxDropped: 0,
  txDropped: 0,
};

export class DumpError extends Error {
  readonly errno: number;
  constructor(errno: number) {
    super(`rtnetlink dump failed with errno ${errno}`);
    this.errno = errno;
  }
}

/** u64 as a Number without BigInt: exact below 2^53 bytes, which no counter reaches. */
const u64 = (b: Buffer, off: number): number => b.readUInt32LE(off) + b.readUInt32LE(off + 4) * 0x1_0000_0000;

const cstring = (b: Buffer, start: number, end: number): string => {
  const nul = b.indexOf(0, start);
  return b.toString('utf8', start, nul === -1 || nul > end ? end : nul);
};

export function parseLiveLinks(frame: Buffer): LiveLink[] {
  const links: LiveLink[] = [];
  for (let off = 0; off + 16 <= frame.length;) {
    const len = frame.readUInt32LE(off);
    if (len < 16 || off + len > frame.length) break;
    const type = frame.readUInt16LE(off + 4);
    if (type === NLMSG_ERROR && len >= 20) {
      const errno = -frame.readInt32LE(off + 16);
      if (errno !== 0) throw new DumpError(errno);
    }
    if (type === RTM_NEWLINK && len >= 32) {
      const link = parseOne(frame, off + 16, off + len);
      if (link !== null) links.push(link);
    }
    off += (len + 3) & ~3;
  }
  return links;
}

function parseOne(b: Buffer, start: number, end: number): LiveLink | null {
  const ifindex = b.readInt32LE(start + 4);
  const flags = b.readUInt32LE(start + 8);
  let ifname: string | undefined;
  let alias: string | undefined;
  let operstate = 0;
  let carrier = false;
  let counters = ZERO;
  for (let a = start + 16; a + 4 <= end;) {
    const alen = b.readUInt16LE(a);
    if (alen < 4 || a + alen > end) break;
    const atype = b.readUInt16LE(a + 2) & 0x3fff;
    const data = a + 4;
    switch (atype) {
      case IFLA_IFNAME:
        ifname = cstring(b, data, a + alen);
        break;
      case IFLA_IFALIAS:
        alias = cstring(b, data, a + alen);
        break;
      case IFLA_OPERSTATE:
        operstate = b.readUInt8(data);
        break;
      case IFLA_CARRIER:
        carrier = b.readUInt8(data) === 1;
        break;
      case IFLA_STATS64:
        // struct rtnl_link_stats64: rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped, ...
        if (alen >= 4 + 64) counters = stats64(b, data);
        break;
    }
    a += (alen + 3) & ~3;
  }
  if (ifname === undefined) return null;
  return {
    ifindex,
    ifname,
    loopback: (flags & IFF_LOOPBACK) !== 0,
    ...(alias !== undefined && alias !== '' && { alias }),
    up: (flags & IFF_UP) !== 0,
    operstate: OPERSTATES[operstate] ?? 'UNKNOWN',
    carrier,
    counters,
  };
}

/** struct rtnl_link_stats64 starts rx_packets, tx_packets, rx_bytes, tx_bytes, rx_errors, tx_errors, rx_dropped, tx_dropped. */
function stats64(b: Buffer, at: number): CounterValues {
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

const RTM_NEWSTATS = 92;
const IFLA_STATS_LINK_64 = 1;
const IF_STATS_MSG_LEN = 12;

/** An RTM_GETSTATS dump (IFLA_STATS_LINK_64 only): counters by ifindex. */
export function parseStatsDump(frame: Buffer): Map<number, CounterValues> {
  const out = new Map<number, CounterValues>();
  for (let off = 0; off + 16 <= frame.length; ) {
    const len = frame.readUInt32LE(off);
    if (len < 16 || off + len > frame.length) break;
    const type = frame.readUInt16LE(off + 4);
    if (type === NLMSG_ERROR && len >= 20) {
      const errno = -frame.readInt32LE(off + 16);
      if (errno !== 0) throw new DumpError(errno);
    }
    if (type === RTM_NEWSTATS && len >= 16 + IF_STATS_MSG_LEN) {
      const ifindex = frame.readUInt32LE(off + 16 + 4);
      for (let a = off + 16 + IF_STATS_MSG_LEN; a + 4 <= off + len; ) {
        const alen = frame.readUInt16LE(a);
        if (alen < 4 || a + alen > off + len) break;
        if ((frame.readUInt16LE(a + 2) & 0x3fff) === IFLA_STATS_LINK_64 && alen >= 4 + 64) out.set(ifindex, stats64(frame, a + 4));
        a += (alen + 3) & ~3;
      }
    }
    off += (len + 3) & ~3;
  }
  return out;
}
