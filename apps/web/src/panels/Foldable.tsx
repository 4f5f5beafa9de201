import type { ReactNode } from 'react';

import { setFolded, type PanelName } from '../editor/session';
import { useSession } from '../hooks/useSession';
import { fitOnceLaidOut } from './presenter';

const ARROW: Record<PanelName, { readonly fold: string; readonly unfold: string }> = {
  palette: { fold: '⌃', unfold: '⌄' },
  inspector: { fold: '›', unfold: '‹' },
  dock: { fold: '⌄', unfold: '⌃' },
};

/**
 * A panel that folds away to a strip holding the one button that brings it back, so the canvas
 * gets the room (remembered in localStorage).
 */
export function Foldable({
  panel,
  label,
  children,
}: {
  readonly panel: PanelName;
  readonly label: string;
  readonly children: ReactNode;
}) {
  const folded = useSession((s) => s.folded[panel]);
  const body = `panel-body-${panel}`;
  return (
    <div className={`foldable foldable--${panel}`} data-folded={folded}>
      <button
        type="button"
        className="foldable__toggle"
        aria-expanded={!folded}
        aria-controls={folded ? undefined : body}
        aria-label={`${folded ? 'Show' : 'Hide'} ${label}`}
        title={`${folded ? 'Show' : 'Hide'} the ${label}`}
        onClick={() => {
          setFolded(panel, !folded);
          // The room given or taken is the drawing's: fit it again, as presenter view does.
          fitOnceLaidOut();
        }}
      >
        <span aria-hidden="true">{folded ? ARROW[panel].unfold : ARROW[panel].fold}</span>
      </button>
      {!folded && (
        <div id={body} className="foldable__body">
          {children}
        </div>
      )}
    </div>
  );
}
