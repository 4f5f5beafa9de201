import { QDISC_HANDLE, usesNetem, type ImpairSpec } from './impair';

/**
 * netloom's root qdisc on a veth end as `tc` arguments. One qdisc, with netloom's handle (its
 * marker): netem for delay, jitter, loss, duplication and reordering (with netem's own `rate`
 * when there is also a rate), tbf for a rate alone, so a rate limit needs no netem.
 */

/** Six significant digits at most: what tc prints back (see `impairSpec`). */
const n = (v: number): string => String(Number(v.toPrecision(6)));

/** tbf's bucket: 10 ms at the rate, and at least 16 KiB so one large frame always fits. */
export const tbfBurstBytes = (rateKbit: number): number => Math.max(Math.ceil((rateKbit * 125) / 100), 16_384);

export function qdiscReplace(ifname: string, impair: ImpairSpec): string[] {
  const head = ['qdisc', 'replace', 'dev', ifname, 'root', 'handle', QDISC_HANDLE];
  if (!usesNetem(impair)) {
    const burst = String(tbfBurstBytes(impair.rateKbit));
    return [...head, 'tbf', 'rate', `${impair.rateKbit}kbit`, 'burst', burst, 'latency', '100ms'];
  }
  const delay =
    impair.delayMs > 0 || impair.jitterMs > 0
      ? ['delay', `${n(impair.delayMs)}ms`, ...(impair.jitterMs > 0 ? [`${n(impair.jitterMs)}ms`] : [])]
      : [];
  const percent = (keyword: string, v: number) => (v > 0 ? [keyword, `${n(v)}%`] : []);
  return [
    ...head,
    'netem',
    ...delay,
    ...percent('loss', impair.lossPercent),
    ...percent('duplicate', impair.duplicatePercent),
    ...percent('reorder', impair.reorderPercent),
    ...(impair.rateKbit > 0 ? ['rate', `${impair.rateKbit}kbit`] : []),
  ];
}

export const qdiscDelete = (ifname: string): string[] => ['qdisc', 'del', 'dev', ifname, 'root'];
