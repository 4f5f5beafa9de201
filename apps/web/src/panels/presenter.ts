import { sessionStore } from '../editor/session';

/** Into or out of presenter view; the view is fitted again once the panels have moved. */
export function togglePresenter(): void {
  sessionStore.getState().set({ presenter: !sessionStore.getState().presenter });
  requestAnimationFrame(() => requestAnimationFrame(() => sessionStore.getState().canvasApi?.fitView()));
}
