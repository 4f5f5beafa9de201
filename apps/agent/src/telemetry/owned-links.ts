import type { LinkStateEntry } from '@netloom/protocol';
import { parseMarker } from '@netloom/topology';

import type { LiveLink } from './live-parse';

/** One interface netloom owns, as the kernel reports it right now. */
export type OwnedLink = {
  readonly topology: string;
  /** The marker's object id plus the veth end: `l1/a`, `br0`. */
  readonly object: string;
  readonly netns: string | null;
  readonly ifname: string;
  readonly record: LiveLink;
};

/** The links carrying our marker. Loopbacks carry a namespace's marker, but are not the topology's interfaces. */
export function ownedLinks(netns: string | null, records: readonly LiveLink[]): OwnedLink[] {
  return records.flatMap((record) => {
    const marker = record.loopback ? null : parseMarker(record.alias);
    if (marker === null) return [];
    const object = marker.end === null ? marker.key : `${marker.key}/${marker.end}`;
    return [{ topology: marker.topology, object, netns, ifname: record.ifname, record }];
  });
}

/** The namespaces a topology owns: their `lo` carries the marker. */
export function namespaceOwner(records: readonly LiveLink[]): string | null {
  const lo = records.find((r) => r.loopback);
  return parseMarker(lo?.alias)?.topology ?? null;
}

export const linkKey = (netns: string | null, ifname: string): string => `${netns ?? ''}/${ifname}`;

export function toLinkState(link: OwnedLink): LinkStateEntry {
  return {
    topology: link.topology,
    object: link.object,
    netns: link.netns,
    ifname: link.ifname,
    admin: link.record.up ? 'up' : 'down',
    oper: link.record.operstate,
    carrier: link.record.carrier,
    present: true,
  };
}

/**
 * Folds a reading into `states` (mutated: the telemetry loop runs this every second over every
 * owned interface, so nothing is copied and an entry is allocated only when it changed) and
 * returns what changed: new or changed states, and links that vanished from the namespaces that
 * were read (`inScope`), reported once with `present: false`.
 */
export function updateLinkStates(
  states: Map<string, LinkStateEntry>,
  links: readonly OwnedLink[],
  inScope: (netns: string | null) => boolean,
): LinkStateEntry[] {
  const changed: LinkStateEntry[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    const key = linkKey(link.netns, link.ifname);
    seen.add(key);
    const old = states.get(key);
    const r = link.record;
    if (
      old !== undefined &&
      old.admin === (r.up ? 'up' : 'down') &&
      old.oper === r.operstate &&
      old.carrier === r.carrier &&
      old.object === link.object &&
      old.topology === link.topology
    )
      continue;
    const entry = toLinkState(link);
    states.set(key, entry);
    changed.push(entry);
  }
  for (const [key, entry] of states) {
    if (seen.has(key) || !inScope(entry.netns)) continue;
    states.delete(key);
    changed.push({ ...entry, present: false });
  }
  return changed;
}
