import { describe, expect, it } from 'vitest';

import { parseInline, parseMarkdown, plainText } from './markdown';

describe('lesson Markdown', () => {
  it('reads paragraphs, headings, lists, quotes and fenced code', () => {
    const blocks = parseMarkdown(
      [
        '# Step',
        '',
        'A veth pair is a',
        'virtual cable.',
        '',
        '```sh',
        'ip netns add netns1',
        '  ip link',
        '```',
        '- one',
        '  more',
        '- two',
        '1. first',
        '2. second',
        '> quoted',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, children: [{ kind: 'text', text: 'Step' }] },
      { kind: 'paragraph', children: [{ kind: 'text', text: 'A veth pair is a virtual cable.' }] },
      { kind: 'code', lang: 'sh', text: 'ip netns add netns1\n  ip link' },
      {
        kind: 'list',
        ordered: false,
        items: [[{ kind: 'text', text: 'one more' }], [{ kind: 'text', text: 'two' }]],
      },
      {
        kind: 'list',
        ordered: true,
        items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second' }]],
      },
      { kind: 'quote', children: [{ kind: 'text', text: 'quoted' }] },
    ]);
  });

  it('reads code, bold, emphasis and safe links inline; nothing inside code is markup', () => {
    expect(parseInline('**Challenge:** run `ip -n a **route**` and see [the docs](https://man7.org/x).')).toEqual([
      { kind: 'strong', children: [{ kind: 'text', text: 'Challenge:' }] },
      { kind: 'text', text: ' run ' },
      { kind: 'code', text: 'ip -n a **route**' },
      { kind: 'text', text: ' and see ' },
      { kind: 'link', href: 'https://man7.org/x', children: [{ kind: 'text', text: 'the docs' }] },
      { kind: 'text', text: '.' },
    ]);
    expect(parseInline('*only* this_name_stays')).toEqual([
      { kind: 'em', children: [{ kind: 'text', text: 'only' }] },
      { kind: 'text', text: ' this_name_stays' },
    ]);
  });

  it('keeps a link to anything but http, https or mailto as text, and HTML as text', () => {
    const runs = parseInline('[x](javascript:alert(1)) <img src=x onerror=alert(1)>');
    expect(runs.every((r) => r.kind === 'text')).toBe(true);
    expect(plainText(runs)).toBe('[x](javascript:alert(1)) <img src=x onerror=alert(1)>');
  });

  it('ends an unclosed code block at the end of the text and an unclosed mark as text', () => {
    expect(parseMarkdown('```\nip link')).toEqual([{ kind: 'code', lang: '', text: 'ip link' }]);
    expect(parseInline('a **b')).toEqual([{ kind: 'text', text: 'a **b' }]);
  });
});
