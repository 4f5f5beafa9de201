import { canonicalCidr, canonicalIp } from './addressing';
import type { Document } from './document';
import type { Iface, KernelObject, KernelState } from './kernel';
import { impairFromDocument } from './impair';
import { assignMacs, macKey } from './mac';
import { resolver, type Place } from './resolve';
import { assertNever, type Mutable } from './result';
import { natFromDocument } from './nat';
import { canonicalRoutes } from './routes';

export const DEFAULT_VXLAN_PORT = 4789;

type InterfaceFields = {
  addresses?: string[] | undefined;
  mtu?: number | undefined;
  mac?: string | undefined;
  up?: boolean | undefined;
};

/**
 * The kernel state a valid document asks for. Pure and total on documents that passed
 * `validateDocument`; defaults are filled here (up, stp, port, the stable MAC of every interface
 * the document gives none: see `assignMacs`), "don't care" fields (mtu) stay absent.
 */
export function deriveDesired(doc: Document): KernelState {
  const r = resolver(doc);
  const macs = assignMacs(doc);
  const state = new Map<string, KernelObject>();
  const iface = (
    key: string,
    end: 'a' | 'b' | null,
    netns: string | null,
    ifname: string,
    fields: InterfaceFields,
    master: string | null,
  ): Iface => ifaceOf(netns, ifname, fields, master, macs.get(macKey(key, end)));
  const netnsOf = (place: Place | undefined): string | null => place?.name ?? null;
  const masterName = (id: string | undefined): string | null => {
    const node = id === undefined ? undefined : r.byId.get(id);
    return node?.type === 'bridge' ? node.name : null;
  };

  for (const node of doc.nodes) {
    switch (node.type) {
      case 'root':
        break;
      case 'namespace':
        state.set(node.id, {
          kind: 'netns',
          key: node.id,
          name: node.name,
          ...(node.forwarding !== undefined && { forwarding: node.forwarding }),
          ...(node.routes !== undefined && { routes: canonicalRoutes(node.routes) }),
          ...(node.nat !== undefined && { nat: natFromDocument(node.nat) }),
        });
        break;
      case 'bridge':
        state.set(node.id, {
          kind: 'bridge',
          key: node.id,
          iface: iface(node.id, null, netnsOf(r.placeOf(node)), node.name, node, null),
          stp: node.stp ?? false,
        });
        break;
      case 'tap':
        state.set(node.id, {
          kind: 'tap',
          key: node.id,
          iface: iface(node.id, null, netnsOf(r.placeOf(node)), node.name, node, masterName(node.master)),
        });
        break;
      case 'tun':
        state.set(node.id, {
          kind: 'tun',
          key: node.id,
          iface: iface(node.id, null, netnsOf(r.placeOf(node)), node.name, node, null),
        });
        break;
      case 'vxlan':
        state.set(node.id, {
          kind: 'vxlan',
          key: node.id,
          iface: iface(node.id, null, netnsOf(r.placeOf(node)), node.name, node, masterName(node.master)),
          vni: node.vni,
          port: node.port ?? DEFAULT_VXLAN_PORT,
          ...optionalIp('local', node.local),
          ...optionalIp('remote', node.remote),
          ...optionalIp('group', node.group),
          ...(node.underlay !== undefined && { underlay: node.underlay }),
        });
        break;
      default:
        assertNever(node, 'node');
    }
  }
  for (const link of doc.links) {
    const end = (side: 'a' | 'b'): Iface => {
      const place = r.endPlace(link[side]);
      const made = iface(
        link.id,
        side,
        netnsOf(place?.place),
        link[side].name,
        link[side],
        place?.bridge?.name ?? null,
      );
      return { ...made, impair: impairFromDocument(link[side].impairments) };
    };
    state.set(link.id, { kind: 'veth', key: link.id, a: end('a'), b: end('b') });
  }
  return state;
}

function ifaceOf(
  netns: string | null,
  ifname: string,
  fields: InterfaceFields,
  master: string | null,
  stableMac: string | undefined,
): Iface {
  const mac = fields.mac?.toLowerCase() ?? stableMac;
  // By assignment, in the order the fields always had (so the rest are set below, before it is
  // returned): one per interface of the document, in cold code.
  const iface = { netns, ifname } as Mutable<Iface>;
  if (fields.mtu !== undefined) iface.mtu = fields.mtu;
  if (mac !== undefined) iface.mac = mac;
  iface.addresses = canonicalAddresses(fields.addresses ?? []);
  iface.master = master;
  iface.up = fields.up ?? true;
  return iface;
}

export function canonicalAddresses(addresses: readonly string[]): string[] {
  // Most interfaces have one address or none: no set, no sort.
  if (addresses.length <= 1) return addresses.map((a) => canonicalCidr(a) ?? a);
  return [...new Set(addresses.map((a) => canonicalCidr(a) ?? a))].sort();
}

function optionalIp<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  if (value === undefined) return {};
  return { [key]: canonicalIp(value)?.address ?? value } as { [P in K]?: string };
}
