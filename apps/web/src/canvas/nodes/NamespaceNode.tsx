import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';

import type { BoxFlowNode } from '../to-flow';
import { BoxFrame } from './BoxFrame';

function NamespaceNodeView({ id, data, selected }: NodeProps<BoxFlowNode>) {
  return <BoxFrame id={id} kind="namespace" data={data} selected={selected} />;
}

export const NamespaceNode = memo(NamespaceNodeView);
