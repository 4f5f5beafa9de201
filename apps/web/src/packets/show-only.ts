import type { CapturePacket } from './capture-store';

/**
 * The Packets panel's "Show only" field, a display filter in the spirit of Wireshark's but in plain
 * words: a packet is listed when its row (protocol, addresses, interface and one-line summary)
 * contains every word typed, in any case and any order. A class follows "echo" or "arp" among the
 * IPv6 router solicitations a fresh namespace sends; the capture itself keeps every packet.
 */
export function showOnlyWords(query: string): readonly string[] {
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

export function rowMatches(packet: CapturePacket, iface: string, words: readonly string[]): boolean {
  if (words.length === 0) return true;
  const outer = packet.outer === null ? '' : `${packet.outer.src} ${packet.outer.dst}`;
  const text = `${packet.protocol} ${packet.src} ${packet.dst} ${outer} ${iface} ${packet.summary}`.toLowerCase();
  return words.every((w) => text.includes(w));
}
