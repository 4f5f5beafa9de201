import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';

import type { BoxFlowNode } from '../to-flow';
import { BoxFrame } from './BoxFrame';

function RootNodeView({ id, data, selected }: NodeProps<BoxFlowNode>) {
  return <BoxFrame id={id} kind="root" data={data} selected={selected} />;
}

export const RootNode = memo(RootNodeView);
