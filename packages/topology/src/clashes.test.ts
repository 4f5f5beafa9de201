import { describe, expect, it } from 'vitest';

import { assembleState } from './assemble';
import { findForeignCasualties, findForeignClashes } from './clashes';
import type { Document } from './document';
import { formatPath } from './issues';
import type { Step } from './step';
import type { Snapshot } from './snapshot';
import {
  aBridge,
  aDocument,
  aForeignNetns,
  aKernelLink,
  aNamespace,
  anOwnedLink,
  anOwnedNetns,
  aRoot,
  aSnapshot,
  aTap,
  aVeth,
  valid,
} from './testing';

const clashes = (doc: Document, snapshot: Snapshot) =>
  findForeignClashes(valid(doc), assembleState(snapshot, 'lab')).map((i) => [formatPath(i.path), i.code, i.objectId]);

const doc = aDocument({
  nodes: [aRoot(), aNamespace('n', 'red'), aBridge('b', 'br0'), aTap('t', 'tap0', { namespace: 'n' })],
  links: [aVeth('l', ['host', 'v0'], ['n', 'v1'])],
});

describe('findForeignClashes', () => {
  it('finds nothing on a host without our names', () => {
    expect(clashes(doc, aSnapshot([aKernelLink('eth0', 'other')]))).toEqual([]);
  });

  it('refuses a namespace name that exists and is not ours', () => {
    expect(clashes(doc, aSnapshot([], [aForeignNetns('red')]))).toEqual([['nodes[1].name', 'FOREIGN_CLASH', 'n']]);
  });

  it('refuses a namespace name that exists but cannot be read', () => {
    expect(clashes(doc, aSnapshot([], [aForeignNetns('red', undefined)]))).toEqual([
      ['nodes[1].name', 'FOREIGN_CLASH', 'n'],
    ]);
  });

  it('refuses device and veth-end names in the root namespace that someone else holds', () => {
    const snapshot = aSnapshot([aKernelLink('br0', 'bridge'), anOwnedLink('other', 'x', 'v0', 'veth', { end: 'a' })]);
    expect(clashes(doc, snapshot)).toEqual([
      ['nodes[2].name', 'FOREIGN_CLASH', 'b'],
      ['links[0].a.name', 'FOREIGN_CLASH', 'l'],
    ]);
  });

  it('refuses a name held by a foreign device inside one of our namespaces', () => {
    const snapshot = aSnapshot(
      [],
      [anOwnedNetns('lab', 'n', 'red', [aKernelLink('tap0', 'tap'), aKernelLink('v1', 'other')])],
    );
    expect(clashes(doc, snapshot)).toEqual([
      ['nodes[3].name', 'FOREIGN_CLASH', 't'],
      ['links[0].b.name', 'FOREIGN_CLASH', 'l'],
    ]);
  });

  it('does not count our own objects, even under other keys', () => {
    const snapshot = aSnapshot(
      [anOwnedLink('lab', 'old', 'br0', 'bridge')],
      [anOwnedNetns('lab', 'old-ns', 'red', [anOwnedLink('lab', 'z', 'tap0', 'tap')])],
    );
    expect(clashes(doc, snapshot)).toEqual([]);
  });

  it('mentions the fix in its message', () => {
    const [issue] = findForeignClashes(valid(doc), assembleState(aSnapshot([], [aForeignNetns('red')]), 'lab'));
    expect(issue?.message).toMatch(/ip netns del red/);
  });
});

describe('findForeignCasualties', () => {
  const del = (name: string): Step => ({ op: 'netns.del', netns: null, object: name, name });
  const casualties = (steps: Step[], snapshot: Snapshot) =>
    findForeignCasualties(steps, assembleState(snapshot, 'lab')).map((i) => [i.code, i.objectId, i.message]);

  it('refuses to delete one of our namespaces that holds an interface someone else put there', () => {
    const snapshot = aSnapshot(
      [],
      [
        anOwnedNetns('lab', 'n', 'red', [
          anOwnedLink('lab', 'l', 'v1', 'veth', { end: 'b' }),
          aKernelLink('x0', 'other'),
        ]),
      ],
    );
    const [issue, ...more] = casualties([del('red')], snapshot);
    expect(more).toEqual([]);
    expect(issue?.slice(0, 2)).toEqual(['FOREIGN_INSIDE', 'n']);
    expect(issue?.[2]).toMatch(/"x0".*ip -n red link del x0/);
  });

  it('lets a namespace go with only our interfaces and the tunnels the kernel puts in every namespace', () => {
    const snapshot = aSnapshot(
      [],
      [
        anOwnedNetns('lab', 'n', 'red', [
          anOwnedLink('lab', 't', 'tap0', 'tap'),
          aKernelLink('sit0', 'other'),
          aKernelLink('tunl0', 'other'),
          aKernelLink('ip6tnl0', 'other'),
        ]),
      ],
    );
    expect(casualties([del('red')], snapshot)).toEqual([]);
  });

  it('looks only at namespaces the plan deletes', () => {
    const snapshot = aSnapshot([], [anOwnedNetns('lab', 'n', 'red', [aKernelLink('x0', 'other')])]);
    expect(casualties([], snapshot)).toEqual([]);
  });
});
