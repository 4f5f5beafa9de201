import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Which document checks a build runs: a hash of @netloom/topology's source and of the zod it
 * parses with. An autosaved document's check is reused on reload only by a build with the same
 * checks (src/files/autosave-check.ts); the dev server gives none, so it always checks.
 */
function checksId(): string {
  const topology = fileURLToPath(new URL('../../packages/topology/', import.meta.url));
  const hash = createHash('sha256');
  const sources = readdirSync(join(topology, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const file of sources) hash.update(`${file}\n`).update(readFileSync(join(topology, 'src', file)));
  const zod = createRequire(join(topology, 'package.json')).resolve('zod/package.json');
  hash.update(readFileSync(zod));
  return hash.digest('base64url').slice(0, 22);
}

/**
 * Builds to apps/web/dist, which the agent serves on the same origin as `/ws`. In dev, Vite
 * proxies `/ws` to a local agent so the token and origin checks see one origin.
 */
export default defineConfig(({ command }) => ({
  plugins: [react()],
  base: './',
  define: { __NETLOOM_CHECKS__: JSON.stringify(command === 'build' ? checksId() : '') },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: {
    // examples/*.yaml live at the repository root.
    fs: { allow: ['../..'] },
    proxy: { '/ws': { target: 'ws://127.0.0.1:7878', ws: true } },
  },
}));
