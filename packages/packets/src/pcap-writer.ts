import { PCAP_MAGIC_MICRO, PCAP_MAGIC_NANO, type PcapRecord } from './pcap-reader.ts';

export interface PcapWriteOptions {
  /** LINKTYPE_* of every record; 1 (Ethernet) by default. */
  readonly linkType?: number;
  readonly snapLength?: number;
  /** Nanosecond timestamps (magic 0xa1b23c4d); microseconds otherwise, as most tools expect. */
  readonly nanosecond?: boolean;
  /** Byte order of the file; little-endian by default. */
  readonly littleEndian?: boolean;
}

/** The 24-byte global header of a pcap file (write it once, then records). */
export function pcapHeader(options: PcapWriteOptions = {}): Uint8Array {
  const le = options.littleEndian ?? true;
  const out = new Uint8Array(24);
  const v = new DataView(out.buffer);
  v.setUint32(0, options.nanosecond === true ? PCAP_MAGIC_NANO : PCAP_MAGIC_MICRO, le);
  v.setUint16(4, 2, le);
  v.setUint16(6, 4, le);
  v.setUint32(16, options.snapLength ?? 262144, le);
  v.setUint32(20, options.linkType ?? 1, le);
  return out;
}

/** One record, its timestamp in the file's resolution (microseconds are truncated from `nanos`). */
export function pcapRecord(record: PcapRecord, options: PcapWriteOptions = {}): Uint8Array {
  const le = options.littleEndian ?? true;
  const out = new Uint8Array(16 + record.data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, record.seconds, le);
  v.setUint32(4, options.nanosecond === true ? record.nanos : Math.floor(record.nanos / 1000), le);
  v.setUint32(8, record.data.length, le);
  v.setUint32(12, record.originalLength, le);
  out.set(record.data, 16);
  return out;
}

/** A whole .pcap file. */
export function writePcap(records: readonly PcapRecord[], options: PcapWriteOptions = {}): Uint8Array {
  return join([pcapHeader(options), ...records.map((r) => pcapRecord(r, options))]);
}

export function join(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
