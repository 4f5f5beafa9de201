/** Median, min and max of a sample; the median of an even sample is the mean of the middle two. */
export type Summary = { readonly n: number; readonly median: number; readonly min: number; readonly max: number };

export function summarize(values: readonly number[]): Summary | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { n: s.length, median, min: s[0] ?? 0, max: s[s.length - 1] ?? 0 };
}

/** Seconds with three significant decimals: `0.123`, `8.04`. */
export function seconds(v: number): string {
  return v < 10 ? v.toFixed(3) : v.toFixed(2);
}

/** `median (min–max)` in seconds. */
export function cell(s: Summary | undefined): string {
  if (s === undefined) return '';
  return `${seconds(s.median)} (${seconds(s.min)}–${seconds(s.max)})`;
}
