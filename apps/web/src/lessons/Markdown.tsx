import { Fragment, useMemo } from 'react';

import { parseMarkdown, type Block, type Inline } from './markdown';

/** Lesson Markdown as React elements (markdown.ts says what it takes); text is never read as HTML. */
export function Markdown({ text, className }: { readonly text: string; readonly className?: string }) {
  const blocks = useMemo(() => parseMarkdown(text), [text]);
  return <div className={['markdown', className].filter(Boolean).join(' ')}>{blocks.map(renderBlock)}</div>;
}

function renderBlock(block: Block, key: number) {
  switch (block.kind) {
    case 'paragraph':
      return <p key={key}>{runs(block.children)}</p>;
    case 'heading': {
      const H = (['h3', 'h4', 'h5'] as const)[block.level - 1] ?? 'h5';
      return <H key={key}>{runs(block.children)}</H>;
    }
    case 'code':
      return (
        <pre key={key} data-lang={block.lang || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const L = block.ordered ? 'ol' : 'ul';
      return (
        <L key={key}>
          {block.items.map((item, i) => (
            <li key={i}>{runs(item)}</li>
          ))}
        </L>
      );
    }
    case 'quote':
      return <blockquote key={key}>{runs(block.children)}</blockquote>;
  }
}

function runs(inline: readonly Inline[]) {
  return inline.map((r, i) => <Fragment key={i}>{run(r)}</Fragment>);
}

function run(r: Inline) {
  switch (r.kind) {
    case 'text':
      return r.text;
    case 'code':
      return <code>{r.text}</code>;
    case 'strong':
      return <strong>{runs(r.children)}</strong>;
    case 'em':
      return <em>{runs(r.children)}</em>;
    case 'link':
      return (
        <a href={r.href} target="_blank" rel="noopener noreferrer">
          {runs(r.children)}
        </a>
      );
  }
}
