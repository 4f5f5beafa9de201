import { readFile } from 'node:fs/promises';

import { rootLinks } from './kernel.ts';

/**
 * Refuses to run anywhere but inside `scripts/netns-sandbox.sh`: the benchmark creates and
 * deletes hundreds of namespaces and devices, which must never reach the host's. The sandbox has
 * a private tmpfs on /run/netns and a network namespace holding nothing but `lo`.
 */
export async function assertSandbox(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('run as root, through the sandbox: pnpm bench:apply');
  const mounts = await readFile('/proc/self/mountinfo', 'utf8');
  const privateNetns = mounts.split('\n').some((l) => / \/run\/netns /.test(l) && / - tmpfs netns-sandbox /.test(l));
  const links = (await rootLinks()).map((l) => l.ifname);
  if (!privateNetns || links.join() !== 'lo') {
    throw new Error(
      `not inside the netns sandbox (private /run/netns: ${privateNetns}, root links: ${links.join(', ')}); run: pnpm bench:apply`,
    );
  }
}
