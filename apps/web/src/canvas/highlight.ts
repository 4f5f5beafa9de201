import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/**
 * What the canvas points at, apart from the selection: by source (`lesson`: the lesson step's
 * `highlight`; other features may add theirs), merged into one set. An id is a node, a link or a
 * veth end (`l1/b`); a link's id points at both of its ends too.
 */
type HighlightState = {
  readonly sources: Readonly<Record<string, readonly string[]>>;
  readonly ids: ReadonlySet<string>;
};

export const highlightStore = createStore<HighlightState>()(() => ({ sources: {}, ids: new Set() }));

/** Sets (or, with no ids, clears) the objects one source points at. */
export function setHighlight(source: string, ids: readonly string[]): void {
  const prev = highlightStore.getState().sources;
  const current = prev[source] ?? [];
  if (current.length === ids.length && current.every((id, i) => id === ids[i])) return;
  const { [source]: _old, ...rest } = prev;
  const sources = ids.length === 0 ? rest : { ...rest, [source]: ids };
  const all = new Set<string>();
  for (const list of Object.values(sources))
    for (const id of list) {
      all.add(id);
      if (!id.includes('/')) all.add(`${id}/a`).add(`${id}/b`);
    }
  highlightStore.setState({ sources, ids: all });
}

/** Whether the canvas points at this object (re-renders only when that changes). */
export const useHighlighted = (id: string): boolean => useStore(highlightStore, (s) => s.ids.has(id));
