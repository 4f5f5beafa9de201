import { parseCidr } from './addressing';
import type { BridgeNode } from './document';
import { formatPath, quote, type Issue } from './issues';
import type { DocIface } from './interfaces';

/**
 * Layer-2 segments: the interfaces that hear each other's broadcasts, joined through veth pairs
 * and bridges (a bridge, its ports, and whatever is at the other end of a veth on it). One address
 * or one MAC twice on a segment is accepted by the kernel and breaks ARP, neighbour discovery or
 * the bridge's forwarding: warnings.
 */
export function segmentIssues(ifaces: readonly DocIface[]): Issue[] {
  const parent = ifaces.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    for (let x = i; x !== root;) {
      const up = parent[x] ?? root;
      parent[x] = root;
      x = up;
    }
    return root;
  };
  const join = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  const bridgeIndex = new Map<BridgeNode, number>();
  ifaces.forEach((i, n) => i.device?.type === 'bridge' && bridgeIndex.set(i.device, n));
  ifaces.forEach((i, n) => {
    if (i.peer !== null) join(n, i.peer);
    const b = i.bridge === null ? undefined : bridgeIndex.get(i.bridge);
    if (b !== undefined) join(n, b);
  });

  const issues: Issue[] = [];
  const firstAddress = new Map<string, number>();
  const firstMac = new Map<string, number>();
  const holder = (n: number) => {
    const i = ifaces[n];
    return i === undefined ? '' : `${quote(i.name)} (${formatPath(i.path)})`;
  };
  ifaces.forEach((iface, n) => {
    const segment = find(n);
    const warn = (rest: (string | number)[], code: 'DUPLICATE_ADDRESS' | 'DUPLICATE_MAC', message: string) =>
      issues.push({ path: [...iface.path, ...rest], code, message, objectId: iface.objectId, severity: 'warning' });
    (iface.fields.addresses ?? []).forEach((a, k) => {
      const ip = parseCidr(a)?.address;
      if (ip === undefined) return;
      const key = `${segment}|${ip}`;
      const first = firstAddress.get(key);
      if (first === undefined) firstAddress.set(key, n);
      // The same address twice on one interface is an error of its own.
      else if (first !== n)
        warn(
          ['addresses', k],
          'DUPLICATE_ADDRESS',
          `${ip} is also the address of ${holder(first)} on the same layer-2 segment: both would answer for it and neighbours would reach one at random; give each its own address`,
        );
    });
    const mac = iface.fields.mac?.toLowerCase();
    if (mac === undefined) return;
    const key = `${segment}|${mac}`;
    const first = firstMac.get(key);
    if (first === undefined) firstMac.set(key, n);
    else
      warn(
        ['mac'],
        'DUPLICATE_MAC',
        `${mac} is also the MAC of ${holder(first)} on the same layer-2 segment: a bridge would send their frames to one of them only; give each its own MAC, or leave \`mac\` out`,
      );
  });
  return issues;
}
