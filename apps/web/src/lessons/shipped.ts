import { parseTextWith } from '@netloom/topology';

import { YAML } from '@netloom/topology/yaml';
import { parseInline, plainText } from './markdown';
import { byCodeUnits } from '../sort';

/**
 * The lessons in the repository's lessons/ folder, bundled with the Lessons panel (a chunk of its
 * own, loaded when the panel first opens): a file added there is listed with no code change.
 */
const texts = import.meta.glob<string>('../../../../lessons/*.{yaml,yml,json}', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export type ShippedLesson = {
  readonly fileName: string;
  /** The lesson's title: the bold words its description starts with, else the topology's name. */
  readonly title: string;
  readonly challenge: boolean;
  readonly steps: number;
  readonly text: string;
};

export const SHIPPED_LESSONS: readonly ShippedLesson[] = Object.entries(texts)
  .map(([path, text]) => summarize(path.split('/').pop() ?? path, text))
  .sort((a, b) => byCodeUnits(a.fileName, b.fileName));

function summarize(fileName: string, text: string): ShippedLesson {
  const parsed = parseTextWith(YAML.parse, text, /\.json$/i.test(fileName) ? 'json' : 'yaml');
  const raw = parsed.ok && typeof parsed.value === 'object' && parsed.value !== null ? parsed.value : {};
  const field = (o: unknown, k: string): unknown =>
    typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
  const lesson = field(raw, 'lesson');
  const steps = field(lesson, 'steps');
  return {
    fileName,
    title: titleOf(field(raw, 'description'), field(raw, 'name'), fileName),
    challenge: field(lesson, 'challenge') === true,
    steps: Array.isArray(steps) ? steps.length : 0,
    text,
  };
}

/** `**Network namespaces.** A network…` → `Network namespaces`. */
export function titleOf(description: unknown, name: unknown, fileName: string): string {
  if (typeof description === 'string') {
    const first = parseInline(description.trim().split('\n')[0] ?? '')[0];
    if (first?.kind === 'strong') return plainText(first.children).replace(/[.:]\s*$/, '');
  }
  return typeof name === 'string' ? name : fileName.replace(/\.(ya?ml|json)$/, '');
}
