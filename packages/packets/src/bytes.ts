/** Address formatting and the Internet checksum, on plain Uint8Array (no Node Buffer: this runs in browsers). */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexByte(b: number): string {
  return HEX[b & 0xff] as string;
}

export function formatMac(bytes: Uint8Array, off: number): string {
  let s = HEX[bytes[off] ?? 0] as string;
  for (let i = 1; i < 6; i++) s += ':' + (HEX[bytes[off + i] ?? 0] as string);
  return s;
}

export function formatIpv4(bytes: Uint8Array, off: number): string {
  return `${bytes[off]}.${bytes[off + 1]}.${bytes[off + 2]}.${bytes[off + 3]}`;
}

/** RFC 5952 text (as inet_ntop writes it): lower case, the longest run of two or more zero groups as `::`. */
export function formatIpv6(bytes: Uint8Array, off: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[off + i] ?? 0) << 8) | (bytes[off + i + 1] ?? 0));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  if (bestLen < 2) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16));
  const tail = groups.slice(bestStart + bestLen).map((g) => g.toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

/** The ones' complement sum of [from, to) folded to 16 bits, added to `initial` (for pseudo-headers). */
export function onesSum(bytes: Uint8Array, from: number, to: number, initial = 0): number {
  let sum = initial;
  let i = from;
  for (; i + 1 < to; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  if (i < to) sum += (bytes[i] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** True when the Internet checksum over [from, to) (checksum field included) verifies. */
export function checksumOk(bytes: Uint8Array, from: number, to: number, initial = 0): boolean {
  return onesSum(bytes, from, to, initial) === 0xffff;
}
