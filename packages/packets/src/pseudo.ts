import type { Decoding, IpContext } from './context.ts';
import { onesSum } from './bytes.ts';

/** The ones' complement sum of the IPv4/IPv6 pseudo-header for an upper layer of `length` bytes. */
export function pseudoHeaderSum(d: Decoding, ip: IpContext, protocol: number, length: number): number {
  const addrLen = ip.family === 4 ? 4 : 16;
  let sum = onesSum(d.bytes, ip.srcOffset, ip.srcOffset + addrLen);
  sum = onesSum(d.bytes, ip.dstOffset, ip.dstOffset + addrLen, sum);
  sum += protocol + (length >>> 16) + (length & 0xffff);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
