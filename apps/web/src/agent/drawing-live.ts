import type { ChangeSummary, LinkStateEntry } from '@netloom/protocol';
import { isDevice, resolver, type Document } from '@netloom/topology';

import { useEditor } from '../hooks/useEditor';
import { liveKey, operOf, vethOper, type CounterView, type LiveState, type OperState } from './live-store';
import { useLive } from './useLive';

/**
 * Which live state belongs to the drawing. The agent reports every owned interface of every
 * topology; the drawing shows one only when
 * - the drawing is that topology as applied (`LiveState.applied`, set by applying it from this
 *   page or opening it from the host): a new drawing that merely shares a name has applied nothing;
 * - and the interface is the one the drawing puts there: the marker's object (`l1/a`) in the
 *   drawing's topology, in the namespace and under the name the drawing gives it. An object
 *   renamed or moved since the apply shows as not applied until the next apply.
 * Everything else is "not applied", with no kernel action offered.
 */

/** Where the drawing puts one object's interface. */
export type ObjectPlace = { readonly topology: string; readonly netns: string | null; readonly ifname: string };

let memo: {
  readonly name: string;
  readonly nodes: Document['nodes'];
  readonly links: Document['links'];
  readonly places: ReadonlyMap<string, ObjectPlace>;
} | null = null;

/**
 * Every interface of the drawing by marker object (`br0`, `l1/a`). Memoised on the document's
 * parts, so a drag (layout only) keeps every place's identity and re-renders nothing.
 */
export function drawingPlaces(doc: Pick<Document, 'name' | 'nodes' | 'links'>): ReadonlyMap<string, ObjectPlace> {
  if (memo !== null && memo.name === doc.name && memo.nodes === doc.nodes && memo.links === doc.links)
    return memo.places;
  const r = resolver(doc);
  const places = new Map<string, ObjectPlace>();
  for (const node of doc.nodes) {
    if (!isDevice(node)) continue;
    const place = r.placeOf(node);
    if (place !== undefined) places.set(node.id, { topology: doc.name, netns: place?.name ?? null, ifname: node.name });
  }
  for (const link of doc.links) {
    for (const side of ['a', 'b'] as const) {
      const end = r.endPlace(link[side]);
      if (end !== undefined)
        places.set(`${link.id}/${side}`, {
          topology: doc.name,
          netns: end.place?.name ?? null,
          ifname: link[side].name,
        });
    }
  }
  memo = { name: doc.name, nodes: doc.nodes, links: doc.links, places };
  return places;
}

/** The kernel's state of one object of the drawing, or undefined when it is not applied (see above). */
export function entryAt(s: LiveState, object: string, place: ObjectPlace | undefined): LinkStateEntry | undefined {
  if (place === undefined || s.applied?.topology !== place.topology) return undefined;
  const entry = s.links[liveKey(place.topology, object)];
  return entry !== undefined && entry.netns === place.netns && entry.ifname === place.ifname ? entry : undefined;
}

export function countersAt(s: LiveState, object: string, place: ObjectPlace | undefined): CounterView | undefined {
  return place === undefined || entryAt(s, object, place) === undefined
    ? undefined
    : s.counters[liveKey(place.topology, object)];
}

const usePlace = (object: string): ObjectPlace | undefined => useEditor((s) => drawingPlaces(s.doc).get(object));

/** One object's live link state (`br0`, `l1/a`), only when it is the drawing's as applied. */
export function useObjectEntry(object: string): LinkStateEntry | undefined {
  const place = usePlace(object);
  return useLive((s) => entryAt(s, object, place));
}

/** A value derived from one object's counters (`pick` keeps re-renders to when it changes). */
export function useObjectCounters<T>(object: string, pick: (c: CounterView | undefined) => T): T {
  const place = usePlace(object);
  return useLive((s) => pick(countersAt(s, object, place)));
}

export function useObjectOper(object: string): OperState {
  const place = usePlace(object);
  return useLive((s) => operOf(entryAt(s, object, place)));
}

/** A veth's state from both of its ends, as the drawing places them. */
export function useVethOper(linkId: string): OperState {
  const a = usePlace(`${linkId}/a`);
  const b = usePlace(`${linkId}/b`);
  return useLive((s) => vethOper(entryAt(s, `${linkId}/a`, a), entryAt(s, `${linkId}/b`, b)));
}

/** The topology name of the drawing while it is that topology as applied, else null. */
export function useAppliedTopology(): string | null {
  const name = useEditor((s) => s.doc.name);
  return useLive((s) => (s.applied?.topology === name ? name : null));
}

const NO_DRIFT: readonly ChangeSummary[] = [];

/** Drift of the drawing's topology, only while the drawing is that topology as applied. */
export function useDrawingDrift(): readonly ChangeSummary[] {
  const name = useEditor((s) => s.doc.name);
  return useLive((s) => (s.applied?.topology === name ? (s.drift[name] ?? NO_DRIFT) : NO_DRIFT));
}

export function useDrifted(id: string): boolean {
  const name = useEditor((s) => s.doc.name);
  return useLive((s) => s.applied?.topology === name && (s.drift[name]?.some((c) => c.key === id) ?? false));
}
