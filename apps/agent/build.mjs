// Builds the agent: one ESM bundle (fast CLI start, no TypeScript at run time) and the
// nl-relay helper, compiled from C because Node cannot open a netlink socket.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

import { build } from 'esbuild';

mkdirSync('dist', { recursive: true });
execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', 'dist/nl-relay', 'native/nl-relay.c'], { stdio: 'inherit' });
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/netloom.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  logLevel: 'warning',
  // Some bundled CommonJS (ws) calls require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __nlCreateRequire } from 'node:module'; const require = __nlCreateRequire(import.meta.url);" },
});
