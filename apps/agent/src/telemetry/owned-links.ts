import type { LinkStateEntry } from '@netloom/protocol';
import { parseMarker } from '@netloom/topology';

import type { LinkRecord } from '../observe/rtnetlink';

/** One interface netloom owns, as the kernel reports it right now. */
export type OwnedLink = {
  readonly topology: string;
  /** The marker's object id plus the veth end: `l1/a`, `br0`. */
  readonly object: string;
  readonly netns: string | null;
  readonly ifname: string;
  readonly record: LinkRecord;
};

/** The links carrying our marker. Loopbacks carry a namespace's marker, but are not the topology's interfaces. */
export function ownedLinks(netns: string | null, records: readonly LinkRecord[]): OwnedLink[] {
  return records.flatMap((record) => {
    const marker = record.loopback ? null : parseMarker(record.alias);
    if (marker === null) return [];
    const object = marker.end === null ? marker.key : `${marker.key}/${marker.end}`;
    return [{ topology: marker.topology, object, netns, ifname: record.ifname, record }];
  });
}

/** The namespaces a topology owns: their `lo` carries the marker. */
export function namespaceOwner(records: readonly LinkRecord[]): string | null {
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
 * What changed between two readings: new or changed states, and links that vanished (reported
 * once with `present: false`). Only the namespaces in `scope` were re-read; others keep their state.
 */
export function diffLinkStates(
  before: ReadonlyMap<string, LinkStateEntry>,
  after: ReadonlyMap<string, LinkStateEntry>,
  scope: (netns: string | null) => boolean = () => true,
): LinkStateEntry[] {
  const changed: LinkStateEntry[] = [];
  for (const [key, entry] of after) {
    const old = before.get(key);
    if (old === undefined || old.admin !== entry.admin || old.oper !== entry.oper || old.carrier !== entry.carrier || old.object !== entry.object) {
      changed.push(entry);
    }
  }
  for (const [key, entry] of before) {
    if (!after.has(key) && scope(entry.netns)) changed.push({ ...entry, present: false });
  }
  return changed;
}
