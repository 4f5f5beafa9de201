import type { CounterValues } from '@netloom/protocol';

import { linkKey, type OwnedLink } from './owned-links';

/**
 * A veth's tx is its peer's rx, byte for byte and packet for packet (not drops and errors). So the
 * namespace end of a veth whose other end is in the root namespace can be counted from the root
 * namespace alone: one netlink dump per second instead of one per namespace (PERFORMANCE.md).
 * Returns namespace-end key → root-end key, for every such owned veth.
 */
export function rootMirrors(links: Iterable<OwnedLink>): Map<string, string> {
  const ends = new Map<string, { a?: OwnedLink; b?: OwnedLink }>();
  for (const link of links) {
    const [key, end] = link.object.split('/');
    if (end !== 'a' && end !== 'b') continue;
    const id = `${link.topology}/${key}`;
    ends.set(id, { ...ends.get(id), [end]: link });
  }
  const mirrors = new Map<string, string>();
  for (const { a, b } of ends.values()) {
    if (a === undefined || b === undefined) continue;
    if (a.netns === null && b.netns !== null) mirrors.set(linkKey(b.netns, b.ifname), linkKey(null, a.ifname));
    if (b.netns === null && a.netns !== null) mirrors.set(linkKey(a.netns, a.ifname), linkKey(null, b.ifname));
  }
  return mirrors;
}

/** The far end's counters from the near end's, keeping the far end's own drops and errors as last read. */
export function mirrorCounters(near: CounterValues, farLast: CounterValues): CounterValues {
  return {
    rxBytes: near.txBytes,
    txBytes: near.rxBytes,
    rxPackets: near.txPackets,
    txPackets: near.rxPackets,
    rxErrors: farLast.rxErrors,
    txErrors: farLast.txErrors,
    rxDropped: farLast.rxDropped,
    txDropped: farLast.txDropped,
  };
}
