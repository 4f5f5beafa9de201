import { parseCidr, type Document } from '@netloom/topology';

export type KnownAddress = { readonly address: string; readonly label: string };

/** Every address the document assigns, without its prefix, labelled by where it lives. */
export function documentAddresses(doc: Document): KnownAddress[] {
  const out: KnownAddress[] = [];
  const add = (cidrs: readonly string[] | undefined, where: string) => {
    for (const cidr of cidrs ?? []) {
      const parsed = parseCidr(cidr);
      if (parsed !== null) out.push({ address: parsed.address, label: `${parsed.address} (${where})` });
    }
  };
  for (const n of doc.nodes) if ('addresses' in n) add(n.addresses, `${n.id} ${n.name}`);
  for (const l of doc.links) {
    add(l.a.addresses, `${l.a.node} ${l.a.name}`);
    add(l.b.addresses, `${l.b.node} ${l.b.name}`);
  }
  return out;
}

/** Ping sources: the root namespace (null) and every namespace of the document. */
export function pingSources(doc: Document): { readonly value: string; readonly label: string }[] {
  return [
    { value: '', label: 'root namespace' },
    ...doc.nodes.flatMap((n) => (n.type === 'namespace' ? [{ value: n.name, label: n.name }] : [])),
  ];
}
