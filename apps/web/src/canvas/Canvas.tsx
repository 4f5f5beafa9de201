import {
  Background,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import { useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';

import { useLive } from '../agent/useLive';
import { sessionStore } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
import { useIssues } from '../hooks/useIssues';
import { useSession } from '../hooks/useSession';
import { ConnectNotice } from './ConnectNotice';
import { EmptyHint } from './EmptyHint';
import { fitViewport, NORMAL_FIT } from './fit';
import { Legend } from './Legend';
import { buildScene, type Scene } from './model/scene';
import { lineHeight, NORMAL_TEXT, PRESENTER_TEXT, type Typography } from './model/text';
import { PresenterBar } from './PresenterBar';
import { ZoomVariable } from './ZoomVariable';
import { edgeTypes, nodeTypes } from './node-types';
import { createStabilizer } from './stabilize';
import { toFlow, type CanvasEdge, type CanvasNode } from './to-flow';
import { useCanvasApi } from './useCanvasApi';
import { useFlowHandlers } from './useFlowHandlers';
import { usePaletteDrop } from './usePaletteDrop';

const HOME: Viewport = { x: 0, y: 0, zoom: 1 };

/** The drawing. React Flow is a view here: the document store is the truth (STYLE §B.10). */
export function Canvas() {
  return (
    <ReactFlowProvider>
      <FlowView />
    </ReactFlowProvider>
  );
}

/** The typography as CSS variables, so what is drawn is what the scene measured. */
function typeVariables(t: Typography): CSSProperties {
  const vars: Record<string, string> = {};
  for (const [k, size] of Object.entries(t)) {
    vars[`--type-${k}`] = `${size}px`;
    vars[`--line-${k}`] = `${lineHeight(size)}px`;
  }
  return vars as CSSProperties;
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
  const presenter = useSession((s) => s.presenter);
  const minimap = useSession((s) => s.minimap);
  // Presenter view: larger text, stacked, in the same arrangement with its slack taken out.
  const style = presenter ? PRESENTER_TEXT : NORMAL_TEXT;
  const scene = useMemo(() => buildScene(doc, style, presenter ? 'compact' : 'document'), [doc, style, presenter]);
  const sceneRef = useRef<Scene>(scene);
  useLayoutEffect(() => {
    sceneRef.current = scene;
  });
  const [stable] = useState(() => ({ nodes: createStabilizer<CanvasNode>(), edges: createStabilizer<CanvasEdge>() }));
  const { nodes, edges } = useMemo(() => {
    const next = toFlow(scene, { selected: new Set(selected), invalid });
    return { nodes: stable.nodes(next.nodes), edges: stable.edges(next.edges) };
  }, [scene, selected, invalid, stable]);
  const frame = useRef<HTMLElement>(null);
  const { onNodeDragStop, ...handlers } = useFlowHandlers(sceneRef);
  const drop = usePaletteDrop(sceneRef);
  useCanvasApi(sceneRef, frame);
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    if (initialViewport !== null || frame.current === null) return;
    setInitialViewport(scene.frames.length === 0 ? HOME : fitViewport(scene.bounds, frame.current, NORMAL_FIT));
  }, [initialViewport, scene]);
  // Marks the canvas while the view or a node moves (set on the DOM: no React render).
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
    <section
      className="canvas"
      aria-label="Canvas"
      ref={frame}
      style={typeVariables(style.type)}
      data-presenter={presenter || undefined}
    >
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
          minZoom={NORMAL_FIT.zoom.min}
          maxZoom={2.5}
          {...handlers}
          {...moving}
          {...drop}
        >
          <Background gap={24} />
          {minimap && <MiniMap pannable zoomable ariaLabel="Minimap" />}
          {!presenter && (
            <Controls aria-label="Zoom controls">
              <ControlButton
                onClick={() => {
                  sessionStore.getState().set({ minimap: !minimap });
                  // The minimap takes a corner: fit again so it covers nothing.
                  requestAnimationFrame(() => sessionStore.getState().canvasApi?.fitView());
                }}
                aria-pressed={minimap}
                aria-label="Minimap"
                title="Show or hide the minimap"
              >
                ▦
              </ControlButton>
            </Controls>
          )}
          {presenter && <PresenterBar />}
          <ZoomVariable frame={frame} />
          <Legend />
        </ReactFlow>
      )}
      {scene.frames.length === 0 && <EmptyHint />}
      <ConnectNotice />
    </section>
  );
}
