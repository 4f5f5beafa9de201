import type { Field, Layer } from './layers.ts';

/** The state of one decode: the bytes and the layers found so far. Internal to the decoder. */
export interface Decoding {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly layers: Layer[];
  /** VXLAN nesting depth, bounded so crafted input cannot recurse without end. */
  depth: number;
}

/** What a transport decoder knows of the IP header it sits in. */
export interface IpContext {
  readonly src: string;
  readonly dst: string;
  readonly family: 4 | 6;
  /** Where the IP payload ends by the IP length fields (may pass the captured end). */
  readonly declaredEnd: number;
  /** A first fragment: checksums over the whole upper-layer message cannot be checked. */
  readonly fragment: boolean;
  /** Offsets of the source and destination address bytes (for pseudo-header checksums). */
  readonly srcOffset: number;
  readonly dstOffset: number;
}

export const MAX_DEPTH = 4;

export function field(
  name: string,
  label: string,
  value: string | number | boolean,
  offset: number,
  length: number,
): Field {
  return { name, label, value, offset, length };
}

/**
 * Pushes a truncated layer and returns false when [off, end) holds fewer than `needed` bytes;
 * the caller then stops. `summary` becomes the packet's summary.
 */
export function fits(d: Decoding, off: number, end: number, needed: number, expected: string): boolean {
  if (end - off >= needed) return true;
  const have = Math.max(0, end - off);
  d.layers.push({
    kind: 'truncated',
    offset: Math.min(off, d.bytes.length),
    length: have,
    summary: `${expected} truncated: ${have} of ${needed} bytes`,
    fields: [],
    expected,
    needed,
  });
  return false;
}

/** Pushes the bytes [off, end) as a payload layer, when there are any. */
export function payload(d: Decoding, off: number, end: number, label: string): void {
  if (end <= off) return;
  d.layers.push({
    kind: 'payload',
    offset: off,
    length: end - off,
    summary: `${label}, ${end - off} bytes`,
    fields: [],
    label,
  });
}

/** `10.1.1.1:80`, `[fd00::1]:80`. */
export function hostPort(host: string, family: 4 | 6, port: number): string {
  return family === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
