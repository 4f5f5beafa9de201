import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AppliedDocuments } from './documents';

const doc = { version: 1, name: 'bridge', nodes: [{ id: 'ns', type: 'namespace', name: 'red' }] };

describe('AppliedDocuments', () => {
  it('catalogue: netloom serve exits 1 when applied/<topology>.json is empty or cut short', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'netloom-applied-')), 'applied');
    mkdirSync(dir);
    writeFileSync(join(dir, 'empty.json'), '');
    writeFileSync(join(dir, 'cut.json'), JSON.stringify({ ...doc, name: 'cut' }).slice(0, 30));
    writeFileSync(join(dir, 'bridge.json'), JSON.stringify(doc));
    const problems: string[] = [];
    const documents = new AppliedDocuments(dir, (_, file) => problems.push(file));
    await documents.load(new Set(['empty', 'cut', 'bridge']));
    expect(documents.all().map((d) => d.name)).toEqual(['bridge']);
    expect(problems.sort()).toEqual([join(dir, 'cut.json'), join(dir, 'empty.json')]);
  });
});
