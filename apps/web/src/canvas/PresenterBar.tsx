import { Panel } from '@xyflow/react';

import { SHORTCUT } from '../panels/menu/shortcuts';
import { togglePresenter } from '../panels/presenter';

/** In presenter view, the way back (the toolbar is hidden): a button, and its key. */
export function PresenterBar() {
  return (
    <Panel position="top-left" className="presenter-bar" aria-label="Presenter view">
      <button type="button" onClick={togglePresenter} aria-keyshortcuts={SHORTCUT.presenter.aria}>
        Leave presenter view <kbd aria-hidden="true">{SHORTCUT.presenter.label}</kbd>
      </button>
    </Panel>
  );
}
