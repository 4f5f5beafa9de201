/**
 * The `netloom` executable: loads the agent bundle (dist/netloom.cjs) through V8's code cache.
 *
 * Why: compiling the ~750 KB bundle is most of a CLI start-up (~120 ms of a ~300 ms `netloom plan`
 * on our machines), paid again by every invocation; Node 20 has no compile cache of its own
 * (`module.enableCompileCache` is Node 22). So the first run of each command compiles as usual
 * and, on exit, saves what V8 compiled for it; later runs start from that. The cache is keyed by
 * the bundle's content hash (written into this file by build.mjs: V8's own check looks only at
 * the source's length), Node's version and the command, and lives in dist/.cache. Where it cannot
 * be written, netloom runs uncached; a cache V8 rejects is replaced.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

import { startEarly } from './early';

declare const NETLOOM_BUNDLE_ID: string;

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'netloom.cjs');
const COMMANDS = new Set(['plan', 'apply', 'status', 'down', 'export', 'serve']);
const command = COMMANDS.has(process.argv[2] ?? '') ? process.argv[2] : 'other';
// Before anything slow: the kernel read the command starts with, on the other core while the bundle loads.
startEarly(process.argv[2], join(here, 'nl-relay'));
const cacheDir = join(here, '.cache');
const cacheFile = join(cacheDir, `${NETLOOM_BUNDLE_ID}-${process.version}-${process.arch}-${command}.v8`);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// esbuild writes the bundle as ASCII (non-ASCII characters escaped), so latin1 reads it exactly, and faster than utf8.
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(bundle, 'latin1')}\n})`;
const script = new Script(source, { filename: bundle, ...(cachedData !== undefined && { cachedData }) });
if (cachedData === undefined || script.cachedDataRejected === true) {
  process.once('exit', () => {
    try {
      mkdirSync(cacheDir, { recursive: true });
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // Read-only install or the like: the next run compiles again, nothing else changes.
    }
  });
}
// Names the rules the bundle checks documents by: a text it checked before is not checked again (cli/main.ts).
(globalThis as { netloomBuild?: string }).netloomBuild = NETLOOM_BUNDLE_ID;
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(
  module.exports,
  createRequire(bundle),
  module,
  bundle,
  here,
);
