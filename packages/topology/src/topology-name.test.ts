import { describe, expect, it } from 'vitest';

import { locateIssues } from './issues';
import { objectIdsOf, topologyNameOf } from './topology-name';

describe('topologyNameOf (what down reads)', () => {
  it('takes the name from a document that no longer validates', () => {
    expect(topologyNameOf({ version: 1, name: 'bridge', nodes: [{ id: 'x', type: 'bogus' }] })).toEqual({
      ok: true,
      value: 'bridge',
    });
  });

  it('says what is missing or wrong, at its path', () => {
    const r = topologyNameOf({ version: 2, nodes: [] });
    expect(r.ok ? [] : r.error.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['version', 'INVALID_VALUE'],
      ['name', 'MISSING_FIELD'],
    ]);
    const bad = topologyNameOf({ version: 1, name: 'Has Spaces' });
    expect(bad.ok ? [] : bad.error.map((i) => i.path.join('.'))).toEqual(['name']);
    expect(topologyNameOf([1, 2]).ok).toBe(false);
  });

  it('lets a kernel problem be pointed at its node in an unchecked document', () => {
    const ids = objectIdsOf({ nodes: [{ id: 'a' }, 7, { id: 'red' }], links: 'not a list' });
    const [issue] = locateIssues([{ path: [], code: 'FOREIGN_INSIDE', message: 'm', objectId: 'red' }], ids);
    expect(issue?.path).toEqual(['nodes', 2]);
  });
});
