/**
 * The ownership marker: every interface netloom creates carries it as its `ifalias`, and every
 * namespace carries it on its `lo`. Anything without our marker is foreign: shown, never changed.
 * Form: `netloom:<topology>/<object id>` plus `/a` or `/b` on veth ends.
 */

export const MARKER_PREFIX = 'netloom:';

export type Marker = { readonly topology: string; readonly key: string; readonly end: 'a' | 'b' | null };

const MARKER = /^netloom:([a-z0-9-]{1,32})\/([A-Za-z0-9_-]{1,64})(?:\/(a|b))?$/;

export function formatMarker(topology: string, key: string, end: 'a' | 'b' | null = null): string {
  return `${MARKER_PREFIX}${topology}/${key}${end === null ? '' : `/${end}`}`;
}

export function parseMarker(alias: string | undefined): Marker | null {
  const m = alias === undefined ? null : MARKER.exec(alias);
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  return { topology: m[1], key: m[2], end: m[3] === 'a' || m[3] === 'b' ? m[3] : null };
}
