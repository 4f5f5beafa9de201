import type { Position } from '@netloom/topology';
import {
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, type Dispatch, type SetStateAction } from 'react';

import { moveNodes, placeDevice } from '../editor/commands';
import { connect } from '../editor/connect';
import { sessionStore } from '../editor/session';
import { editorStore } from '../editor/store';
import { boxAt, boxRects } from './placement';
import type { CanvasEdge, CanvasNode, Size } from './to-flow';

/**
 * React Flow changes → editor commands and session state. Positions while dragging are
 * squashed into one pending step; the drag stop records it (and moves devices between boxes).
 */
export function useFlowHandlers(
  nodes: readonly CanvasNode[],
  measured: ReadonlyMap<string, Size>,
  setMeasured: Dispatch<SetStateAction<ReadonlyMap<string, Size>>>,
) {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const positions: Record<string, Position> = {};
      const selection = new Set(sessionStore.getState().selected);
      let selectionChanged = false;
      const sizes: [string, Size][] = [];
      for (const c of changes) {
        if (c.type === 'position' && c.position !== undefined && c.dragging === true) positions[c.id] = c.position;
        else if (c.type === 'select') {
          selectionChanged = true;
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        } else if (c.type === 'dimensions' && c.dimensions !== undefined) sizes.push([c.id, c.dimensions]);
      }
      if (Object.keys(positions).length > 0)
        editorStore.getState().commit(moveNodes(editorStore.getState().doc, positions), 'squash');
      if (selectionChanged) sessionStore.getState().select([...selection]);
      if (sizes.length > 0) {
        setMeasured((old) => {
          const changed = sizes.some(([id, s]) => old.get(id)?.width !== s.width || old.get(id)?.height !== s.height);
          return changed ? new Map([...old, ...sizes]) : old;
        });
      }
    },
    [setMeasured],
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
      const rects = boxRects(nodes, measured);
      for (const node of dragged) {
        if (node.type === 'namespace' || node.type === 'root') continue;
        const internal = rf.getInternalNode(node.id);
        if (internal === undefined) continue;
        const abs = internal.internals.positionAbsolute;
        const size = measured.get(node.id) ?? { width: 0, height: 0 };
        const target = boxAt(rects, { x: abs.x + size.width / 2, y: abs.y + size.height / 2 });
        if (target === node.parentId) continue;
        const box = target === undefined ? undefined : rects.get(target);
        const position = box === undefined ? abs : { x: abs.x - box.x, y: abs.y - box.y };
        editorStore.getState().commit(placeDevice(editorStore.getState().doc, node.id, target, position), 'squash');
      }
      editorStore.getState().settle();
    },
    [nodes, measured, rf],
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
