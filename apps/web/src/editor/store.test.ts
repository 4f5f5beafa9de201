import { describe, expect, it } from 'vitest';

import { addNode, moveNodes } from './commands';
import { createEditorStore } from './store';

describe('editor store history', () => {
  it('undoes and redoes recorded commands', () => {
    const store = createEditorStore();
    const { commit } = store.getState();
    commit(addNode(store.getState().doc, { kind: 'namespace', position: { x: 0, y: 0 } }));
    commit(addNode(store.getState().doc, { kind: 'namespace', position: { x: 300, y: 0 } }));
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['ns1', 'ns2']);
    store.getState().undo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['ns1']);
    store.getState().redo();
    expect(store.getState().doc.nodes.map((n) => n.id)).toEqual(['ns1', 'ns2']);
  });

  it('records a whole drag as one undo step', () => {
    const store = createEditorStore();
    store.getState().commit(addNode(store.getState().doc, { kind: 'namespace', position: { x: 0, y: 0 } }));
    for (let x = 1; x <= 5; x++)
      store.getState().commit(moveNodes(store.getState().doc, { ns1: { x: x * 10, y: 0 } }), 'squash');
    store.getState().settle();
    expect(store.getState().undoStack).toHaveLength(2);
    expect(store.getState().doc.layout?.['ns1']).toEqual({ x: 50, y: 0 });
    store.getState().undo();
    expect(store.getState().doc.layout?.['ns1']).toEqual({ x: 0, y: 0 });
  });

  it('forgets the redo stack after a new edit', () => {
    const store = createEditorStore();
    store.getState().commit(addNode(store.getState().doc, { kind: 'bridge', position: { x: 0, y: 0 } }));
    store.getState().undo();
    store.getState().commit(addNode(store.getState().doc, { kind: 'tap', position: { x: 0, y: 0 } }));
    expect(store.getState().redoStack).toHaveLength(0);
  });

  it('starts history afresh on load', () => {
    const store = createEditorStore();
    store.getState().commit(addNode(store.getState().doc, { kind: 'bridge', position: { x: 0, y: 0 } }));
    store.getState().load({ version: 1, name: 'other', nodes: [], links: [] });
    store.getState().undo();
    expect(store.getState().doc.name).toBe('other');
  });
});
