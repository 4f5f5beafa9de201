import type { AgentMessageOf, FdbRow } from '@netloom/protocol';
import type { Document } from '@netloom/topology';
import { useMemo } from 'react';

import { useEditor } from '../hooks/useEditor';
import { drawingPlaces, useAppliedTopology } from './drawing-live';
import { tablesKey } from './live-store';
import { useWatchTables } from './tables-watch';
import { useLive } from './useLive';

/**
 * What kernel tables one node of the drawing shows: a namespace (or the root) its addresses,
 * routes and neighbours; a bridge or a VXLAN device the FDB rows of that device, read from the
 * namespace it lives in.
 */
export type TablesTarget =
  | { readonly kind: 'namespace'; readonly netns: string | null }
  | { readonly kind: 'bridge' | 'vxlan'; readonly netns: string | null; readonly device: string };

export function tablesTarget(doc: Pick<Document, 'name' | 'nodes' | 'links'>, nodeId: string): TablesTarget | null {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (node === undefined) return null;
  if (node.type === 'namespace') return { kind: 'namespace', netns: node.name };
  if (node.type === 'root') return { kind: 'namespace', netns: null };
  if (node.type !== 'bridge' && node.type !== 'vxlan') return null;
  const place = drawingPlaces(doc).get(node.id);
  return place === undefined ? null : { kind: node.type, netns: place.netns, device: node.name };
}

/** Every namespace the drawing has tables in (the root one when it draws it or puts a device there). */
export function drawingNamespaces(doc: Pick<Document, 'name' | 'nodes' | 'links'>): (string | null)[] {
  const out = new Set<string | null>();
  for (const node of doc.nodes) {
    if (node.type === 'namespace') out.add(node.name);
    else if (node.type === 'root') out.add(null);
  }
  for (const place of drawingPlaces(doc).values()) out.add(place.netns);
  return [...out];
}

export type NodeTables = {
  /** The drawing's topology while it is applied, else null (no tables). */
  readonly topology: string | null;
  readonly target: TablesTarget | null;
  readonly tables: AgentMessageOf<'tables'> | undefined;
};

/** The tables a node shows, watched while the caller is mounted (`owner` names the caller). */
export function useNodeTables(owner: string, nodeId: string, watch = true): NodeTables {
  const topology = useAppliedTopology();
  // By value: a new object on every read would re-render for ever; a drag leaves the text alone.
  const targetText = useEditor((s) => JSON.stringify(tablesTarget(s.doc, nodeId)));
  const target = useMemo(() => JSON.parse(targetText) as TablesTarget | null, [targetText]);
  const netns = target?.netns;
  useWatchTables(owner, watch ? topology : null, netns === undefined ? [] : [netns]);
  const tables = useLive((s) =>
    topology === null || netns === undefined ? undefined : s.tables[tablesKey(topology, netns)],
  );
  return { topology, target, tables };
}

/** One device's FDB rows, MACs a class cares about first: learned, then remote VTEPs, then the rest. */
export function fdbOf(tables: AgentMessageOf<'tables'> | undefined, device: string): FdbRow[] {
  const rank = (f: FdbRow) => (f.state === 'learned' ? 0 : f.remote !== undefined ? 1 : 2);
  return (tables?.fdb ?? []).filter((f) => f.device === device).sort((x, y) => rank(x) - rank(y));
}

/** `12 s`, `4 min`: how long ago the kernel last saw a learned MAC. */
export function ageText(ageSec: number | undefined): string {
  if (ageSec === undefined) return '';
  return ageSec < 120 ? `${Math.round(ageSec)} s` : `${Math.round(ageSec / 60)} min`;
}
