import { LIMIT_FLAGS, type DocumentLimits } from '@netloom/topology';

import type { ParsedArgs } from './args';

/** The document size limits given on the command line (`--max-namespaces N` …); the rest keep their defaults. */
export function limitFlags(args: ParsedArgs): Partial<DocumentLimits> | { readonly error: string } {
  const limits: Partial<Record<keyof DocumentLimits, number>> = {};
  for (const [key, flag] of Object.entries(LIMIT_FLAGS) as [keyof DocumentLimits, string][]) {
    const value = args.flags.get(flag);
    if (value === undefined) continue;
    if (value === true || !/^\d{1,9}$/.test(value)) return { error: `--${flag} takes a whole number` };
    limits[key] = Number(value);
  }
  return limits;
}

/** For usage text: every limit flag. */
export const LIMIT_FLAG_NAMES: readonly string[] = Object.values(LIMIT_FLAGS);
