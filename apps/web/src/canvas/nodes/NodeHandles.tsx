import { Handle, Position } from '@xyflow/react';

/** Two handles on every node; connections are loose, so either can start or end one. */
export function NodeHandles({ label }: { readonly label: string }) {
  return (
    <>
      <Handle type="target" id="l" position={Position.Left} aria-label={`connect to ${label}`} />
      <Handle type="source" id="r" position={Position.Right} aria-label={`connect from ${label}`} />
    </>
  );
}
