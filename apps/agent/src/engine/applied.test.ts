import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateDocument } from '@netloom/topology';
import { aBridgeDemo } from '@netloom/topology/testing';
import { describe, expect, it } from 'vitest';

import { AppliedStore, revisionOf } from './applied';

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
