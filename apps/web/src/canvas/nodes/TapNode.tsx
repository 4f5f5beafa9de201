import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';

import type { DeviceFlowNode } from '../to-flow';
import { DeviceCard } from './DeviceCard';

function TapNodeView({ id, data, selected }: NodeProps<DeviceFlowNode>) {
  return <DeviceCard id={id} kind="tap" data={data} selected={selected} />;
}

export const TapNode = memo(TapNodeView);
