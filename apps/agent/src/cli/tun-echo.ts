import { ifnameProblem, netnsNameProblem } from '@netloom/topology';

import type { Engine } from '../engine/engine';
import { nativeBinary } from '../exec/native';
import { processScope } from '../exec/process-scope';

type Out = { write(s: string): unknown };

/**
 * `netloom tun-echo [NAMESPACE] DEVICE`: holds a tun or tap netloom made and shows what the kernel
 * hands it, answering pings (and, on a tap, ARP) (native/tun-echo.c), until Ctrl-C. Only a device
 * that is netloom's (its marker, proven as for any change) is attached to: attaching to someone's
 * would take its packets from their program. The helper is a child in the process scope and asks the kernel to
 * end it when this process ends, so it never outlives the command. Exit 0 once stopped by a
 * signal, 1 when refused or failed, 2 for a malformed name.
 */
export async function tunEchoCommand(
  engine: Pick<Engine, 'ownedTun'>,
  positional: readonly string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
): Promise<number> {
  const [netns, ifname] = positional.length === 1 ? [null, positional[0]] : positional;
  if (ifname === undefined || positional.length > 2) {
    err.write('netloom: tun-echo takes [NAMESPACE] DEVICE, a tun or tap (no NAMESPACE: the root namespace)\n');
    return 2;
  }
  const problem = (netns === null || netns === undefined ? null : netnsNameProblem(netns)) ?? ifnameProblem(ifname);
  if (problem !== null) {
    err.write(`netloom: tun-echo: ${problem}\n`);
    return 2;
  }
  const owned = await engine.ownedTun(netns ?? null, ifname);
  if (!owned.ok) {
    err.write(`netloom: tun-echo: ${owned.reason}; nothing was attached\n`);
    return 1;
  }
  const child = processScope.spawn(nativeBinary('tun-echo'), [netns ?? '-', ifname, String(owned.ifindex), owned.kind]);
  child.stdout.setEncoding('utf8').on('data', (d: string) => out.write(d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => err.write(d));
  // Ctrl-C reaches the helper too (same process group); SIGTERM to netloom alone is passed on.
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop).on('SIGTERM', stop).on('SIGHUP', stop);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('exit', (c, s) => resolve([c, s]));
    child.once('error', (e) => {
      err.write(`netloom: tun-echo: cannot start the helper: ${e.message}\n`);
      resolve([1, null]);
    });
  });
  process.off('SIGINT', stop).off('SIGTERM', stop).off('SIGHUP', stop);
  return code ?? (signal === null ? 1 : 0);
}
