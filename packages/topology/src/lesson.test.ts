import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Document } from './document';
import { formatPath } from './issues';
import type { Lesson } from './lesson';
import { readDocument, writeDocument } from './read';
import { arbDocument } from './testing';
import { checkDocument } from './validate';
import { parseYamlSubset } from './yaml-subset';

/** host (root), ns1 with a veth to the root, a bridge br in ns1 with a tap and a veth port, a tun. */
const lab = (lesson: Lesson | undefined, description?: string): unknown => ({
  version: 1,
  name: 'lab',
  ...(description !== undefined && { description }),
  nodes: [
    { id: 'host', type: 'root' },
    { id: 'ns1', type: 'namespace', name: 'netns1' },
    { id: 'ns2', type: 'namespace', name: 'netns2' },
    { id: 'br', type: 'bridge', name: 'br0', namespace: 'ns1' },
    { id: 'tap', type: 'tap', name: 'tap0', namespace: 'ns1', master: 'br' },
    { id: 'tun', type: 'tun', name: 'tun0' },
  ],
  links: [
    { id: 'l1', type: 'veth', a: { node: 'host', name: 'veth0' }, b: { node: 'ns1', name: 'veth1' } },
    { id: 'l2', type: 'veth', a: { node: 'ns2', name: 'eth0' }, b: { node: 'br', name: 'p2' } },
  ],
  ...(lesson !== undefined && { lesson }),
});

const problems = (doc: unknown) =>
  checkDocument(doc).issues.map((i) => `${formatPath(i.path)} ${i.code}: ${i.message}`);

describe('a lesson in the document', () => {
  it('is optional: a document without description or lesson reads as before', () => {
    expect(problems(lab(undefined))).toEqual([]);
  });

  it('takes a description, steps with Markdown, highlights, checks and hints', () => {
    const doc = lab(
      {
        steps: [
          {
            title: 'A namespace',
            text: '# Step 1\n\n`ip netns add netns1`\n',
            highlight: ['ns1', 'l1', 'l1/b', 'br'],
            checks: [
              { type: 'ping', from: 'ns1', to: '10.1.1.1', expect: 'fails', size: 1472, dontFragment: true },
              { type: 'ping', from: 'host', to: 'fd00::1' },
              { type: 'exists', object: 'l1' },
              { type: 'exists', object: 'ns2' },
              { type: 'linkState', object: 'l1/b', state: 'up' },
              { type: 'linkState', object: 'tap', state: 'down' },
              { type: 'route', namespace: 'ns1', to: 'default', via: '10.1.1.1', dev: 'veth1' },
              { type: 'route', namespace: 'host', to: '10.9.0.0/16' },
              { type: 'route', namespace: 'ns2', to: '10.9.0.7', dev: 'lo' },
              { type: 'inNamespace', object: 'l1/b', namespace: 'ns1' },
              { type: 'fdb', bridge: 'br', port: 'l2/b', macOf: 'l2/a' },
              { type: 'fdb', bridge: 'br', port: 'tap', mac: '02:00:00:00:00:01' },
            ],
            hints: ['Look at `ip route`.'],
          },
        ],
      },
      'A **lab**.',
    );
    expect(problems(doc)).toEqual([]);
  });

  it('refuses references to nothing, or to the wrong kind of object, each at its path with what to do', () => {
    const doc = lab({
      steps: [
        { text: 'a', highlight: ['ns1', 'nope', 'ns1/a'] },
        {
          text: 'b',
          checks: [
            { type: 'ping', from: 'br', to: '10.0.0.1' },
            { type: 'exists', object: 'gone/b' },
            { type: 'linkState', object: 'l1', state: 'up' },
            { type: 'linkState', object: 'ns1', state: 'up' },
            { type: 'inNamespace', object: 'veth1', namespace: 'tun' },
            { type: 'route', namespace: 'ns1', to: 'default', dev: 'eth7' },
            { type: 'fdb', bridge: 'ns1', port: 'l1/a', mac: '02:00:00:00:00:01' },
            { type: 'fdb', bridge: 'br', port: 'l1/a', macOf: 'tun' },
            { type: 'fdb', bridge: 'br', port: 'tap' },
          ],
        },
      ],
    });
    expect(problems(doc)).toEqual([
      'lesson.steps[0].highlight[1] MISSING_NODE: there is no node or link "nope"; add it or fix the id',
      'lesson.steps[0].highlight[2] WRONG_NODE_TYPE: "ns1" is a node, not a veth link; write its id alone',
      'lesson.steps[1].checks[0].from WRONG_NODE_TYPE: a ping leaves from a namespace or root node; "br" is a bridge',
      'lesson.steps[1].checks[1].object MISSING_NODE: there is no veth link "gone"; add it or fix the id',
      'lesson.steps[1].checks[2].object WRONG_NODE_TYPE: "l1" is a veth pair, two interfaces; name one end: l1/a or l1/b',
      'lesson.steps[1].checks[3].object WRONG_NODE_TYPE: "ns1" is a namespace, not an interface',
      'lesson.steps[1].checks[4].object MISSING_NODE: there is no node or link "veth1"; add it or fix the id',
      'lesson.steps[1].checks[4].namespace WRONG_NODE_TYPE: an interface lives in a namespace or root node; "tun" is a tun',
      'lesson.steps[1].checks[5].dev BAD_CHECK: namespace "netns1" has no interface "eth7" in this document; fix the name',
      'lesson.steps[1].checks[6].bridge WRONG_NODE_TYPE: "ns1" is a namespace; a forwarding database is a bridge\'s',
      'lesson.steps[1].checks[7].port BAD_CHECK: "l1/a" is not a port of bridge "br"',
      'lesson.steps[1].checks[7].macOf BAD_CHECK: "tun" is a tun, which carries IP packets and has no MAC',
      'lesson.steps[1].checks[8].mac BAD_CHECK: give the MAC (`mac`) or the interface it belongs to (`macOf`), one of the two',
    ]);
  });

  it('refuses a malformed lesson by the schema, with paths, and still checks the nodes', () => {
    const doc = lab({ steps: [{ text: 1, checks: [{ type: 'dig', at: 'x' }] }] } as unknown as Lesson);
    const found = problems({ ...(doc as object), nodes: [...(doc as Document).nodes, { id: 'x', type: 'bridge' }] });
    expect(found.map((p) => p.split(':')[0])).toEqual([
      'nodes[6].name MISSING_FIELD',
      'lesson.steps[0].text INVALID_VALUE',
      'lesson.steps[0].checks[0].type INVALID_VALUE',
    ]);
    expect(problems(lab({ steps: [] }))).toEqual(['lesson.steps INVALID_VALUE: a lesson has at least one step']);
  });
});

/** Markdown as people write it: headings, lists, code blocks, blank lines, trailing spaces, quotes, any text. */
const markdown = fc
  .array(
    fc.oneof(
      fc.constantFrom('', '# Title', '- item', '  - nested', '```sh', 'ip netns add netns1', '```', '> quote'),
      fc.constantFrom('a: b', '| table | row |', '    indented code', 'trail  ', ' lead', '#', 'it\'s "x"', 'é ✓'),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 6 }),
    ),
    { maxLength: 6 },
  )
  .chain((lines) => fc.constantFrom('', '\n', '\n\n').map((end) => lines.join('\n') + end));

const withLesson = (doc: Document, description: string, texts: readonly string[]): Document => {
  const ids = doc.nodes.map((n) => n.id);
  return {
    ...doc,
    description,
    lesson: {
      ...(texts.length > 1 && { challenge: texts.length > 2 }),
      steps: texts.map((text, i) => ({
        ...(i % 2 === 0 && { title: text.split('\n')[0] ?? '' }),
        text,
        highlight: ids.slice(0, i + 1),
        hints: [text],
        ...(ids[0] !== undefined && { checks: [{ type: 'exists' as const, object: ids[0] }] }),
      })),
    },
  };
};

describe('saving and opening a lesson', () => {
  it('keeps every description, step, check and hint, in YAML and in JSON', () => {
    fc.assert(
      fc.property(arbDocument(), markdown, fc.array(markdown, { minLength: 1, maxLength: 3 }), (base, d, texts) => {
        const doc = withLesson(base, d, texts);
        for (const format of ['yaml', 'json'] as const) {
          const read = readDocument(writeDocument(doc, format), format);
          expect(read.ok && read.value, format).toEqual(doc);
        }
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('writes the lesson in the order of the format, and multi-line text as a block the fast reader takes', () => {
    const doc = withLesson(
      { version: 1, name: 'lab', nodes: [{ id: 'ns1', type: 'namespace', name: 'netns1' }], links: [] },
      'One **namespace**.\n\nThen a veth.\n',
      ['# Step\n\n```\nip netns add netns1\n```\n'],
    );
    const text = writeDocument(doc, 'yaml');
    expect(text.split('\n').filter((l) => /^\w/.test(l))).toEqual([
      'version: 1',
      'name: lab',
      'description: |',
      'nodes:',
      'links: []',
      'lesson:',
    ]);
    expect(parseYamlSubset(text)).toEqual({ value: doc });
  });
});
