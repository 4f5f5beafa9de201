import type { EdgeTypes, NodeTypes } from '@xyflow/react';

import { RelationEdge } from './edges/RelationEdge';
import { VethEdge } from './edges/VethEdge';
import { Frame } from './nodes/Frame';
import type { BoxKind, CanvasEdge, DeviceKind } from './to-flow';

/**
 * Module scope on purpose: a new object per render makes React Flow remount every node (its
 * error002). Every kind is one Frame: boxes and cards differ only in their data.
 */
export const nodeTypes = {
  namespace: Frame,
  root: Frame,
  bridge: Frame,
  tap: Frame,
  tun: Frame,
  vxlan: Frame,
} satisfies Record<BoxKind | DeviceKind, unknown> & NodeTypes;

export const edgeTypes = {
  veth: VethEdge,
  master: RelationEdge,
  tunnel: RelationEdge,
} satisfies Record<NonNullable<CanvasEdge['type']>, unknown> & EdgeTypes;
