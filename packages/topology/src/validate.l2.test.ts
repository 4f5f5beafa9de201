import { describe, expect, it } from 'vitest';

import type { Document } from './document';
import { formatPath } from './issues';
import { DEFAULT_DOCUMENT_LIMITS } from './limits';
import { aBridge, aDocument, aNamespace, aTap, aVeth, anEnd, problems } from './testing';
import { checkDocument, validateDocument } from './validate';

/** Layer 2: bridges joined in loops, ports per bridge, and the size of a document. */

const bridges = (...specs: [id: string, stp?: boolean][]) =>
  specs.map(([id, stp]) => aBridge(id, id, stp === undefined ? {} : { stp }));
const join = (id: string, a: string, b: string) => aVeth(id, [a, `${id}a`], [b, `${id}b`]);

describe('layer-2 loops', () => {
  it('catalogue: two bridges joined by two veths with STP off are refused as a layer-2 loop, naming it', () => {
    const doc = aDocument({
      nodes: bridges(['br1'], ['br2']),
      links: [join('l1', 'br1', 'br2'), join('l2', 'br1', 'br2')],
    });
    const result = validateDocument(doc);
    expect(problems(doc)).toEqual([['links[1]', 'L2_LOOP']]);
    const message = result.ok ? '' : (result.error[0]?.message ?? '');
    expect(message).toMatch(/"br1", "br2"|"br2", "br1"/);
    expect(message).toMatch(/"l1", "l2"|"l2", "l1"/);
    expect(message).toMatch(/stp: true/);
  });

  it('accepts the loop when every bridge on it runs STP, and refuses it when one does not', () => {
    const links = [join('l1', 'br1', 'br2'), join('l2', 'br2', 'br3'), join('l3', 'br3', 'br1')];
    expect(problems(aDocument({ nodes: bridges(['br1', true], ['br2', true], ['br3', true]), links }))).toEqual([]);
    const oneOff = validateDocument(aDocument({ nodes: bridges(['br1', true], ['br2', true], ['br3', false]), links }));
    expect(oneOff.ok ? [] : oneOff.error.map((i) => [formatPath(i.path), i.code, i.message])).toEqual([
      ['links[2]', 'L2_LOOP', expect.stringMatching(/spanning tree is off on "br3"/)],
    ]);
  });

  it('accepts a tree of bridges, however branched', () => {
    const doc = aDocument({
      nodes: bridges(['a'], ['b'], ['c'], ['d'], ['e']),
      links: [join('l1', 'a', 'b'), join('l2', 'a', 'c'), join('l3', 'c', 'd'), join('l4', 'c', 'e')],
    });
    expect(problems(doc)).toEqual([]);
  });

  it('does not count a path through a namespace: a host forwards no frames', () => {
    const doc = aDocument({
      nodes: [...bridges(['br1'], ['br2']), aNamespace('ns1')],
      links: [join('l1', 'br1', 'br2'), join('l2', 'br1', 'ns1'), join('l3', 'ns1', 'br2')],
    });
    expect(problems(doc)).toEqual([]);
  });

  it('reports each separate loop once, and not the tree that hangs off it', () => {
    const doc = aDocument({
      nodes: bridges(['a'], ['b'], ['c'], ['x'], ['y']),
      links: [
        join('l1', 'a', 'b'),
        join('l2', 'b', 'c'),
        join('l3', 'c', 'a'),
        join('l4', 'c', 'x'),
        join('l5', 'x', 'y'),
        join('l6', 'y', 'x'),
      ],
    });
    expect(problems(doc)).toEqual([
      ['links[2]', 'L2_LOOP'],
      ['links[5]', 'L2_LOOP'],
    ]);
  });

  it('finds the loop of a ring of 3000 bridges (and the walk does not overflow the stack)', () => {
    const n = 3000;
    const ids = Array.from({ length: n }, (_, i) => `b${i}`);
    const doc = aDocument({
      nodes: ids.map((id) => aBridge(id, id)),
      links: ids.map((id, i) => join(`l${i}`, id, ids[(i + 1) % n] ?? '')),
    });
    expect(problems(doc)).toEqual([[`links[${n - 1}]`, 'L2_LOOP']]);
  });
});

describe('ports per bridge', () => {
  const withPorts = (count: number): Document =>
    aDocument({
      nodes: [
        aBridge('br', 'br0'),
        ...Array.from({ length: count }, (_, i) => aTap(`t${i}`, `t${i}`, { master: 'br' })),
      ],
    });

  it('catalogue: 4096 veths on one bridge are refused before any command (the kernel takes 1023 ports)', () => {
    const doc = aDocument({
      nodes: [aBridge('br', 'br0'), aNamespace('ns1')],
      links: Array.from({ length: 4096 }, (_, i) => aVeth(`l${i}`, ['br', `p${i}`], ['ns1', `v${i}`])),
    });
    expect(problems(doc)).toEqual([['nodes[0]', 'BRIDGE_FULL']]);
  });

  it('counts taps and veth ends alike, and takes exactly the kernel maximum', () => {
    expect(problems(withPorts(1023))).toEqual([]);
    expect(problems(withPorts(1024))).toEqual([['nodes[0]', 'BRIDGE_FULL']]);
  });

  it('refuses a bridge past a lower configured limit', () => {
    expect(validateDocument(withPorts(5), { limits: { portsPerBridge: 4 } })).toMatchObject({
      ok: false,
      error: [{ path: ['nodes', 0], code: 'TOO_LARGE' }],
    });
  });
});

describe('size limits', () => {
  const namespaces = (count: number) => Array.from({ length: count }, (_, i) => aNamespace(`n${i}`));

  it('catalogue: a 100,000-namespace document is refused by its size, before the schema or planning', () => {
    // One namespace is broken on purpose: a document past the limit is refused without a look inside.
    const doc = aDocument({ nodes: [...namespaces(99_999), { id: 'bad', type: 'namespace', name: '-x' }] as never });
    const checked = checkDocument(doc);
    expect(checked.issues.map((i) => [formatPath(i.path), i.code])).toEqual([
      ['nodes', 'TOO_LARGE'],
      ['nodes', 'TOO_LARGE'],
    ]);
    expect(checked.issues[0]?.message).toMatch(/100000 namespaces, past the limit of 4096.*--max-namespaces/);
  });

  it('takes a document at every default limit, and validation stays linear in its size', () => {
    // 4096 namespaces on 4 bridges of 1023 ports (4092 links) plus 4 more: at the namespace limit, under the others.
    const nodes = [...namespaces(DEFAULT_DOCUMENT_LIMITS.namespaces), ...bridges(['b0'], ['b1'], ['b2'], ['b3'])];
    const links = Array.from({ length: DEFAULT_DOCUMENT_LIMITS.namespaces }, (_, i) =>
      aVeth(`l${i}`, anEnd(`n${i}`, 'eth0', { addresses: [`10.${i >> 8}.${i & 255}.1/16`] }), [`b${i % 4}`, `p${i}`]),
    ).slice(0, 4092);
    expect(problems(aDocument({ nodes, links }))).toEqual([]);
  });

  it('refuses past each configured limit, saying which flag raises it', () => {
    const doc = aDocument({ nodes: namespaces(3), links: [aVeth('l', ['n0', 'a'], ['n1', 'b'])] });
    const issues = (limits: object) => checkDocument(doc, { limits }).issues.map((i) => i.message);
    expect(issues({ namespaces: 2 })).toEqual([expect.stringMatching(/3 namespaces.*limit of 2.*--max-namespaces/)]);
    expect(issues({ links: 0 })).toEqual([expect.stringMatching(/1 links.*limit of 0.*--max-links/)]);
    expect(issues({ objects: 3 })).toEqual([expect.stringMatching(/4 nodes and links.*limit of 3.*--max-objects/)]);
    expect(issues({})).toEqual([]);
  });
});
