import { createInterface } from 'node:readline';

import type { ProcessScope } from '../exec/process-scope';

/**
 * Which namespace a line of `ip monitor link nsid all-nsid` is about: null for the root namespace
 * (`[nsid current]`), a number for another namespace, 'unknown' for continuation lines.
 * iproute2 6.1 prints plain text even with -j, so this is a wake-up only: the netlink reader is the truth.
 */
export function monitorLineNsid(line: string): number | null | 'unknown' {
  const m = /^\[nsid (current|\d+)\]/.exec(line);
  if (m === null) return 'unknown';
  return m[1] === 'current' ? null : Number(m[1]);
}

/** An `nsid` event: a namespace got or lost an id, so the namespace list changed. */
export const isNsidEvent = (line: string): boolean => /^\[nsid [^\]]+\](Deleted )?nsid /.test(line);

export type MonitorHandlers = {
  /** Something changed in this namespace (null: root). */
  readonly onLink: (nsid: number | null) => void;
  readonly onNamespaces: () => void;
  /** It is running (and will report every change from now on). */
  readonly onStart: () => void;
  /** It ended without `stop` (killed, crashed) or could not start. */
  readonly onExit: (reason: string) => void;
};

/** One `ip monitor` for every namespace with an id; owned (and killed) by the scope. */
export function startMonitor(
  scope: ProcessScope,
  handlers: MonitorHandlers,
): { stop(): void; readonly pid: number | undefined } {
  const child = scope.spawn('ip', ['monitor', 'link', 'nsid', 'all-nsid']);
  let stopped = false;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (isNsidEvent(line)) return handlers.onNamespaces();
    const nsid = monitorLineNsid(line);
    if (nsid !== 'unknown') handlers.onLink(nsid);
  });
  child.stderr.resume();
  let ended = false;
  const end = (reason: string) => {
    if (ended || stopped) return;
    ended = true;
    handlers.onExit(reason);
  };
  child.once('spawn', () => handlers.onStart());
  child.once('error', (e) => end(`ip monitor could not start: ${e.message}`));
  child.once('exit', (code, signal) => end(`ip monitor exited (${signal ?? code})`));
  return {
    pid: child.pid,
    stop() {
      stopped = true;
      lines.close();
      child.kill('SIGTERM');
    },
  };
}
