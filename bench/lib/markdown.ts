import { readFile, writeFile } from 'node:fs/promises';

/**
 * A Markdown table laid out the way Prettier lays it out (every column padded to its widest cell,
 * left-aligned), so `prettier --check` passes on the generated document. Cells must not contain `|`.
 */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = head.map((h, i) =>
    Math.max(
      3,
      [h, ...rows.map((r) => r[i] ?? '')].reduce((w, c) => Math.max(w, [...c].length), 0),
    ),
  );
  const line = (cells: readonly string[]) => `| ${width.map((w, i) => pad(cells[i] ?? '', w)).join(' | ')} |`;
  return [line(head), `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - [...s].length));

/**
 * Replaces the body of one `## ` section of a Markdown file (between its heading and the next
 * `## ` heading), leaving every other section as it is; appends the section when missing and
 * creates the file, with `intro`, when it does not exist.
 */
export async function replaceSection(file: string, heading: string, body: string, intro: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    text = `${intro.trim()}\n`;
  }
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === `## ${heading}`);
  const section = [`## ${heading}`, '', ...body.trim().split('\n'), ''];
  if (start === -1) {
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    lines.push('', ...section);
  } else {
    const next = lines.findIndex((l, i) => i > start && /^## /.test(l));
    lines.splice(start, (next === -1 ? lines.length : next) - start, ...section);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  await writeFile(file, `${lines.join('\n')}\n`);
}
