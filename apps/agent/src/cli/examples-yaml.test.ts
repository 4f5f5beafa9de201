import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkDocument, formatIssue, parseYamlSubset } from '@netloom/topology';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const DIRS = ['examples', 'lessons'].map((d) => join(import.meta.dirname, '../../../..', d));

describe('the examples and lessons', () => {
  it('take the fast YAML path (packages/topology/src/yaml-subset.ts) and read as `yaml` reads them', () => {
    const files = DIRS.flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => join(d, f)),
    );
    expect(files.length).toBeGreaterThan(6);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(parseYamlSubset(text), f).toEqual({ value: parse(text, { uniqueKeys: true, maxAliasCount: 100 }) });
    }
  });

  it('are valid documents without a warning, and every step of a lesson says something', () => {
    for (const dir of DIRS)
      for (const f of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
        const checked = checkDocument(parse(readFileSync(join(dir, f), 'utf8')));
        expect(checked.issues.map(formatIssue), f).toEqual([]);
        expect(checked.document?.description, f).toMatch(/\w/);
        expect(
          checked.document?.lesson?.steps.every((s) => s.text.trim() !== ''),
          f,
        ).toBe(true);
      }
  });
});
