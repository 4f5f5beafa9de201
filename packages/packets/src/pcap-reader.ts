/**
 * A streaming reader of the classic pcap format, as `tcpdump -w - -U` writes it: a 24-byte global
 * header, then records. Feed it chunks as they arrive, cut anywhere; it returns the whole records
 * each chunk completes. Both byte orders, microsecond and nanosecond timestamps.
 */

/** One captured packet. */
export interface PcapRecord {
  /** Seconds since the epoch. */
  readonly seconds: number;
  /** Nanoseconds within the second (a microsecond file's value times 1000). */
  readonly nanos: number;
  /** The bytes captured (at most the snap length). */
  readonly data: Uint8Array;
  /** The packet's length on the wire. */
  readonly originalLength: number;
}

export interface PcapHeader {
  readonly littleEndian: boolean;
  readonly nanosecond: boolean;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly snapLength: number;
  /** LINKTYPE_* of every record (1 for Ethernet). */
  readonly linkType: number;
}

export type PcapErrorCode = 'PCAP_BAD_MAGIC' | 'PCAP_RECORD_TOO_LARGE';

export interface PcapError {
  readonly code: PcapErrorCode;
  readonly message: string;
}

export const PCAP_MAGIC_MICRO = 0xa1b2c3d4;
export const PCAP_MAGIC_NANO = 0xa1b23c4d;
/** A record larger than this is corruption, not a packet (libpcap's own bound is 256 KiB for most links). */
const MAX_RECORD = 1 << 20;

export class PcapReader {
  #pending: Uint8Array = new Uint8Array(0);
  #header: PcapHeader | null = null;
  #error: PcapError | null = null;

  /** The global header, once its 24 bytes have arrived. */
  get header(): PcapHeader | null {
    return this.#header;
  }

  /** Set when the stream is not pcap (or is corrupt); the reader then ignores further input. */
  get error(): PcapError | null {
    return this.#error;
  }

  /** Bytes held back waiting for the rest of a record. */
  get buffered(): number {
    return this.#pending.length;
  }

  /** Adds a chunk; returns the records it completes, in order. Never throws. */
  push(chunk: Uint8Array): PcapRecord[] {
    if (this.#error !== null) return [];
    const buf = this.#pending.length === 0 ? chunk : concat(this.#pending, chunk);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    let at = 0;
    if (this.#header === null) {
      if (buf.length < 24) {
        this.#pending = buf.slice();
        return [];
      }
      const header = readHeader(view);
      if (header === null) {
        this.#fail('PCAP_BAD_MAGIC', `not a pcap stream (magic 0x${view.getUint32(0).toString(16)})`);
        return [];
      }
      this.#header = header;
      at = 24;
    }
    const le = this.#header.littleEndian;
    const scale = this.#header.nanosecond ? 1 : 1000;
    const records: PcapRecord[] = [];
    while (buf.length - at >= 16) {
      const captured = view.getUint32(at + 8, le);
      if (captured > MAX_RECORD) {
        this.#fail('PCAP_RECORD_TOO_LARGE', `a record of ${captured} bytes at byte ${at}: the stream is corrupt`);
        return records;
      }
      if (buf.length - at - 16 < captured) break;
      records.push({
        seconds: view.getUint32(at, le),
        nanos: view.getUint32(at + 4, le) * scale,
        originalLength: view.getUint32(at + 12, le),
        // A copy, so keeping a packet does not keep the whole chunk alive.
        data: buf.slice(at + 16, at + 16 + captured),
      });
      at += 16 + captured;
    }
    this.#pending = at === buf.length ? new Uint8Array(0) : buf.slice(at);
    return records;
  }

  #fail(code: PcapErrorCode, message: string): void {
    this.#error = { code, message };
    this.#pending = new Uint8Array(0);
  }
}

function readHeader(view: DataView): PcapHeader | null {
  for (const littleEndian of [true, false]) {
    const magic = view.getUint32(0, littleEndian);
    if (magic !== PCAP_MAGIC_MICRO && magic !== PCAP_MAGIC_NANO) continue;
    return {
      littleEndian,
      nanosecond: magic === PCAP_MAGIC_NANO,
      versionMajor: view.getUint16(4, littleEndian),
      versionMinor: view.getUint16(6, littleEndian),
      snapLength: view.getUint32(16, littleEndian),
      // The upper bits carry FCS information in some files; the link type is the low 16.
      linkType: view.getUint32(20, littleEndian) & 0xffff,
    };
  }
  return null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Reads a whole pcap file at once; `trailing` counts the bytes of a last record cut short. */
export function readPcap(bytes: Uint8Array): {
  header: PcapHeader | null;
  records: PcapRecord[];
  error: PcapError | null;
  trailing: number;
} {
  const reader = new PcapReader();
  const records = reader.push(bytes);
  return { header: reader.header, records, error: reader.error, trailing: reader.buffered };
}
