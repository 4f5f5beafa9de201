import { Background, ConnectionMode, Controls, MiniMap, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo, useState } from 'react';

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
  const [measured, setMeasured] = useState<ReadonlyMap<string, Size>>(() => new Map());
  const [stable] = useState(() => ({ nodes: createStabilizer<CanvasNode>(), edges: createStabilizer<CanvasEdge>() }));
  const { nodes, edges } = useMemo(() => {
    const next = toFlow(doc, { selected: new Set(selected), invalid: new Set(issues.byObject.keys()), measured });
    return { nodes: stable.nodes(next.nodes), edges: stable.edges(next.edges) };
  }, [doc, selected, issues, measured, stable]);
  const handlers = useFlowHandlers(nodes, measured, setMeasured);
  const drop = usePaletteDrop(nodes, measured);
  useCanvasApi(nodes, edges, measured);

  return (
    <section className="canvas" aria-label="Canvas">
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
        fitView
        minZoom={0.1}
        maxZoom={2.5}
        {...handlers}
        {...drop}
      >
        <Background gap={24} />
        <MiniMap pannable zoomable ariaLabel="Minimap" />
        <Controls aria-label="Zoom controls" />
        <Legend />
      </ReactFlow>
      <ConnectNotice />
    </section>
  );
}
