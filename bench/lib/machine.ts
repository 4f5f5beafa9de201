import { readFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';

import { run } from './proc.ts';

export type Machine = {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly iproute2: string;
  readonly node: string;
};

/** The 1, 5 and 15 minute load averages: how busy the machine was around a run (other work included). */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The facts a reader needs to compare these numbers with their own machine. */
export async function describeMachine(): Promise<Machine> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const ipV = (await run(['ip', '-V'])).trim();
  return {
    cpu: model,
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: (await run(['uname', '-r'])).trim(),
    iproute2: /iproute2-([\w.]+)/.exec(ipV)?.[1] ?? ipV,
    node: process.version,
  };
}
