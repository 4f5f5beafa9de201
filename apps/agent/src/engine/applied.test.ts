import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { parseText, validateDocument, writeDocument } from '@netloom/topology';
import { aBridgeDemo } from '@netloom/topology/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { AppliedStore, checkedTextDigest, checkedValueDigest, revisionOf } from './applied';

const store = () => {
  const dir = mkdtempSync(join(tmpdir(), 'netloom-applied-'));
  return { dir, applied: new AppliedStore(dir), file: join(dir, 'bridge-demo.json') };
};
const demo = () => {
  const checked = validateDocument(aBridgeDemo());
  if (!checked.ok) throw new Error('the demo document is valid');
  return checked.value;
};
const rewrite = (file: string, edit: (body: Record<string, unknown>) => unknown) =>
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));

describe('the applied-document record', () => {
  it('reads back what it wrote: document, revision, time and source', async () => {
    const { applied } = store();
    const doc = demo();
    const written = await applied.write(doc, { kind: 'file', path: '/tmp/x.yaml' }, 1234);
    expect(await applied.read('bridge-demo')).toEqual(written);
    expect(written.revision).toBe(revisionOf(doc));
  });

  it('checks in full a record edited by hand: an invalid edit is a problem, a valid one gets its own revision', async () => {
    const { applied, file } = store();
    await applied.write(demo(), undefined, 1);
    rewrite(file, (b) => ({ ...b, document: { ...(b['document'] as object), nodes: [{ id: 'x', type: 'bogus' }] } }));
    expect(await applied.read('bridge-demo')).toEqual({ problem: 'not a valid netloom document' });

    await applied.write(demo(), undefined, 1);
    const edited = { ...demo(), nodes: demo().nodes.filter((n) => n.type !== 'tap') };
    rewrite(file, (b) => ({ ...b, document: edited }));
    const read = await applied.read('bridge-demo');
    expect(read !== undefined && 'revision' in read ? read.revision : read).toBe(revisionOf(edited));
  });

  it('still reads records of older netlooms: the bare document, or a record without digest', async () => {
    const { applied, file } = store();
    const doc = demo();
    writeFileSync(file, JSON.stringify(doc));
    expect(await applied.read('bridge-demo')).toEqual({ document: doc, revision: revisionOf(doc), appliedAt: 0 });
    writeFileSync(file, JSON.stringify({ netloomApplied: 1, appliedAt: 7, document: doc }));
    expect(await applied.read('bridge-demo')).toEqual({ document: doc, revision: revisionOf(doc), appliedAt: 7 });
  });

  it('refuses a record that holds another topology, sealed or not', async () => {
    const { applied, dir } = store();
    await applied.write(demo(), undefined, 1);
    writeFileSync(join(dir, 'other.json'), readFileSync(join(dir, 'bridge-demo.json')));
    expect(await applied.read('other')).toEqual({ problem: 'holds topology "bridge-demo", not "other"' });
  });
});

describe('the checked-document cache', () => {
  const valueOf = (text: string, format: 'json' | 'yaml') => {
    const r = parseText(text, format);
    if (!r.ok) throw new Error('the text parses');
    return r.value;
  };

  it('names a value the same whichever text spelled it, and apart by build, limits and key order', () => {
    const doc = demo();
    const json = JSON.stringify(doc, null, 2);
    const yaml = writeDocument(doc, 'yaml');
    const digest = checkedValueDigest('b1', {}, valueOf(json, 'json'));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(checkedValueDigest('b1', {}, valueOf(yaml, 'yaml'))).toBe(digest);
    expect(checkedValueDigest('b2', {}, valueOf(json, 'json'))).not.toBe(digest);
    expect(checkedValueDigest('b1', { maxNamespaces: 2 }, valueOf(json, 'json'))).not.toBe(digest);
    // Key order can change warnings' order: another order is another value to check.
    const { version, name, ...rest } = doc;
    expect(checkedValueDigest('b1', {}, { name, version, ...rest })).not.toBe(digest);
    // A text's digest is of the text: another spelling of the same value is another text.
    expect(checkedTextDigest('b1', {}, json)).not.toBe(checkedTextDigest('b1', {}, yaml));
  });

  it('has no name for a value JSON cannot spell exactly, so that it is always checked', () => {
    for (const odd of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0]) {
      expect(checkedValueDigest('b', {}, { version: 1, nodes: [{ id: 'a', mtu: odd }] }), String(odd)).toBeUndefined();
    }
    expect(
      checkedValueDigest('b', {}, valueOf('version: 1\nname: x\nnodes: [{ mtu: .nan }]\n', 'yaml')),
    ).toBeUndefined();
    expect(checkedValueDigest('b', {}, { version: 1, nodes: [{ id: 'a', mtu: 0 }] })).toBeDefined();
  });

  it('finds a record by the text its document was checked from, and by nothing else', async () => {
    const { applied } = store();
    const doc = demo();
    const text = writeDocument(doc, 'yaml');
    const digest = checkedTextDigest('b', {}, text);
    await applied.write(doc, undefined, 1, { digest: 'value', text: digest, warnings: [] });
    expect((await applied.findByText(text, digest))?.document).toEqual(doc);
    const edited = text.replace('bridge-demo', 'bridge-demo ');
    expect(await applied.findByText(edited, checkedTextDigest('b', {}, edited))).toBeUndefined();
    // The digest is what proves the text; the name in it only says which records to look at.
    expect(await applied.findByText('nothing named here', digest)).toBeUndefined();
    await applied.write(doc, undefined, 1, { digest: 'value', warnings: [] });
    expect(await applied.findByText(text, digest)).toBeUndefined();
  });

  it('reads a record again once another process replaced it, or it was edited in place', async () => {
    const { dir, applied, file } = store();
    const doc = demo();
    await applied.write(doc, undefined, 1);
    expect(await applied.read('bridge-demo')).toMatchObject({ appliedAt: 1 });
    await new AppliedStore(dir).write(doc, undefined, 2);
    expect(await applied.read('bridge-demo')).toMatchObject({ appliedAt: 2 });
    rewrite(file, (b) => ({ ...b, appliedAt: 30 }));
    expect(await applied.read('bridge-demo')).toMatchObject({ appliedAt: 30 });
  });
});

describe('a revision', () => {
  /** How revisions were computed before they were written by JSON.stringify: every record on disk says this. */
  const byHand = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(byHand).join(',')}]`;
    if (value !== null && typeof value === 'object')
      return `{${Object.keys(value)
        .sort()
        .flatMap((k) => {
          const v = (value as Record<string, unknown>)[k];
          return v === undefined ? [] : [`${JSON.stringify(k)}:${byHand(v)}`];
        })
        .join(',')}}`;
    return JSON.stringify(value);
  };
  const expected = (doc: Record<string, unknown>) => {
    const { layout: _, ...content } = doc;
    return createHash('sha256').update(byHand(content)).digest('hex').slice(0, 16);
  };
  const revision = (doc: Record<string, unknown>) => revisionOf(doc as unknown as Parameters<typeof revisionOf>[0]);

  it('is what it always was, for any JSON value, whatever the key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (doc) => {
        expect(revision(doc)).toBe(expected(doc));
      }),
      { numRuns: 500 },
    );
    expect(revisionOf(demo())).toBe(expected(demo()));
  });

  it('is what it always was where JavaScript does not keep keys in insertion order, and for undefined', () => {
    const odd = JSON.parse(
      '{"b": {"10": 1, "9": 2, "a": 3}, "__proto__": {"x": 1}, "a": [1, {"2": 0, "1": 0}]}',
    ) as Record<string, unknown>;
    expect(revision(odd)).toBe(expected(odd));
    const holes = { a: [1, undefined, 2], b: undefined, c: { d: undefined, e: 1 } };
    expect(revision(holes)).toBe(expected(holes));
    expect(revision({ b: 1, a: 2 })).toBe(revision({ a: 2, b: 1 }));
  });
});
