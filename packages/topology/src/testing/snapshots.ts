import { formatMarker } from '../ownership';
import type { Snapshot, SnapshotLink, SnapshotNetns } from '../snapshot';

/**
 * Builders for kernel snapshots (what the agent reads), for tests of `assembleState` and the
 * clash check. ifindexes are only unique within one builder call chain; nothing compares them.
 */

let nextIfindex = 100;

/** A link as `ip -j -d link` would report it: down, MTU 1500, no addresses, unless `extra` says otherwise. */
export const aKernelLink = (
  ifname: string,
  kind: SnapshotLink['kind'],
  extra: Partial<SnapshotLink> = {},
): SnapshotLink => ({
  ifindex: nextIfindex++,
  ifname,
  kind,
  up: false,
  mtu: 1500,
  addresses: [],
  ...extra,
});

/** A link carrying the ownership marker of `topology`/`key` (and `/a`, `/b` for veth ends). */
export const anOwnedLink = (
  topology: string,
  key: string,
  ifname: string,
  kind: SnapshotLink['kind'],
  extra: Partial<SnapshotLink> & { readonly end?: 'a' | 'b' } = {},
): SnapshotLink => {
  const { end = null, ...rest } = extra;
  return aKernelLink(ifname, kind, { alias: formatMarker(topology, key, end), ...rest });
};

/** A namespace whose `lo` carries the marker of `topology`/`key`, with `links` besides. */
export const anOwnedNetns = (
  topology: string,
  key: string,
  name: string,
  links: SnapshotLink[] = [],
  extra: Partial<SnapshotNetns> = {},
): SnapshotNetns => ({
  name,
  links: [aKernelLink('lo', 'loopback', { alias: formatMarker(topology, key), up: true, mtu: 65536 }), ...links],
  ...extra,
});

/** A namespace netloom did not make: unmarked `lo` (or, with `links: undefined`, not readable at all). */
export const aForeignNetns = (name: string, links: SnapshotLink[] | undefined = []): SnapshotNetns =>
  links === undefined ? { name } : { name, links: [aKernelLink('lo', 'loopback', { up: true, mtu: 65536 }), ...links] };

export const aSnapshot = (root: SnapshotLink[] = [], namespaces: SnapshotNetns[] = []): Snapshot => ({
  root: [aKernelLink('lo', 'loopback', { up: true, mtu: 65536 }), ...root],
  namespaces,
});
