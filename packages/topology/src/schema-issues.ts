import type { z } from 'zod';

import { quote, type Issue } from './issues';

/** Turns zod's issues into ours: one sentence each, with the path a person can find. */
export function issuesFromZod(
  error: z.ZodError,
  objectIdAt: (path: readonly PropertyKey[]) => string | undefined,
): Issue[] {
  return error.issues.flatMap((zi): Issue[] => {
    const path = zi.path.filter((p): p is string | number => typeof p !== 'symbol');
    const objectId = objectIdAt(path);
    const base = objectId === undefined ? {} : { objectId };
    if (zi.code === 'unrecognized_keys') {
      return zi.keys.map((key) => ({
        ...base,
        path: [...path, key],
        code: 'UNKNOWN_FIELD' as const,
        message: `unknown field ${quote(key)}; check its spelling, or whether it belongs to another kind of object`,
      }));
    }
    // Needs the issue's input, which zod reports only when parsing with `reportInput: true`.
    if (zi.code === 'invalid_type' && zi.input === undefined) {
      const field = path[path.length - 1];
      return [{ ...base, path, code: 'MISSING_FIELD', message: `${quote(String(field))} is required` }];
    }
    if (zi.code === 'invalid_union' && 'discriminator' in zi && zi.discriminator === 'type') {
      // zod already ends the path with the discriminator key (`nodes[0].type`).
      const at = path[path.length - 1] === 'type' ? path : [...path, 'type'];
      return [{ ...base, path: at, code: 'INVALID_VALUE', message: typeMessage(at, zi.input) }];
    }
    return [{ ...base, path, code: 'INVALID_VALUE', message: zi.message }];
  });
}

const NODE_TYPES = 'root, namespace, bridge, tap, tun, vxlan';

function typeMessage(path: readonly (string | number)[], input: unknown): string {
  const got = input !== null && typeof input === 'object' && 'type' in input ? shown(input.type) : 'nothing';
  return path[0] === 'links'
    ? `a link's "type" must be veth (got ${got})`
    : `a node's "type" must be one of ${NODE_TYPES} (got ${got})`;
}

/** A value the user wrote where a type name belongs, in one line. */
function shown(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'a list' : `a value of type ${typeof value}`;
}
