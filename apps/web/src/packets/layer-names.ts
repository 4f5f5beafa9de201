import type { Layer } from '@netloom/packets';

/** What the Packets panel calls each layer: the decode tree's headings and the list's protocol column. */
export const LAYER_NAMES: Readonly<Record<Layer['kind'], string>> = {
  ethernet: 'Ethernet',
  vlan: '802.1Q',
  arp: 'ARP',
  ipv4: 'IPv4',
  ipv6: 'IPv6',
  icmp: 'ICMP',
  icmpv6: 'ICMPv6',
  udp: 'UDP',
  tcp: 'TCP',
  vxlan: 'VXLAN',
  payload: 'Data',
  truncated: 'Truncated',
};
