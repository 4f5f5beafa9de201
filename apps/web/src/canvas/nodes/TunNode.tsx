import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';

import type { DeviceFlowNode } from '../to-flow';
import { DeviceCard } from './DeviceCard';

function TunNodeView({ id, data, selected }: NodeProps<DeviceFlowNode>) {
  return <DeviceCard id={id} kind="tun" data={data} selected={selected} />;
}

export const TunNode = memo(TunNodeView);
