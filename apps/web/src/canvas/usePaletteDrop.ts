import { useReactFlow } from '@xyflow/react';
import { useCallback, type DragEvent, type RefObject } from 'react';

import { addNode, addedIds, type AddableKind } from '../editor/commands';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { toLayout, type Scene } from './model/scene';
import { PALETTE_MIME, isAddableKind } from './palette-mime';
import { boxAt, boxPlaces, inBox, rootBox } from './placement';

/** Dropping a palette item: boxes land where dropped; devices land in the box under the pointer. */
export function usePaletteDrop(scene: RefObject<Scene>) {
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
      dropKind(kind, point, scene.current);
    },
    [rf, scene],
  );
  return { onDragOver, onDrop };
}

export function dropKind(kind: AddableKind, point: { x: number; y: number }, scene: Scene): void {
  const isBox = kind === 'namespace' || kind === 'root';
  const places = boxPlaces(scene);
  // A device dropped outside every box lives in the root namespace: in its box, if there is one.
  const parent = isBox ? undefined : (boxAt(places, point) ?? rootBox(scene));
  const place = parent === undefined ? undefined : places.get(parent);
  const at = toLayout(scene, parent, place === undefined ? point : inBox(place, point));
  const position = place === undefined ? at : { x: Math.max(0, at.x), y: Math.max(0, at.y) };
  const doc = editorStore.getState().doc;
  const patch = addNode(doc, {
    kind,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    ...(parent !== undefined && { parent }),
  });
  editorStore.getState().commit(patch);
  sessionStore.getState().select(addedIds(patch));
}
