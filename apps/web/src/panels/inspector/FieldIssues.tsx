import type { Issue } from '@netloom/topology';

/** The problems of one field, under it; the input points here with aria-describedby. */
export function FieldIssues({ id, issues }: { readonly id: string; readonly issues: readonly Issue[] }) {
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="field__issues" role="list">
      {issues.map((issue, i) => (
        <li key={i} className="field__issue">
          {issue.message}
        </li>
      ))}
    </ul>
  );
}
