import { deleteSelection } from '../editor/actions';
import { setDocumentName } from '../editor/commands';
import { issuesUnder } from '../editor/selectors';
import { useEditor } from '../hooks/useEditor';
import { useIssues } from '../hooks/useIssues';
import { CaptureSection } from '../packets/CaptureSection';
import { useSession } from '../hooks/useSession';
import { editLive } from './inspector/edit';
import { LinkInspector } from './inspector/LinkInspector';
import { NodeInspector } from './inspector/NodeInspector';
import { TextField } from './inspector/TextField';

/** Every field of format v1 for the selection (or the document), with inline validation. */
export function Inspector() {
  const doc = useEditor((s) => s.doc);
  const selected = useSession((s) => s.selected);
  const issues = useIssues();
  const [only] = selected;
  const nodeIndex = selected.length === 1 ? doc.nodes.findIndex((n) => n.id === only) : -1;
  const linkIndex = selected.length === 1 ? doc.links.findIndex((l) => l.id === only) : -1;
  const node = doc.nodes[nodeIndex];
  const link = doc.links[linkIndex];

  let body;
  if (node !== undefined) body = <NodeInspector key={node.id} node={node} index={nodeIndex} issues={issues} />;
  else if (link !== undefined) body = <LinkInspector key={link.id} link={link} index={linkIndex} issues={issues} />;
  else if (selected.length === 1 && only !== undefined && /^(master|tunnel):/.test(only)) {
    body = (
      <div className="inspector__form">
        <h2>{only.startsWith('master:') ? 'Bridge port' : 'VXLAN pair'}</h2>
        <p className="hint">
          {only.startsWith('master:')
            ? 'The device is enslaved to the bridge (its `master`).'
            : 'Each VXLAN’s remote is the other’s local address.'}
        </p>
        <button type="button" onClick={deleteSelection}>
          Remove relation
        </button>
      </div>
    );
  } else if (selected.length > 1) {
    body = (
      <div className="inspector__form">
        <h2>{selected.length} objects selected</h2>
        <button type="button" onClick={deleteSelection}>
          Delete selected
        </button>
      </div>
    );
  } else {
    body = (
      <form className="inspector__form" aria-label="Topology" onSubmit={(e) => e.preventDefault()}>
        <h2>Topology</h2>
        <TextField
          label="Topology name"
          value={doc.name}
          hint="scopes ownership: every kernel object carries it in its marker"
          issues={issuesUnder(issues, ['name'])}
          onChange={(t) => editLive(setDocumentName(doc, t))}
        />
        <p className="hint">
          {doc.nodes.length} nodes, {doc.links.length} links. Select something on the canvas to edit it.
        </p>
      </form>
    );
  }
  return (
    <aside className="inspector" role="region" aria-label="Inspector">
      {body}
      <CaptureSection />
    </aside>
  );
}
