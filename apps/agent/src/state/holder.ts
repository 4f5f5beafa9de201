import { readFileSync } from 'node:fs';

/**
 * Who holds a lock or a claim, told apart from a later process that got the same pid: the pid,
 * the process's start time (field 22 of /proc/PID/stat, clock ticks since boot) and the boot id.
 * A pid alone names whoever has it now: after a crash, an unrelated live process.
 */
export type Holder = { readonly pid: number; readonly start: string; readonly boot: string };

export function ownHolder(): Holder {
  return { pid: process.pid, start: startTimeOf(process.pid) ?? '', boot: bootId() };
}

/** One line: `<pid> <start> <boot>`. */
export function formatHolder(h: Holder): string {
  return `${h.pid} ${h.start} ${h.boot}\n`;
}

/** A record as formatHolder writes it; a bare pid (written by an older netloom) has no start or boot. */
export function parseHolder(text: string): Holder | null {
  const [pid = '', start = '', boot = '', ...rest] = text.trim().split(/\s+/);
  if (!/^[1-9]\d*$/.test(pid) || rest.length > 0) return null;
  return { pid: Number(pid), start, boot };
}

/**
 * Whether the holder is still running: its pid is alive, and, when the record has them, with the
 * same start time in the same boot. A pid now used by another process is not the holder.
 */
export function holderAlive(h: Holder): boolean {
  if (h.boot !== '' && h.boot !== bootId()) return false;
  if (h.start === '') return pidAlive(h.pid);
  return startTimeOf(h.pid) === h.start;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses, so count from its end. */
export function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined; // no such process
  }
}

let boot: string | undefined;
function bootId(): string {
  try {
    boot ??= readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    boot = '';
  }
  return boot;
}
