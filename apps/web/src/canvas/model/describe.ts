import type { DeviceNode, Document, Node, Route, VethEnd } from '@netloom/topology';

import type { HeaderSpec, PortText } from './frame';

/**
 * What the canvas writes on each thing, in the words of the kernel: names as `ip link` shows
 * them, never document ids (those are in the inspector).
 */

const routeText = (r: Route) => [r.to, r.via && `via ${r.via}`, r.dev && `dev ${r.dev}`].filter(Boolean).join(' ');

const notes = (x: { mtu?: number | undefined; up?: boolean | undefined }): string[] => [
  ...(x.mtu === undefined ? [] : [`mtu ${x.mtu}`]),
  ...(x.up === false ? ['set down'] : []),
];

export function boxHeader(node: Extract<Node, { type: 'namespace' | 'root' }>): HeaderSpec {
  if (node.type === 'root') return { title: 'root namespace', kind: 'the host', state: false, lines: [] };
  return {
    title: node.name,
    kind: `network namespace${node.forwarding === true ? ' · forwarding' : ''}`,
    state: false,
    lines: (node.routes ?? []).map(routeText),
  };
}

export function deviceHeader(dev: DeviceNode, doc: Document): HeaderSpec {
  const nameOf = (id: string) => doc.nodes.find((n) => n.id === id && n.type !== 'root' && n.type !== 'namespace');
  const master = (id: string | undefined) => {
    if (id === undefined) return [];
    const m = nameOf(id);
    return [`master ${m !== undefined && 'name' in m ? m.name : '?'}`];
  };
  const addresses = dev.addresses ?? [];
  switch (dev.type) {
    case 'bridge':
      return {
        title: dev.name,
        kind: 'bridge',
        state: true,
        lines: [...addresses, ...(dev.stp === true ? ['STP on'] : []), ...notes(dev)],
      };
    case 'tap':
      return { title: dev.name, kind: 'tap', state: true, lines: [...addresses, ...master(dev.master), ...notes(dev)] };
    case 'tun':
      return { title: dev.name, kind: 'tun', state: true, lines: [...addresses, ...notes(dev)] };
    case 'vxlan': {
      const peer =
        dev.remote !== undefined
          ? [`remote ${dev.remote}`]
          : dev.group !== undefined
            ? [`group ${dev.group}`]
            : ['learns its peers'];
      return {
        title: dev.name,
        kind: 'VXLAN',
        state: true,
        lines: [
          `VNI ${dev.vni} · UDP ${dev.port ?? 4789}`,
          ...(dev.local === undefined ? [] : [`local ${dev.local}`]),
          ...peer,
          ...(dev.underlay === undefined ? [] : [`dev ${dev.underlay}`]),
          ...master(dev.master),
          ...addresses,
          ...notes(dev),
        ],
      };
    }
  }
}

export function portText(end: VethEnd): PortText {
  const note = notes(end).join(' · ');
  return { name: end.name, addresses: end.addresses ?? [], ...(note === '' ? {} : { note }) };
}
