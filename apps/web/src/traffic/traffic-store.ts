import type { Document } from '@netloom/topology';
import { createStore } from 'zustand/vanilla';

/**
 * Traffic on demand, the part every page loads (a few hundred bytes): which two namespaces the
 * selection names, and the flows this page started. The form, the agent messages and the live
 * labels are a chunk of their own (TrafficUi), loaded when the Ping… or iperf3… form first opens.
 */

export type TrafficKind = 'ping' | 'iperf3';
/** A namespace of the drawing: its node id (where the canvas draws it) and its name in the kernel. */
export type TrafficEnd = { readonly id: string; readonly netns: string };
export type TrafficPair = { readonly from: TrafficEnd; readonly to: TrafficEnd };

/** One flow this page started, as the agent last described it. */
export type FlowView = {
  readonly requestId: string;
  readonly kind: TrafficKind;
  /** `UDP 10 Mbit/s`, `1000 ms · 56 B · DF`: what was asked, shown on the label. */
  readonly label: string;
  readonly from: TrafficEnd;
  readonly to: TrafficEnd;
  readonly trafficId: string | null;
  readonly address: string | null;
  /** The latest figure: `0.061 ms`, `39.9 Mbit/s`. */
  readonly figure: string;
  /** `0% loss`, `2 of 40 lost`. */
  readonly loss: string;
  /** Set once it ended: why, in words, with the summary. */
  readonly ended: string | null;
};

export type TrafficState = {
  readonly dialog: { readonly kind: TrafficKind; readonly pair: TrafficPair } | null;
  readonly flows: readonly FlowView[];
};

export const trafficStore = createStore<TrafficState>()(() => ({ dialog: null, flows: [] }));

/**
 * The two namespaces a selection names: two namespace boxes (or devices inside them), or one
 * line whose two ends are in namespaces. A string says why not, for the menu item's tooltip.
 */
export function trafficPair(doc: Document, selected: readonly string[]): TrafficPair | string {
  const namespaceOf = (nodeId: string): TrafficEnd | null => {
    const node = doc.nodes.find((n) => n.id === nodeId);
    if (node === undefined) return null;
    if (node.type === 'namespace') return { id: node.id, netns: node.name };
    if (node.type === 'root' || !('namespace' in node) || node.namespace === undefined) return null;
    return namespaceOf(node.namespace);
  };
  let ids: string[] = [...selected];
  if (ids.length === 1) {
    const link = doc.links.find((l) => l.id === ids[0]);
    if (link !== undefined) ids = [link.a.node, link.b.node];
  }
  if (ids.length !== 2) return 'select two namespaces, or a line between two, then pick Ping… or iperf3…';
  const [a, b] = ids.map(namespaceOf);
  if (a == null || b == null)
    return 'traffic runs between two namespaces of the drawing; the root namespace (the host) runs none';
  if (a.id === b.id) return `both are in namespace ${a.netns}: select two different namespaces`;
  return { from: a, to: b };
}
