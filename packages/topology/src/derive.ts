import { canonicalCidr, canonicalIp } from './addressing';
import type { Document } from './document';
import type { Iface, KernelObject, KernelState } from './kernel';
import { resolver, type Place } from './resolve';
import { assertNever } from './result';
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
 * `validateDocument`; defaults are filled here (up, stp, port), "don't care" fields stay absent.
 */
export function deriveDesired(doc: Document): KernelState {
  const r = resolver(doc);
  const state = new Map<string, KernelObject>();
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
        });
        break;
      case 'bridge':
        state.set(node.id, {
          kind: 'bridge',
          key: node.id,
          iface: iface(netnsOf(r.placeOf(node)), node.name, node, null),
          stp: node.stp ?? false,
        });
        break;
      case 'tap':
        state.set(node.id, {
          kind: 'tap',
          key: node.id,
          iface: iface(netnsOf(r.placeOf(node)), node.name, node, masterName(node.master)),
        });
        break;
      case 'tun':
        state.set(node.id, {
          kind: 'tun',
          key: node.id,
          iface: iface(netnsOf(r.placeOf(node)), node.name, node, null),
        });
        break;
      case 'vxlan':
        state.set(node.id, {
          kind: 'vxlan',
          key: node.id,
          iface: iface(netnsOf(r.placeOf(node)), node.name, node, masterName(node.master)),
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
      return iface(netnsOf(place?.place), link[side].name, link[side], place?.bridge?.name ?? null);
    };
    state.set(link.id, { kind: 'veth', key: link.id, a: end('a'), b: end('b') });
  }
  return state;
}

function iface(netns: string | null, ifname: string, fields: InterfaceFields, master: string | null): Iface {
  return {
    netns,
    ifname,
    ...(fields.mtu !== undefined && { mtu: fields.mtu }),
    ...(fields.mac !== undefined && { mac: fields.mac.toLowerCase() }),
    addresses: canonicalAddresses(fields.addresses ?? []),
    master,
    up: fields.up ?? true,
  };
}

export function canonicalAddresses(addresses: readonly string[]): string[] {
  return [...new Set(addresses.map((a) => canonicalCidr(a) ?? a))].sort();
}

function optionalIp<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  if (value === undefined) return {};
  return { [key]: canonicalIp(value)?.address ?? value } as { [P in K]?: string };
}
