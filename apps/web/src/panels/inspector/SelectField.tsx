import type { Issue } from '@netloom/topology';
import { useId } from 'react';

import { FieldIssues } from './FieldIssues';

export type Option = { readonly value: string; readonly label: string };

export function SelectField({
  label,
  value,
  options,
  issues,
  onChange,
}: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly Option[];
  readonly issues: readonly Issue[];
  readonly onChange: (value: string) => void;
}) {
  const id = useId();
  const known = options.some((o) => o.value === value);
  return (
    <div className="field" data-invalid={issues.length > 0}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? `${id}-issues` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        {!known && <option value={value}>{value} (missing)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldIssues id={`${id}-issues`} issues={issues} />
    </div>
  );
}
