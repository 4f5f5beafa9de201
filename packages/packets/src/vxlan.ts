import { field, fits, MAX_DEPTH, payload, type Decoding } from './context.ts';
import { decodeEthernet } from './ethernet.ts';

/** The IANA VXLAN port, the one netloom's documents use. */
export const VXLAN_PORT = 4789;

/** A VXLAN header (RFC 7348) at `off`, then the inner Ethernet frame, decoded like the outer one. */
export function decodeVxlan(d: Decoding, off: number, end: number): string {
  if (!fits(d, off, end, 8, 'VXLAN')) return 'VXLAN truncated';
  const flags = d.bytes[off] as number;
  const vniValid = (flags & 0x08) !== 0;
  const vni = (d.view.getUint32(off + 4) >>> 8) & 0xffffff;
  d.layers.push({
    kind: 'vxlan',
    offset: off,
    length: 8,
    summary: `VXLAN VNI ${vni}${vniValid ? '' : ' (I flag not set)'}`,
    fields: [
      field('vxlan.flags', 'Flags', `0x${flags.toString(16).padStart(2, '0')}`, off, 1),
      field('vxlan.i', 'VNI valid (I)', vniValid, off, 1),
      field('vxlan.vni', 'VNI', vni, off + 4, 3),
    ],
    flags,
    vniValid,
    vni,
  });
  if (d.depth >= MAX_DEPTH) {
    payload(d, off + 8, end, 'Inner frame (nested too deep)');
    return `VXLAN VNI ${vni}`;
  }
  d.depth++;
  const inner = decodeEthernet(d, off + 8, end);
  d.depth--;
  return `VXLAN VNI ${vni}: ${inner}`;
}
