import type { NamespaceNode, Route } from '@netloom/topology';

import { withField } from '../../editor/fields';
import { issuesUnder, type IssueIndex } from '../../editor/selectors';
import { endEdit, parseText } from './edit';
import { TextField } from './TextField';

type Props = {
  readonly node: NamespaceNode;
  readonly path: readonly (string | number)[];
  readonly issues: IssueIndex;
  readonly set: (routes: Route[] | undefined, live: boolean) => void;
};

/** Static routes of a namespace; omitted means "not managed", an empty list removes them all. */
export function RoutesEditor({ node, path, issues, set }: Props) {
  const routes = node.routes ?? [];
  const update = (i: number, field: keyof Route, text: string) =>
    set(
      routes.map((r, j) => (j === i ? (withField(r, field, field === 'to' ? text : parseText(text)) as Route) : r)),
      true,
    );
  return (
    <fieldset className="routes">
      <legend>Routes</legend>
      {node.routes === undefined && <p className="hint">Not managed: the kernel's routes are left as they are.</p>}
      {routes.map((route, i) => (
        <div key={i} className="routes__row" role="group" aria-label={`Route ${i + 1}`}>
          <TextField
            label="To"
            value={route.to}
            placeholder="default"
            issues={issuesUnder(issues, [...path, 'routes', i, 'to'])}
            onChange={(t) => update(i, 'to', t)}
          />
          <TextField
            label="Via"
            value={route.via ?? ''}
            issues={issuesUnder(issues, [...path, 'routes', i, 'via'])}
            onChange={(t) => update(i, 'via', t)}
          />
          <TextField
            label="Dev"
            value={route.dev ?? ''}
            issues={issuesUnder(issues, [...path, 'routes', i, 'dev'])}
            onChange={(t) => update(i, 'dev', t)}
          />
          <button
            type="button"
            aria-label={`Remove route ${i + 1}`}
            onClick={() =>
              set(
                routes.filter((_, j) => j !== i),
                false,
              )
            }
          >
            Remove
          </button>
        </div>
      ))}
      {issuesUnder(issues, [...path, 'routes'])
        .filter((x) => x.path.length === path.length + 2)
        .map((x, i) => (
          <p key={i} className="field__issue">
            {x.message}
          </p>
        ))}
      <button
        type="button"
        onClick={() => {
          set([...routes, { to: 'default' }], false);
          endEdit();
        }}
      >
        Add route
      </button>
      {node.routes !== undefined && (
        <button type="button" onClick={() => set(undefined, false)}>
          Stop managing routes
        </button>
      )}
    </fieldset>
  );
}
