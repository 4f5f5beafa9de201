import type { Patch } from '../../editor/history';
import type { Result } from '@netloom/topology';
import { useId, useState } from 'react';

import { editorStore } from '../../editor/store';

/** "Assign addresses from a subnet": the drudgery of numbering a segment, done by allocateIpv4. */
export function SubnetAssign({
  label,
  suggest,
  assign,
}: {
  readonly label: string;
  readonly suggest: string;
  readonly assign: (subnet: string) => Result<Patch, string>;
}) {
  const id = useId();
  const [subnet, setSubnet] = useState(suggest);
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    const r = assign(subnet);
    if (!r.ok) return setError(r.error);
    setError(null);
    editorStore.getState().commit(r.value);
  };
  return (
    <div className="field field--subnet">
      <label htmlFor={id}>Subnet</label>
      <div className="field__row">
        <input
          id={id}
          value={subnet}
          spellCheck={false}
          onChange={(e) => setSubnet(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && run()}
        />
        <button type="button" onClick={run}>
          {label}
        </button>
      </div>
      {error !== null && (
        <p role="alert" className="field__issue">
          {error}
        </p>
      )}
    </div>
  );
}
