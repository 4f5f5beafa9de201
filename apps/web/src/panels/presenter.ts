import { sessionStore } from '../editor/session';

/** Into or out of presenter view; the view is fitted again once the panels have moved. */
export function togglePresenter(): void {
  sessionStore.getState().set({ presenter: !sessionStore.getState().presenter });
  fitOnceLaidOut();
}

/** Fits the drawing to the canvas once a change of the panels around it has been laid out. */
export function fitOnceLaidOut(): void {
  requestAnimationFrame(() => requestAnimationFrame(() => sessionStore.getState().canvasApi?.fitView()));
}
