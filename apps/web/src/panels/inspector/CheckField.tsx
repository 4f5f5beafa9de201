import { useId } from 'react';

/** A boolean with a default: checked shows the effective value; the field is omitted when it equals the default. */
export function CheckField({
  label,
  value,
  fallback,
  onChange,
}: {
  readonly label: string;
  readonly value: boolean | undefined;
  readonly fallback: boolean;
  readonly onChange: (value: boolean | undefined) => void;
}) {
  const id = useId();
  return (
    <div className="field field--check">
      <input
        id={id}
        type="checkbox"
        checked={value ?? fallback}
        onChange={(e) => onChange(e.target.checked === fallback ? undefined : e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
