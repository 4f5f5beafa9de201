import type { SnapshotLink, SnapshotLinkKind } from '@netloom/topology';

import { SCOPE_LINK, type AddressRecord, type LinkRecord } from './rtnetlink';

/** One namespace's links and addresses, as read from rtnetlink → the lenient snapshot form. */
export function toSnapshotLinks(links: readonly LinkRecord[], addresses: readonly AddressRecord[]): SnapshotLink[] {
  const nameOf = new Map(links.map((l) => [l.ifindex, l.ifname]));
  const addressesOf = new Map<number, string[]>();
  for (const a of addresses) {
    if (a.scope === SCOPE_LINK) continue; // fe80::/64 and friends: the kernel's, not the user's
    const list = addressesOf.get(a.ifindex) ?? [];
    list.push(a.cidr);
    addressesOf.set(a.ifindex, list);
  }
  return links.map((l): SnapshotLink => {
    const master = l.masterIndex === undefined ? undefined : nameOf.get(l.masterIndex);
    const vx = l.info.vxlan;
    const underlay = vx?.underlayIndex === undefined ? undefined : nameOf.get(vx.underlayIndex);
    return {
      ifindex: l.ifindex,
      ifname: l.ifname,
      kind: kindOf(l),
      ...(l.alias !== undefined && { alias: l.alias }),
      ...(master !== undefined && { master }),
      up: l.up,
      mtu: l.mtu,
      ...(l.mac !== undefined && { mac: l.mac }),
      addresses: (addressesOf.get(l.ifindex) ?? []).sort(),
      ...(l.info.stp !== undefined && { stp: l.info.stp }),
      ...(l.qdisc !== undefined && { qdisc: { kind: l.qdisc } }),
      ...(vx !== undefined && {
        vxlan: {
          vni: vx.vni,
          port: vx.port,
          ...(vx.local !== undefined && { local: vx.local }),
          ...(vx.remote !== undefined && { remote: vx.remote }),
          ...(vx.group !== undefined && { group: vx.group }),
          ...(underlay !== undefined && { underlay }),
        },
      }),
    };
  });
}

function kindOf(link: LinkRecord): SnapshotLinkKind {
  if (link.loopback) return 'loopback';
  switch (link.info.kind) {
    case 'veth':
    case 'bridge':
    case 'vxlan':
      return link.info.kind;
    case 'tun':
      // tun and tap both report kind "tun"; the mode is IFLA_TUN_TYPE.
      return link.info.tap === true ? 'tap' : 'tun';
    default:
      return 'other';
  }
}
