import type { Decoding } from './context.ts';
import { payload } from './context.ts';
import { decodeEthernet } from './ethernet.ts';
import { decodeIpv4 } from './ipv4.ts';
import { decodeIpv6 } from './ipv6.ts';
import type { DecodedPacket, Layer } from './layers.ts';

/** pcap link types (LINKTYPE_*) the decoder reads. */
export const LINKTYPE = {
  ETHERNET: 1,
  /** Raw IP, version from the first nibble (tun devices). */
  RAW: 101,
  IPV4: 228,
  IPV6: 229,
} as const;

/**
 * Decodes one packet as captured on a link of `linkType`. Never throws: bytes that no layer
 * explains become a `payload` layer and a header cut short a `truncated` one. Every layer and
 * field lies within `bytes`.
 */
export function decodePacket(bytes: Uint8Array, linkType: number = LINKTYPE.ETHERNET): DecodedPacket {
  const d: Decoding = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    layers: [],
    depth: 0,
  };
  const end = bytes.length;
  let summary: string;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      summary = decodeEthernet(d, 0, end);
      break;
    case LINKTYPE.IPV4:
      summary = decodeIpv4(d, 0, end);
      break;
    case LINKTYPE.IPV6:
      summary = decodeIpv6(d, 0, end);
      break;
    case LINKTYPE.RAW:
      summary = end > 0 && (bytes[0] as number) >> 4 === 6 ? decodeIpv6(d, 0, end) : decodeIpv4(d, 0, end);
      break;
    default:
      payload(d, 0, end, `Link type ${linkType}`);
      summary = `link type ${linkType}, ${end} bytes`;
  }
  return { layers: d.layers, summary, length: end };
}

/** The first layer of a kind (outermost), if any. */
export function findLayer<K extends Layer['kind']>(
  packet: DecodedPacket,
  kind: K,
): Extract<Layer, { kind: K }> | undefined {
  return packet.layers.find((l): l is Extract<Layer, { kind: K }> => l.kind === kind);
}
