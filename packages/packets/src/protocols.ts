import type { Decoding, IpContext } from './context.ts';
import { payload } from './context.ts';
import { decodeIcmp } from './icmp.ts';
import { decodeIcmpv6 } from './icmpv6.ts';
import { decodeTcp } from './tcp.ts';
import { decodeUdp } from './udp.ts';

/** IP protocol numbers (IPv4 Protocol, IPv6 Next Header) by name. */
export const PROTOCOL_NAMES: Readonly<Record<number, string>> = {
  0: 'Hop-by-Hop',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'Routing',
  44: 'Fragment',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'No next header',
  60: 'Destination options',
  89: 'OSPF',
  112: 'VRRP',
  132: 'SCTP',
  135: 'Mobility',
};

export const protocolName = (p: number): string => PROTOCOL_NAMES[p] ?? `protocol ${p}`;

/** The upper layer of an IP packet at [off, end); null when not decoded (a payload layer is pushed). */
export function decodeUpper(d: Decoding, protocol: number, off: number, end: number, ip: IpContext): string | null {
  switch (protocol) {
    case 1:
      return decodeIcmp(d, off, end, ip);
    case 58:
      return decodeIcmpv6(d, off, end, ip);
    case 6:
      return decodeTcp(d, off, end, ip);
    case 17:
      return decodeUdp(d, off, end, ip);
    default:
      payload(d, off, end, `${protocolName(protocol)} data`);
      return null;
  }
}
