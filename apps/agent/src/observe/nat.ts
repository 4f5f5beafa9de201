import {
  canonicalNat,
  forwardSpec,
  NAT_CHAINS,
  type ForwardSpec,
  type NatSpec,
  type Snapshot,
} from '@netloom/topology';
import { z } from 'zod';

import { inNetns } from '../exec/netns';
import type { CommandRunner } from '../exec/runner';

/**
 * netloom's nftables table in the namespaces whose document manages NAT: one `nft -j list table`
 * each, inside the namespace, of that table alone (another table of the namespace is never read).
 * A missing table is an empty one.
 */
export async function readNat(
  runner: CommandRunner,
  snapshot: Snapshot,
  names: ReadonlySet<string>,
  table: string,
): Promise<Snapshot> {
  const namespaces = await Promise.all(
    snapshot.namespaces.map(async (ns) => {
      if (!names.has(ns.name) || ns.links === undefined) return ns;
      const [file = 'nsenter', ...args] = inNetns(ns.name, ['nft', '-j', 'list', 'table', 'inet', table]);
      const r = await runner.run(file, args);
      if (r.exitCode !== 0 && /No such file or directory/.test(r.stderr)) return { ...ns, nat: canonicalNat([], []) };
      if (r.exitCode !== 0) throw new Error(`reading nftables table ${table} of ${ns.name} failed: ${r.stderr.trim()}`);
      return { ...ns, nat: parseNatTable(r.stdout) };
    }),
  );
  return { ...snapshot, namespaces };
}

const NftJson = z.object({ nftables: z.array(z.record(z.string(), z.unknown())) });
const Chain = z.object({
  name: z.string(),
  type: z.string().optional(),
  hook: z.string().optional(),
  prio: z.number().optional(),
});
const Rule = z.object({ chain: z.string(), expr: z.array(z.record(z.string(), z.unknown())) });
const Match = z.object({
  op: z.literal('=='),
  left: z.union([
    z.object({ meta: z.object({ key: z.string() }) }),
    z.object({ payload: z.object({ protocol: z.string(), field: z.string() }) }),
  ]),
  right: z.union([z.string(), z.number()]),
});
const Dnat = z.object({ family: z.literal('ip').optional(), addr: z.string(), port: z.number() });

/**
 * `nft -j list table` → the rules as netloom writes them (see nft.ts). Anything else in the table
 * (another chain, a rule netloom would not write) makes it not intact: drift, which the next apply
 * replaces.
 */
export function parseNatTable(json: string): NatSpec {
  const items = NftJson.parse(JSON.parse(json)).nftables;
  let intact = true;
  const masquerade: string[] = [];
  const forwards: ForwardSpec[] = [];
  const chains: string[] = [];
  for (const item of items) {
    if ('chain' in item) {
      const c = Chain.safeParse(item['chain']);
      const ours = NAT_CHAINS.find((n) => c.success && n.name === c.data.name);
      if (
        !c.success ||
        ours === undefined ||
        c.data.type !== 'nat' ||
        c.data.hook !== ours.hook ||
        c.data.prio !== ours.prio
      )
        intact = false;
      else chains.push(c.data.name);
    } else if ('rule' in item) {
      const r = Rule.safeParse(item['rule']);
      const read = r.success ? readRule(r.data.chain, r.data.expr) : null;
      if (read === null) intact = false;
      else if (typeof read === 'string') masquerade.push(read);
      else forwards.push(read);
    } else if (!('metainfo' in item) && !('table' in item)) intact = false;
  }
  if (chains.length !== NAT_CHAINS.length) intact = false;
  return canonicalNat(masquerade, forwards, intact);
}

/** A masquerade rule (its interface), a forward, or null for a rule netloom does not write. */
function readRule(chain: string, expr: readonly Record<string, unknown>[]): string | ForwardSpec | null {
  const matches: Record<string, string | number> = {};
  let action: { masquerade: true } | { dnat: z.infer<typeof Dnat> } | null = null;
  for (const e of expr) {
    if ('match' in e) {
      const m = Match.safeParse(e['match']);
      if (!m.success) return null;
      const left = m.data.left;
      const key = 'meta' in left ? left.meta.key : `${left.payload.protocol}.${left.payload.field}`;
      if (key in matches) return null;
      matches[key] = m.data.right;
    } else if ('masquerade' in e && e['masquerade'] === null && action === null) action = { masquerade: true };
    else if ('dnat' in e && action === null) {
      const d = Dnat.safeParse(e['dnat']);
      if (!d.success) return null;
      action = { dnat: d.data };
    } else return null;
  }
  const keys = Object.keys(matches).sort().join(',');
  if (chain === 'postrouting' && action !== null && 'masquerade' in action && keys === 'oifname') {
    const dev = matches['oifname'];
    return typeof dev === 'string' ? dev : null;
  }
  // nft drops `meta nfproto ipv4` where `ip daddr` implies it.
  if (chain !== 'prerouting' || action === null || !('dnat' in action)) return null;
  if ('nfproto' in matches && matches['nfproto'] !== 'ipv4') return null;
  const protocol = 'tcp.dport' in matches ? 'tcp' : 'udp.dport' in matches ? 'udp' : null;
  const port = protocol === null ? undefined : matches[`${protocol}.dport`];
  const dev = matches['iifname'];
  const address = matches['ip.daddr'];
  const expected = [
    ...('nfproto' in matches ? ['nfproto'] : []),
    `${protocol}.dport`,
    ...(dev === undefined ? [] : ['iifname']),
    ...(address === undefined ? [] : ['ip.daddr']),
  ];
  if (protocol === null || typeof port !== 'number' || expected.sort().join(',') !== keys) return null;
  if ((dev !== undefined && typeof dev !== 'string') || (address !== undefined && typeof address !== 'string'))
    return null;
  return forwardSpec({ protocol, port, dev, address, to: action.dnat.addr, toPort: action.dnat.port });
}
