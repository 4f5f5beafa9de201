/** Writes docs/netloom.schema.json from the zod schema. Run: pnpm --filter @netloom/topology schema */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { documentJsonSchemaText } from './json-schema';

const target = fileURLToPath(new URL('../../../docs/netloom.schema.json', import.meta.url));
writeFileSync(target, documentJsonSchemaText());
console.log(`wrote ${target}`);
