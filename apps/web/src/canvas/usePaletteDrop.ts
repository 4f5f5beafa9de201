import { useReactFlow } from '@xyflow/react';
import { useCallback, type DragEvent } from 'react';

import { addNode, addedIds, type AddableKind } from '../editor/commands';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { PALETTE_MIME, isAddableKind } from './palette-mime';
import { boxAt, boxRects } from './placement';
import type { CanvasNode, Size } from './to-flow';

/** Dropping a palette item: boxes land where dropped; devices land in the box under the pointer. */
export function usePaletteDrop(nodes: readonly CanvasNode[], measured: ReadonlyMap<string, Size>) {
  const rf = useReactFlow();
  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME);
      if (!isAddableKind(kind)) return;
      event.preventDefault();
      const point = rf.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      dropKind(kind, point, nodes, measured);
    },
    [rf, nodes, measured],
  );
  return { onDragOver, onDrop };
}

export function dropKind(
  kind: AddableKind,
  point: { x: number; y: number },
  nodes: readonly CanvasNode[],
  measured: ReadonlyMap<string, Size>,
): void {
  const isBox = kind === 'namespace' || kind === 'root';
  const rects = boxRects(nodes, measured);
  const parent = isBox ? undefined : boxAt(rects, point);
  const box = parent === undefined ? undefined : rects.get(parent);
  const position = box === undefined ? point : { x: point.x - box.x, y: point.y - box.y };
  const doc = editorStore.getState().doc;
  const patch = addNode(doc, {
    kind,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    ...(parent !== undefined && { parent }),
  });
  editorStore.getState().commit(patch);
  sessionStore.getState().select(addedIds(patch));
}
