import type { Issue } from '@netloom/topology';
import { useId } from 'react';

import { endEdit } from './edit';
import { FieldIssues } from './FieldIssues';

type Props = {
  readonly label: string;
  readonly value: string;
  readonly issues: readonly Issue[];
  readonly onChange: (text: string) => void;
  readonly placeholder?: string | undefined;
  readonly hint?: string | undefined;
  /** Commit only on blur/Enter (ids: each keystroke would rename references). */
  readonly commitOnBlur?: boolean;
};

/** A labelled text input with its validation problems shown inline. */
export function TextField({ label, value, issues, onChange, placeholder, hint, commitOnBlur = false }: Props) {
  const id = useId();
  const errorsId = `${id}-issues`;
  return (
    <div className="field" data-invalid={issues.length > 0}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        key={commitOnBlur ? value : undefined}
        {...(commitOnBlur ? { defaultValue: value } : { value })}
        placeholder={placeholder}
        title={hint}
        spellCheck={false}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? errorsId : undefined}
        onChange={commitOnBlur ? undefined : (e) => onChange(e.target.value)}
        onBlur={(e) => {
          if (commitOnBlur && e.target.value !== value) onChange(e.target.value);
          endEdit();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        }}
      />
      <FieldIssues id={errorsId} issues={issues} />
    </div>
  );
}
