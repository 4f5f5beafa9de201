import { aDocument, aNamespace, aVeth, anEnd } from '@netloom/topology/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { selectIssues } from '../editor/selectors';
import type * as OpenDocument from './open-document';

const opened = vi.hoisted(() => ({ count: 0 }));
vi.mock('./open-document', async (importOriginal) => {
  const real = await importOriginal<typeof OpenDocument>();
  return {
    ...real,
    openDocumentValue: (value: unknown) => {
      opened.count += 1;
      return real.openDocumentValue(value);
    },
  };
});

/** localStorage as a page has it. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

// A loopback address: a warning, no error.
const warned = aDocument({
  nodes: [aNamespace('ns1'), aNamespace('ns2')],
  links: [aVeth('l', anEnd('ns1', 'v0', { addresses: ['127.0.0.2/8'] }), ['ns2', 'v1'])],
});
let storage: MemoryStorage;

beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('__NETLOOM_CHECKS__', 'build-1');
  opened.count = 0;
});
afterEach(() => vi.unstubAllGlobals());

/** A page load: the modules afresh, the storage as it was left. */
const restore = async () => {
  vi.resetModules();
  const { restoreAutosave, AUTOSAVE_KEY, AUTOSAVE_CHECK_KEY } = await import('./autosave');
  return { doc: restoreAutosave(), AUTOSAVE_KEY, AUTOSAVE_CHECK_KEY };
};

describe('restoreAutosave', () => {
  it('checks a document saved without its check once, then reuses the check it saved (warnings listed)', async () => {
    storage.setItem('netloom.autosave', JSON.stringify(warned));
    const first = await restore();
    expect(first.doc).toEqual(warned);
    expect(opened.count).toBe(1);
    expect(storage.getItem(first.AUTOSAVE_CHECK_KEY)).not.toBeNull();

    const again = await restore();
    expect(again.doc).toEqual(warned);
    expect(opened.count).toBe(1);
    const { selectIssues: issuesNow } = await import('../editor/selectors');
    expect(issuesNow(again.doc ?? warned)).toEqual(selectIssues(warned));
    expect(selectIssues(warned).warnings).toHaveLength(1);
  });

  it('checks the text again once it is not the text the check was saved with, or another build saved it', async () => {
    storage.setItem('netloom.autosave', JSON.stringify(warned));
    await restore();
    storage.setItem('netloom.autosave', JSON.stringify({ ...warned, name: 'lab2' }));
    expect((await restore()).doc?.name).toBe('lab2');
    expect(opened.count).toBe(2);
    vi.stubGlobal('__NETLOOM_CHECKS__', 'build-2');
    await restore();
    expect(opened.count).toBe(3);
  });

  it('saves the document as the editor would (what parsing fills in) before reusing its check', async () => {
    const { links: _links, ...bare } = aDocument({ nodes: [aNamespace('ns1')] });
    storage.setItem('netloom.autosave', JSON.stringify(bare));
    expect((await restore()).doc?.links).toEqual([]);
    expect((await restore()).doc?.links).toEqual([]);
    expect(opened.count).toBe(1);
  });

  it('checks a document with errors on every load, and saves no check for it', async () => {
    const broken = aDocument({ nodes: [aNamespace('ns1')], links: [aVeth('l', ['ns1', 'v0'], ['nope', 'v1'])] });
    storage.setItem('netloom.autosave', JSON.stringify(broken));
    const first = await restore();
    expect(first.doc).toEqual(broken);
    expect(storage.getItem(first.AUTOSAVE_CHECK_KEY)).toBeNull();
    await restore();
    expect(opened.count).toBe(2);
  });
});
