import { decodeArp } from './arp.ts';
import { formatMac, hexByte } from './bytes.ts';
import { field, fits, payload, type Decoding } from './context.ts';
import { decodeIpv4 } from './ipv4.ts';
import { decodeIpv6 } from './ipv6.ts';
import type { Field } from './layers.ts';

const VLAN_TPIDS: ReadonlySet<number> = new Set([0x8100, 0x88a8, 0x9100]);
const TPID_NAMES: Readonly<Record<number, string>> = { 0x8100: '802.1Q', 0x88a8: '802.1ad', 0x9100: 'QinQ' };

export const ETHERTYPE_NAMES: Readonly<Record<number, string>> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q',
  0x88a8: '802.1ad',
  0x9100: 'QinQ',
  0x88cc: 'LLDP',
  0x8847: 'MPLS',
};

export const etherTypeName = (t: number): string => ETHERTYPE_NAMES[t] ?? `0x${hexByte(t >> 8)}${hexByte(t)}`;

/** An Ethernet II frame in [off, end), then what it carries. Returns the packet summary from here. */
export function decodeEthernet(d: Decoding, off: number, end: number): string {
  if (!fits(d, off, end, 14, 'Ethernet')) return 'Ethernet truncated';
  const dst = formatMac(d.bytes, off);
  const src = formatMac(d.bytes, off + 6);
  const etherType = d.view.getUint16(off + 12);
  const fields: Field[] = [field('eth.dst', 'Destination', dst, off, 6), field('eth.src', 'Source', src, off + 6, 6)];
  const isLength = etherType < 0x0600;
  fields.push(
    isLength
      ? field('eth.length', 'Length (802.3)', etherType, off + 12, 2)
      : field('eth.type', 'EtherType', etherTypeName(etherType), off + 12, 2),
  );
  d.layers.push({
    kind: 'ethernet',
    offset: off,
    length: 14,
    summary: `Ethernet ${src} → ${dst}, ${isLength ? `802.3 length ${etherType}` : etherTypeName(etherType)}`,
    fields,
    src,
    dst,
    etherType,
  });
  if (isLength) {
    payload(d, off + 14, end, '802.3 LLC');
    return `802.3 ${src} → ${dst} length ${etherType}`;
  }
  const inner = decodeEtherType(d, etherType, off + 14, end);
  return inner ?? `Ethernet ${src} → ${dst} ${etherTypeName(etherType)}`;
}

/** What an EtherType says follows at `off`; null when nothing here decodes it (a payload layer is pushed). */
export function decodeEtherType(d: Decoding, etherType: number, off: number, end: number): string | null {
  if (VLAN_TPIDS.has(etherType)) return decodeVlan(d, etherType, off, end);
  switch (etherType) {
    case 0x0800:
      return decodeIpv4(d, off, end);
    case 0x86dd:
      return decodeIpv6(d, off, end);
    case 0x0806:
      return decodeArp(d, off, end);
    default:
      payload(d, off, end, `${etherTypeName(etherType)} data`);
      return null;
  }
}

function decodeVlan(d: Decoding, tpid: number, off: number, end: number): string {
  const name = TPID_NAMES[tpid] ?? '802.1Q';
  if (!fits(d, off, end, 4, `${name} tag`)) return `${name} truncated`;
  const tci = d.view.getUint16(off);
  const priority = tci >> 13;
  const dei = (tci & 0x1000) !== 0;
  const vid = tci & 0x0fff;
  const etherType = d.view.getUint16(off + 2);
  d.layers.push({
    kind: 'vlan',
    offset: off,
    length: 4,
    summary: `${name} VLAN ${vid}, priority ${priority}${dei ? ', DEI' : ''}, ${etherTypeName(etherType)}`,
    fields: [
      field('vlan.priority', 'Priority (PCP)', priority, off, 1),
      field('vlan.dei', 'Drop eligible (DEI)', dei, off, 1),
      field('vlan.id', 'VLAN ID', vid, off, 2),
      field('vlan.type', 'EtherType', etherTypeName(etherType), off + 2, 2),
    ],
    tpid,
    priority,
    dei,
    vid,
    etherType,
  });
  const inner = decodeEtherType(d, etherType, off + 4, end);
  return `VLAN ${vid}: ${inner ?? etherTypeName(etherType)}`;
}
