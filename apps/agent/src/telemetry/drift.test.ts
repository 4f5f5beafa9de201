import { describe, expect, it } from 'vitest';

import type { AgentMessageOf, StatusReport } from '@netloom/protocol';
import type { Document } from '@netloom/topology';

import { DriftWatcher, driftChanges } from './drift';

describe('driftChanges', () => {
  it('turns missing, drifted and orphaned objects into the changes a plan would repair', () => {
    const report = {
      topology: 't',
      converged: false,
      objects: [
        { id: 'ns1', kind: 'netns', state: 'present' as const, interfaces: [] },
        { id: 'l1', kind: 'veth', state: 'drifted' as const, fields: ['a.up'], interfaces: [] },
        { id: 'br0', kind: 'bridge', state: 'missing' as const, interfaces: [] },
      ],
      orphans: [{ netns: 'nlt-a', ifname: 'eth9' }],
    };
    expect(driftChanges(report)).toEqual([
      { op: 'update', key: 'l1', kind: 'veth', fields: ['a.up'] },
      { op: 'create', key: 'br0', kind: 'bridge' },
      { op: 'delete', key: 'nlt-a/eth9', kind: 'orphan' },
    ]);
  });
});

describe('DriftWatcher', () => {
  const doc: Document = { version: 1, name: 't', nodes: [{ id: 'ns1', type: 'namespace', name: 'nlt-a' }], links: [] };
  const missing: StatusReport = {
    topology: 't',
    converged: false,
    objects: [{ id: 'ns1', kind: 'netns', state: 'missing', interfaces: [] }],
    orphans: [],
  };

  function watcher(documents: Document[], status: () => Promise<StatusReport> = () => Promise.resolve(missing)) {
    const sent: AgentMessageOf<'drift'>[] = [];
    const w = new DriftWatcher({
      documents: () => documents,
      status,
      onDrift: (m) => sent.push(m),
      onError: (message) => {
        throw new Error(message);
      },
      wanted: () => true,
      now: () => 1,
    });
    return { w, sent };
  }

  it('tells clients a torn-down topology has no drift left, and says nothing more about it', async () => {
    const documents = [doc];
    const { w, sent } = watcher(documents);
    await w.check();
    expect(sent.map((m) => m.changes.length)).toEqual([1]);
    documents.length = 0; // the applied document is removed by down
    w.forget('t');
    await w.check();
    expect(sent.slice(1)).toEqual([{ type: 'drift', at: 1, topology: 't', changes: [] }]);
    expect(w.current()).toEqual([]);
  });

  it('drops a reading of a topology taken down while it was read', async () => {
    const documents = [doc];
    const { w, sent } = watcher(documents, () => {
      documents.length = 0;
      return Promise.resolve(missing);
    });
    await w.check();
    expect(sent).toEqual([]);
  });
});
