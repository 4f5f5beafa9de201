import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

import { DEFAULT_PER_EDGE_PER_SECOND, type Speed } from './schedule';

/**
 * The marker layer's settings and what it shows the person (speed, counts, the trace capture's
 * state). The captures and their packets are not kept here: markers are drawn as packets arrive.
 */
export interface MarkerState {
  readonly speed: Speed;
  readonly perEdgePerSecond: number;
  /** Captures whose packets are being drawn (trace ones and others), by capture id. */
  readonly capturing: number;
  /** Packets seen and markers drawn since the markers last started. */
  readonly seen: number;
  readonly shown: number;
  readonly trace: TraceState;
}

export interface TraceState {
  /** Requests sent and not answered yet, by request id. */
  readonly starting: readonly string[];
  readonly captures: readonly string[];
  /** Lines covered, and lines left out (the agent's capture limits). */
  readonly lines: number;
  readonly leftOut: number;
  /** Why the trace stopped or could not start, said plainly. */
  readonly note: string | null;
}

export const NO_TRACE: TraceState = { starting: [], captures: [], lines: 0, leftOut: 0, note: null };

export const markerStore = createStore<MarkerState>()(() => ({
  speed: 1,
  perEdgePerSecond: DEFAULT_PER_EDGE_PER_SECOND,
  capturing: 0,
  seen: 0,
  shown: 0,
  trace: NO_TRACE,
}));

export const useMarkers = <T>(selector: (s: MarkerState) => T): T => useStore(markerStore, selector);

export const setSpeed = (speed: Speed): void => markerStore.setState({ speed });
