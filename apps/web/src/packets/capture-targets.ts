import { CAPTURE_MAXIMA } from '@netloom/protocol';
import { isDevice, type Document } from '@netloom/topology';

import { drawingPlaces, entryAt } from '../agent/drawing-live';
import type { LiveState } from '../agent/live-store';

/** One interface to capture on, as `captureStart` addresses it (the topology is the drawing's). */
export type Target = { readonly object: string; readonly netns: string | null; readonly ifname: string };

/**
 * The marker objects (`br0`, `l1/a`) a canvas selection stands for: a link, both its ends; a
 * device node, itself and the link ends attached to it; a namespace, the link ends attached to it
 * and the devices inside it. In the drawing's order, each once.
 */
export function selectionObjects(doc: Pick<Document, 'nodes' | 'links'>, selected: readonly string[]): string[] {
  const wanted = new Set(selected);
  const out = new Set<string>();
  for (const node of doc.nodes) {
    if (!wanted.has(node.id)) continue;
    if (isDevice(node)) out.add(node.id);
    else
      for (const inside of doc.nodes)
        if (isDevice(inside) && 'namespace' in inside && inside.namespace === node.id) out.add(inside.id);
  }
  for (const link of doc.links) {
    for (const side of ['a', 'b'] as const)
      if (wanted.has(link.id) || wanted.has(link[side].node)) out.add(`${link.id}/${side}`);
  }
  return [...out];
}

/**
 * The interfaces of these objects that the kernel has as the drawing puts them (applied, this
 * topology): only those can be captured. At most CAPTURE_MAXIMA.interfaces; `more` counts the rest.
 */
export function liveTargets(
  doc: Pick<Document, 'name' | 'nodes' | 'links'>,
  live: LiveState,
  objects: readonly string[],
): { targets: Target[]; notApplied: string[]; more: number } {
  const places = drawingPlaces(doc);
  const targets: Target[] = [];
  const notApplied: string[] = [];
  for (const object of objects) {
    const entry = entryAt(live, object, places.get(object));
    if (entry === undefined || !entry.present) notApplied.push(object);
    else targets.push({ object, netns: entry.netns, ifname: entry.ifname });
  }
  const max = CAPTURE_MAXIMA.interfaces;
  return { targets: targets.slice(0, max), notApplied, more: Math.max(0, targets.length - max) };
}
