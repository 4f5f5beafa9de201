import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';

import type { DeviceFlowNode } from '../to-flow';
import { DeviceCard } from './DeviceCard';

function VxlanNodeView({ id, data, selected }: NodeProps<DeviceFlowNode>) {
  return <DeviceCard id={id} kind="vxlan" data={data} selected={selected} />;
}

export const VxlanNode = memo(VxlanNodeView);
