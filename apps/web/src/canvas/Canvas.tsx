import {
  Background,
  ConnectionMode,
  Controls,
  getViewportForBounds,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';

import { useLive } from '../agent/useLive';
import { useEditor } from '../hooks/useEditor';
import { useIssues } from '../hooks/useIssues';
import { useSession } from '../hooks/useSession';
import { ConnectNotice } from './ConnectNotice';
import { Legend } from './Legend';
import { edgeTypes, nodeTypes } from './node-types';
import { createStabilizer } from './stabilize';
import { toFlow, type CanvasEdge, type CanvasNode, type Size } from './to-flow';
import { useCanvasApi } from './useCanvasApi';
import { useFlowHandlers } from './useFlowHandlers';
import { usePaletteDrop } from './usePaletteDrop';

const FIT = { padding: 0.2, minZoom: 0.1, maxZoom: 1.2 };
const HOME: Viewport = { x: 0, y: 0, zoom: 1 };

/** The drawing. React Flow is a view here: the document store is the truth (STYLE §B.10). */
export function Canvas() {
  return (
    <ReactFlowProvider>
      <FlowView />
    </ReactFlowProvider>
  );
}

function FlowView() {
  const doc = useEditor((s) => s.doc);
  const selected = useSession((s) => s.selected);
  const theme = useSession((s) => s.theme);
  const issues = useIssues();
  // Problems only the agent can see (a name a foreign namespace already has) are marked on their
  // nodes like the editor's own, until the next plan or apply clears them.
  const agentIssues = useLive((s) => s.error?.issues);
  const invalid = useMemo(
    () => new Set([...issues.byObject.keys(), ...(agentIssues ?? []).flatMap((i) => i.objectId ?? [])]),
    [issues, agentIssues],
  );
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const [stable] = useState(() => ({ nodes: createStabilizer<CanvasNode>(), edges: createStabilizer<CanvasEdge>() }));
  const { nodes, edges } = useMemo(() => {
    const next = toFlow(doc, { selected: new Set(selected), invalid, measured });
    return { nodes: stable.nodes(next.nodes), edges: stable.edges(next.edges) };
  }, [doc, selected, invalid, measured, stable]);
  const { onNodeDragStop, ...handlers } = useFlowHandlers(nodes, measured, setMeasured);
  const drop = usePaletteDrop(nodes, measured);
  useCanvasApi(nodes, edges, measured);
  const frame = useRef<HTMLElement>(null);
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    if (initialViewport === null && frame.current !== null) setInitialViewport(fitted(nodes, frame.current));
  }, [initialViewport, nodes]);
  // The flow animation repaints every edge it runs on each frame; while the view or a node moves
  // that doubles the work of every frame, so it pauses (set on the DOM: no React render).
  const moving = useMemo(() => {
    const set = (on: boolean) => frame.current?.toggleAttribute('data-moving', on);
    return {
      onMoveStart: () => set(true),
      onMoveEnd: () => set(false),
      onNodeDragStart: () => set(true),
      onNodeDragStop: (...args: Parameters<typeof onNodeDragStop>) => {
        set(false);
        onNodeDragStop(...args);
      },
    };
  }, [onNodeDragStop]);

  return (
    <section className="canvas" aria-label="Canvas" ref={frame}>
      {initialViewport !== null && (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          colorMode={theme}
          connectionMode={ConnectionMode.Loose}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
          onlyRenderVisibleElements
          defaultViewport={initialViewport}
          minZoom={0.1}
          maxZoom={2.5}
          {...handlers}
          {...moving}
          {...drop}
        >
          <Background gap={24} />
          <MiniMap pannable zoomable ariaLabel="Minimap" />
          <Controls aria-label="Zoom controls" />
          <Legend />
        </ReactFlow>
      )}
      <ConnectNotice />
    </section>
  );
}

/**
 * The view that fits the document the canvas starts with (an autosave), worked out before the
 * first frame from the sizes to-flow expects: React Flow's own `fitView` waits for every node to
 * be measured, so the first frame would draw everything at 100 % only to zoom out after it. An
 * empty canvas starts at 100 %, so the first node dropped lands under the pointer.
 */
function fitted(nodes: readonly CanvasNode[], frame: HTMLElement): Viewport {
  const tops = nodes.filter((n) => n.parentId === undefined);
  if (tops.length === 0) return HOME;
  const size = (n: CanvasNode) => ({
    width: n.measured?.width ?? n.initialWidth ?? 0,
    height: n.measured?.height ?? n.initialHeight ?? 0,
  });
  const x = Math.min(...tops.map((n) => n.position.x));
  const y = Math.min(...tops.map((n) => n.position.y));
  const right = Math.max(...tops.map((n) => n.position.x + size(n).width));
  const bottom = Math.max(...tops.map((n) => n.position.y + size(n).height));
  const { width, height } = frame.getBoundingClientRect();
  return getViewportForBounds(
    { x, y, width: right - x, height: bottom - y },
    width,
    height,
    FIT.minZoom,
    FIT.maxZoom,
    FIT.padding,
  );
}
