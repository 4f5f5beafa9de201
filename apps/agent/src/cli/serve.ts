import { remoteRefusal } from '../server/loopback';
import type { ParsedArgs } from './args';
import { limitFlags } from './limits';

const DEFAULT_HOST = '127.0.0.1';

/** `netloom serve [--host H [--allow-remote]] [--port P] [--allow-origin URL] [--rotate-token]`: the agent, until SIGINT/SIGTERM. */
export async function serveCommand(args: ParsedArgs): Promise<number> {
  const port = args.flags.get('port');
  const host = args.flags.get('host');
  const origin = args.flags.get('allow-origin');
  const webRoot = args.flags.get('web-root');
  if (port !== undefined && (port === true || !/^\d{1,5}$/.test(port) || Number(port) > 65535)) {
    process.stderr.write('netloom serve: --port takes a port number (1-65535)\n');
    return 2;
  }
  const documentLimits = limitFlags(args);
  if ('error' in documentLimits) {
    process.stderr.write(`netloom serve: ${documentLimits.error}\n`);
    return 2;
  }
  const refusal = remoteRefusal(typeof host === 'string' ? host : DEFAULT_HOST, args.flags.has('allow-remote'));
  if (refusal !== null) {
    process.stderr.write(`netloom serve: ${refusal}\n`);
    return 2;
  }
  // Imported on demand, so plan/apply/down start without parsing the server.
  const { runServe } = await import('../server/serve');
  return runServe({
    ...(typeof host === 'string' && { host }),
    ...(typeof port === 'string' && { port: Number(port) }),
    ...(typeof origin === 'string' && { allowOrigins: [origin] }),
    ...(typeof webRoot === 'string' && { webRoot }),
    documentLimits,
    rotateToken: args.flags.has('rotate-token'),
  });
}
