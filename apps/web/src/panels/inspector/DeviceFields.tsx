import type { DeviceNode } from '@netloom/topology';

import { issuesUnder, type IssueIndex } from '../../editor/selectors';
import { useEditor } from '../../hooks/useEditor';
import { CheckField } from './CheckField';
import { parseNumber, parseText } from './edit';
import { InterfaceFields } from './InterfaceFields';
import { SelectField } from './SelectField';
import { TextField } from './TextField';

type Props = {
  readonly node: DeviceNode;
  readonly path: readonly (string | number)[];
  readonly issues: IssueIndex;
  readonly set: (field: string, value: unknown) => void;
};

/** Bridge, tap, tun and VXLAN fields of format v1. */
export function DeviceFields({ node, path, issues, set }: Props) {
  const nodes = useEditor((s) => s.doc.nodes);
  const at = (field: string) => issuesUnder(issues, [...path, field]);
  const places = nodes.flatMap((n) =>
    n.type === 'namespace'
      ? [{ value: n.id, label: `${n.name} (${n.id})` }]
      : n.type === 'root'
        ? [{ value: n.id, label: `root namespace (${n.id})` }]
        : [],
  );
  const bridges = nodes.flatMap((n) => (n.type === 'bridge' ? [{ value: n.id, label: `${n.name} (${n.id})` }] : []));
  const text = (
    label: string,
    field: string,
    value: string | number | undefined,
    parse: (t: string) => unknown,
    placeholder?: string,
  ) => (
    <TextField
      label={label}
      value={value === undefined ? '' : String(value)}
      issues={at(field)}
      placeholder={placeholder}
      onChange={(t) => set(field, parse(t))}
    />
  );
  return (
    <>
      <TextField
        label="Name"
        value={node.name}
        issues={at('name')}
        hint="the interface name, 1-15 bytes"
        onChange={(t) => set('name', t)}
      />
      <SelectField
        label="Namespace"
        value={node.namespace ?? ''}
        options={[{ value: '', label: 'root namespace (implicit)' }, ...places]}
        issues={at('namespace')}
        onChange={(v) => set('namespace', v === '' ? undefined : v)}
      />
      {(node.type === 'tap' || node.type === 'vxlan') && (
        <SelectField
          label="Master bridge"
          value={node.master ?? ''}
          options={[{ value: '', label: 'none' }, ...bridges]}
          issues={at('master')}
          onChange={(v) => set('master', v === '' ? undefined : v)}
        />
      )}
      {node.type === 'bridge' && (
        <CheckField label="Spanning tree (STP)" value={node.stp} fallback={false} onChange={(v) => set('stp', v)} />
      )}
      {node.type === 'vxlan' && (
        <>
          {text('VNI', 'vni', node.vni, parseNumber)}
          {text('Port', 'port', node.port, parseNumber, '4789')}
          {text('Local', 'local', node.local, parseText)}
          {text('Remote', 'remote', node.remote, parseText)}
          {text('Group', 'group', node.group, parseText, 'multicast group')}
          {text('Underlay', 'underlay', node.underlay, parseText, 'interface, e.g. eth1')}
        </>
      )}
      <InterfaceFields value={node} path={path} issues={issues} set={set} />
    </>
  );
}
