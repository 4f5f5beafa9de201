import { writeDocument } from '@netloom/topology';
import { aBridgeDemo } from '@netloom/topology/testing';
import { describe, expect, it } from 'vitest';

import { openDocumentText, openDocumentValue } from './open-document';

describe('openDocumentText', () => {
  it('opens YAML that needs the yaml library (loaded on demand) as it opens the same document in JSON', async () => {
    const doc = aBridgeDemo();
    const anchored = writeDocument(doc, 'yaml').replace(/^name: (.*)$/m, 'name: &name $1');
    const opened = await openDocumentText(anchored, 'yaml');
    expect(opened).toEqual(openDocumentValue(JSON.parse(writeDocument(doc, 'json'))));
    expect(opened.ok && opened.value.doc.name).toBe(doc.name);
  });

  it('says why a file is not YAML', async () => {
    const opened = await openDocumentText('name: [unclosed', 'yaml');
    expect(opened.ok ? [] : opened.error.map((i) => i.code)).toEqual(['NOT_A_DOCUMENT']);
  });
});
