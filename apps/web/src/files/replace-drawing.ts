import type { Document } from '@netloom/topology';

import { setLive, type AppliedDrawing } from '../agent/live-store';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { resetLesson } from '../lessons/lesson-store';

/**
 * Puts another document in the drawing's place (New, Open, Examples, This host's Open). The new
 * drawing is the applied topology `applied` only when it was opened from the host; otherwise it
 * has applied nothing, whatever its name, and shows no live state.
 */
export function replaceDrawing(doc: Document, applied: AppliedDrawing | null = null): void {
  editorStore.getState().load(doc);
  sessionStore.getState().select([]);
  resetLesson(doc);
  setLive({ applied, plan: null, checks: {} });
}
