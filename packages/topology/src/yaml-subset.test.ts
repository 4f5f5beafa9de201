import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { writeDocument } from './read';
import { arbDocument } from './testing';
import { parseYamlSubset } from './yaml-subset';

/** What `yaml` makes of the text, the way read.ts asks it; `thrown` when it refuses the text. */
function reference(text: string): { value: unknown } | 'thrown' {
  try {
    return { value: parse(text, { uniqueKeys: true, maxAliasCount: 100 }) };
  } catch {
    return 'thrown';
  }
}

/** Text over several lines, as Markdown is: what `yaml` writes as a block scalar. */
const multiline = fc
  .array(
    fc.oneof(
      fc.constantFrom('', ' ', '  x', '# h', '- item', 'a: b', '```', '    code', 'trail ', '|', "'q'", '"q"', 'é'),
      fc.string({ maxLength: 6 }),
    ),
    { minLength: 2, maxLength: 5 },
  )
  .map((lines) => lines.join('\n'));

/** The one property that matters: when the subset reader gives a value, it is `yaml`'s. */
function agrees(text: string): boolean {
  const fast = parseYamlSubset(text);
  if (fast === undefined) return true;
  expect(reference(text), text).toEqual({ value: fast.value });
  // toEqual does not tell -0 from 0 or a missing key from undefined: compare exactly too.
  const ref = reference(text);
  expect(ref !== 'thrown' && Object.is(JSON.stringify(ref.value), JSON.stringify(fast.value))).toBe(true);
  return true;
}

describe('parseYamlSubset', () => {
  it('reads every document netloom writes as YAML, without falling back', () => {
    fc.assert(
      fc.property(arbDocument(), (doc) => {
        const text = writeDocument(doc, 'yaml');
        expect(parseYamlSubset(text)).toEqual(reference(text));
      }),
      { numRuns: 25 },
    );
  }, 30_000);

  it('reads plain and quoted scalars as the core schema does', () => {
    const cases: [string, unknown][] = [
      ['a: 1', { a: 1 }],
      ['a: -12', { a: -12 }],
      ['a: 1.5', { a: 1.5 }],
      ['a: 0.25', { a: 0.25 }],
      ['a: true', { a: true }],
      ['a: null', { a: null }],
      ['a: ~', { a: null }],
      ['a:', { a: null }],
      ['a: 10.0.0.1/24', { a: '10.0.0.1/24' }],
      ['a: fe80::1/64', { a: 'fe80::1/64' }],
      ["a: [fe80::1/64, \"x, y\", 'it''s']", { a: ['fe80::1/64', 'x, y', "it's"] }],
      ['a: "tab\\there \\u00e9"', { a: 'tab\there \u00e9' }],
      ['a: b#c # a comment', { a: 'b#c' }],
      ['"quoted key": {x: 1, "y": [], z: {}}', { 'quoted key': { x: 1, y: [], z: {} } }],
      ['a:\n- 1\n- 2\nb: 3', { a: [1, 2], b: 3 }],
      ['- a: 1\n  b:\n  - x\n- c', [{ a: 1, b: ['x'] }, 'c']],
      ['a:\r\n  b: 1\r\n', { a: { b: 1 } }],
    ];
    for (const [text, value] of cases) {
      expect(parseYamlSubset(text), text).toEqual({ value });
      agrees(text);
    }
  });

  it.each([
    ['an anchor and an alias', 'a: &x 1\nb: *x'],
    ['a tag', 'a: !!str 1'],
    ['a folded block scalar', 'a: >\n  text'],
    ['a block scalar with an explicit indentation', 'a: |2\n   text'],
    ['an empty block scalar', 'a: |\nb: 1'],
    ['a block scalar with a line of spaces past its indentation', 'a: |\n  x\n     \n  y'],
    ['a plain scalar over two lines', 'a: one\n  two'],
    ['a flow collection over two lines', 'a: [1,\n  2]'],
    ['a key twice', 'a: 1\na: 2'],
    ['a key twice in flow', 'a: {x: 1, x: 2}'],
    ['a document marker', '---\na: 1'],
    ['a directive', '%YAML 1.2\n---\na: 1'],
    ['a tab', 'a:\t1'],
    ['a byte-order mark', '\ufeffa: 1'],
    ['a number the core schema spells otherwise', 'a: 0x1f'],
    ['an exponent', 'a: 1e3'],
    ['a leading plus', 'a: +1'],
    ['a capitalised boolean', 'a: True'],
    ['a numeric key', '1: a'],
    ['a merge key', '<<: {a: 1}'],
    ['a key that would set the prototype', '__proto__: {a: 1}'],
    ['an empty document', '# nothing\n'],
    ['YAML escapes beyond JSON', 'a: "\\x41"'],
    ['a mapping inside a plain scalar', 'a: b: c'],
    ['a sequence after a key with a value', 'a: 1\n- 2'],
  ])('leaves %s to `yaml`', (_what, text) => {
    expect(parseYamlSubset(text)).toBeUndefined();
  });

  it('reads an empty entry as null, and the entry after it as its sibling, not its value', () => {
    // Found by the fragments property below (seed -888306149): `- ` then `- ` read as [[null]].
    for (const text of ['- \n- ', '-\n-\n- x', 'a:\n  -\n  - b', '- \n  - x\n- y']) agrees(text);
    expect(parseYamlSubset('- \n- ')?.value).toEqual([null, null]);
  });

  it('reads literal block scalars as `yaml` does', () => {
    const cases: [string, unknown][] = [
      ['a: |\n  one\n  two\nb: 1', { a: 'one\ntwo\n', b: 1 }],
      ['a: |-\n  one\n\n    two\n# c\nb: 1', { a: 'one\n\n  two', b: 1 }],
      ['a: |+\n  one\n\n\nb: 1', { a: 'one\n\n\n', b: 1 }],
      ['a: |+\n  one\n\n', { a: 'one\n\n' }],
      ['a: |\n  one', { a: 'one\n' }],
      ['- |\n  # not a comment\n  - not an item\n- x', ['# not a comment\n- not an item\n', 'x']],
      ['- text: |-\n    a: b\n  title: t', [{ text: 'a: b', title: 't' }]],
      ['a: | # comment\n\n  x\n', { a: '\nx\n' }],
    ];
    for (const [text, value] of cases) {
      expect(parseYamlSubset(text), text).toEqual({ value });
      agrees(text);
    }
  });

  it('agrees with `yaml` on block scalars of any indentation, blank lines and what follows them', () => {
    const header = fc.constantFrom('a: |', 'a: |-', 'a: |+', '- |', '- a: |', 'a:\n  b: |+', 'a: | # c');
    const line = fc.tuple(
      fc.constantFrom('', ' ', '  ', '   ', '    ', '      '),
      fc.constantFrom('', 'x', '# c', '- y', 'b: 1', 'z '),
    );
    const body = fc.array(line, { maxLength: 6 }).map((ls) => ls.map(([indent, text]) => indent + text).join('\n'));
    const tail = fc.constantFrom('', '\n', '\n\n', '\nb: 2', '\n- c', '\n  ');
    fc.assert(
      fc.property(header, body, tail, (h, b, t) => agrees(`${h}\n${b}${t}`)),
      { numRuns: 3000 },
    );
  }, 30_000);

  it('agrees with `yaml` on values written in every style `yaml` writes', () => {
    const key = fc.oneof(
      fc.constantFrom('id', 'name', 'a b', 'x-y', 'true', '1', 'null', '', "it's", 'a:b', '#', '- a', 'é'),
      fc.string({ maxLength: 6 }),
    );
    const leaf = fc.oneof(
      fc.constantFrom(0, -0, 1, -7, 1.5, 1e21, 0.1, true, false, null, '1', '0x1f', '1e3', '.5', 'yes', '~', ''),
      fc.constantFrom('10.0.0.1/24', 'fe80::1/64', 'a # b', 'a: b', ' lead', 'trail ', '"q"', "'q'", '- x', '[x]'),
      fc.string({ maxLength: 8 }),
      multiline,
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('tree'), { maxLength: 4 }),
        fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
      ),
    }));
    const options = fc.record({
      indent: fc.constantFrom(2, 4),
      indentSeq: fc.boolean(),
      flowLevel: fc.constantFrom(undefined, 0, 1, 2),
      defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const),
      lineWidth: fc.constantFrom(0, 20),
    });
    fc.assert(
      fc.property(tree, options, (value, { flowLevel, ...o }) => {
        const text = stringify(value, {
          ...o,
          ...(flowLevel !== undefined && { collectionStyle: 'any' as const }),
        });
        const styled = flowLevel === undefined ? text : stringify(value, { ...o, collectionStyle: 'flow' });
        return agrees(text) && agrees(styled);
      }),
      { numRuns: 400 },
    );
  }, 30_000);

  it('never gives a value `yaml` would not give, on text made of YAML fragments', () => {
    const fragment = fc.constantFrom(
      ...[' ', '  ', '- ', '-', 'a', 'b', 'key', ': ', ':', '1', '-1', '1.5', '0x1', '1e3', '.5', '~', 'null', 'true'],
      ...['True', '"x"', "'y'", '"a\\"b"', "'it''s'", '{', '}', '[', ']', ', ', ',', '{a: 1}', '[1, 2]', ' #c', '#'],
      ...['&a ', '*a', '!t ', '|', '>', '?', '%', '@', '`', '10.0.0.1/8', 'fe80::1', '\\', '\r', '\t', '---', '...'],
      ...['::/0', '-x', '?x', ':x', '-:', '?:', '::', ' - ', 'a:b', '\u00a0', '\u2028', '__proto__: '],
      ...['|', '|-', '|+', '|2', 'a: |', '- |', 'a: |-', '  ', '    '],
    );
    const line = fc.array(fragment, { maxLength: 7 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => agrees(lines.join('\n'))),
      { numRuns: 3000 },
    );
  }, 30_000);
});
