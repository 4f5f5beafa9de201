import { useStore } from 'zustand';

import { liveStore, type LiveState } from './live-store';

/** Subscribes to one slice of live state; the component re-renders only when it changes. */
export function useLive<T>(selector: (s: LiveState) => T): T {
  return useStore(liveStore, selector);
}
