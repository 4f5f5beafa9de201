import type { Document, Issue } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { issuesUnder, knownIssues, selectIssues } from './selectors';

const doc: Document = {
  version: 1,
  name: 'demo',
  nodes: [
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'br0', type: 'bridge', name: 'lo', namespace: 'ns1', addresses: ['10.0.0.1/24', '10.0.0.1/24'] },
  ],
  links: [],
};

describe('selectIssues', () => {
  it('indexes problems by object and finds them under a field path', () => {
    const index = selectIssues(doc);
    expect(index.byObject.get('br0')?.length).toBe(2);
    expect(issuesUnder(index, ['nodes', 1, 'addresses']).map((i) => i.path)).toEqual([['nodes', 1, 'addresses', 1]]);
    expect(issuesUnder(index, ['nodes', 1, 'name'])).toHaveLength(1);
  });

  it('lists warnings apart from errors, so they never block', () => {
    const index = selectIssues({
      version: 1,
      name: 'demo',
      nodes: [
        { id: 'ns1', type: 'namespace', name: 'n1', routes: [{ to: '10.9.0.0/16', via: '10.0.0.1' }] },
        { id: 'ns2', type: 'namespace', name: 'n2' },
      ],
      links: [
        {
          id: 'l1',
          type: 'veth',
          a: { node: 'ns1', name: 'eth0', addresses: ['10.0.0.1/24'] },
          b: { node: 'ns2', name: 'eth0' },
        },
      ],
    });
    expect(index.all).toEqual([]);
    expect(index.byObject.size).toBe(0);
    expect(index.warnings.map((i) => [i.path, i.objectId, i.severity])).toEqual([
      [['nodes', 0, 'routes', 0, 'via'], 'ns1', 'warning'],
    ]);
  });

  it('does not validate again when only the layout moved', () => {
    const moved = { ...doc, layout: { ns1: { x: 1, y: 1 } } };
    const again = selectIssues(moved);
    expect(selectIssues({ ...moved, layout: { ns1: { x: 9, y: 9 } } })).toBe(again);
  });
});

describe('knownIssues', () => {
  it('answers for a document just checked with what checking found', () => {
    const valid: Document = { version: 1, name: 'ok', nodes: [{ id: 'a', type: 'namespace', name: 'a' }], links: [] };
    const warning: Issue = { path: ['nodes', 0], code: 'DUPLICATE_ADDRESS', message: 'a warning', severity: 'warning' };
    knownIssues(valid, [warning]);
    expect(selectIssues(valid)).toMatchObject({ all: [], warnings: [warning] });
    // Another document is checked as before.
    expect(selectIssues(doc).byObject.get('br0')?.length).toBe(2);
  });
});
