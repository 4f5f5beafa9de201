import type { EdgeTypes, NodeTypes } from '@xyflow/react';

import { RelationEdge } from './edges/RelationEdge';
import { VethEdge } from './edges/VethEdge';
import { BridgeNode } from './nodes/BridgeNode';
import { NamespaceNode } from './nodes/NamespaceNode';
import { RootNode } from './nodes/RootNode';
import { TapNode } from './nodes/TapNode';
import { TunNode } from './nodes/TunNode';
import { VxlanNode } from './nodes/VxlanNode';
import type { BoxKind, CanvasEdge, DeviceKind } from './to-flow';

/** Module scope on purpose: a new object per render makes React Flow remount every node (its error002). */
export const nodeTypes = {
  namespace: NamespaceNode,
  root: RootNode,
  bridge: BridgeNode,
  tap: TapNode,
  tun: TunNode,
  vxlan: VxlanNode,
} satisfies Record<BoxKind | DeviceKind, unknown> & NodeTypes;

export const edgeTypes = {
  veth: VethEdge,
  master: RelationEdge,
  tunnel: RelationEdge,
} satisfies Record<NonNullable<CanvasEdge['type']>, unknown> & EdgeTypes;
