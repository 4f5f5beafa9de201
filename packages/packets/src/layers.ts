/**
 * What the decoder produces: a packet is a list of layers in wire order (a VXLAN packet's inner
 * frame follows its VXLAN layer), each with named fields located in the packet's bytes, so a hex
 * view can highlight the bytes of the selected field.
 */

/** One named value of a layer and where it sits in the packet. */
export interface Field {
  /** Stable dotted name, such as `ipv4.ttl` or `tcp.option.mss`. */
  readonly name: string;
  /** What a person reads, such as `Time to live`. */
  readonly label: string;
  readonly value: string | number | boolean;
  /** Byte offset from the start of the packet (bit fields: the bytes holding them). */
  readonly offset: number;
  /** Length in bytes; `offset + length` never passes the end of the captured bytes. */
  readonly length: number;
}

interface LayerBase {
  /** Byte offset of the layer's header from the start of the packet. */
  readonly offset: number;
  /** Length of the header in bytes (what follows is the next layer). */
  readonly length: number;
  /** One line for this layer alone, such as `IPv4 10.1.1.1 → 10.1.1.2, TTL 64`. */
  readonly summary: string;
  readonly fields: readonly Field[];
}

/** A part of a header that is not a field of its own: an IPv4 or TCP option, an IPv6 extension header, an ND option. */
export interface Part {
  readonly type: number;
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  /** The option's value as text, when it has one (`1240` for an MSS, a MAC for a link-address option). */
  readonly value?: string;
}

export interface EthernetLayer extends LayerBase {
  readonly kind: 'ethernet';
  readonly src: string;
  readonly dst: string;
  /** The EtherType field (after the addresses); a VLAN tag's TPID when the frame is tagged. */
  readonly etherType: number;
}

export interface VlanLayer extends LayerBase {
  readonly kind: 'vlan';
  /** 0x8100 (802.1Q), 0x88a8 (802.1ad service tag) or 0x9100. */
  readonly tpid: number;
  readonly priority: number;
  readonly dei: boolean;
  readonly vid: number;
  /** The EtherType the tag is followed by. */
  readonly etherType: number;
}

export interface ArpLayer extends LayerBase {
  readonly kind: 'arp';
  /** 1 request, 2 reply. */
  readonly operation: number;
  readonly senderMac: string;
  readonly senderIp: string;
  readonly targetMac: string;
  readonly targetIp: string;
}

export interface Ipv4Layer extends LayerBase {
  readonly kind: 'ipv4';
  readonly src: string;
  readonly dst: string;
  readonly headerLength: number;
  readonly tos: number;
  readonly totalLength: number;
  readonly id: number;
  readonly dontFragment: boolean;
  readonly moreFragments: boolean;
  /** In bytes (the field times 8). */
  readonly fragmentOffset: number;
  readonly ttl: number;
  readonly protocol: number;
  readonly checksum: number;
  readonly checksumValid: boolean;
  readonly options: readonly Part[];
}

export interface Ipv6Layer extends LayerBase {
  readonly kind: 'ipv6';
  readonly src: string;
  readonly dst: string;
  readonly trafficClass: number;
  readonly flowLabel: number;
  readonly payloadLength: number;
  /** The Next Header field of the fixed header. */
  readonly nextHeader: number;
  readonly hopLimit: number;
  /** Extension headers, in order, skipped over to reach `protocol` (counted in `length`). */
  readonly extensions: readonly Part[];
  /** The upper-layer protocol after the extension headers. */
  readonly protocol: number;
  /** Set when a Fragment header says this is not the first fragment. */
  readonly fragmentOffset: number;
}

export interface IcmpLayer extends LayerBase {
  readonly kind: 'icmp';
  readonly type: number;
  readonly code: number;
  readonly typeName: string;
  readonly checksum: number;
  /** null when the message is not wholly captured. */
  readonly checksumValid: boolean | null;
  /** Echo request and reply. */
  readonly id?: number;
  readonly seq?: number;
  /** Fragmentation needed: the next-hop MTU. */
  readonly mtu?: number;
  /** Errors: the datagram that caused them, from the quoted header. */
  readonly original?: QuotedDatagram;
}

/** The start of the datagram an ICMP error quotes. */
export interface QuotedDatagram {
  readonly src: string;
  readonly dst: string;
  readonly protocol: number;
  readonly srcPort?: number;
  readonly dstPort?: number;
  /** The identifier of a quoted ICMP or ICMPv6 echo. */
  readonly id?: number;
}

export interface Icmpv6Layer extends LayerBase {
  readonly kind: 'icmpv6';
  readonly type: number;
  readonly code: number;
  readonly typeName: string;
  readonly checksum: number;
  readonly checksumValid: boolean | null;
  readonly id?: number;
  readonly seq?: number;
  /** Packet too big. */
  readonly mtu?: number;
  /** Neighbour solicitation and advertisement. */
  readonly target?: string;
  /** Neighbour advertisement (R, S, O) or router advertisement (M, O) flags, by name. */
  readonly flags?: readonly string[];
  /** Router advertisement. */
  readonly curHopLimit?: number;
  readonly routerLifetime?: number;
  /** Neighbour discovery options. */
  readonly options: readonly Part[];
  readonly original?: QuotedDatagram;
}

export interface UdpLayer extends LayerBase {
  readonly kind: 'udp';
  readonly srcPort: number;
  readonly dstPort: number;
  /** The Length field (header included). */
  readonly udpLength: number;
  readonly checksum: number;
}

export interface TcpLayer extends LayerBase {
  readonly kind: 'tcp';
  readonly srcPort: number;
  readonly dstPort: number;
  readonly seq: number;
  readonly ack: number;
  readonly headerLength: number;
  /** The nine flag bits (NS … FIN). */
  readonly flags: number;
  /** Set flags by name, FIN first: `SYN`, `ACK`… */
  readonly flagNames: readonly string[];
  readonly window: number;
  readonly checksum: number;
  readonly urgent: number;
  readonly options: readonly Part[];
  /** Bytes of data after the header, from the IP length. */
  readonly payloadLength: number;
}

export interface VxlanLayer extends LayerBase {
  readonly kind: 'vxlan';
  readonly flags: number;
  /** The I flag: the VNI is valid. */
  readonly vniValid: boolean;
  /** 24-bit VXLAN network identifier. */
  readonly vni: number;
}

/** Bytes no layer decodes: data, Ethernet padding, a later fragment, an unknown protocol. */
export interface PayloadLayer extends LayerBase {
  readonly kind: 'payload';
  readonly label: string;
}

/** A header cut short by the capture (or by a length field): what was expected, what is there. */
export interface TruncatedLayer extends LayerBase {
  readonly kind: 'truncated';
  /** The layer expected here, such as `IPv4`. */
  readonly expected: string;
  /** Bytes that header needs. */
  readonly needed: number;
}

export type Layer =
  | EthernetLayer
  | VlanLayer
  | ArpLayer
  | Ipv4Layer
  | Ipv6Layer
  | IcmpLayer
  | Icmpv6Layer
  | UdpLayer
  | TcpLayer
  | VxlanLayer
  | PayloadLayer
  | TruncatedLayer;

export type LayerKind = Layer['kind'];

export interface DecodedPacket {
  readonly layers: readonly Layer[];
  /** One line for the whole packet, innermost first: `ICMP echo request 10.1.1.1 → 10.1.1.2 id 12 seq 3`. */
  readonly summary: string;
  /** Captured bytes. */
  readonly length: number;
}
