import { writePcap, writePcapng, type PcapngInterface, type PcapngPacket } from '@netloom/packets';

import type { CapturePacket, CaptureView } from './capture-store';

/** A capture file of these packets, oldest first, for Wireshark or `tcpdump -r`. */
export function captureFile(
  format: 'pcap' | 'pcapng',
  packets: readonly CapturePacket[],
  captures: Readonly<Record<string, CaptureView>>,
): Uint8Array {
  if (format === 'pcap') {
    // One link type per pcap file: the first packet's (every netloom interface is Ethernet).
    const linkType = packets[0]?.linkType ?? 1;
    return writePcap(
      packets
        .filter((p) => p.linkType === linkType)
        .map((p) => ({ ...time(p), data: p.data, originalLength: p.length })),
      { linkType, nanosecond: false },
    );
  }
  // pcapng names each interface (and its namespace): one block per interface of every capture.
  const interfaces: PcapngInterface[] = [];
  const index = new Map<string, number>();
  const out: PcapngPacket[] = [];
  for (const p of packets) {
    const key = `${p.captureId}/${p.iface}`;
    let id = index.get(key);
    if (id === undefined) {
      const iface = captures[p.captureId]?.ifaces[p.iface];
      id = interfaces.length;
      index.set(key, id);
      interfaces.push({ name: iface?.ifname ?? `if${p.iface}`, namespace: iface?.netns ?? null, linkType: p.linkType });
    }
    out.push({ interfaceId: id, ...time(p), data: p.data, originalLength: p.length });
  }
  return writePcapng(interfaces, out);
}

const time = (p: CapturePacket) => ({ seconds: Math.floor(p.atUs / 1e6), nanos: (p.atUs % 1e6) * 1000 });

/** Hands the bytes to the browser as a download. */
export function downloadBytes(fileName: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/vnd.tcpdump.pcap' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
