import type { AgentMessageOf } from '@netloom/protocol';

import { ageText, drawingNamespaces, fdbOf, useNodeTables, type TablesTarget } from '../../agent/tables-view';
import { useWatchTables } from '../../agent/tables-watch';
import { useAppliedTopology } from '../../agent/drawing-live';
import { useEditor } from '../../hooks/useEditor';

type Tables = AgentMessageOf<'tables'>;

/** Lines per table on the canvas; the inspector shows them all. */
const LINES = 6;

/**
 * The kernel's tables of one namespace, bridge or VXLAN, beside its frame on the canvas: what a
 * teacher points at while the class pings (a MAC learned, a neighbour resolved, a route added).
 * Compact: the addresses and routes a person typed or the kernel derived from them (no link-local
 * noise), neighbours with their MAC and state, a device's FDB with port or remote VTEP.
 */
export function TablesOverlay({ id }: { readonly id: string }) {
  // The overlay's watch covers every namespace of the drawing (OverlayWatch); this one adds none.
  const { topology, target, tables } = useNodeTables('overlay-frame', id, false);
  if (topology === null || target === null || tables === undefined) return null;
  const lines = tables.error !== undefined ? [{ text: tables.error, muted: true }] : overlayLines(target, tables);
  if (lines.length === 0) return null;
  return (
    <div className={`tables-overlay tables-overlay--${target.kind}`} aria-label={`kernel tables of ${id}`}>
      {lines.map((l, i) =>
        'head' in l ? (
          <div key={i} className="tables-overlay__head">
            {l.head}
          </div>
        ) : (
          <div
            key={i}
            className={l.muted === true ? 'tables-overlay__line tables-overlay__muted' : 'tables-overlay__line'}
          >
            {l.text}
          </div>
        ),
      )}
    </div>
  );
}

type Line = { readonly head: string } | { readonly text: string; readonly muted?: boolean };

const isNoise = (text: string) => text.startsWith('fe80:') || text.startsWith('127.') || text === '::1/128';

function section(head: string, texts: readonly string[]): Line[] {
  if (texts.length === 0) return [];
  const shown = texts.slice(0, LINES).map((text): Line => ({ text }));
  if (texts.length > LINES) shown.push({ text: `+${texts.length - LINES} more (inspector)`, muted: true });
  return [{ head }, ...shown];
}

export function overlayLines(target: TablesTarget, tables: Tables): Line[] {
  if (target.kind !== 'namespace') {
    const rows = fdbOf(tables, target.device);
    return section(
      target.kind === 'vxlan' ? 'fdb (mac → remote vtep)' : 'fdb (mac → port)',
      rows.map(
        (f) =>
          `${f.mac} → ${(target.kind === 'vxlan' ? f.remote : f.port) ?? '?'} ${f.state}${f.ageSec === undefined ? '' : ` ${ageText(f.ageSec)}`}`,
      ),
    );
  }
  return [
    ...section(
      'addr',
      tables.addresses.filter((a) => !isNoise(a.cidr)).map((a) => `${a.cidr} ${a.ifname}`),
    ),
    ...section(
      'route',
      tables.routes
        .filter((r) => !isNoise(r.to))
        .map(
          (r) => `${r.to}${r.via === undefined ? '' : ` via ${r.via}`}${r.dev === undefined ? '' : ` dev ${r.dev}`}`,
        ),
    ),
    ...section(
      'neigh',
      tables.neighbours.filter((n) => !isNoise(n.address)).map((n) => `${n.address} ${n.mac ?? '-'} ${n.state}`),
    ),
  ];
}

/** While the overlay is on, every namespace of the applied drawing is watched (one request). */
export function OverlayWatch() {
  const topology = useAppliedTopology();
  const namespaces = useEditor((s) => JSON.stringify(drawingNamespaces(s.doc)));
  useWatchTables('overlay', topology, JSON.parse(namespaces) as (string | null)[]);
  return null;
}
