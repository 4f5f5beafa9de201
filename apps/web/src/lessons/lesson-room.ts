import { sessionStore, setFolded } from '../editor/session';

/**
 * Below this window width, opening the Lessons panel folds the inspector: beside the lesson's
 * 300 px and the inspector's 240 px, a 1024 px window leaves the drawing under 500 px, where its
 * text is 5-6 px on screen. It comes back by its own button as always, by itself when something is
 * selected (to be edited), and when the panel closes.
 */
export const FOLD_INSPECTOR_BELOW = 1280;

/** The inspector is folded because the Lessons panel opened, and nothing has unfolded it since. */
let foldedForLessons = false;

/** As the Lessons panel opens or closes (lesson-store's toggleLessons). */
export function makeRoomForLessons(open: boolean): void {
  const inspectorFolded = sessionStore.getState().folded.inspector;
  if (open && !inspectorFolded && window.innerWidth < FOLD_INSPECTOR_BELOW) {
    setFolded('inspector', true);
    foldedForLessons = true;
  } else if (!open && foldedForLessons) {
    foldedForLessons = false;
    if (inspectorFolded) setFolded('inspector', false);
  }
}

/** While the inspector is folded for a lesson, a selection brings it back; returns the unsubscribe. */
export function startInspectorOnSelect(): () => void {
  return sessionStore.subscribe((s, prev) => {
    if (!foldedForLessons) return;
    // Unfolded by its button meanwhile: closing the panel leaves it as the person set it.
    if (!s.folded.inspector) {
      foldedForLessons = false;
      return;
    }
    if (s.selected === prev.selected || s.selected.length === 0) return;
    foldedForLessons = false;
    setFolded('inspector', false);
  });
}
