import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parseYamlSubset } from '@netloom/topology';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const EXAMPLES = join(import.meta.dirname, '../../../../examples');

describe('the examples', () => {
  it('take the fast YAML path (packages/topology/src/yaml-subset.ts) and read as `yaml` reads them', () => {
    const files = readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = readFileSync(join(EXAMPLES, f), 'utf8');
      expect(parseYamlSubset(text), f).toEqual({ value: parse(text, { uniqueKeys: true, maxAliasCount: 100 }) });
    }
  });
});
