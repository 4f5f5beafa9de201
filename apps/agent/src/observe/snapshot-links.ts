import type { Mutable, SnapshotLink, SnapshotLinkKind } from '@netloom/topology';

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
  // Built by assignment, not `...(c && { k })`: see linkRecord in kernel-json.ts.
  return links.map((l): SnapshotLink => {
    const master = l.masterIndex === undefined ? undefined : nameOf.get(l.masterIndex);
    // The rest are set below, before it is returned.
    const r = { ifindex: l.ifindex, ifname: l.ifname, kind: kindOf(l) } as Mutable<SnapshotLink>;
    if (l.alias !== undefined) r.alias = l.alias;
    if (master !== undefined) r.master = master;
    r.up = l.up;
    r.mtu = l.mtu;
    if (l.mac !== undefined) r.mac = l.mac;
    r.addresses = (addressesOf.get(l.ifindex) ?? []).sort();
    if (l.info.stp !== undefined) r.stp = l.info.stp;
    if (l.qdisc !== undefined) r.qdisc = { kind: l.qdisc };
    const vx = l.info.vxlan;
    if (vx !== undefined) {
      const underlay = vx.underlayIndex === undefined ? undefined : nameOf.get(vx.underlayIndex);
      const vxlan: Mutable<NonNullable<SnapshotLink['vxlan']>> = { vni: vx.vni, port: vx.port };
      if (vx.local !== undefined) vxlan.local = vx.local;
      if (vx.remote !== undefined) vxlan.remote = vx.remote;
      if (vx.group !== undefined) vxlan.group = vx.group;
      if (underlay !== undefined) vxlan.underlay = underlay;
      r.vxlan = vxlan;
    }
    return r;
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
