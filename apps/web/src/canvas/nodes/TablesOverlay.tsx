import type { AgentMessageOf } from '@netloom/protocol';

import { ageText, drawingNamespaces, fdbOf, useNodeTables, type TablesTarget } from '../../agent/tables-view';
import { useWatchTables } from '../../agent/tables-watch';
import { useAppliedTopology } from '../../agent/drawing-live';
import { useEditor } from '../../hooks/useEditor';
import type { Rect } from '../model/rect';
import { FDB_ROWS, fitRows, KEY_CHARS, NAMESPACE_SECTIONS, tablesLines, type TableRow } from '../model/tables';

type Tables = AgentMessageOf<'tables'>;

/**
 * The kernel's tables of one namespace, bridge or VXLAN, in the room its frame keeps for them
 * (model/tables.ts): what a teacher points at while the class pings (a MAC learned, a neighbour
 * resolved, a route added). Compact: the addresses and routes a person typed or the kernel derived
 * from them (no link-local noise), neighbours with their MAC and state, a device's FDB with port or
 * remote VTEP. Always the same rows, so nothing moves when the kernel's tables change.
 */
export function TablesOverlay({ id, rect }: { readonly id: string; readonly rect: Rect }) {
  // The overlay's watch covers every namespace of the drawing (OverlayWatch); this one adds none.
  const { target, tables } = useNodeTables('overlay-frame', id, false);
  if (target === null) return null;
  const kind = target.kind === 'namespace' ? 'namespace' : 'fdb';
  const rows: TableRow[] =
    tables === undefined
      ? [{ text: 'reading the kernel…', muted: true }]
      : tables.error !== undefined
        ? [{ text: tables.error, muted: true }]
        : tableRows(target, tables);
  const lines = tablesLines(kind);
  const all = [...rows, ...Array.from({ length: Math.max(0, lines - rows.length) }, (): TableRow => ({ text: '' }))];
  return (
    <div
      className={`tables-overlay tables-overlay--${kind}`}
      style={{ left: rect.x, top: rect.y, width: rect.width, height: rect.height }}
      aria-label={`kernel tables of ${id}`}
    >
      {all.slice(0, lines).map((r, i) => (
        <div key={i} className={r.muted === true ? 'tables-overlay__row tables-overlay__muted' : 'tables-overlay__row'}>
          {kind === 'namespace' && (
            <span className="tables-overlay__key" style={{ width: `${KEY_CHARS}ch` }}>
              {r.key}
            </span>
          )}
          {r.text}
        </div>
      ))}
    </div>
  );
}

const isNoise = (text: string) => text.startsWith('fe80:') || text.startsWith('127.') || text === '::1/128';

/** A namespace's sections, each its keyword on its first row; or a device's FDB under a heading. */
export function tableRows(target: TablesTarget, tables: Tables): TableRow[] {
  if (target.kind !== 'namespace') {
    const rows = fdbOf(tables, target.device).map(
      (f) =>
        `${f.mac} → ${(target.kind === 'vxlan' ? f.remote : f.port) ?? '?'} ${f.state}${f.ageSec === undefined ? '' : ` ${ageText(f.ageSec)}`}`,
    );
    const head = target.kind === 'vxlan' ? 'FDB: MAC → remote VTEP' : 'FDB: MAC → port';
    return [{ text: head, muted: true }, ...fitRows(rows, FDB_ROWS)];
  }
  const texts = {
    addr: tables.addresses.filter((a) => !isNoise(a.cidr)).map((a) => `${a.cidr} ${a.ifname}`),
    route: tables.routes
      .filter((r) => !isNoise(r.to))
      .map((r) => `${r.to}${r.via === undefined ? '' : ` via ${r.via}`}${r.dev === undefined ? '' : ` dev ${r.dev}`}`),
    neigh: tables.neighbours.filter((n) => !isNoise(n.address)).map((n) => `${n.address} ${n.mac ?? '-'} ${n.state}`),
  };
  return NAMESPACE_SECTIONS.flatMap(({ key, rows }) =>
    fitRows(texts[key], rows).map((row, i) => (i === 0 ? { ...row, key } : row)),
  );
}

/** While the overlay is on, every namespace of the applied drawing is watched (one request). */
export function OverlayWatch() {
  const topology = useAppliedTopology();
  const namespaces = useEditor((s) => JSON.stringify(drawingNamespaces(s.doc)));
  useWatchTables('overlay', topology, JSON.parse(namespaces) as (string | null)[]);
  return null;
}
