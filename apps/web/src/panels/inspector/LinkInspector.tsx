import type { Link, VethEnd } from '@netloom/topology';

import { assignVethSubnet } from '../../editor/assign';
import { renameId, updateLink } from '../../editor/commands';
import { withField } from '../../editor/fields';
import { issuesUnder, type IssueIndex } from '../../editor/selectors';
import { editorStore } from '../../editor/store';
import { useEditor } from '../../hooks/useEditor';
import { editLive } from './edit';
import { ImpairmentFields } from './ImpairmentFields';
import { InterfaceFields } from './InterfaceFields';
import { InterfaceLive } from './InterfaceLive';
import { SelectField } from './SelectField';
import { SubnetAssign } from './SubnetAssign';
import { TextField } from './TextField';

export function LinkInspector({
  link,
  index,
  issues,
}: {
  readonly link: Link;
  readonly index: number;
  readonly issues: IssueIndex;
}) {
  const doc = useEditor((s) => s.doc);
  const path = ['links', index] as const;
  const places = doc.nodes.flatMap((n) =>
    n.type === 'namespace' || n.type === 'bridge'
      ? [{ value: n.id, label: `${n.type} ${n.name} (${n.id})` }]
      : n.type === 'root'
        ? [{ value: n.id, label: `root namespace (${n.id})` }]
        : [],
  );
  const setEnd = (side: 'a' | 'b', field: string, value: unknown) =>
    editLive(updateLink(doc, link.id, (l) => ({ ...l, [side]: withField<VethEnd, string>(l[side], field, value) })));
  return (
    <form className="inspector__form" aria-label={`Veth ${link.id}`} onSubmit={(e) => e.preventDefault()}>
      <h2>Veth pair</h2>
      <TextField
        label="Id"
        value={link.id}
        issues={issuesUnder(issues, [...path, 'id'])}
        commitOnBlur
        onChange={(t) => editorStore.getState().commit(renameId(doc, link.id, t))}
      />
      {(['a', 'b'] as const).map((side) => {
        const end = link[side];
        const endPath = [...path, side];
        const prefix = `${side.toUpperCase()} `;
        return (
          <fieldset key={side} className="end">
            <legend>End {side.toUpperCase()}</legend>
            <SelectField
              label={`${prefix}node`}
              value={end.node}
              options={places}
              issues={issuesUnder(issues, [...endPath, 'node'])}
              onChange={(v) =>
                editorStore
                  .getState()
                  .commit(updateLink(doc, link.id, (l) => ({ ...l, [side]: { ...l[side], node: v } })))
              }
            />
            <TextField
              label={`${prefix}name`}
              value={end.name}
              issues={issuesUnder(issues, [...endPath, 'name'])}
              onChange={(t) => setEnd(side, 'name', t)}
            />
            <InterfaceFields
              value={end}
              path={endPath}
              issues={issues}
              labelPrefix={prefix}
              set={(field, value) => setEnd(side, field, value)}
            />
            <ImpairmentFields
              value={end.impairments}
              path={endPath}
              issues={issues}
              labelPrefix={prefix}
              set={(value) => setEnd(side, 'impairments', value)}
            />
            <InterfaceLive object={`${link.id}/${side}`} label={`${prefix}kernel`} />
          </fieldset>
        );
      })}
      <SubnetAssign
        label="Assign addresses"
        suggest="10.0.1.0/30"
        assign={(subnet) => assignVethSubnet(doc, link.id, subnet)}
      />
    </form>
  );
}
