import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The agent's compiled helpers (apps/agent/native/*.c), built by `pnpm build` into dist/. */
export type NativeHelper = 'nl-relay' | 'ip-fanout' | 'tun-echo';

/** Next to the bundled agent (dist/), or in dist/ when running from source (tests). */
export function nativeBinary(name: NativeHelper): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, name), join(here, '..', '..', 'dist', name)];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}
