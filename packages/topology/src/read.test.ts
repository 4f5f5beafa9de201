import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { formatPath } from './issues';
import { parseText, readDocument, writeDocument } from './read';
import { aBridge, aBridgeDemo, aDocument, arbDocument, aTap } from './testing';

const issues = (text: string, format?: 'json' | 'yaml' | 'auto') => {
  const r = readDocument(text, format);
  return r.ok ? [] : r.error.map((i) => [formatPath(i.path), i.code]);
};

describe('readDocument', () => {
  it('reads the YAML of DESIGN.md', () => {
    const yaml = [
      'version: 1',
      'name: bridge-demo',
      'nodes:',
      '  - { id: host, type: root }',
      '  - id: ns1',
      '    type: namespace',
      '    name: netns1',
      '    routes:',
      '      - { to: default, via: 1.2.3.101 }',
      '  - { id: br0, type: bridge, name: br0, addresses: [1.2.3.101/24] }',
      'links:',
      '  - id: l1',
      '    type: veth',
      '    a: { node: ns1, name: veth1, addresses: [1.2.3.1/24] }',
      '    b: { node: br0, name: veth-ns1 }',
      'layout:',
      '  ns1: { x: 120, y: 80 }',
    ].join('\n');
    const r = readDocument(yaml);
    expect(r.ok && r.value.links[0]?.b).toEqual({ node: 'br0', name: 'veth-ns1' });
    expect(r.ok && r.value.layout).toEqual({ ns1: { x: 120, y: 80 } });
  });

  it('reads JSON, and YAML written in flow style that looks like JSON', () => {
    expect(issues(JSON.stringify(aBridgeDemo()))).toEqual([]);
    expect(issues('{version: 1, name: lab, nodes: [{id: b, type: bridge, name: br0}]}')).toEqual([]);
  });

  it('reports validation issues with their paths', () => {
    expect(issues('version: 1\nname: lab\nnodes:\n  - { id: b, type: bridge, name: help }\n')).toEqual([
      ['nodes[0].name', 'INVALID_VALUE'],
    ]);
  });

  it.each([
    ['broken JSON', '{"version": 1,', 'auto', /not valid JSON/],
    ['JSON read as JSON only', '{version: 1}', 'json', /not valid JSON/],
    ['broken YAML', 'version: 1\n  name: [', 'auto', /not valid YAML/],
    ['YAML with a key twice', 'version: 1\nname: a\nname: b\nnodes: []\n', 'auto', /not valid YAML/],
    [
      'a billion laughs',
      `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 9 },
        (_, i) =>
          `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(9)
            .fill(`*${i === 0 ? 'a' : 'b'.repeat(i)}`)
            .join(', ')}]`,
      ).join('\n')}\n`,
      'auto',
      /not valid YAML/,
    ],
  ] as const)('refuses %s as NOT_A_DOCUMENT, saying why', (_what, text, format, message) => {
    const r = readDocument(text, format);
    expect(issues(text, format)).toEqual([['(document)', 'NOT_A_DOCUMENT']]);
    expect(!r.ok && r.error[0]?.message).toMatch(message);
  });

  it('refuses an empty file and a file that is just a list', () => {
    expect(issues('')).toEqual([['(document)', 'NOT_A_DOCUMENT']]);
    expect(issues('[1, 2]')).toEqual([['(document)', 'NOT_A_DOCUMENT']]);
  });

  it('parses without validating when asked for the raw value', () => {
    expect(parseText('a: 1')).toEqual({ ok: true, value: { a: 1 } });
  });
});

describe('writeDocument', () => {
  it('keeps the field order of the format in YAML', () => {
    const text = writeDocument(aDocument({ nodes: [aBridge('b', 'br0')] }), 'yaml');
    expect(text.split('\n').filter((l) => /^\w/.test(l))).toEqual(['version: 1', 'name: lab', 'nodes:', 'links: []']);
  });

  it('quotes names that YAML would read as something else', () => {
    const tricky = ['true', 'null', '010', '0x1f', '1e3', 'yes', 'n', '1.5', '5e1', '0o17'];
    const doc = aDocument({ nodes: tricky.map((name, i) => aTap(`t${i}`, name)) });
    const r = readDocument(writeDocument(doc, 'yaml'));
    expect(r.ok && r.value.nodes.map((n) => ('name' in n ? n.name : null))).toEqual(tricky);
  });

  it('keeps a text of spaces and line breaks alone, which yaml would write as a block it reads back without the spaces', () => {
    const blanks = [' \n', '  \n\n', ' \t\n', '\n \n'];
    const doc = { ...aDocument({ nodes: [aBridge('b', 'br0')] }), description: ' \n' };
    const withSteps = {
      ...doc,
      lesson: { steps: blanks.map((text) => ({ text, highlight: [], hints: [text] })) },
    };
    const text = writeDocument(withSteps, 'yaml');
    expect(text).toContain('description: " \\n"');
    expect(readDocument(text, 'yaml')).toEqual({ ok: true, value: withSteps });
    // A document that has the placeholder's own text in it keeps that text too.
    const clash = { ...withSteps, name: 'lab', description: 'netloom_blank_text0 \n' };
    expect(readDocument(writeDocument(clash, 'yaml'), 'yaml')).toEqual({ ok: true, value: clash });
  });

  it('reads back every valid document it writes, in JSON and in YAML', () => {
    fc.assert(
      fc.property(arbDocument(), fc.constantFrom('json' as const, 'yaml' as const), (doc, format) => {
        expect(readDocument(writeDocument(doc, format))).toEqual({ ok: true, value: doc });
      }),
      { numRuns: 50 },
    );
  });
});
