import { useEffect } from 'react';

import { agent } from './connection';
import { liveStore } from './live-store';

/**
 * Which namespaces' kernel tables the page watches. Several parts may want some (the inspector
 * its namespace, the canvas overlay every one): the agent gets their union, for the drawing's
 * applied topology, as one `watchTables` whenever it changes and again after every reconnect
 * (the agent forgets a connection's watch with the connection).
 */

type Want = { readonly topology: string; readonly namespaces: readonly (string | null)[] };

const wants = new Map<string, Want>();
let sent = '';

function sync(): void {
  const topology = liveStore.getState().applied?.topology ?? null;
  const namespaces = new Set<string | null>();
  if (topology !== null)
    for (const w of wants.values()) if (w.topology === topology) for (const ns of w.namespaces) namespaces.add(ns);
  const list = [...namespaces];
  const key = JSON.stringify([topology, list]);
  if (key === sent) return;
  // Nothing watched: one empty list stops the agent's reads (of whatever topology it was).
  if (topology === null && sent === '') return;
  if (
    agent.send({ type: 'watchTables', topology: topology ?? 'none', namespaces: topology === null ? [] : list }) !==
    null
  )
    sent = key;
}

/** `owner` wants these namespaces of `topology` watched (none, or a null topology: it stops wanting). */
export function wantTables(owner: string, topology: string | null, namespaces: readonly (string | null)[]): void {
  if (topology === null || namespaces.length === 0) wants.delete(owner);
  else wants.set(owner, { topology, namespaces });
  sync();
}

liveStore.subscribe((s, prev) => {
  if (s.status === 'connected' && prev.status !== 'connected') sent = '';
  if (s.status !== prev.status || s.applied?.topology !== prev.applied?.topology) sync();
});

/** While mounted, watch these namespaces of the applied topology (`key` must change when they do). */
export function useWatchTables(owner: string, topology: string | null, namespaces: readonly (string | null)[]): void {
  const key = JSON.stringify(namespaces);
  useEffect(() => {
    wantTables(owner, topology, JSON.parse(key) as (string | null)[]);
    return () => wantTables(owner, null, []);
  }, [owner, topology, key]);
}
