/**
 * IP address and CIDR helpers. Strict on purpose: `010.0.0.1` is refused rather than read as
 * octal (as inet_aton would), and IPv6 is brought to the RFC 5952 form the kernel reports, so
 * a document and `ip -j addr` compare equal.
 */

export type Cidr = { readonly family: 4 | 6; readonly address: string; readonly prefix: number };

const OCTET = /^(0|[1-9][0-9]{0,2})$/;
/** 0-128 without leading zeros; the family's own limit is checked after. */
const PREFIX = /^(0|[1-9][0-9]?|1[01][0-9]|12[0-8])$/;

export function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** Parses an IPv6 address into eight 16-bit groups, or null. No zone ids, no embedded IPv4. */
export function parseIpv6(text: string): number[] | null {
  if (!/^[0-9A-Fa-f:]+$/.test(text) || text.includes(':::')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string | undefined): string[] | null => {
    if (half === undefined || half === '') return [];
    const parts = half.split(':');
    return parts.every((p) => /^[0-9A-Fa-f]{1,4}$/.test(p)) ? parts : null;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  return [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill('0'), ...tail].map((g) =>
    Number.parseInt(g, 16),
  );
}

/** RFC 5952: lowercase, no leading zeros, the longest run (>1) of zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j += 1;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** An IPv4 or IPv6 address without prefix, in canonical form, or null. */
export function canonicalIp(text: string): { readonly family: 4 | 6; readonly address: string } | null {
  return remembered(ips, text, () => {
    const v4 = parseIpv4(text);
    if (v4 !== null) return { family: 4, address: formatIpv4(v4) };
    const v6 = parseIpv6(text);
    return v6 === null ? null : { family: 6, address: formatIpv6(v6) };
  });
}

/**
 * Parsed addresses by text. Documents repeat a few texts many times (every namespace's `lo`,
 * one gateway for all), and validation reads each in several rules: 500 namespaces parsed the same
 * handful of strings tens of thousands of times. Bounded: emptied when full.
 */
const ips = new Map<string, { readonly family: 4 | 6; readonly address: string } | null>();
const cidrs = new Map<string, Cidr | null>();
const REMEMBERED = 8192;

function remembered<T>(cache: Map<string, T>, text: string, parse: () => T): T {
  const known = cache.get(text);
  if (known !== undefined || cache.has(text)) return known as T;
  if (cache.size >= REMEMBERED) cache.clear();
  const value = parse();
  cache.set(text, value);
  return value;
}

/** Whether `text` is an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address. */
export function isMulticast(text: string): boolean {
  const v4 = parseIpv4(text);
  if (v4 !== null) return v4 >= 0xe0000000 && v4 < 0xf0000000;
  const v6 = parseIpv6(text);
  return v6 !== null && (v6[0] ?? 0) >= 0xff00;
}

export function parseCidr(text: string): Cidr | null {
  return remembered(cidrs, text, () => {
    const slash = text.indexOf('/');
    if (slash < 0) return null;
    const ip = canonicalIp(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    if (ip === null || !PREFIX.test(prefixText)) return null;
    const prefix = Number(prefixText);
    if (prefix > (ip.family === 4 ? 32 : 128)) return null;
    return { family: ip.family, address: ip.address, prefix };
  });
}

export const formatCidr = (cidr: Cidr): string => `${cidr.address}/${cidr.prefix}`;

/** The canonical text of a CIDR (IPv6 compressed), or null when it is not one. */
export function canonicalCidr(text: string): string | null {
  const cidr = parseCidr(text);
  return cidr === null ? null : formatCidr(cidr);
}

/** Usable IPv4 host addresses of `subnet` (network and broadcast excluded for prefixes < 31). */
export function ipv4Hosts(
  subnet: string,
): { readonly first: number; readonly last: number; readonly prefix: number } | null {
  const cidr = parseCidr(subnet);
  if (cidr === null || cidr.family !== 4) return null;
  const size = 2 ** (32 - cidr.prefix);
  const network = Math.floor((parseIpv4(cidr.address) ?? 0) / size) * size;
  if (cidr.prefix >= 31) return { first: network, last: network + size - 1, prefix: cidr.prefix };
  return { first: network + 1, last: network + size - 2, prefix: cidr.prefix };
}

/**
 * The next `count` free host addresses of `subnet` as CIDRs, skipping those in `taken`
 * (compared by address, any prefix). Fewer are returned when the subnet runs out.
 */
export function allocateIpv4(subnet: string, count: number, taken: Iterable<string>): string[] {
  const hosts = ipv4Hosts(subnet);
  if (hosts === null) return [];
  const used = new Set([...taken].map((t) => parseCidr(t)?.address ?? t));
  const out: string[] = [];
  for (let v = hosts.first; v <= hosts.last && out.length < count; v += 1) {
    const address = formatIpv4(v);
    if (!used.has(address)) out.push(`${address}/${hosts.prefix}`);
  }
  return out;
}

/** Whether two CIDRs share a subnet (the shorter prefix decides), for "same segment" hints. */
export function sameIpv4Subnet(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (x === null || y === null || x.family !== 4 || y.family !== 4) return false;
  const size = 2 ** (32 - Math.min(x.prefix, y.prefix));
  return Math.floor((parseIpv4(x.address) ?? 0) / size) === Math.floor((parseIpv4(y.address) ?? 0) / size);
}

/**
 * Whether an IPv4 gateway is on the subnet of one of `addresses` (CIDRs): the kernel keeps a route
 * through a gateway only while that is so, and flushes it when the last such address goes.
 */
export const gatewayReachable = (addresses: readonly string[], via: string): boolean =>
  addresses.some((a) => sameIpv4Subnet(a, `${via}/32`));

/** Whether `ip` (an address of either version, no prefix) lies in `cidr`'s subnet. */
export function cidrContains(cidr: string, ip: string): boolean {
  const net = parseCidr(cidr);
  const host = canonicalIp(ip);
  if (net === null || host === null || net.family !== host.family) return false;
  const bits = (address: string): number[] =>
    net.family === 4
      ? [parseIpv4(address) ?? 0].flatMap((v) => [Math.floor(v / 65536), v % 65536])
      : (parseIpv6(address) ?? []);
  const [a, b] = [bits(net.address), bits(host.address)];
  // Compare 16-bit groups: whole ones, then the leading bits of the one the prefix cuts.
  for (let left = net.prefix, i = 0; left > 0; left -= 16, i += 1) {
    const shift = Math.max(0, 16 - left);
    if (Math.floor((a[i] ?? 0) / 2 ** shift) !== Math.floor((b[i] ?? 0) / 2 ** shift)) return false;
  }
  return true;
}
