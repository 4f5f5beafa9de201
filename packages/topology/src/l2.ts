import type { BridgeNode } from './document';
import type { DocIface } from './interfaces';
import { quote, type Issue } from './issues';

/**
 * The kernel numbers a bridge's ports in 10 bits and keeps 0 for itself (BR_MAX_PORTS 1024): the
 * 1024th port is refused ("Exchange full"), checked on Linux 6.18.
 */
export const KERNEL_MAX_BRIDGE_PORTS = 1023;

/** Bridges with more ports than the kernel takes, or than the configured limit. */
export function bridgePortIssues(ifaces: readonly DocIface[], maxPorts: number): Issue[] {
  const ports = new Map<BridgeNode, number>();
  for (const i of ifaces) if (i.bridge !== null) ports.set(i.bridge, (ports.get(i.bridge) ?? 0) + 1);
  const issues: Issue[] = [];
  for (const iface of ifaces) {
    const count = iface.device?.type === 'bridge' ? (ports.get(iface.device) ?? 0) : 0;
    const name = quote(iface.name);
    if (count > KERNEL_MAX_BRIDGE_PORTS)
      issues.push({
        path: [...iface.path],
        code: 'BRIDGE_FULL',
        objectId: iface.objectId,
        message: `bridge ${name} has ${count} ports, and the kernel takes at most ${KERNEL_MAX_BRIDGE_PORTS} on one bridge (it refuses the next only after building the rest); spread them over several bridges joined by veths`,
      });
    else if (count > maxPorts)
      issues.push({
        path: [...iface.path],
        code: 'TOO_LARGE',
        objectId: iface.objectId,
        message: `bridge ${name} has ${count} ports, past the limit of ${maxPorts} per bridge; spread them over several bridges, or raise the limit (--max-ports-per-bridge)`,
      });
  }
  return issues;
}

type Edge = { readonly u: number; readonly v: number; readonly end: DocIface };

/**
 * Layer-2 loops: bridges joined in a cycle by veths (a veth with both ends on bridges joins them;
 * an end in a namespace is a host, which forwards no frames). Without spanning tree every broadcast
 * goes round the cycle forever: two bridges joined by two veths made 350,000 frames/s at 100% CPU.
 * A cycle is refused unless every bridge on it runs STP. Linear: the edges on cycles are the
 * non-bridge edges of the graph (Tarjan), and one cycle per group of them is named.
 */
export function loopIssues(ifaces: readonly DocIface[]): Issue[] {
  const vertex = new Map<BridgeNode, number>();
  const bridges: BridgeNode[] = [];
  for (const i of ifaces)
    if (i.device?.type === 'bridge') {
      vertex.set(i.device, bridges.length);
      bridges.push(i.device);
    }
  const edges: Edge[] = [];
  for (const i of ifaces) {
    const peer = i.peer === null ? undefined : ifaces[i.peer];
    if (i.path[2] !== 'a' || peer === undefined || i.bridge === null || peer.bridge === null) continue;
    const u = vertex.get(i.bridge);
    const v = vertex.get(peer.bridge);
    if (u !== undefined && v !== undefined && u !== v) edges.push({ u, v, end: i });
  }
  if (edges.length === 0) return [];
  const adjacency: number[][] = bridges.map(() => []);
  edges.forEach((e, n) => {
    adjacency[e.u]?.push(n);
    adjacency[e.v]?.push(n);
  });
  const onCycle = cycleEdges(bridges.length, edges, adjacency);
  const issues: Issue[] = [];
  const seen = new Uint8Array(bridges.length);
  for (let s = 0; s < bridges.length; s += 1) {
    if (seen[s] === 1 || !(adjacency[s] ?? []).some((n) => onCycle[n] === 1)) continue;
    // The group of bridges joined by cycle edges: one issue for it, naming one cycle through a bridge without STP.
    const group = collect(s, adjacency, edges, onCycle, seen);
    const start = group.find((b) => bridges[b]?.stp !== true);
    if (start === undefined) continue;
    const cycle = findCycle(start, adjacency, edges, onCycle);
    const names = (list: readonly string[]) =>
      list.length > 8 ? `${list.slice(0, 8).join(', ')} and ${list.length - 8} more` : list.join(', ');
    const bridgeNames = cycle.vertices.map((b) => quote(bridges[b]?.name ?? ''));
    const links = cycle.edges.map((n) => edges[n]?.end.objectId ?? '');
    const off = cycle.vertices.filter((b) => bridges[b]?.stp !== true).map((b) => quote(bridges[b]?.name ?? ''));
    const closing = edges[Math.max(...cycle.edges)]?.end ?? edges[0]?.end;
    if (closing === undefined) continue;
    issues.push({
      path: closing.path.slice(0, 2),
      code: 'L2_LOOP',
      objectId: closing.objectId,
      message: `bridges ${names(bridgeNames)} form a layer-2 loop through links ${names(links.map(quote))}, and spanning tree is off on ${names(off)}: every broadcast would circle forever (a broadcast storm at full CPU); remove one of these links, or set \`stp: true\` on every bridge of the loop`,
    });
  }
  return issues;
}

/** 1 for each edge on some cycle (not a bridge of the graph), by an iterative Tarjan walk. */
function cycleEdges(count: number, edges: readonly Edge[], adjacency: readonly number[][]): Uint8Array {
  const disc = new Int32Array(count).fill(-1);
  const low = new Int32Array(count);
  const onCycle = new Uint8Array(edges.length).fill(1);
  let time = 0;
  for (let root = 0; root < count; root += 1) {
    if (disc[root] !== -1) continue;
    // Each frame: the vertex, the edge it was reached by, and how far through its edges the walk is.
    const stack: [number, number, number][] = [[root, -1, 0]];
    disc[root] = low[root] = time++;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) break;
      const [x, via, next] = frame;
      const list = adjacency[x] ?? [];
      if (next < list.length) {
        frame[2] = next + 1;
        const n = list[next] ?? -1;
        if (n === via) continue;
        const e = edges[n];
        if (e === undefined) continue;
        const y = e.u === x ? e.v : e.u;
        if (disc[y] === -1) {
          disc[y] = low[y] = time++;
          stack.push([y, n, 0]);
        } else low[x] = Math.min(low[x] ?? 0, disc[y] ?? 0);
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent === undefined) continue;
      const p = parent[0];
      low[p] = Math.min(low[p] ?? 0, low[x] ?? 0);
      if ((low[x] ?? 0) > (disc[p] ?? 0)) onCycle[via] = 0;
    }
  }
  return onCycle;
}

function collect(
  s: number,
  adjacency: readonly number[][],
  edges: readonly Edge[],
  onCycle: Uint8Array,
  seen: Uint8Array,
): number[] {
  const group = [s];
  seen[s] = 1;
  for (let k = 0; k < group.length; k += 1) {
    const x = group[k] ?? 0;
    for (const n of adjacency[x] ?? []) {
      const e = edges[n];
      if (e === undefined || onCycle[n] !== 1) continue;
      const y = e.u === x ? e.v : e.u;
      if (seen[y] === 1) continue;
      seen[y] = 1;
      group.push(y);
    }
  }
  return group;
}

/** A cycle through `start`: one of its cycle edges, then the shortest way back over the others. */
function findCycle(
  start: number,
  adjacency: readonly number[][],
  edges: readonly Edge[],
  onCycle: Uint8Array,
): { vertices: number[]; edges: number[] } {
  const first = (adjacency[start] ?? []).find((n) => onCycle[n] === 1) ?? -1;
  const e = edges[first];
  if (e === undefined) return { vertices: [start], edges: [] };
  const target = e.u === start ? e.v : e.u;
  // Breadth first from `target` back to `start`, without the first edge.
  const cameBy = new Map<number, number>([[target, -1]]);
  const queue = [target];
  for (let k = 0; k < queue.length && !cameBy.has(start); k += 1) {
    const x = queue[k] ?? 0;
    for (const n of adjacency[x] ?? []) {
      const f = edges[n];
      if (n === first || f === undefined || onCycle[n] !== 1) continue;
      const y = f.u === x ? f.v : f.u;
      if (cameBy.has(y)) continue;
      cameBy.set(y, n);
      queue.push(y);
    }
  }
  // From `start` along the way found, to `target`; the first edge closes the cycle.
  const vertices = [start];
  const used: number[] = [];
  for (let x = start; x !== target;) {
    const n = cameBy.get(x) ?? -1;
    const f = edges[n];
    if (f === undefined) break;
    used.push(n);
    x = f.u === x ? f.v : f.u;
    vertices.push(x);
  }
  return { vertices, edges: [...used, first] };
}
