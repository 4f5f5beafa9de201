// Builds the agent: the CLI and agent bundle (fast start, no TypeScript at run time), its
// launcher, and the helpers compiled from C: nl-relay, because Node cannot open a netlink socket,
// ip-fanout, because Node cannot start hundreds of processes cheaply, and tun-echo, because Node
// cannot attach to a tun device (an ioctl).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
const HELPERS = {
  'nl-relay': ['nl-relay.c', 'kernel-json.c'],
  'ip-fanout': ['ip-fanout.c'],
  'tun-echo': ['tun-echo.c'],
};
for (const [helper, sources] of Object.entries(HELPERS)) {
  const files = sources.map((f) => `native/${f}`);
  execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', `dist/${helper}`, ...files], { stdio: 'inherit' });
}
// One CommonJS file, not ESM: the launcher compiles it with vm.Script, whose code cache Node 20
// offers only for scripts. The server is in it too; with the cache, code a command never runs
// is neither compiled nor parsed beyond a first pass.
/**
 * zod's entry re-exports `z` as a namespace value, so esbuild keeps every member of it, including
 * `z.locales`: ~45 translations of its messages, 250 KB, a third of the bundle, which netloom
 * never loads (its messages are its own, in English). Every CLI start-up would read and load them.
 */
const withoutZodLocales = {
  name: 'without-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/zod/') ? { path: 'zod-locales', namespace: 'empty' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};
/**
 * The `yaml` library, initialised on its first call rather than when the bundle loads. The CLI
 * reads JSON and the usual YAML without it (packages/topology/src/yaml-subset.ts), but the bundle
 * runs every module's top level at start-up, and `yaml`'s is ~10% of that (its schemas and tags):
 * paid by every `plan`, `apply` and `down` that never uses it. Only `parse` and `stringify` are
 * used (packages/topology/src/yaml.ts); a build that uses more fails here, at build time.
 */
const lazyYaml = {
  name: 'lazy-yaml',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, (args) =>
      args.namespace === 'lazy-yaml'
        ? undefined
        : { path: 'yaml', namespace: 'lazy-yaml', pluginData: args.resolveDir },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-yaml' }, (args) => ({
      contents: [
        'let lib;',
        "const yaml = () => (lib ??= require('yaml'));",
        'export const parse = (...args) => yaml().parse(...args);',
        'export const stringify = (...args) => yaml().stringify(...args);',
      ].join('\n'),
      loader: 'js',
      resolveDir: args.pluginData,
    }));
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  plugins: [withoutZodLocales, lazyYaml],
  outfile: 'dist/netloom.cjs',
  // Minified, the bundle parses ~40% faster on a first (uncached) run.
  // NETLOOM_READABLE_BUILD=1 keeps the names, for a CPU profile a person can read.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: process.env.NETLOOM_READABLE_BUILD !== '1',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  charset: 'ascii', // the launcher reads it as latin1
  sourcemap: true,
  logLevel: 'warning',
  define: { 'import.meta.url': '__nlImportMetaUrl' },
  banner: { js: "var __nlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
const bundleId = createHash('sha256').update(readFileSync('dist/netloom.cjs')).digest('hex').slice(0, 16);
await build({
  entryPoints: ['src/cli/launch.ts'],
  outfile: 'dist/netloom.mjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  logLevel: 'warning',
  define: { NETLOOM_BUNDLE_ID: JSON.stringify(bundleId) },
  banner: { js: '#!/usr/bin/env node' },
});
/**
 * The `netloom` executable: starts the launcher without NODE_EXTRA_CA_CERTS. Node reads every
 * certificate that variable names before it runs a line of netloom (~40 ms of each start on a
 * machine whose variable names Debian's whole bundle: `node -e 0` 0.107 s with it, 0.068 s
 * without), and netloom opens no TLS connection: the CLI talks to the kernel, `serve` serves
 * plain HTTP. `sh` (dash) adds ~1 ms; `${0%/*}` finds the launcher beside this script without a
 * process (a symlink to this script is not followed: run it by its path).
 */
writeFileSync(
  'dist/netloom',
  [
    '#!/bin/sh',
    '# netloom opens no TLS connection; Node would read these certificates at every start (build.mjs).',
    'unset NODE_EXTRA_CA_CERTS',
    'case $0 in */*) here=${0%/*} ;; *) here=. ;; esac',
    'exec node "$here/netloom.mjs" "$@"',
    '',
  ].join('\n'),
);
chmodSync('dist/netloom', 0o755);
