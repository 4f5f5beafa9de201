import { validateDocument, type Document } from '@netloom/topology';
import { describe, expect, it } from 'vitest';

import { assignSegmentSubnet, assignVethSubnet } from './assign';
import { copyFragment, pasteFragment } from './clipboard';
import { addNode, deleteObjects, placeDevice, renameId } from './commands';
import { connect } from './connect';
import { applyPatch } from './history';
import { createEditorStore } from './store';

const doc: Document = {
  version: 1,
  name: 'demo',
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'ns2', type: 'namespace', name: 'netns2' },
    { id: 'br0', type: 'bridge', name: 'br0', namespace: 'host' },
    { id: 'tap0', type: 'tap', name: 'tap0', namespace: 'host' },
    { id: 'tun0', type: 'tun', name: 'tun0', namespace: 'host' },
    { id: 'brx', type: 'bridge', name: 'brx', namespace: 'ns2' },
  ],
  links: [],
};

const run = <T>(r: { ok: true; value: T } | { ok: false; error: string }): T => {
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('addNode', () => {
  it('proposes unique ids and interface names', () => {
    const once = applyPatch(doc, addNode(doc, { kind: 'bridge', position: { x: 0, y: 0 }, parent: 'host' }));
    const added = once.nodes.at(-1);
    expect(added).toMatchObject({ id: 'br1', type: 'bridge', name: 'br1', namespace: 'host' });
    expect(once.layout?.['br1']).toEqual({ x: 0, y: 0 });
  });

  it('refuses a second root namespace', () => {
    expect(applyPatch(doc, addNode(doc, { kind: 'root', position: { x: 0, y: 0 } })).nodes).toHaveLength(
      doc.nodes.length,
    );
  });
});

describe('connect', () => {
  it('makes a veth between two namespaces with proposed end names', () => {
    const next = applyPatch(doc, run(connect(doc, 'ns1', 'ns2')));
    expect(next.links).toEqual([
      { id: 'l1', type: 'veth', a: { node: 'ns1', name: 'veth0' }, b: { node: 'ns2', name: 'veth0' } },
    ]);
    expect(validateDocument(next).ok).toBe(true);
  });

  it('names an end at a bridge after its peer', () => {
    const next = applyPatch(doc, run(connect(doc, 'ns1', 'br0')));
    expect(next.links[0]?.b).toEqual({ node: 'br0', name: 'v-netns1' });
  });

  it('sets master when a tap meets a bridge, in either direction', () => {
    const next = applyPatch(doc, run(connect(doc, 'br0', 'tap0')));
    expect(next.nodes.find((n) => n.id === 'tap0')).toMatchObject({ master: 'br0' });
  });

  it('refuses a tun on a bridge with the topology rule as the reason', () => {
    const r = connect(doc, 'tun0', 'br0');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/tun/);
  });

  it('refuses a master in another namespace', () => {
    const r = connect(doc, 'tap0', 'brx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/another namespace/);
  });

  it('refuses kinds that do not connect', () => {
    expect(connect(doc, 'tap0', 'ns1').ok).toBe(false);
    expect(connect(doc, 'ns1', 'ns1').ok).toBe(false);
  });

  it('pairs two VXLANs through their local addresses', () => {
    const withVx: Document = {
      ...doc,
      nodes: [
        ...doc.nodes,
        { id: 'vx1', type: 'vxlan', name: 'vxlan1', vni: 7, local: '10.0.0.1', namespace: 'ns1' },
        { id: 'vx2', type: 'vxlan', name: 'vxlan2', vni: 9, local: '10.0.0.2', namespace: 'ns2' },
      ],
    };
    const next = applyPatch(withVx, run(connect(withVx, 'vx1', 'vx2')));
    expect(next.nodes.find((n) => n.id === 'vx1')).toMatchObject({ remote: '10.0.0.2', vni: 7 });
    expect(next.nodes.find((n) => n.id === 'vx2')).toMatchObject({ remote: '10.0.0.1', vni: 7 });
  });
});

describe('deleteObjects', () => {
  it('takes the devices inside a namespace box and the links that end there', () => {
    const linked = applyPatch(doc, run(connect(doc, 'ns1', 'brx')));
    const next = applyPatch(linked, deleteObjects(linked, ['ns2']));
    expect(next.nodes.map((n) => n.id)).not.toContain('brx');
    expect(next.links).toEqual([]);
  });

  it('unsets master when its bridge is deleted', () => {
    const mastered = applyPatch(doc, run(connect(doc, 'tap0', 'br0')));
    const next = applyPatch(mastered, deleteObjects(mastered, ['br0']));
    expect(next.nodes.find((n) => n.id === 'tap0')).not.toHaveProperty('master');
  });

  it('deletes a master relation edge by unsetting master', () => {
    const mastered = applyPatch(doc, run(connect(doc, 'tap0', 'br0')));
    const next = applyPatch(mastered, deleteObjects(mastered, ['master:tap0']));
    expect(next.nodes.find((n) => n.id === 'tap0')).not.toHaveProperty('master');
  });
});

describe('renameId and placeDevice', () => {
  it('renames every reference', () => {
    const linked = applyPatch(doc, run(connect(doc, 'ns1', 'br0')));
    const next = applyPatch(linked, renameId(linked, 'host', 'root'));
    expect(next.nodes.find((n) => n.id === 'br0')).toMatchObject({ namespace: 'root' });
    expect(validateDocument(next).ok).toBe(true);
  });

  it("renames the lesson's highlights and checks with the object, and undo renames them back", () => {
    const linked = applyPatch(doc, run(connect(doc, 'ns1', 'br0')));
    const lesson = {
      steps: [
        {
          text: 'ping through the bridge',
          highlight: ['ns1', 'l1', 'l1/a'],
          checks: [
            { type: 'ping' as const, from: 'ns1', to: '10.0.0.1' },
            { type: 'inNamespace' as const, object: 'l1/a', namespace: 'ns1' },
            { type: 'fdb' as const, bridge: 'br0', port: 'l1/b', macOf: 'l1/a' },
          ],
        },
      ],
    };
    const store = createEditorStore({ ...linked, lesson });
    store.getState().commit(renameId(store.getState().doc, 'ns1', 'lan'));
    store.getState().commit(renameId(store.getState().doc, 'l1', 'uplink'));
    store.getState().commit(renameId(store.getState().doc, 'br0', 'sw'));
    const step = store.getState().doc.lesson?.steps[0];
    expect(step?.highlight).toEqual(['lan', 'uplink', 'uplink/a']);
    expect(step?.checks).toEqual([
      { type: 'ping', from: 'lan', to: '10.0.0.1' },
      { type: 'inNamespace', object: 'uplink/a', namespace: 'lan' },
      { type: 'fdb', bridge: 'sw', port: 'uplink/b', macOf: 'uplink/a' },
    ]);
    expect(validateDocument(store.getState().doc).ok).toBe(true);
    for (let i = 0; i < 3; i++) store.getState().undo();
    expect(store.getState().doc.lesson).toEqual(lesson);
    store.getState().redo();
    expect(store.getState().doc.lesson?.steps[0]?.highlight).toEqual(['lan', 'l1', 'l1/a']);
  });

  it('moves a device into a box, and out of every box', () => {
    const inside = applyPatch(doc, placeDevice(doc, 'tap0', 'ns1', { x: 5, y: 6 }));
    expect(inside.nodes.find((n) => n.id === 'tap0')).toMatchObject({ namespace: 'ns1' });
    const out = applyPatch(inside, placeDevice(inside, 'tap0', undefined, { x: 0, y: 0 }));
    expect(out.nodes.find((n) => n.id === 'tap0')).not.toHaveProperty('namespace');
  });
});

describe('copy and paste', () => {
  it('copies a box with its devices under fresh ids and names', () => {
    const fragment = copyFragment(doc, ['ns2']);
    const next = applyPatch(doc, pasteFragment(doc, fragment, { x: 40, y: 40 }));
    const added = next.nodes.slice(doc.nodes.length);
    expect(added.map((n) => n.id)).toEqual(['ns3', 'brx1']);
    expect(added[0]).toMatchObject({ name: 'netns3' });
    expect(added[1]).toMatchObject({ namespace: 'ns3' });
    expect(validateDocument(next).ok).toBe(true);
  });
});

describe('copy and paste beside the original', () => {
  it('renames a device pasted into the same namespace', () => {
    const next = applyPatch(doc, pasteFragment(doc, copyFragment(doc, ['tap0']), { x: 40, y: 40 }));
    expect(next.nodes.at(-1)).toMatchObject({ id: 'tap1', name: 'tap1', namespace: 'host' });
    expect(validateDocument(next).ok).toBe(true);
  });
});

describe('address assignment', () => {
  it('gives both veth ends addresses from a subnet', () => {
    const linked = applyPatch(doc, run(connect(doc, 'ns1', 'ns2')));
    const next = applyPatch(linked, run(assignVethSubnet(linked, 'l1', '10.1.0.0/30')));
    expect(next.links[0]?.a.addresses).toEqual(['10.1.0.1/30']);
    expect(next.links[0]?.b.addresses).toEqual(['10.1.0.2/30']);
  });

  it('gives a bridge segment the gateway and the far ends the next addresses', () => {
    let d = applyPatch(doc, run(connect(doc, 'ns1', 'br0')));
    d = applyPatch(d, run(connect(d, 'ns2', 'br0')));
    const next = applyPatch(d, run(assignSegmentSubnet(d, 'br0', '192.168.7.0/24')));
    expect(next.nodes.find((n) => n.id === 'br0')).toMatchObject({ addresses: ['192.168.7.1/24'] });
    expect(next.links.map((l) => l.a.addresses)).toEqual([['192.168.7.2/24'], ['192.168.7.3/24']]);
  });

  it('refuses a subnet that is not one', () => {
    const linked = applyPatch(doc, run(connect(doc, 'ns1', 'ns2')));
    expect(assignVethSubnet(linked, 'l1', 'nope').ok).toBe(false);
  });
});
