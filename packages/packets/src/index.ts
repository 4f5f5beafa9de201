export type * from './layers.ts';
export { decodePacket, findLayer, LINKTYPE } from './decode.ts';
export { flowKey, packetEndpoints, type Endpoints } from './flow.ts';
export { formatIpv4, formatIpv6, formatMac } from './bytes.ts';
export {
  PcapReader,
  readPcap,
  PCAP_MAGIC_MICRO,
  PCAP_MAGIC_NANO,
  type PcapError,
  type PcapErrorCode,
  type PcapHeader,
  type PcapRecord,
} from './pcap-reader.ts';
export { pcapHeader, pcapRecord, writePcap, type PcapWriteOptions } from './pcap-writer.ts';
export {
  pcapngInterface,
  pcapngPacket,
  pcapngSectionHeader,
  writePcapng,
  type PcapngInterface,
  type PcapngPacket,
} from './pcapng-writer.ts';
