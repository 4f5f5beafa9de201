import { field, fits, hostPort, payload, type Decoding, type IpContext } from './context.ts';
import type { Field, Part } from './layers.ts';

/** Flag bits, FIN first (tcpdump's order). */
const FLAGS: readonly (readonly [number, string])[] = [
  [0x001, 'FIN'],
  [0x002, 'SYN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
  [0x020, 'URG'],
  [0x040, 'ECE'],
  [0x080, 'CWR'],
  [0x100, 'NS'],
];

const OPTION_NAMES: Readonly<Record<number, string>> = {
  0: 'eol',
  1: 'nop',
  2: 'mss',
  3: 'wscale',
  4: 'sackOK',
  5: 'sack',
  8: 'TS',
  30: 'mptcp',
  34: 'tfo',
};

/** A TCP segment at [off, end). */
export function decodeTcp(d: Decoding, off: number, end: number, ip: IpContext): string {
  if (!fits(d, off, end, 20, 'TCP')) return 'TCP truncated';
  const { bytes, view } = d;
  const srcPort = view.getUint16(off);
  const dstPort = view.getUint16(off + 2);
  const seq = view.getUint32(off + 4);
  const ack = view.getUint32(off + 8);
  const headerLength = ((bytes[off + 12] as number) >> 4) * 4;
  const flags = view.getUint16(off + 12) & 0x1ff;
  const window = view.getUint16(off + 14);
  const checksum = view.getUint16(off + 16);
  const urgent = view.getUint16(off + 18);
  const flagNames = FLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
  const hl = Math.max(20, Math.min(headerLength, end - off));
  const options = headerLength > 20 ? readOptions(bytes, view, off + 20, off + hl) : [];
  const payloadLength = Math.max(0, ip.declaredEnd - off - Math.max(20, headerLength));
  const fields: Field[] = [
    field('tcp.srcport', 'Source port', srcPort, off, 2),
    field('tcp.dstport', 'Destination port', dstPort, off + 2, 2),
    field('tcp.seq', 'Sequence number', seq, off + 4, 4),
    field('tcp.ack', 'Acknowledgment number', ack, off + 8, 4),
    field('tcp.hdr_len', 'Header length', headerLength, off + 12, 1),
    field('tcp.flags', 'Flags', flagNames.join(', ') || 'none', off + 12, 2),
    field('tcp.window', 'Window', window, off + 14, 2),
    field('tcp.checksum', 'Checksum', checksum, off + 16, 2),
    field('tcp.urgent', 'Urgent pointer', urgent, off + 18, 2),
  ];
  for (const o of options)
    fields.push(field(`tcp.option.${o.name}`, `Option ${o.name}`, o.value ?? '', o.offset, o.length));
  const from = hostPort(ip.src, ip.family, srcPort);
  const to = hostPort(ip.dst, ip.family, dstPort);
  const ackText = flags & 0x10 ? ` ack ${ack}` : '';
  const summary = `TCP ${from} → ${to} [${flagNames.join(', ')}] seq ${seq}${ackText} win ${window} len ${payloadLength}`;
  d.layers.push({
    kind: 'tcp',
    offset: off,
    length: hl,
    summary,
    fields,
    srcPort,
    dstPort,
    seq,
    ack,
    headerLength,
    flags,
    flagNames,
    window,
    checksum,
    urgent,
    options,
    payloadLength,
  });
  if (headerLength < 20) payload(d, off + 20, end, 'TCP data (header length below 20)');
  else if (!fits(d, off, end, headerLength, 'TCP options')) return summary;
  else payload(d, off + headerLength, end, 'TCP data');
  return summary;
}

function readOptions(bytes: Uint8Array, view: DataView, from: number, to: number): Part[] {
  const out: Part[] = [];
  for (let i = from; i < to;) {
    const type = bytes[i] as number;
    const name = OPTION_NAMES[type] ?? `opt-${type}`;
    if (type === 0 || type === 1) {
      out.push({ type, name, offset: i, length: 1 });
      i++;
      if (type === 0) break;
      continue;
    }
    const len = i + 1 < to ? (bytes[i + 1] as number) : 0;
    if (len < 2 || i + len > to) {
      out.push({ type, name: 'malformed', offset: i, length: to - i });
      break;
    }
    const value = optionValue(view, type, i, len);
    out.push(
      value === undefined ? { type, name, offset: i, length: len } : { type, name, offset: i, length: len, value },
    );
    i += len;
  }
  return out;
}

function optionValue(view: DataView, type: number, at: number, len: number): string | undefined {
  if (type === 2 && len === 4) return String(view.getUint16(at + 2));
  if (type === 3 && len === 3) return String(view.getUint8(at + 2));
  if (type === 8 && len === 10) return `val ${view.getUint32(at + 2)} ecr ${view.getUint32(at + 6)}`;
  if (type === 5) {
    const blocks: string[] = [];
    for (let j = at + 2; j + 8 <= at + len; j += 8) blocks.push(`${view.getUint32(j)}:${view.getUint32(j + 4)}`);
    return blocks.join(' ');
  }
  return undefined;
}
