import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

import { DEFAULT_PER_EDGE_PER_SECOND, type Speed } from './schedule';

/**
 * The marker layer's settings and counts (the captures themselves are the capture store's, in
 * packets/capture-store.ts; markers are drawn as batches arrive and kept nowhere else).
 */
export interface MarkerState {
  readonly speed: Speed;
  readonly perEdgePerSecond: number;
  /** Packets seen on the drawing's lines and markers drawn for them, since the page loaded. */
  readonly seen: number;
  readonly shown: number;
  /** A trace that could not start for every line: how many were left out (the agent's limits). */
  readonly traceLeftOut: number;
}

export const markerStore = createStore<MarkerState>()(() => ({
  speed: 1,
  perEdgePerSecond: DEFAULT_PER_EDGE_PER_SECOND,
  seen: 0,
  shown: 0,
  traceLeftOut: 0,
}));

export const useMarkers = <T>(selector: (s: MarkerState) => T): T => useStore(markerStore, selector);

export const setSpeed = (speed: Speed): void => markerStore.setState({ speed });
