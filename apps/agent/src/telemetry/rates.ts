import type { CounterValues, Rates } from '@netloom/protocol';

/**
 * Per-second rates between two samples of one interface. A counter that went backwards (the
 * interface was re-created under the same name) gives no rate rather than a negative one.
 */
export function computeRates(before: CounterValues, after: CounterValues, elapsedMs: number): Rates | undefined {
  if (elapsedMs <= 0) return undefined;
  const per = (a: number, b: number) => ((b - a) * 1000) / elapsedMs;
  const fields = [
    per(before.rxBytes, after.rxBytes),
    per(before.txBytes, after.txBytes),
    per(before.rxPackets, after.rxPackets),
    per(before.txPackets, after.txPackets),
  ] as const;
  if (fields.some((v) => v < 0)) return undefined;
  const [rxBytesPerSec, txBytesPerSec, rxPacketsPerSec, txPacketsPerSec] = fields.map((v) => Math.round(v * 100) / 100);
  return {
    rxBytesPerSec: rxBytesPerSec ?? 0,
    txBytesPerSec: txBytesPerSec ?? 0,
    rxPacketsPerSec: rxPacketsPerSec ?? 0,
    txPacketsPerSec: txPacketsPerSec ?? 0,
  };
}
