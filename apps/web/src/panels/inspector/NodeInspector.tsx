import { isDevice, type Node } from '@netloom/topology';
import { lazy, Suspense } from 'react';

import { assignSegmentSubnet } from '../../editor/assign';
import { renameId, updateNode } from '../../editor/commands';
import { withField } from '../../editor/fields';
import { issuesUnder, type IssueIndex } from '../../editor/selectors';
import { editorStore } from '../../editor/store';
import { useEditor } from '../../hooks/useEditor';
import { DeviceFields } from './DeviceFields';
import { editLive } from './edit';
import { InterfaceLive } from './InterfaceLive';
import { RoutesEditor } from './RoutesEditor';
import { SelectField } from './SelectField';
import { SubnetAssign } from './SubnetAssign';
import { TextField } from './TextField';

/** A chunk of its own, loaded when a node is first inspected while connected. */
const KernelTables = lazy(() => import('./KernelTables').then((m) => ({ default: m.KernelTables })));

const KIND_LABEL = {
  root: 'Root namespace',
  namespace: 'Namespace',
  bridge: 'Bridge',
  tap: 'Tap',
  tun: 'Tun',
  vxlan: 'VXLAN',
} as const;

export function NodeInspector({
  node,
  index,
  issues,
}: {
  readonly node: Node;
  readonly index: number;
  readonly issues: IssueIndex;
}) {
  const doc = useEditor((s) => s.doc);
  const path = ['nodes', index] as const;
  const set = (field: string, value: unknown) => editLive(updateNode(doc, node.id, (n) => withField(n, field, value)));
  const at = (field: string) => issuesUnder(issues, [...path, field]);
  return (
    <form
      className="inspector__form"
      aria-label={`${KIND_LABEL[node.type]} ${node.id}`}
      onSubmit={(e) => e.preventDefault()}
    >
      <h2>{KIND_LABEL[node.type]}</h2>
      <TextField
        label="Id"
        value={node.id}
        issues={at('id')}
        commitOnBlur
        onChange={(t) => editorStore.getState().commit(renameId(doc, node.id, t))}
      />
      {node.type === 'namespace' && (
        <>
          <TextField
            label="Name"
            value={node.name}
            issues={at('name')}
            hint="the name given to ip netns add"
            onChange={(t) => set('name', t)}
          />
          <SelectField
            label="IP forwarding"
            value={node.forwarding === undefined ? '' : node.forwarding ? 'on' : 'off'}
            options={[
              { value: '', label: 'unmanaged' },
              { value: 'on', label: 'on' },
              { value: 'off', label: 'off' },
            ]}
            issues={at('forwarding')}
            onChange={(v) =>
              editorStore
                .getState()
                .commit(updateNode(doc, node.id, (n) => withField(n, 'forwarding', v === '' ? undefined : v === 'on')))
            }
          />
          <RoutesEditor
            node={node}
            path={path}
            issues={issues}
            set={(routes, live) =>
              (live ? editLive : editorStore.getState().commit)(
                updateNode(doc, node.id, (n) => withField(n, 'routes', routes)),
              )
            }
          />
        </>
      )}
      {node.type === 'root' && (
        <p className="hint">The host's own namespace: netloom never creates, changes or deletes it.</p>
      )}
      {isDevice(node) && <DeviceFields node={node} path={path} issues={issues} set={set} />}
      {node.type === 'bridge' && (
        <SubnetAssign
          label="Assign addresses"
          suggest="10.0.0.0/24"
          assign={(subnet) => assignSegmentSubnet(doc, node.id, subnet)}
        />
      )}
      {isDevice(node) && <InterfaceLive object={node.id} />}
      <Suspense fallback={null}>
        <KernelTables nodeId={node.id} />
      </Suspense>
    </form>
  );
}
