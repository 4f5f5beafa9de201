import { canonicalIp } from './addressing';
import type { Nat, PortForward } from './document';
import type { ForwardSpec, NatSpec } from './kernel';

/**
 * netloom's nftables table in a namespace: `inet netloom_<topology>`. The topology's name in the
 * table's name is its ownership marker, as an interface's alias is: netloom lists, replaces and
 * deletes this table only, never another table of the namespace.
 */
export const natTableName = (topology: string): string => `netloom_${topology}`;

/** One forward in a fixed key order, so desired and observed compare as JSON. */
export function forwardSpec(f: {
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly dev?: string | undefined;
  readonly address?: string | undefined;
  readonly to: string;
  readonly toPort?: number | undefined;
}): ForwardSpec {
  return {
    protocol: f.protocol,
    port: f.port,
    ...(f.dev !== undefined && { dev: f.dev }),
    ...(f.address !== undefined && { address: canonicalIp(f.address)?.address ?? f.address }),
    to: canonicalIp(f.to)?.address ?? f.to,
    toPort: f.toPort ?? f.port,
  };
}

const forwardOrder = (f: ForwardSpec): string => JSON.stringify(f);

/** Deduplicated and sorted: the order rules appear in never matters to the diff. */
export function canonicalNat(masquerade: readonly string[], forwards: readonly ForwardSpec[], intact = true): NatSpec {
  const byKey = new Map(forwards.map((f) => [forwardOrder(f), f]));
  return {
    masquerade: [...new Set(masquerade)].sort(),
    forwards: [...byKey.keys()].sort().map((k) => byKey.get(k)!),
    intact,
  };
}

export function natFromDocument(nat: Nat): NatSpec {
  return canonicalNat(
    nat.masquerade ?? [],
    (nat.forwards ?? []).map((f: PortForward) => forwardSpec(f)),
  );
}

/** No rule at all: netloom's table should not exist. */
export const natIsEmpty = (nat: NatSpec): boolean => nat.masquerade.length === 0 && nat.forwards.length === 0;
