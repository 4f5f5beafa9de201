import { useReactFlow } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef } from 'react';

import { addNode, addedIds, moveNodes, type AddableKind } from '../editor/commands';
import { sessionStore, type CanvasApi } from '../editor/session';
import { editorStore } from '../editor/store';
import { autoLayout } from './auto-layout';
import { exportImage } from './export-image';
import { freeSlot } from './placement';
import { BOX_HEADER, BOX_MIN, BOX_PAD, DEVICE_SIZE, type CanvasEdge, type CanvasNode, type Size } from './to-flow';

/** Offers fit, focus, export, auto-layout, select-all and add to the panels while the canvas is mounted. */
export function useCanvasApi(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  measured: ReadonlyMap<string, Size>,
): void {
  const rf = useReactFlow<CanvasNode, CanvasEdge>();
  const latest = useRef({ nodes, edges, measured });
  useLayoutEffect(() => {
    latest.current = { nodes, edges, measured };
  });

  useEffect(() => {
    const fitLater = (ids?: string[]) =>
      requestAnimationFrame(
        () =>
          void rf.fitView({
            padding: 0.2,
            maxZoom: 1.2,
            duration: 200,
            ...(ids && { nodes: ids.map((id) => ({ id })) }),
          }),
      );
    const api: CanvasApi = {
      fitView: () => fitLater(),
      focus(id) {
        const { edges: es } = latest.current;
        const edge = es.find((e) => e.id === id);
        sessionStore.getState().select([id]);
        fitLater(edge === undefined ? [id] : [edge.source, edge.target]);
      },
      exportImage: (format) =>
        exportImage(format, rf.getNodesBounds(latest.current.nodes.map((n) => n.id)), editorStore.getState().doc.name),
      async autoLayout() {
        const { nodes: ns, edges: es, measured: ms } = latest.current;
        const positions = await autoLayout(editorStore.getState().doc, ns, es, ms);
        editorStore.getState().commit(moveNodes(editorStore.getState().doc, positions));
        fitLater();
      },
      selectAll() {
        const { nodes: ns, edges: es } = latest.current;
        sessionStore.getState().select([...ns.map((n) => n.id), ...es.map((e) => e.id)]);
      },
      add(kind: AddableKind) {
        const { nodes: ns, measured: ms } = latest.current;
        const doc = editorStore.getState().doc;
        const [only] = sessionStore.getState().selected;
        const box = ns.find((n) => n.id === only && (n.type === 'namespace' || n.type === 'root'));
        const isBox = kind === 'namespace' || kind === 'root';
        let patch;
        if (!isBox && box !== undefined) {
          const count = ns.filter((n) => n.parentId === box.id).length;
          patch = addNode(doc, {
            kind,
            parent: box.id,
            position: { x: BOX_PAD, y: BOX_HEADER + count * (DEVICE_SIZE.height + 12) },
          });
        } else {
          const { x, y, zoom } = rf.getViewport();
          const origin = { x: Math.round(-x / zoom + 40), y: Math.round(-y / zoom + 40) };
          patch = addNode(doc, { kind, position: freeSlot(ns, ms, origin, isBox ? BOX_MIN : DEVICE_SIZE) });
        }
        editorStore.getState().commit(patch);
        const ids = addedIds(patch);
        sessionStore.getState().select(ids);
        return ids[0];
      },
    };
    sessionStore.getState().set({ canvasApi: api });
    return () => sessionStore.getState().set({ canvasApi: null });
  }, [rf]);
}
