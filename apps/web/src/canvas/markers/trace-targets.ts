import type { CaptureTarget, LinkStateEntry } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import { liveKey } from '../../agent/live-store';

/**
 * What a trace captures (pure): one end of every veth of the selection (or of the whole drawing,
 * with nothing selected) and every VXLAN device, so each line's packets are seen once. A selected
 * namespace box brings the lines and devices of what is inside it. Only interfaces the agent
 * reports live for this topology can be captured.
 */
export function traceTargets(
  doc: Pick<Document, 'name' | 'nodes' | 'links'>,
  selected: readonly string[],
  live: Readonly<Record<string, LinkStateEntry>>,
): CaptureTarget[] {
  const chosen = new Set(selected);
  const inScope = (nodeId: string): boolean => {
    if (chosen.size === 0 || chosen.has(nodeId)) return true;
    const node = doc.nodes.find((n) => n.id === nodeId);
    return node !== undefined && 'namespace' in node && node.namespace !== undefined && chosen.has(node.namespace);
  };
  const selectedTunnelEnds = new Set(
    selected.filter((id) => id.startsWith('tunnel:')).flatMap((id) => id.split(':').slice(1)),
  );
  const targets: CaptureTarget[] = [];
  const entry = (object: string) => live[liveKey(doc.name, object)];
  const add = (object: string): boolean => {
    const e = entry(object);
    if (e === undefined) return false;
    targets.push({ topology: doc.name, object, netns: e.netns, ifname: e.ifname });
    return true;
  };
  for (const link of doc.links) {
    if (!(chosen.has(link.id) || inScope(link.a.node) || inScope(link.b.node))) continue;
    // Either end sees every packet of the line; the first end the agent reports will do.
    if (!add(`${link.id}/a`)) add(`${link.id}/b`);
  }
  for (const node of doc.nodes) {
    if (node.type === 'vxlan' && (inScope(node.id) || selectedTunnelEnds.has(node.id))) add(node.id);
  }
  return targets;
}
