/**
 * A .pcapng writer for captures merged from several interfaces: one Interface Description Block
 * per interface (its name in if_name, its namespace in a comment, nanosecond timestamps), then one
 * Enhanced Packet Block per packet naming its interface. Little-endian, one section.
 */
import { join } from './pcap-writer.ts';

export interface PcapngInterface {
  /** The interface's name, such as `veth-ws1` (if_name). */
  readonly name: string;
  /** The namespace it lives in, written as the block's comment (`namespace ws1`); null for the host. */
  readonly namespace: string | null;
  /** LINKTYPE_*; 1 (Ethernet) by default. */
  readonly linkType?: number;
  readonly snapLength?: number;
}

export interface PcapngPacket {
  /** Index into the interfaces given to the writer. */
  readonly interfaceId: number;
  readonly seconds: number;
  readonly nanos: number;
  readonly data: Uint8Array;
  readonly originalLength: number;
}

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const OPT_COMMENT = 1;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const SHB_USERAPPL = 4;

/** UTF-8 bytes of a string (TextEncoder is not in the ES library this pure package compiles against). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
const pad4 = (n: number): number => (n + 3) & ~3;

function option(code: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + pad4(value.length));
  const v = new DataView(out.buffer);
  v.setUint16(0, code, true);
  v.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

const END_OF_OPTIONS = new Uint8Array(4);

/** A block: type, total length, body, total length again. */
function block(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + body.length;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  v.setUint32(0, type, true);
  v.setUint32(4, total, true);
  out.set(body, 8);
  v.setUint32(total - 4, total, true);
  return out;
}

/** The Section Header Block that starts the file. */
export function pcapngSectionHeader(application = 'netloom'): Uint8Array {
  const fixed = new Uint8Array(16);
  const v = new DataView(fixed.buffer);
  v.setUint32(0, 0x1a2b3c4d, true); // byte-order magic
  v.setUint16(4, 1, true);
  v.setUint16(6, 0, true);
  v.setBigInt64(8, -1n, true); // section length not given
  return block(SHB, join([fixed, option(SHB_USERAPPL, utf8(application)), END_OF_OPTIONS]));
}

export function pcapngInterface(iface: PcapngInterface): Uint8Array {
  const fixed = new Uint8Array(8);
  const v = new DataView(fixed.buffer);
  v.setUint16(0, iface.linkType ?? 1, true);
  v.setUint32(4, iface.snapLength ?? 262144, true);
  const options = [option(IF_NAME, utf8(iface.name)), option(IF_TSRESOL, new Uint8Array([9]))];
  if (iface.namespace !== null) options.push(option(OPT_COMMENT, utf8(`namespace ${iface.namespace}`)));
  return block(IDB, join([fixed, ...options, END_OF_OPTIONS]));
}

export function pcapngPacket(packet: PcapngPacket): Uint8Array {
  const body = new Uint8Array(20 + pad4(packet.data.length));
  const v = new DataView(body.buffer);
  // if_tsresol 9: the timestamp counts nanoseconds since the epoch, as a 64-bit number in two halves.
  const ts = BigInt(packet.seconds) * 1_000_000_000n + BigInt(packet.nanos);
  v.setUint32(0, packet.interfaceId, true);
  v.setUint32(4, Number(ts >> 32n), true);
  v.setUint32(8, Number(ts & 0xffffffffn), true);
  v.setUint32(12, packet.data.length, true);
  v.setUint32(16, packet.originalLength, true);
  body.set(packet.data, 20);
  return block(EPB, body);
}

/** A whole .pcapng file: the section header, every interface, then the packets in the order given. */
export function writePcapng(interfaces: readonly PcapngInterface[], packets: readonly PcapngPacket[]): Uint8Array {
  return join([pcapngSectionHeader(), ...interfaces.map(pcapngInterface), ...packets.map(pcapngPacket)]);
}
