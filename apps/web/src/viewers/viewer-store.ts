import type { PresenterView } from '@netloom/protocol';
import { createStore } from 'zustand/vanilla';

/** A viewer page: what the presenter shows, as last received. */
export type FollowState = {
  /** Null until a presenter has shared anything. */
  readonly view: PresenterView | null;
  /** Why the presenter's document could not be shown (it did not open), or null. */
  readonly problem: string | null;
};

export const followStore = createStore<FollowState>()(() => ({ view: null, problem: null }));

/** The presenter's page: the viewer link, as the agent last gave it, and what is shared. */
export type ViewerLinkState = {
  readonly open: boolean;
  /** Null: no viewer link (never asked for, or revoked). */
  readonly token: string | null;
  readonly viewers: number;
  readonly busy: boolean;
  /** Viewers follow the presenter's pan and zoom too (otherwise each fits the drawing to their window). */
  readonly shareViewport: boolean;
};

export const viewerLinkStore = createStore<ViewerLinkState>()(() => ({
  open: false,
  token: null,
  viewers: 0,
  busy: false,
  shareViewport: false,
}));
