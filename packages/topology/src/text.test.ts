import { describe, expect, it } from 'vitest';

import { parseText, writeDocument } from './read';
import { aBridgeDemo } from './testing';
import { needsYamlLibrary, parseTextWith, writeDocumentWith } from './text';

const refuse = (): never => {
  throw new Error('the yaml library was used');
};

describe('reading and writing without the yaml library', () => {
  it('needs no yaml library for JSON or for the YAML netloom writes', () => {
    const doc = aBridgeDemo();
    const json = writeDocument(doc, 'json');
    const yaml = writeDocument(doc, 'yaml');
    expect(needsYamlLibrary(json, 'json')).toBe(false);
    expect(needsYamlLibrary(json)).toBe(false);
    expect(needsYamlLibrary(yaml, 'yaml')).toBe(false);
    expect(parseTextWith(refuse, yaml, 'yaml')).toEqual(parseText(yaml, 'yaml'));
  });

  it('needs it for YAML the fast reader does not take, and then reads as parseText does', () => {
    const text = 'version: 1\nname: &n anchored\nnodes: []\nlinks: []\ndescription: *n\n';
    expect(needsYamlLibrary(text, 'yaml')).toBe(true);
    expect(needsYamlLibrary(text)).toBe(true);
    expect(parseTextWith(refuse, text, 'yaml').ok).toBe(false);
    const parsed = parseText(text, 'yaml');
    expect(parsed.ok && parsed.value).toMatchObject({ name: 'anchored', description: 'anchored' });
  });

  it('needs it for broken JSON in auto mode (it may be YAML flow style), not when the format is json', () => {
    expect(needsYamlLibrary('{version: 1', 'auto')).toBe(true);
    expect(needsYamlLibrary('{version: 1', 'json')).toBe(false);
  });

  it('writes JSON without the yaml library', () => {
    const doc = aBridgeDemo();
    expect(writeDocumentWith(refuse, doc, 'json')).toBe(writeDocument(doc, 'json'));
  });
});
