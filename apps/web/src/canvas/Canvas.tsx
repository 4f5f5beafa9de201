import {
  Background,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useStore,
  type Viewport,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
} from 'react';
import { useStore as useZustand } from 'zustand';
import { flushSync } from 'react-dom';

import { useAppliedTopology } from '../agent/drawing-live';
import { nextObject } from '../agent/step-through';
import { useLive } from '../agent/useLive';
import { sessionStore } from '../editor/session';
import { useEditor } from '../hooks/useEditor';
import { useIssues } from '../hooks/useIssues';
import { useSession } from '../hooks/useSession';
import { trafficStore } from '../traffic/traffic-store';
import { ConnectNotice } from './ConnectNotice';
import { EmptyHint } from './EmptyHint';
import { FlowDotsLayer } from './edges/flow-dots-layer';
import { OverlayWatch } from './nodes/TablesOverlay';
import { fitViewport, NORMAL_FIT } from './fit';
import { Legend } from './Legend';
import { MarkerLayer } from './markers/MarkerLayer';
import { buildScene, type Lines, type Scene } from './model/scene';
import { lineHeight, NORMAL_TEXT, PRESENTER_TEXT, type Typography } from './model/text';
import { PresenterBar } from './PresenterBar';
import { ZoomVariable } from './ZoomVariable';
import { edgeTypes, nodeTypes } from './node-types';
import { drawsOverview } from './overview/lod';
import { Overview } from './overview/Overview';
import { useOverviewPointer } from './overview/useOverviewPointer';
import { createStabilizer } from './stabilize';
import { toFlow, type CanvasEdge, type CanvasNode } from './to-flow';
import { useCanvasApi } from './useCanvasApi';
import { useFlowHandlers } from './useFlowHandlers';
import { usePaletteDrop } from './usePaletteDrop';

/** Traffic flows' live labels (traffic/TrafficUi, its own chunk): loaded once a flow exists. */
const TrafficLabels = lazy(() => import('../traffic/TrafficUi').then((m) => ({ default: m.TrafficLabels })));

const HOME: Viewport = { x: 0, y: 0, zoom: 1 };
const NONE: never[] = [];
const nextFrame = () => new Promise((done) => requestAnimationFrame(done));

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
  // The step-through's next command, pointed at on its own topology's drawing only.
  const stepTarget = useLive((s) => (s.stepThrough?.topology === doc.name ? nextObject(s.stepThrough) : null));
  const presenter = useSession((s) => s.presenter);
  const readOnly = useSession((s) => s.readOnly);
  const minimap = useSession((s) => s.minimap);
  const tablesOverlay = useSession((s) => s.tablesOverlay);
  // The kernel tables take room in their frames while they are shown: the drawing is applied.
  const applied = useAppliedTopology() !== null;
  const tablesRoom = tablesOverlay && applied;
  const hasFlows = useZustand(trafficStore, (s) => s.flows.length > 0);
  // Presenter view: larger text, stacked, in the same arrangement with its slack taken out.
  const style = presenter ? PRESENTER_TEXT : NORMAL_TEXT;
  // An export renders the DOM drawing: the overview steps aside while it runs.
  const [exporting, setExporting] = useState(false);
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  // Zoomed out past reading, the drawing is one painted canvas and React Flow mounts no node or
  // edge (overview/lod.ts). Until React Flow's pan and zoom is set up its store says zoom 1: the
  // view it starts with is the initial one.
  const overview = useStore(
    (s) =>
      initialViewport !== null &&
      drawsOverview(s.panZoom === null ? initialViewport.zoom : s.transform[2], {
        presenter,
        exporting,
        frames: doc.nodes.length,
      }),
  );
  // The overview draws lines port to port and routes none (most of a large scene's cost): the
  // lines are routed when the DOM drawing first needs them. Before the first view is chosen, the
  // lines are straight unless the document turned out to fit at a zoom the DOM draws.
  const [fitsDom, setFitsDom] = useState(false);
  const lines: Lines =
    presenter || exporting || (initialViewport === null ? fitsDom : !overview) ? 'routed' : 'straight';
  const scene = useMemo(
    () => buildScene(doc, style, presenter ? 'compact' : 'document', lines, tablesRoom),
    [doc, style, presenter, lines, tablesRoom],
  );
  // The drawing grows or shrinks by the tables' room: fit it again, so all of it stays in view.
  const roomed = useRef(tablesRoom);
  useEffect(() => {
    if (roomed.current === tablesRoom) return;
    roomed.current = tablesRoom;
    sessionStore.getState().canvasApi?.fitView();
  }, [tablesRoom]);
  const sceneRef = useRef<Scene>(scene);
  useLayoutEffect(() => {
    sceneRef.current = scene;
  });
  const [stable] = useState(() => ({ nodes: createStabilizer<CanvasNode>(), edges: createStabilizer<CanvasEdge>() }));
  const { nodes, edges } = useMemo(() => {
    const next = toFlow(scene, { selected: new Set(selected), invalid, stepTarget });
    return { nodes: stable.nodes(next.nodes), edges: stable.edges(next.edges) };
  }, [scene, selected, invalid, stable, stepTarget]);
  const frame = useRef<HTMLElement>(null);
  const { onNodeDragStop, ...handlers } = useFlowHandlers(sceneRef);
  const drop = usePaletteDrop(sceneRef);
  const inFull = useCallback(async (run: () => Promise<void>) => {
    flushSync(() => setExporting(true));
    await nextFrame();
    await nextFrame();
    try {
      await run();
    } finally {
      setExporting(false);
    }
  }, []);
  useCanvasApi(sceneRef, frame, inFull);
  useLayoutEffect(() => {
    if (initialViewport !== null || frame.current === null) return;
    const fit = scene.frames.length === 0 ? HOME : fitViewport(scene.bounds, frame.current, NORMAL_FIT);
    // Drawn as DOM at that zoom: fit again to the routed scene (its labels may reach past the
    // frames), rendered before anything is painted.
    const again =
      scene.frames.length > 0 &&
      lines === 'straight' &&
      !drawsOverview(fit.zoom, { presenter, exporting, frames: doc.nodes.length });
    if (again) setFitsDom(true);
    else setInitialViewport(fit);
  }, [initialViewport, scene, lines, presenter, exporting, doc.nodes.length]);
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const pointer = useOverviewPointer(overview, sceneRef, frame);
  // Marks the canvas while the view or a node moves (set on the DOM: no React render).
  const moving = useMemo(() => {
    const set = (on: boolean) => frame.current?.toggleAttribute('data-moving', on);
    return {
      onMoveStart: () => set(true),
      onMoveEnd: (_: unknown, viewport: Viewport) => {
        set(false);
        sessionStore.getState().set({ viewport });
      },
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
        <FlowDotsLayer exporting={exporting}>
          <ReactFlow
            nodes={overview ? NONE : nodes}
            edges={overview ? NONE : edges}
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
            zoomOnDoubleClick={!overview}
            {...(readOnly
              ? { nodesDraggable: false, nodesConnectable: false, elementsSelectable: false, edgesFocusable: false }
              : { ...handlers, ...drop, ...pointer })}
            {...moving}
          >
            <Background gap={24} />
            {overview && (
              <Overview
                scene={scene}
                selected={selectedSet}
                invalid={invalid}
                frame={frame}
                initial={initialViewport}
              />
            )}
            {/* The minimap draws React Flow's nodes: over the overview, which is the whole drawing already, it waits until zoomed in. */}
            {minimap && !overview && <MiniMap pannable zoomable ariaLabel="Minimap" />}
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
            {hasFlows && (
              <Suspense fallback={null}>
                <TrafficLabels />
              </Suspense>
            )}
            {presenter && <PresenterBar />}
            <ZoomVariable frame={frame} />
            <MarkerLayer scene={scene} doc={doc} textSize={style.type.small} />
            <Legend tunnel={scene.edges.some((e) => e.kind === 'tunnel')} />
          </ReactFlow>
        </FlowDotsLayer>
      )}
      {scene.frames.length === 0 && <EmptyHint />}
      <ConnectNotice />
      {tablesOverlay && <OverlayWatch />}
    </section>
  );
}
