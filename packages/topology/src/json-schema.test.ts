import { describe, expect, it } from 'vitest';

import committed from '../../../docs/netloom.schema.json';
import { documentJsonSchema } from '../scripts/json-schema';

type Schema = {
  required?: string[];
  additionalProperties?: boolean;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  const?: unknown;
};

describe('docs/netloom.schema.json', () => {
  it('is what the zod schema generates today (run `pnpm --filter @netloom/topology schema` after changing the format)', () => {
    expect(committed).toEqual(documentJsonSchema());
  });

  it('describes what a user may write: links optional, unknown fields refused, VNI and port ranges', () => {
    const schema = documentJsonSchema() as Schema;
    expect(schema.required).toEqual(['version', 'name', 'nodes']);
    expect(schema.additionalProperties).toBe(false);
    const kinds = schema.properties?.['nodes']?.items?.oneOf ?? [];
    expect(kinds.map((k) => k.properties?.['type']?.const)).toEqual([
      'root',
      'namespace',
      'bridge',
      'tap',
      'tun',
      'vxlan',
    ]);
    expect(kinds.every((k) => k.additionalProperties === false)).toBe(true);
    const vxlan = kinds[5]?.properties ?? {};
    expect([vxlan['vni']?.minimum, vxlan['vni']?.maximum, vxlan['port']?.minimum, vxlan['port']?.maximum]).toEqual([
      1, 16_777_215, 1, 65_535,
    ]);
    expect(kinds[4]?.properties?.['master']).toBeUndefined();
  });
});
