import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Pending, Step } from '@netloom/topology';

/**
 * What an apply is about to create, written before the first command. An object is marked as
 * ours by a second command (`link set … alias`); if the agent dies between the two, the
 * journal still says the unmarked object is ours, so the next apply or `down` removes it
 * instead of refusing it as foreign.
 */
export class Journal {
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  private file(topology: string): string {
    return join(this.dir, `${topology}.json`);
  }

  async read(topology: string): Promise<Pending> {
    try {
      const parsed = JSON.parse(await readFile(this.file(topology), 'utf8')) as Pending;
      return { netns: parsed.netns ?? [], links: parsed.links ?? [] };
    } catch {
      return { netns: [], links: [] }; // no journal: nothing was left unfinished
    }
  }

  /** Adds what `steps` will create to what earlier unfinished applies recorded. */
  async record(topology: string, steps: readonly Step[], earlier: Pending): Promise<void> {
    const created = creations(steps);
    const pending: Pending = {
      netns: [...new Set([...earlier.netns, ...created.netns])],
      links: [
        ...earlier.links,
        ...created.links.filter((l) => !earlier.links.some((e) => e.netns === l.netns && e.ifname === l.ifname)),
      ],
    };
    if (pending.netns.length === 0 && pending.links.length === 0) return;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.file(topology), JSON.stringify(pending), { mode: 0o600 });
  }

  async clear(topology: string): Promise<void> {
    await rm(this.file(topology), { force: true });
  }
}

function creations(steps: readonly Step[]): Pending {
  const netns: string[] = [];
  const links: { netns: string | null; ifname: string }[] = [];
  for (const step of steps) {
    if (step.op === 'netns.add') netns.push(step.name);
    if (step.op !== 'link.add') continue;
    const d = step.device;
    if (d.kind === 'veth')
      links.push({ netns: d.a.netns, ifname: d.a.ifname }, { netns: d.b.netns, ifname: d.b.ifname });
    else links.push({ netns: d.iface.netns, ifname: d.iface.ifname });
  }
  return { netns, links };
}
