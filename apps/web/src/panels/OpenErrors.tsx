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
