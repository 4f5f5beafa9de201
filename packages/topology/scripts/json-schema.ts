import { z } from 'zod';

import { Document } from '../src/document';

/**
 * The JSON Schema of format v1, generated from the zod `Document` schema (what a user may
 * write: defaults not yet filled in). Editors use it for completion and for the first checks;
 * `validateDocument` stays the authority (name rules, CIDRs and cross-references are not in it).
 */
export function documentJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(Document, { io: 'input' });
  return {
    $schema,
    title: 'netloom topology document, format version 1',
    description:
      'Generated from packages/topology/src/document.ts by `pnpm --filter @netloom/topology schema`; do not edit by hand. netloom validates more than this schema says (interface names, CIDRs, references).',
    ...rest,
  };
}

/** The file as written to docs/netloom.schema.json. */
export const documentJsonSchemaText = (): string => `${JSON.stringify(documentJsonSchema(), null, 2)}\n`;
