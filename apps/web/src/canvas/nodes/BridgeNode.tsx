import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';

import type { DeviceFlowNode } from '../to-flow';
import { DeviceCard } from './DeviceCard';

function BridgeNodeView({ id, data, selected }: NodeProps<DeviceFlowNode>) {
  return <DeviceCard id={id} kind="bridge" data={data} selected={selected} />;
}

export const BridgeNode = memo(BridgeNodeView);
