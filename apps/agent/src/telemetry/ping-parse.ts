/**
 * One line of `ping -n -O` (iputils 20221126) as data. Pure. `-O` makes ping print
 * `no answer yet for icmp_seq=N` when a reply is not back before the next request is sent.
 */
export type PingLine =
  | { readonly kind: 'reply'; readonly seq: number; readonly rttMs: number; readonly ttl?: number }
  | { readonly kind: 'timeout'; readonly seq: number }
  | { readonly kind: 'unreachable'; readonly seq: number; readonly detail: string };

// 64 bytes from 10.1.1.1: icmp_seq=1 ttl=64 time=0.045 ms   (also `time=12 ms`, and IPv6 sources)
const REPLY = /^\d+ bytes from \S+: icmp_seq=(\d+)(?: ttl=(\d+))? time=(\d+(?:\.\d+)?) ms(?: \(DUP!\))?$/;
const TIMEOUT = /^no answer yet for icmp_seq=(\d+)$/;
// From 10.9.0.1 icmp_seq=1 Destination Host Unreachable
const ICMP_ERROR = /^From \S+ icmp_seq=(\d+) (.+)$/;

/** null for headers, statistics, duplicates and anything unrecognised. */
export function parsePingLine(line: string): PingLine | null {
  const text = line.trim();
  const reply = REPLY.exec(text);
  if (reply !== null) {
    if (text.endsWith('(DUP!)')) return null; // a duplicate of a reply already reported
    const ttl = reply[2] === undefined ? undefined : Number(reply[2]);
    return { kind: 'reply', seq: Number(reply[1]), rttMs: Number(reply[3]), ...(ttl !== undefined && { ttl }) };
  }
  const timeout = TIMEOUT.exec(text);
  if (timeout !== null) return { kind: 'timeout', seq: Number(timeout[1]) };
  const error = ICMP_ERROR.exec(text);
  if (error !== null) return { kind: 'unreachable', seq: Number(error[1]), detail: error[2] ?? '' };
  return null;
}

/** `ping -c 1 -W 1` output → the round trip, or null when there was no reply. */
export function parseSinglePing(stdout: string): number | null {
  for (const line of stdout.split('\n')) {
    const parsed = parsePingLine(line);
    if (parsed?.kind === 'reply') return parsed.rttMs;
  }
  return null;
}
