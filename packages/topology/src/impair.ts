import { z } from 'zod';

/**
 * Link impairments of one veth end: what leaves by that end is delayed, lost, duplicated,
 * reordered or held to a rate (tc netem, or tbf for a rate alone). Units are in the field names.
 * Every field is optional; 0 is the same as omitted.
 */
export const Impairments = z.lazy(() =>
  z.strictObject({
    /** Added to every packet leaving by this end, in milliseconds (µs precision). */
    delayMs: z
      .number()
      .min(0, 'a delay is at least 0 ms')
      .max(60_000, 'a delay is at most 60000 ms (a minute)')
      .optional(),
    /** Random variation of the delay, ± this many milliseconds. Needs `delayMs`. */
    jitterMs: z.number().min(0, 'a jitter is at least 0 ms').max(60_000, 'a jitter is at most 60000 ms').optional(),
    lossPercent: z.number().min(0, 'a percentage is at least 0').max(100, 'a percentage is at most 100').optional(),
    duplicatePercent: z
      .number()
      .min(0, 'a percentage is at least 0')
      .max(100, 'a percentage is at most 100')
      .optional(),
    /** Sent at once, ahead of the delayed rest. Needs `delayMs` (netem reorders by not delaying). */
    reorderPercent: z.number().min(0, 'a percentage is at least 0').max(100, 'a percentage is at most 100').optional(),
    /** A rate limit in kbit/s (1000 bit/s). */
    rateKbit: z
      .int('a rate is a whole number of kbit/s')
      .min(1, 'a rate is at least 1 kbit/s (omit it for no limit)')
      .max(10_000_000, 'a rate is at most 10000000 kbit/s (10 Gbit/s)')
      .optional(),
  }),
);
export type Impairments = z.infer<typeof Impairments>;

/** Impairments as netloom compares them: every field present, 0 for none, rounded as the kernel keeps them. */
export const ImpairSpec = z.lazy(() =>
  z.strictObject({
    delayMs: z.number(),
    jitterMs: z.number(),
    lossPercent: z.number(),
    duplicatePercent: z.number(),
    reorderPercent: z.number(),
    rateKbit: z.int(),
    /** False when netloom's qdisc holds a setting netloom does not write (a corruption rate, a gap…): drift. */
    intact: z.boolean(),
  }),
);
export type ImpairSpec = z.infer<typeof ImpairSpec>;

/**
 * The handle netloom gives the root qdisc it puts on a veth end: its ownership marker, as an
 * alias is an interface's ("NL" in hex). A root qdisc with another handle is someone else's.
 */
export const QDISC_HANDLE = '4e4c:';

/**
 * Milliseconds to the microsecond and six significant digits, percentages to the thousandth: tc
 * takes a delay in µs, keeps it in clock ticks and prints it in seconds with six significant
 * digits (`%g`), and a percentage as a fraction of 2^32, so the document's value and the
 * kernel's compare equal only once both are rounded so (and netloom sends the rounded value).
 */
const ms = (v: number | undefined): number => Number((Math.round((v ?? 0) * 1000) / 1000).toPrecision(6));
const percent = (v: number | undefined): number => Math.round((v ?? 0) * 1000) / 1000;

type ImpairValues = { readonly [K in Exclude<keyof ImpairSpec, 'intact'>]?: number | undefined };

export function impairSpec(i: ImpairValues, intact = true): ImpairSpec {
  return {
    delayMs: ms(i.delayMs),
    jitterMs: ms(i.jitterMs),
    lossPercent: percent(i.lossPercent),
    duplicatePercent: percent(i.duplicatePercent),
    reorderPercent: percent(i.reorderPercent),
    rateKbit: Math.round(i.rateKbit ?? 0),
    intact,
  };
}

/** The document's impairments of one end, or null for none (nothing set, or every value 0). */
export function impairFromDocument(i: Impairments | undefined): ImpairSpec | null {
  if (i === undefined) return null;
  const spec = impairSpec(i);
  return impairIsEmpty(spec) ? null : spec;
}

export const impairIsEmpty = (s: ImpairSpec): boolean =>
  s.delayMs === 0 &&
  s.jitterMs === 0 &&
  s.lossPercent === 0 &&
  s.duplicatePercent === 0 &&
  s.reorderPercent === 0 &&
  s.rateKbit === 0;

/** netem does delay, loss, duplication and reordering; a rate alone is a tbf (a netem rate with them). */
export const usesNetem = (s: ImpairSpec): boolean =>
  s.delayMs > 0 || s.jitterMs > 0 || s.lossPercent > 0 || s.duplicatePercent > 0 || s.reorderPercent > 0;

/** The root qdisc kind netloom puts there for these impairments. */
export const qdiscKindOf = (s: ImpairSpec): 'netem' | 'tbf' => (usesNetem(s) ? 'netem' : 'tbf');

const num = (v: number): string => String(Number(v.toFixed(3)));

/** A rate for people: 1000 kbit/s is "1 Mbit/s". */
export function rateLabel(kbit: number): string {
  if (kbit >= 1_000_000 && kbit % 10_000 === 0) return `${num(kbit / 1_000_000)} Gbit/s`;
  if (kbit >= 1000 && kbit % 10 === 0) return `${num(kbit / 1000)} Mbit/s`;
  return `${kbit} kbit/s`;
}

/** "50 ms ± 10 ms · 1% loss · 2% dup · 25% reorder · 1 Mbit/s": what the canvas writes on the line. */
export function impairLabel(i: Impairments | ImpairSpec | null | undefined): string {
  if (i === null || i === undefined) return '';
  const s = impairSpec(i);
  const parts: string[] = [];
  if (s.delayMs > 0 || s.jitterMs > 0)
    parts.push(s.jitterMs > 0 ? `${num(s.delayMs)} ms ± ${num(s.jitterMs)} ms` : `${num(s.delayMs)} ms`);
  if (s.lossPercent > 0) parts.push(`${num(s.lossPercent)}% loss`);
  if (s.duplicatePercent > 0) parts.push(`${num(s.duplicatePercent)}% dup`);
  if (s.reorderPercent > 0) parts.push(`${num(s.reorderPercent)}% reorder`);
  if (s.rateKbit > 0) parts.push(rateLabel(s.rateKbit));
  return parts.join(' · ');
}
