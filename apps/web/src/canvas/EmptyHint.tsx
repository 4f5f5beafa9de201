/** What an empty canvas offers: the three ways to start. It lets drops and clicks through. */
export function EmptyHint() {
  return (
    <div className="empty-hint" role="note" aria-label="How to start">
      <p className="empty-hint__title">An empty drawing. Start by</p>
      <ul>
        <li>opening an example (Examples… above),</li>
        <li>dragging a namespace or a bridge from the palette onto here,</li>
        <li>or opening a file (Open…).</li>
      </ul>
    </div>
  );
}
