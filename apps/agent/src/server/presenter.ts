import type { AgentMessageOf, PresenterView } from '@netloom/protocol';

import type { Hub } from './session';

type PresenterState = AgentMessageOf<'presenterState'>;

/**
 * What the presenter shows, relayed to the viewers: the last document and view a control
 * session sent (the last one to send wins), kept for viewers that connect later. A viewer gets
 * the document only when it changed; the outbox folds a slow viewer's backlog into one state.
 */
export class PresenterRelay {
  private readonly hub: Hub;
  private readonly now: () => number;
  private document: Record<string, unknown> | undefined;
  private view: PresenterView | null = null;
  private at = 0;

  constructor(hub: Hub, now: () => number) {
    this.hub = hub;
    this.now = now;
  }

  update(document: Record<string, unknown> | undefined, view: PresenterView): void {
    if (document !== undefined) this.document = document;
    this.view = view;
    this.at = this.now();
    this.hub.present({ type: 'presenterState', at: this.at, ...(document !== undefined && { document }), view });
  }

  /** The whole state, document included, for a viewer that just said hello; null before any presenter spoke. */
  snapshot(): PresenterState | null {
    if (this.view === null) return null;
    return {
      type: 'presenterState',
      at: this.at,
      ...(this.document !== undefined && { document: this.document }),
      view: this.view,
    };
  }
}
