import { useReactFlow } from '@xyflow/react';
import { useMemo, type MouseEvent as ReactMouseEvent, type RefObject } from 'react';

import { sessionStore } from '../../editor/session';
import type { Scene } from '../model/scene';
import { hitTest } from './hit';

/** How far from a line a click still hits it, in screen pixels. */
const SLOP_PX = 6;

/**
 * Clicks on the overview (which takes no pointer events itself): a click selects what is under
 * the pointer (Shift, Ctrl or Meta add to or take from the selection) or, on empty canvas, clears
 * the selection; a double-click zooms to it, where it is drawn in full; hovering something shows
 * a pointer. `on` is false while the drawing is React Flow's DOM, which handles its own.
 */
export function useOverviewPointer(on: boolean, scene: RefObject<Scene>, frame: RefObject<HTMLElement | null>) {
  const rf = useReactFlow();
  return useMemo(() => {
    const at = (event: ReactMouseEvent | MouseEvent) =>
      hitTest(
        scene.current,
        rf.screenToFlowPosition({ x: event.clientX, y: event.clientY }, { snapToGrid: false }),
        SLOP_PX / rf.getZoom(),
      );
    if (!on) return {};
    return {
      onPaneClick(event: ReactMouseEvent) {
        const id = at(event);
        const session = sessionStore.getState();
        if (!(event.shiftKey || event.ctrlKey || event.metaKey)) return session.select(id === null ? [] : [id]);
        if (id === null) return;
        const selection = new Set(session.selected);
        if (selection.has(id)) selection.delete(id);
        else selection.add(id);
        session.select([...selection]);
      },
      onDoubleClick(event: ReactMouseEvent) {
        const id = at(event);
        if (id !== null) sessionStore.getState().canvasApi?.focus(id);
      },
      onPaneMouseMove(event: ReactMouseEvent) {
        // Not while a button is down (a pan): nothing is hovered then.
        frame.current?.toggleAttribute('data-overview-hit', event.buttons === 0 && at(event) !== null);
      },
    };
  }, [on, rf, scene, frame]);
}
