import { assembleState, validateDocument, type Document, type Observed } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { revisionOf, type AppliedRecord } from './applied';
import { confirmationMessage, needsConfirmation } from './confirm';
import type { ChangeSummary } from './types';

const doc = (nodes: unknown[]): Document => {
  const r = validateDocument({ version: 1, name: 'bridge', nodes });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
};
const running = doc([{ id: 'red', type: 'namespace', name: 'red' }]);
/** The kernel with namespace red of topology bridge. */
const observed: Observed = assembleState(
  {
    root: [],
    namespaces: [
      {
        name: 'red',
        links: [
          {
            ifindex: 1,
            ifname: 'lo',
            kind: 'loopback',
            alias: 'netloom:bridge/red',
            up: true,
            mtu: 65536,
            addresses: [],
          },
        ],
      },
    ],
  },
  'bridge',
);
const nothing: Observed = assembleState({ root: [], namespaces: [] }, 'bridge');
const record = (d: Document, source?: AppliedRecord['source']): AppliedRecord => ({
  document: d,
  revision: revisionOf(d),
  appliedAt: 0,
  ...(source !== undefined && { source }),
});
const deleteRed: ChangeSummary[] = [{ op: 'delete', key: 'red', kind: 'netns' }];
const addBlue: ChangeSummary[] = [{ op: 'create', key: 'blue', kind: 'netns' }];

describe('needsConfirmation', () => {
  it('catalogue: an empty document silently destroys a running topology: it must be confirmed', () => {
    const empty = doc([]);
    const c = needsConfirmation(empty, observed, deleteRed, record(running), { kind: 'designer', basedOn: null });
    expect(c?.reasons).toEqual(['DELETES_ALL', 'OTHER_DOCUMENT']);
    expect(c?.deletes).toEqual(deleteRed);
    // Even a caller that tracks no lineage is asked.
    expect(needsConfirmation(empty, observed, deleteRed, record(running), undefined)?.reasons).toEqual(['DELETES_ALL']);
    expect(confirmationMessage(c!, 'pass --force')).toMatch(
      /^applying this document deletes every object topology "bridge" has in the kernel; .*; it deletes namespace red; pass --force$/,
    );
  });

  it('asks nothing when the topology has nothing in the kernel', () => {
    expect(needsConfirmation(doc([]), nothing, [], undefined, { kind: 'designer', basedOn: null })).toBeNull();
  });

  it('asks when another document replaces the running one, not when the same drawing or file goes on', () => {
    const edited = doc([
      { id: 'red', type: 'namespace', name: 'red' },
      { id: 'blue', type: 'namespace', name: 'blue' },
    ]);
    const fromDesigner = record(running, { kind: 'designer' });
    const never = needsConfirmation(edited, observed, addBlue, fromDesigner, { kind: 'designer', basedOn: null });
    expect(never?.reasons).toEqual(['OTHER_DOCUMENT']);
    const based = { kind: 'designer', basedOn: fromDesigner.revision } as const;
    expect(needsConfirmation(edited, observed, addBlue, fromDesigner, based)).toBeNull();
    // The CLI: the same file goes on; another file under the same name is another document.
    const fromFile = record(running, { kind: 'file', path: '/x/bridge.yaml' });
    expect(needsConfirmation(edited, observed, addBlue, fromFile, { kind: 'file', path: '/x/bridge.yaml' })).toBeNull();
    const other = needsConfirmation(edited, observed, addBlue, fromFile, { kind: 'file', path: '/y/mine.yaml' });
    expect(other?.reasons).toEqual(['OTHER_DOCUMENT']);
    expect(confirmationMessage(other!, 'pass --force')).toContain('runs from another document (/x/bridge.yaml)');
    // The very same content, from anywhere, is the same document.
    expect(needsConfirmation(running, observed, [], fromFile, { kind: 'designer', basedOn: null })).toBeNull();
  });

  it('lets an unrecorded running topology be added to, and asks before changing it', () => {
    const file = { kind: 'file', path: '/x/bridge.yaml' } as const;
    expect(needsConfirmation(running, observed, [], undefined, file)).toBeNull();
    expect(needsConfirmation(running, observed, addBlue, undefined, file)).toBeNull();
    const update: ChangeSummary[] = [{ op: 'update', key: 'red', kind: 'netns', fields: ['forwarding'] }];
    expect(needsConfirmation(running, observed, update, undefined, file)?.reasons).toEqual(['OTHER_DOCUMENT']);
  });
});

describe('revisionOf', () => {
  it('names the content, whatever its key order or layout', () => {
    const a = doc([{ id: 'red', type: 'namespace', name: 'red' }]);
    const b = { ...a, layout: { red: { x: 1, y: 2 } } };
    expect(revisionOf(b)).toBe(revisionOf(a));
    expect(revisionOf(doc([{ id: 'red', type: 'namespace', name: 'rot' }]))).not.toBe(revisionOf(a));
  });
});
