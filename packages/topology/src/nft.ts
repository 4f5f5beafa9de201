import type { ForwardSpec, NatSpec } from './kernel';

/**
 * netloom's NAT table as `nft` arguments: one nft transaction (nft joins its arguments into one
 * script; `;` separates its commands), so the table is replaced whole or not at all and no packet
 * ever sees half of it. Only `inet <table>` is named: the rest of the namespace's ruleset stays.
 * Interface names go unquoted: validated names (letters, digits, `_.-`) that nft reads as strings.
 */

/** Chains netloom puts in its table: name, hook and priority (the observer checks all three). */
export const NAT_CHAINS = [
  { name: 'prerouting', hook: 'prerouting', priority: 'dstnat', prio: -100 },
  { name: 'postrouting', hook: 'postrouting', priority: 'srcnat', prio: 100 },
] as const;

/** `add table; delete table`: removes the table whether or not it is there. */
const clear = (table: string): string[] => ['add', 'table', 'inet', table, ';', 'delete', 'table', 'inet', table];

export function nftDelete(table: string): string[] {
  return clear(table);
}

export function nftReplace(table: string, nat: NatSpec): string[] {
  const chains = NAT_CHAINS.flatMap((c) => [
    ';',
    ...['add', 'chain', 'inet', table, c.name, '{', 'type', 'nat', 'hook', c.hook, 'priority', c.priority, ';'],
    ...['policy', 'accept', ';', '}'],
  ]);
  const masquerade = nat.masquerade.flatMap((dev) => [
    ';',
    ...['add', 'rule', 'inet', table, 'postrouting', 'oifname', dev, 'masquerade'],
  ]);
  const forwards = nat.forwards.flatMap((f) => [';', 'add', 'rule', 'inet', table, 'prerouting', ...forwardRule(f)]);
  return [...clear(table), ';', 'add', 'table', 'inet', table, ...chains, ...masquerade, ...forwards];
}

/** IPv4 only (`meta nfproto ipv4`): the table is `inet`, and `dnat ip to` cannot translate IPv6. */
function forwardRule(f: ForwardSpec): string[] {
  return [
    ...['meta', 'nfproto', 'ipv4'],
    ...(f.dev === undefined ? [] : ['iifname', f.dev]),
    ...(f.address === undefined ? [] : ['ip', 'daddr', f.address]),
    ...[f.protocol, 'dport', String(f.port), 'dnat', 'ip', 'to', `${f.to}:${f.toPort}`],
  ];
}
