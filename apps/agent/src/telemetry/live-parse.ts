import type { CounterValues } from '@netloom/protocol';

import { forEachAttr, forEachMessage, stats64, STATS64_MIN_BYTES } from '../observe/netlink-frame';
import { parseLinkDump, type LinkRecord } from '../observe/rtnetlink';

/**
 * What the telemetry loop needs of a link (name, alias, flags, operstate, carrier, counters):
 * the observer's in-place decoder, which reads only that much for interfaces that are not ours.
 */
export type LiveLink = Pick<
  LinkRecord,
  'ifindex' | 'ifname' | 'loopback' | 'alias' | 'up' | 'operstate' | 'carrier' | 'counters'
>;

export const parseLiveLinks: (frame: Buffer) => LiveLink[] = parseLinkDump;

const RTM_NEWSTATS = 92;
const IFLA_STATS_LINK_64 = 1;
const IF_STATS_MSG_LEN = 12;

/** An RTM_GETSTATS dump (IFLA_STATS_LINK_64 only): counters by ifindex. */
export function parseStatsDump(frame: Buffer): Map<number, CounterValues> {
  const out = new Map<number, CounterValues>();
  forEachMessage(frame, (type, start, end) => {
    if (type !== RTM_NEWSTATS || end - start < IF_STATS_MSG_LEN) return;
    const ifindex = frame.readUInt32LE(start + 4);
    forEachAttr(frame, start + IF_STATS_MSG_LEN, end, (attr, from, to) => {
      if (attr === IFLA_STATS_LINK_64 && to - from >= STATS64_MIN_BYTES) out.set(ifindex, stats64(frame, from));
    });
  });
  return out;
}
