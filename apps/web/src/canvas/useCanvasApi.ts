import { useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { useEffect, type RefObject } from 'react';

import { addNode, addedIds, moveNodes, type AddableKind } from '../editor/commands';
import { sessionStore, type CanvasApi } from '../editor/session';
import { editorStore } from '../editor/store';
import { autoLayout } from './auto-layout';
import { exportImage } from './export-image';
import { fitViewport, NORMAL_FIT, PRESENTER_FIT } from './fit';
import { union, type Rect } from './model/rect';
import { onResize } from './on-resize';
import type { Scene } from './model/scene';
import { BOX_MIN, CARD_MIN } from './model/scene';
import { freeSlot, nextInBox } from './placement';
import { isBoxKind, type CanvasEdge, type CanvasNode } from './to-flow';

const MOVE_MS = 200;

/** Offers fit, focus, export, auto-layout, select-all and add to the panels while the canvas is mounted. */
export function useCanvasApi(
  scene: RefObject<Scene>,
  frame: RefObject<HTMLElement | null>,
  /** Runs `run` with the drawing in full (DOM), not the overview: an export renders the DOM. */
  inFull: (run: () => Promise<void>) => Promise<void>,
): void {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const flow = useStoreApi<CanvasNode, CanvasEdge>();

  useEffect(() => {
    // The view last fitted to the whole drawing (the first view is one): while the view is still
    // that one, a change of the canvas's size (a panel folded or grown, the window resized) or of
    // an overlay's (`overlayResized`) fits it again, so the drawing uses the room it gained and
    // nothing floats over it. A view the person moved is left alone.
    let fitted: { readonly viewport: Viewport; readonly at: number } | null = null;
    const unfirst = flow.subscribe((s) => {
      if (fitted !== null || s.panZoom === null) return;
      fitted = { viewport: { x: s.transform[0], y: s.transform[1], zoom: s.transform[2] }, at: 0 };
    });
    // After a frame, so a document just loaded has been drawn into the scene.
    const fitTo = (pick: (s: Scene) => Rect | null, whole = false) =>
      requestAnimationFrame(() => {
        const bounds = pick(scene.current);
        if (bounds === null || frame.current === null) return;
        const rule = sessionStore.getState().presenter ? PRESENTER_FIT : NORMAL_FIT;
        const viewport = fitViewport(bounds, frame.current, rule);
        fitted = whole ? { viewport, at: performance.now() } : null;
        void rf.setViewport(viewport, { duration: MOVE_MS });
      });
    const stillFitted = () => {
      if (fitted === null) return false;
      // Still moving to it, or there.
      if (performance.now() - fitted.at < MOVE_MS * 2) return true;
      const now = rf.getViewport();
      const was = fitted.viewport;
      return Math.abs(now.x - was.x) < 1 && Math.abs(now.y - was.y) < 1 && Math.abs(now.zoom - was.zoom) < 1e-3;
    };
    // A refit is held while a pointer is down on the canvas and runs on release: moving the view
    // under a drag (a new link, a moved card) would drop the link on the wrong port or nowhere,
    // and panels do change size mid-gesture (live mode's dock grows as the new link applies).
    let pressed = false;
    let owed = false;
    const refit = () => {
      if (pressed) owed = true;
      else if (stillFitted()) api.fitView();
    };
    const press = () => {
      pressed = true;
    };
    const release = () => {
      if (!pressed) return;
      pressed = false;
      if (owed) {
        owed = false;
        refit();
      }
    };
    const api: CanvasApi = {
      fitView: () => fitTo((s) => (s.frames.length === 0 ? null : s.bounds), true),
      focus(id) {
        sessionStore.getState().select([id]);
        fitTo((s) => {
          const edge = s.edges.find((e) => e.id === id);
          const ids = edge === undefined ? [id] : [edge.source, edge.target];
          const rects = s.frames.filter((f) => ids.includes(f.id)).map((f) => f.rect);
          return rects.length === 0 ? null : union(rects);
        });
      },
      exportImage: (format) => inFull(() => exportImage(format, scene.current.bounds, editorStore.getState().doc.name)),
      async autoLayout() {
        const positions = await autoLayout(scene.current);
        editorStore.getState().commit(moveNodes(editorStore.getState().doc, positions));
        api.fitView();
      },
      selectAll() {
        const s = scene.current;
        sessionStore.getState().select([...s.frames.map((f) => f.id), ...s.edges.map((e) => e.id)]);
      },
      add(kind: AddableKind) {
        const s = scene.current;
        const doc = editorStore.getState().doc;
        const [only] = sessionStore.getState().selected;
        const isBox = isBoxKind(kind);
        // A device goes into the selected box, or else the root namespace's box if there is one.
        const box = s.frames.find((f) => f.id === only && isBoxKind(f.kind)) ?? s.frames.find((f) => f.kind === 'root');
        let patch;
        if (!isBox && box !== undefined) {
          patch = addNode(doc, { kind, parent: box.id, position: nextInBox(s, box.id) });
        } else {
          const { x, y, zoom } = rf.getViewport();
          const origin = { x: Math.round(-x / zoom + 40), y: Math.round(-y / zoom + 40) };
          patch = addNode(doc, { kind, position: freeSlot(s, origin, isBox ? BOX_MIN : { ...CARD_MIN, height: 60 }) });
        }
        editorStore.getState().commit(patch);
        const ids = addedIds(patch);
        sessionStore.getState().select(ids);
        return ids[0];
      },
      setViewport: (viewport) => void rf.setViewport(viewport, { duration: MOVE_MS }),
      overlayResized: refit,
    };
    sessionStore.getState().set({ canvasApi: api });
    const element = frame.current;
    const stopResized = element === null ? undefined : onResize(element, refit);
    element?.addEventListener('pointerdown', press, true);
    window.addEventListener('pointerup', release, true);
    window.addEventListener('pointercancel', release, true);
    return () => {
      stopResized?.();
      element?.removeEventListener('pointerdown', press, true);
      window.removeEventListener('pointerup', release, true);
      window.removeEventListener('pointercancel', release, true);
      unfirst();
      sessionStore.getState().set({ canvasApi: null });
    };
  }, [rf, flow, scene, frame, inFull]);
}
