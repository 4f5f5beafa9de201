import { execaRunner } from '../exec/runner';

/**
 * Test topologies with names no host or other test uses (`nlt` prefix), and a teardown that
 * removes whatever a test left, even half-built.
 */
export function pairDocument(name = 'nlt-pair', subnet = '10.77.0') {
  return {
    version: 1,
    name,
    nodes: [
      { id: 'host', type: 'root' },
      { id: 'ns1', type: 'namespace', name: `${name}-a` },
      { id: 'ns2', type: 'namespace', name: `${name}-b` },
    ],
    links: [
      {
        id: 'l1',
        type: 'veth',
        a: { node: 'ns1', name: 'eth0', addresses: [`${subnet}.1/24`] },
        b: { node: 'ns2', name: 'eth0', addresses: [`${subnet}.2/24`] },
      },
    ],
  };
}

/** Runs `ip ARGS` and returns stdout; throws with stderr on failure. */
export async function ip(...args: string[]): Promise<string> {
  const r = await execaRunner.run('ip', args);
  if (r.failed) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Deletes every namespace and root interface whose name starts with `nlt`. */
export async function removeTestObjects(): Promise<void> {
  const list = await execaRunner.run('ip', ['-j', 'netns', 'list']);
  const names = list.stdout.trim() === '' ? [] : (JSON.parse(list.stdout) as { name: string }[]).map((n) => n.name);
  for (const name of names.filter((n) => n.startsWith('nlt'))) await execaRunner.run('ip', ['netns', 'del', name]);
  const links = JSON.parse((await execaRunner.run('ip', ['-j', 'link', 'show'])).stdout || '[]') as {
    ifname: string;
  }[];
  for (const l of links.filter((x) => x.ifname.startsWith('nlt')))
    await execaRunner.run('ip', ['link', 'del', 'dev', l.ifname]);
}
