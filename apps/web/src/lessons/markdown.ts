/**
 * The Markdown a lesson is written in, parsed into blocks and inline runs that the panel renders
 * as React elements: never as HTML, so a lesson file can put no markup, script or style on the
 * page. What lessons use: paragraphs, headings, `-`/`*` and `1.` lists, `>` quotes, fenced code
 * blocks, and inline `code`, **bold**, *emphasis* and [links](https://…) (http, https and mailto
 * only; anything else stays text). Whatever else is written shows as the text it is.
 */

export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'strong'; readonly children: readonly Inline[] }
  | { readonly kind: 'em'; readonly children: readonly Inline[] }
  | { readonly kind: 'link'; readonly href: string; readonly children: readonly Inline[] };

export type Block =
  | { readonly kind: 'paragraph'; readonly children: readonly Inline[] }
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly children: readonly Inline[] }
  | { readonly kind: 'code'; readonly lang: string; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'quote'; readonly children: readonly Inline[] };

const FENCE = /^\s{0,3}(```+|~~~+)\s*([\w+-]*)\s*$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const CONTINUATION = /^\s{2,}\S/;

export function parseMarkdown(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  const startsBlock = (line: string) =>
    FENCE.test(line) || HEADING.test(line) || BULLET.test(line) || NUMBERED.test(line) || QUOTE.test(line);
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const close = fence[1] ?? '```';
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(close)) body.push(lines[i++] ?? '');
      i++; // the closing fence (or the end of the text)
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      const level = Math.min(3, heading[1]?.length ?? 1) as 1 | 2 | 3;
      blocks.push({ kind: 'heading', level, children: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    const list = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (list !== null) {
      const items: string[] = [];
      while (i < lines.length) {
        const item = list.exec(lines[i] ?? '');
        if (item !== null) items.push(item[1] ?? '');
        else if (CONTINUATION.test(lines[i] ?? '') && items.length > 0)
          items[items.length - 1] += ` ${(lines[i] ?? '').trim()}`;
        else break;
        i++;
      }
      blocks.push({ kind: 'list', ordered: list === NUMBERED, items: items.map(parseInline) });
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      for (let q = QUOTE.exec(lines[i] ?? ''); q !== null && i < lines.length; q = QUOTE.exec(lines[++i] ?? ''))
        body.push(q[1] ?? '');
      blocks.push({ kind: 'quote', children: parseInline(body.join(' ')) });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && (body.length === 0 || !startsBlock(lines[i] ?? '')))
      body.push((lines[i++] ?? '').trim());
    blocks.push({ kind: 'paragraph', children: parseInline(body.join(' ')) });
  }
  return blocks;
}

const SAFE_HREF = /^(https?:\/\/|mailto:)[^\s]+$/i;

/** Inline runs: `code` first (nothing inside it is markup), then links, bold and emphasis. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain !== '') out.push({ kind: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const code = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest);
    if (code !== null) {
      flush();
      out.push({ kind: 'code', text: (code[2] ?? '').replace(/^ (.*) $/, '$1') });
      i += code[0].length;
      continue;
    }
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(rest);
    if (link !== null && SAFE_HREF.test(link[2] ?? '')) {
      flush();
      out.push({ kind: 'link', href: link[2] ?? '', children: parseInline(link[1] ?? '') });
      i += link[0].length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong !== null) {
      flush();
      out.push({ kind: 'strong', children: parseInline(strong[2] ?? '') });
      i += strong[0].length;
      continue;
    }
    const em = /^([*_])(?=[^\s*_])([\s\S]*?[^\s*_])\1(?![*_\w])/.exec(rest);
    if (em !== null && (em[1] === '*' || !/\w/.test(text[i - 1] ?? ''))) {
      flush();
      out.push({ kind: 'em', children: parseInline(em[2] ?? '') });
      i += em[0].length;
      continue;
    }
    plain += text[i];
    i++;
  }
  flush();
  return out;
}

/** The text of inline runs without their markup (a lesson's title in a list, an accessible name). */
export function plainText(runs: readonly Inline[]): string {
  return runs.map((r) => (r.kind === 'text' || r.kind === 'code' ? r.text : plainText(r.children))).join('');
}
