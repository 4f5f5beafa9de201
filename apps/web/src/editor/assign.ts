import {
  allocateIpv4,
  err,
  ipv4Hosts,
  ok,
  sameIpv4Subnet,
  type Document,
  type Result,
  type VethEnd,
} from '@netloom/topology';

import { diffDocuments, type Patch } from './history';

/** Every address in the document except those `skip` says to replace. */
function takenAddresses(doc: Document, skip: (address: string) => boolean): string[] {
  const all = [
    ...doc.nodes.flatMap((n) => ('addresses' in n ? (n.addresses ?? []) : [])),
    ...doc.links.flatMap((l) => [...(l.a.addresses ?? []), ...(l.b.addresses ?? [])]),
  ];
  return all.filter((a) => !skip(a));
}

const without = (addresses: readonly string[] | undefined, subnet: string) =>
  (addresses ?? []).filter((a) => !sameIpv4Subnet(a, subnet));

/** Gives both ends of a veth the next free addresses of `subnet`, replacing theirs in it. */
export function assignVethSubnet(doc: Document, linkId: string, subnet: string): Result<Patch, string> {
  const link = doc.links.find((l) => l.id === linkId);
  if (link === undefined) return err('that link no longer exists');
  return assign(doc, subnet, 2, (picked) => {
    const set = (end: VethEnd, address: string | undefined): VethEnd => ({
      ...end,
      addresses: [...without(end.addresses, subnet), ...(address === undefined ? [] : [address])],
    });
    const links = doc.links.map((l) =>
      l.id === linkId ? { ...l, a: set(l.a, picked[0]), b: set(l.b, picked[1]) } : l,
    );
    return { ...doc, links };
  });
}

/**
 * One segment behind a bridge: the bridge gets the first free address of `subnet` (the
 * gateway), then the far end of every veth attached to it.
 */
export function assignSegmentSubnet(doc: Document, bridgeId: string, subnet: string): Result<Patch, string> {
  const bridge = doc.nodes.find((n) => n.id === bridgeId);
  if (bridge?.type !== 'bridge') return err('that bridge no longer exists');
  const attached = doc.links.filter((l) => (l.a.node === bridgeId) !== (l.b.node === bridgeId));
  return assign(doc, subnet, 1 + attached.length, (picked) => {
    const [first, ...rest] = picked;
    const nodes = doc.nodes.map((n) =>
      n.id === bridgeId && n.type === 'bridge'
        ? { ...n, addresses: [...without(n.addresses, subnet), ...(first === undefined ? [] : [first])] }
        : n,
    );
    const far = new Map(attached.map((l, i) => [l.id, rest[i]]));
    const links = doc.links.map((l) => {
      if (!far.has(l.id)) return l;
      const address = far.get(l.id);
      const side = l.a.node === bridgeId ? 'b' : 'a';
      const end = l[side];
      return {
        ...l,
        [side]: { ...end, addresses: [...without(end.addresses, subnet), ...(address === undefined ? [] : [address])] },
      };
    });
    return { ...doc, nodes, links };
  });
}

function assign(
  doc: Document,
  subnet: string,
  count: number,
  apply: (picked: string[]) => Document,
): Result<Patch, string> {
  if (ipv4Hosts(subnet.trim()) === null) return err(`"${subnet}" is not an IPv4 subnet such as 10.0.0.0/24`);
  const cleared = apply([]);
  const picked = allocateIpv4(
    subnet.trim(),
    count,
    takenAddresses(cleared, () => false),
  );
  if (picked.length < count)
    return err(`${subnet} has room for ${picked.length} more address(es); ${count} are needed`);
  return ok(diffDocuments(doc, apply(picked)));
}
