/** `12 pkt/s`, `1.2k pkt/s`. */
export function formatRate(pps: number): string {
  if (pps >= 1000) return `${(pps / 1000).toFixed(1)}k pkt/s`;
  return `${pps < 10 ? pps.toFixed(1) : Math.round(pps)} pkt/s`;
}
