import type { DecodedPacket } from '@netloom/packets';

import { LAYER_NAMES } from './layer-names';

/** The decoder's entry points the page uses (the module is loaded on demand). */
export type PacketDecoder = {
  readonly decodePacket: (bytes: Uint8Array, linkType?: number) => DecodedPacket;
  readonly flowKey: (packet: DecodedPacket) => string | null;
  readonly packetEndpoints: (packet: DecodedPacket) => {
    outermost: { src: string; dst: string } | null;
    innermost: { src: string; dst: string } | null;
  };
};

/** What the list shows of a packet, and what the canvas markers need, from one decode. */
export function summarise(
  d: PacketDecoder,
  data: Uint8Array,
  linkType: number,
): {
  summary: string;
  protocol: string;
  src: string;
  dst: string;
  outer: { src: string; dst: string } | null;
  vni: number | null;
  flow: string | null;
} {
  const decoded = d.decodePacket(data, linkType);
  const { outermost, innermost } = d.packetEndpoints(decoded);
  let protocol = '';
  let vni: number | null = null;
  for (const layer of decoded.layers) {
    if (layer.kind === 'vxlan') vni = layer.vni;
    // The innermost protocol names the packet; its payload or a cut-off tail does not.
    if (layer.kind !== 'payload' && layer.kind !== 'truncated') protocol = LAYER_NAMES[layer.kind];
  }
  if (vni !== null && protocol !== 'VXLAN') protocol = `VXLAN/${protocol}`;
  const outer =
    outermost !== null && innermost !== null && (outermost.src !== innermost.src || outermost.dst !== innermost.dst)
      ? { src: outermost.src, dst: outermost.dst }
      : null;
  return {
    summary: decoded.summary,
    protocol: protocol === '' ? '?' : protocol,
    src: innermost?.src ?? '',
    dst: innermost?.dst ?? '',
    outer,
    vni,
    flow: d.flowKey(decoded),
  };
}
