import { formatIssue } from '@netloom/topology';
import { useStore } from 'zustand';

import { openErrors } from '../files/open-flow';

/** Why a file did not open: every problem, with its path. */
export function OpenErrors({
  file,
  lines,
  onClose,
}: {
  readonly file: string;
  readonly lines: readonly string[];
  readonly onClose: () => void;
}) {
  return (
    <div role="alertdialog" aria-label={`Cannot open ${file}`} className="dialog">
      <h2>Cannot open {file}</h2>
      <ul>
        {lines.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </div>
  );
}

/** The last document that did not open, until closed. */
export function OpenErrorsDialog() {
  const errors = useStore(openErrors);
  if (errors === null) return null;
  return (
    <OpenErrors
      file={errors.file}
      lines={errors.issues.map(formatIssue)}
      onClose={() => openErrors.setState(null, true)}
    />
  );
}
