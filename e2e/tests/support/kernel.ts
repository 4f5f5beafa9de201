import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The kernel as the tests see it: `ip -j`, run directly (the sandbox is private to this run). */

const exec = promisify(execFile);

export async function ip(args: readonly string[]): Promise<string> {
  const { stdout } = await exec('ip', [...args], { env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

/** `ip -j …` parsed; empty output (no namespaces, say) is an empty list. */
export async function ipJson<T>(args: readonly string[]): Promise<T[]> {
  const out = (await ip(['-j', ...args])).trim();
  return out === '' ? [] : (JSON.parse(out) as T[]);
}

const inNetns = (netns: string | null) => (netns === null ? [] : ['-n', netns]);

export type KernelLink = {
  readonly ifname: string;
  /** The MAC (`ip -j link` prints it for Ethernet devices). */
  readonly address?: string;
  readonly flags: readonly string[];
  readonly operstate: string;
  readonly master?: string;
  readonly ifalias?: string;
  readonly linkinfo?: { readonly info_kind?: string };
};

export type KernelAddress = {
  readonly ifname: string;
  readonly addr_info: readonly { local: string; prefixlen: number }[];
};

export const netnsNames = async (): Promise<string[]> =>
  (await ipJson<{ name: string }>(['netns', 'list'])).map((n) => n.name);

/** One interface, or null when it does not exist. */
export async function link(netns: string | null, ifname: string): Promise<KernelLink | null> {
  try {
    const [found] = await ipJson<KernelLink>([...inNetns(netns), '-d', 'link', 'show', 'dev', ifname]);
    return found ?? null;
  } catch {
    // `ip` exits 1 with "Device … does not exist" (or "Cannot open network namespace"): absent.
    return null;
  }
}

export async function links(netns: string | null): Promise<KernelLink[]> {
  return ipJson<KernelLink>([...inNetns(netns), '-d', 'link', 'show']);
}

/** `10.0.0.1/24` strings of one interface. */
export async function addressesOf(netns: string | null, ifname: string): Promise<string[]> {
  const [found] = await ipJson<KernelAddress>([...inNetns(netns), 'addr', 'show', 'dev', ifname]);
  return (found?.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`);
}

export async function setLinkDown(netns: string | null, ifname: string): Promise<void> {
  await ip([...inNetns(netns), 'link', 'set', 'dev', ifname, 'down']);
}

/**
 * Removes whatever a test left behind: every namespace (the sandbox's /run/netns holds only what
 * this run made) and every root-namespace interface carrying a netloom marker.
 */
export async function cleanKernel(): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await netnsNames()) {
    await ip(['netns', 'delete', name]);
    removed.push(`netns ${name}`);
  }
  for (const l of await links(null)) {
    if (l.ifalias?.startsWith('netloom:') !== true) continue;
    if ((await link(null, l.ifname)) === null) continue; // went with its veth peer
    await ip(['link', 'delete', 'dev', l.ifname]);
    removed.push(`link ${l.ifname}`);
  }
  return removed;
}
