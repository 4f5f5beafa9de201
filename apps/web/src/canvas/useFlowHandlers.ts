import type { Position } from '@netloom/topology';
import {
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, type RefObject } from 'react';

import { moveNodes, placeDevice } from '../editor/commands';
import { connect } from '../editor/connect';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { toLayout, type Scene } from './model/scene';
import { boxAt, boxPlaces, inBox, rootBox } from './placement';
import { isBoxKind, type CanvasEdge, type CanvasNode } from './to-flow';

/**
 * React Flow changes → editor commands and session state. Positions while dragging are
 * squashed into one pending step; the drag stop records it (and moves devices between boxes).
 * A device's layout position is relative to its box's content area, React Flow's to the box.
 */
export function useFlowHandlers(scene: RefObject<Scene>) {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const positions: Record<string, Position> = {};
      const selection = new Set(sessionStore.getState().selected);
      let selectionChanged = false;
      const frames = new Map(scene.current.frames.map((f) => [f.id, f]));
      for (const c of changes) {
        if (c.type === 'position' && c.position !== undefined && c.dragging === true) {
          const parent = frames.get(frames.get(c.id)?.parent ?? '');
          const offset = parent?.geometry.content ?? { x: 0, y: 0 };
          positions[c.id] = toLayout(scene.current, parent?.id, {
            x: c.position.x - offset.x,
            y: c.position.y - offset.y,
          });
        } else if (c.type === 'select') {
          selectionChanged = true;
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (Object.keys(positions).length > 0)
        editorStore.getState().commit(moveNodes(editorStore.getState().doc, positions), 'squash');
      if (selectionChanged) sessionStore.getState().select([...selection]);
    },
    [scene],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<CanvasEdge>[]) => {
    const selection = new Set(sessionStore.getState().selected);
    let changed = false;
    for (const c of changes) {
      if (c.type !== 'select') continue;
      changed = true;
      if (c.selected) selection.add(c.id);
      else selection.delete(c.id);
    }
    if (changed) sessionStore.getState().select([...selection]);
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      const places = boxPlaces(scene.current);
      const root = rootBox(scene.current);
      for (const node of dragged) {
        if (isBoxKind(node.type ?? '')) continue;
        const internal = rf.getInternalNode(node.id);
        if (internal === undefined) continue;
        const abs = internal.internals.positionAbsolute;
        const size = { width: node.width ?? 0, height: node.height ?? 0 };
        // Dropped outside every box, a device of a document with a root node is in the root namespace.
        const target = boxAt(places, { x: abs.x + size.width / 2, y: abs.y + size.height / 2 }) ?? root;
        const place = target === undefined ? undefined : places.get(target);
        if (place === undefined) {
          if (node.parentId !== undefined)
            editorStore
              .getState()
              .commit(
                placeDevice(editorStore.getState().doc, node.id, undefined, toLayout(scene.current, undefined, abs)),
                'squash',
              );
          continue;
        }
        // Inside a box, a device stays clear of its header and left ports.
        const at = toLayout(scene.current, target, inBox(place, abs));
        const position = { x: Math.max(0, at.x), y: Math.max(0, at.y) };
        const patch =
          target === node.parentId
            ? moveNodes(editorStore.getState().doc, { [node.id]: position })
            : placeDevice(editorStore.getState().doc, node.id, target, position);
        editorStore.getState().commit(patch, 'squash');
      }
      editorStore.getState().settle();
    },
    [scene, rf],
  );

  const isValidConnection = useCallback(
    (c: Connection | CanvasEdge) => connect(editorStore.getState().doc, c.source, c.target).ok,
    [],
  );

  const onConnect = useCallback((c: Connection) => {
    const result = connect(editorStore.getState().doc, c.source, c.target);
    if (result.ok) editorStore.getState().commit(result.value);
  }, []);

  const onConnectEnd: OnConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid === true || state.toNode === null || state.fromNode === null) return;
    const result = connect(editorStore.getState().doc, state.fromNode.id, state.toNode.id);
    if (result.ok) return;
    const point = 'changedTouches' in event ? event.changedTouches[0] : event;
    sessionStore
      .getState()
      .set({ notice: { text: result.error, x: point?.clientX ?? 0, y: point?.clientY ?? 0, at: Date.now() } });
  }, []);

  return { onNodesChange, onEdgesChange, onNodeDragStop, isValidConnection, onConnect, onConnectEnd };
}
