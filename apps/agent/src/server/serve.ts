import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { DocumentLimits } from '@netloom/topology';

import { createDefaultEngine, RUN_DIR } from '../engine/default-engine';
import { NlRelay } from '../exec/nl-relay';
import { processScope } from '../exec/process-scope';
import { claimAgent } from '../state/agent-claim';
import { prepareRunDir } from '../state/run-dir';
import { DEFAULT_CONFIG } from './config';
import { consoleLogger } from './engine-port';
import { startServer } from './start-server';

export type ServeOptions = {
  readonly host?: string;
  readonly port?: number;
  readonly allowOrigins?: readonly string[];
  readonly webRoot?: string;
  /** Token, lock, journal and applied documents; `/run/netloom` by default. */
  readonly runDir?: string;
  readonly documentLimits?: Partial<DocumentLimits>;
  /** A new token instead of the one kept from the last run (`--rotate-token`). */
  readonly rotateToken?: boolean;
};

/**
 * `netloom serve` end to end: the real engine, the server, and SIGINT/SIGTERM handling that
 * closes every connection and ends every child process (ip monitor, pings, nl-relay) while the
 * kernel topology stays. Resolves with the exit code once stopped.
 */
export async function runServe(options: ServeOptions = {}): Promise<number> {
  const runDir = options.runDir ?? RUN_DIR;
  prepareRunDir(runDir);
  const release = await claimAgent(runDir);
  const relay = new NlRelay(processScope);
  const server = await startServer(
    {
      host: options.host ?? DEFAULT_CONFIG.host,
      port: options.port ?? DEFAULT_CONFIG.port,
      allowOrigins: options.allowOrigins ?? [],
      tokenFile: join(runDir, 'token'),
      rotateToken: options.rotateToken === true,
      webRoot: options.webRoot ?? defaultWebRoot(),
      ...(options.documentLimits !== undefined && { documentLimits: options.documentLimits }),
    },
    // One nl-relay serves both the engine's observations and the telemetry loop.
    { engine: createDefaultEngine(runDir, relay), scope: processScope, relay },
  ).catch(async (e: unknown) => {
    await release();
    throw e;
  });
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      consoleLogger.info('stopping', { signal });
      server
        .close()
        .then(release)
        .then(
          () => resolve(0),
          (e: unknown) => {
            consoleLogger.error('stopping failed', { error: String(e) });
            resolve(1);
          },
        );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/** `apps/web/dist`, found from the bundle (`apps/agent/dist`) or from the source tree. */
function defaultWebRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'web', 'dist'), join(here, '..', '..', '..', 'web', 'dist')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0] ?? 'apps/web/dist';
}
