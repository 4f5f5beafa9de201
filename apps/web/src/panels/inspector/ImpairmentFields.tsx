import { formatPath, type Impairments } from '@netloom/topology';
import { useId } from 'react';

import type { IssueIndex } from '../../editor/selectors';
import { issuesUnder } from '../../editor/selectors';
import { FieldIssues } from './FieldIssues';
import { TextField } from './TextField';

type Field = keyof Impairments;

const FIELDS: readonly { field: Field; label: string; placeholder: string; hint: string }[] = [
  { field: 'delayMs', label: 'Delay (ms)', placeholder: 'none', hint: 'Added to every packet leaving by this end' },
  {
    field: 'jitterMs',
    label: 'Jitter (ms)',
    placeholder: 'none',
    hint: 'The delay varies by up to this much; needs a delay',
  },
  { field: 'lossPercent', label: 'Loss (%)', placeholder: 'none', hint: 'Share of packets dropped, 0 to 100' },
  { field: 'duplicatePercent', label: 'Duplicate (%)', placeholder: 'none', hint: 'Share of packets sent twice' },
  {
    field: 'reorderPercent',
    label: 'Reorder (%)',
    placeholder: 'none',
    hint: 'Share of packets sent at once, ahead of the delayed rest; needs a delay',
  },
  { field: 'rateKbit', label: 'Rate (kbit/s)', placeholder: 'no limit', hint: 'A rate limit, 1000 kbit/s = 1 Mbit/s' },
];

/** `''` → omitted, a decimal number → the number, anything else stays text so validation says why. */
function parseDecimal(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/**
 * A veth end's impairments (tc netem, a rate limit): what leaves the namespace by this end. The
 * fields edit the document; Plan and Apply put them in the kernel. All empty: no impairments.
 */
export function ImpairmentFields({
  value,
  path,
  issues,
  labelPrefix,
  set,
}: {
  readonly value: Impairments | undefined;
  readonly path: readonly (string | number)[];
  readonly issues: IssueIndex;
  readonly labelPrefix: string;
  /** The whole impairments object; undefined omits it. */
  readonly set: (value: Impairments | undefined) => void;
}) {
  const id = useId();
  const here = [...path, 'impairments'];
  // Problems of the impairments as a whole (an end in the root namespace), not of one field.
  const whole = issuesUnder(issues, here).filter((i) => formatPath(i.path) === formatPath(here));
  const update = (field: Field, v: unknown) => {
    const next: Record<string, unknown> = { ...value };
    if (v === undefined) delete next[field];
    else next[field] = v;
    set(Object.keys(next).length === 0 ? undefined : (next as Impairments));
  };
  return (
    <fieldset className="impairments" aria-describedby={whole.length > 0 ? `${id}-issues` : undefined}>
      <legend>{labelPrefix}Impairments (leaving by this end)</legend>
      {FIELDS.map(({ field, label, placeholder, hint }) => (
        <TextField
          key={field}
          label={`${labelPrefix}${label}`}
          placeholder={placeholder}
          hint={hint}
          value={value?.[field] === undefined ? '' : String(value[field])}
          issues={issuesUnder(issues, [...here, field])}
          onChange={(t) => update(field, parseDecimal(t))}
        />
      ))}
      <FieldIssues id={`${id}-issues`} issues={whole} />
    </fieldset>
  );
}
