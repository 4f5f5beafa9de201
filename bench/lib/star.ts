/**
 * The benchmark topology: a star of N namespaces around one bridge in the root namespace. Every
 * namespace has `lo` up and one veth (`eth0` inside, `vb<i>` on the bridge) with a unique IPv4
 * address in 10.0.0.0/16; the bridge carries 10.0.0.1/16. The same topology is written three ways:
 * a netloom document, a tutorial script (one `ip` process per command) and an `ip -batch` script.
 */

export const BRIDGE = 'br-bench';
export const BRIDGE_ADDRESS = '10.0.0.1/16';
export const TOPOLOGY = 'bench-star';

export type Host = {
  /** 1-based. */
  readonly index: number;
  /** The netns name. */
  readonly netns: string;
  /** The veth end on the bridge, in the root namespace. */
  readonly port: string;
  /** The veth end inside the namespace. */
  readonly ifname: 'eth0';
  readonly address: string;
};

/** 10.0.<1 + (i-1) / 200>.<1 + (i-1) % 200>/16: unique up to 50,000 hosts, never .0 or .255. */
export function hostAddress(index: number): string {
  const k = index - 1;
  return `10.0.${1 + Math.floor(k / 200)}.${1 + (k % 200)}/16`;
}

export function star(n: number): Host[] {
  return Array.from({ length: n }, (_, k) => ({
    index: k + 1,
    netns: `bn${k + 1}`,
    port: `vb${k + 1}`,
    ifname: 'eth0' as const,
    address: hostAddress(k + 1),
  }));
}

/** The host whose address the one-link-change measurement moves, and where it moves it to. */
export function changedHost(hosts: readonly Host[]): { readonly host: Host; readonly address: string } {
  const host = hosts[Math.floor(hosts.length / 2)];
  if (host === undefined) throw new Error('empty star');
  return { host, address: '10.0.250.250/16' };
}

/** A netloom document (format v1) for the star; `override` replaces some hosts' addresses. */
export function netloomDocument(hosts: readonly Host[], override: ReadonlyMap<string, string> = new Map()): string {
  const doc = {
    version: 1,
    name: TOPOLOGY,
    nodes: [
      { id: 'host', type: 'root' },
      { id: 'br', type: 'bridge', name: BRIDGE, addresses: [BRIDGE_ADDRESS] },
      ...hosts.map((h) => ({ id: `ns${h.index}`, type: 'namespace', name: h.netns })),
    ],
    links: hosts.map((h) => ({
      id: `l${h.index}`,
      type: 'veth',
      a: { node: `ns${h.index}`, name: h.ifname, addresses: [override.get(h.netns) ?? h.address] },
      b: { node: 'br', name: h.port },
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The same document in YAML, one line per node and per link (flow mappings, as the examples
 * write them): for N=500, the 1000-line YAML document of a converged re-apply measured in issue 9.
 */
export function netloomYaml(hosts: readonly Host[], override: ReadonlyMap<string, string> = new Map()): string {
  const doc = JSON.parse(netloomDocument(hosts, override)) as { nodes: unknown[]; links: unknown[] };
  // Every scalar here is a plain YAML scalar (ids, names, CIDRs): no quoting needed.
  const flow = (value: unknown): string =>
    Array.isArray(value)
      ? `[${value.map(flow).join(', ')}]`
      : typeof value === 'object' && value !== null
        ? `{ ${Object.entries(value)
            .map(([k, v]) => `${k}: ${flow(v)}`)
            .join(', ')} }`
        : String(value);
  const list = (items: unknown[]) => items.map((item) => `  - ${flow(item)}`).join('\n');
  return `version: 1\nname: ${TOPOLOGY}\nnodes:\n${list(doc.nodes)}\nlinks:\n${list(doc.links)}\n`;
}

/** What a tutorial does: one `ip` process per command. */
export function tutorialUp(hosts: readonly Host[]): string {
  const lines = [
    '#!/bin/bash',
    'set -e',
    `ip link add name ${BRIDGE} type bridge`,
    `ip addr add ${BRIDGE_ADDRESS} dev ${BRIDGE}`,
    `ip link set dev ${BRIDGE} up`,
  ];
  for (const h of hosts) {
    lines.push(
      `ip netns add ${h.netns}`,
      `ip link add name ${h.port} type veth peer name ${h.ifname} netns ${h.netns}`,
      `ip link set dev ${h.port} master ${BRIDGE}`,
      `ip link set dev ${h.port} up`,
      `ip -n ${h.netns} link set dev lo up`,
      `ip -n ${h.netns} addr add ${h.address} dev ${h.ifname}`,
      `ip -n ${h.netns} link set dev ${h.ifname} up`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function tutorialDown(hosts: readonly Host[]): string {
  const lines = ['#!/bin/bash', 'set -e', ...hosts.map((h) => `ip netns del ${h.netns}`), `ip link del dev ${BRIDGE}`];
  return `${lines.join('\n')}\n`;
}

/**
 * The hand-written batch: one root `ip -batch -` (bridge, namespaces, veths created straight into
 * their namespace, masters, up), then one `ip -n NS -batch -` per namespace, sequentially: a batch
 * line cannot carry `-n`, so that is the minimum number of processes with iproute2.
 */
export function batchUp(hosts: readonly Host[]): string {
  const root = [
    `link add name ${BRIDGE} type bridge`,
    `addr add ${BRIDGE_ADDRESS} dev ${BRIDGE}`,
    `link set dev ${BRIDGE} up`,
  ];
  for (const h of hosts) root.push(`netns add ${h.netns}`);
  for (const h of hosts) root.push(`link add name ${h.port} type veth peer name ${h.ifname} netns ${h.netns}`);
  for (const h of hosts) root.push(`link set dev ${h.port} master ${BRIDGE}`, `link set dev ${h.port} up`);
  const lines = ['#!/bin/bash', 'set -e', "ip -batch - <<'EOF'", ...root, 'EOF'];
  for (const h of hosts) {
    lines.push(
      `ip -n ${h.netns} -batch - <<'EOF'`,
      'link set dev lo up',
      `addr add ${h.address} dev ${h.ifname}`,
      `link set dev ${h.ifname} up`,
      'EOF',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The batch teardown's two parts, each alone (bench/apply.ts `teardownParts`): the deletion of
 * the bridge, and its `netns del` lines as one batch.
 */
export function batchDownParts(hosts: readonly Host[]): { readonly namespaces: string; readonly bridge: string } {
  const batch = (lines: readonly string[]) =>
    ['#!/bin/bash', 'set -e', "ip -batch - <<'EOF'", ...lines, 'EOF', ''].join('\n');
  return { namespaces: batch(hosts.map((h) => `netns del ${h.netns}`)), bridge: batch([`link del dev ${BRIDGE}`]) };
}

/** Deleting a namespace deletes its veth end, and with it the peer on the bridge. */
export function batchDown(hosts: readonly Host[]): string {
  const lines = [
    '#!/bin/bash',
    'set -e',
    "ip -batch - <<'EOF'",
    ...hosts.map((h) => `netns del ${h.netns}`),
    `link del dev ${BRIDGE}`,
    'EOF',
  ];
  return `${lines.join('\n')}\n`;
}
