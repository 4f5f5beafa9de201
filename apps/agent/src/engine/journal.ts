import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { macAtCreation, type Pending, type Snapshot, type Step } from '@netloom/topology';
import { z } from 'zod';

import { NETNS_DIR } from '../exec/netns';
import { readFileNoFollow, writeFileAtomic } from '../state/safe-files';

/**
 * What an apply creates, written before the first command, with what proves each object is the
 * one it made. An object is marked as ours by a second command (`link set … alias`); if the
 * agent dies between the two, the journal lets the next apply or `down` remove the unmarked
 * object instead of refusing it as foreign. A name is no proof (after a crash, someone may have
 * cleaned up by hand and made their own namespace or veth under that name), so an entry counts
 * only with its object's identity:
 *
 * - a device made by `link add` (veth ends, bridges, VXLANs) carries from its creation the MAC
 *   the plan gave it (netloom's stable MAC, or the document's), recorded before it exists;
 * - a namespace, its nsfs inode and that inode's change time (the inode number alone is reused
 *   by the next namespace), stat'ed as soon as the batch that made it ends. If the agent dies
 *   before that (kill -9 while the batch runs), the inode's change time, which is when the
 *   namespace was made, must fall in the few seconds that batch could have taken, recorded as it
 *   started: a namespace someone made after cleaning up by hand is not that young;
 * - a tap or tun (`tuntap add` takes no MAC), its ifindex, read once the devices are made (the
 *   kernel never hands an ifindex out twice in a namespace until it wraps). It is marked (and a
 *   tap given its MAC) in the batch that makes it, so one whose ifindex an apply killed meanwhile
 *   never journaled is marked and proven by its MAC instead.
 *
 * An entry whose object is absent is kept (its apply may not have got there); one whose object
 * exists but is not the one recorded, or whose identity was never recorded (the agent died right
 * after making it), is no proof: that object is foreign, and the entry is dropped.
 */

const NetnsIdentity = z.strictObject({ dev: z.string(), ino: z.string(), ctime: z.string() });
export type NetnsIdentity = z.infer<typeof NetnsIdentity>;

const NetnsEntry = z.strictObject({
  name: z.string(),
  id: NetnsIdentity.optional(),
  /** When the batch that makes it could have made it (ms since the epoch): set as that phase starts. */
  window: z.strictObject({ from: z.number(), to: z.number() }).optional(),
});
const LinkEntry = z.strictObject({
  netns: z.string().nullable(),
  ifname: z.string(),
  /** The MAC it was created with. */
  mac: z.string().optional(),
  ifindex: z.int().optional(),
});
const JournalFile = z.strictObject({
  version: z.literal(2),
  netns: z.array(NetnsEntry),
  links: z.array(LinkEntry),
});
export type JournalEntries = Omit<z.infer<typeof JournalFile>, 'version'>;
type LinkEntry = z.infer<typeof LinkEntry>;

const EMPTY: JournalEntries = { netns: [], links: [] };

/** No batch of namespaces takes longer; a journal claiming a longer window is not believed. */
const MAX_WINDOW_MS = 10 * 60_000;

export type StatNetns = (name: string) => Promise<NetnsIdentity | undefined>;

/** The identity of /run/netns/NAME: the namespace's nsfs inode, and when that inode was made. */
export const statNetns: StatNetns = async (name) => {
  const s = await stat(join(NETNS_DIR, name), { bigint: true }).catch(() => undefined);
  return s === undefined ? undefined : { dev: String(s.dev), ino: String(s.ino), ctime: String(s.ctimeNs) };
};

export class Journal {
  private readonly dir: string;
  private readonly statNetns: StatNetns;
  /** Writes of one journal, in order: batches of an apply report their identities concurrently. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(dir: string, statOf: StatNetns = statNetns) {
    this.dir = dir;
    this.statNetns = statOf;
  }

  private file(topology: string): string {
    return join(this.dir, `${topology}.json`);
  }

  /** The entries of `topology`; none when there is no journal or it cannot be read (a journal of an older netloom holds no identity). */
  async read(topology: string): Promise<JournalEntries> {
    try {
      const parsed = JournalFile.safeParse(JSON.parse((await readFileNoFollow(this.file(topology))) ?? 'null'));
      return parsed.success ? { netns: parsed.data.netns, links: parsed.data.links } : EMPTY;
    } catch {
      return EMPTY;
    }
  }

  /**
   * What of `entries` the kernel (`snapshot`) shows to be this topology's unmarked leftovers, by
   * name for `assembleState`, and the entries that still stand (proven, or not there to judge).
   */
  async prove(entries: JournalEntries, snapshot: Snapshot): Promise<{ pending: Pending; kept: JournalEntries }> {
    const byName = new Map(snapshot.namespaces.map((n) => [n.name, n]));
    const pendingNetns: string[] = [];
    const keptNetns: JournalEntries['netns'] = [];
    for (const entry of entries.netns) {
      const ns = byName.get(entry.name);
      const lo = ns?.links?.find((l) => l.kind === 'loopback');
      // Unread (no id yet: a step-through stopped between `netns add` and `netns set … auto`), it
      // cannot carry a marker either way; its identity alone proves it.
      const unmarked = ns?.links === undefined || (lo !== undefined && lo.alias === undefined);
      if (ns === undefined) keptNetns.push(entry);
      else if (unmarked && (entry.id !== undefined || entry.window !== undefined)) {
        const now = await this.statNetns(entry.name);
        if (now !== undefined && provesNetns(entry, now)) {
          pendingNetns.push(entry.name);
          keptNetns.push(entry);
        }
      }
      // Marked (ours by its marker, or another's), or not the namespace recorded: nothing to prove.
    }
    const pendingLinks: LinkEntry[] = [];
    const keptLinks: LinkEntry[] = [];
    for (const entry of entries.links) {
      const links = entry.netns === null ? snapshot.root : byName.get(entry.netns)?.links;
      const link = links?.find((l) => l.ifname === entry.ifname);
      if (link === undefined) keptLinks.push(entry);
      else if (link.alias === undefined && provesLink(entry, link)) {
        pendingLinks.push(entry);
        keptLinks.push(entry);
      }
    }
    return {
      pending: { netns: pendingNetns, links: pendingLinks.map(({ netns, ifname }) => ({ netns, ifname })) },
      kept: { netns: keptNetns, links: keptLinks },
    };
  }

  /** Adds what `steps` will create (replacing entries of the same names) to what still stands of earlier unfinished applies. */
  async record(topology: string, steps: readonly Step[], kept: JournalEntries): Promise<void> {
    const created = creations(steps);
    const where = (l: LinkEntry) => `${l.netns ?? ''}/${l.ifname}`;
    const newNetns = new Set(created.netns.map((n) => n.name));
    const newLinks = new Set(created.links.map(where));
    const entries: JournalEntries = {
      netns: [...kept.netns.filter((e) => !newNetns.has(e.name)), ...created.netns],
      links: [...kept.links.filter((e) => !newLinks.has(where(e))), ...created.links],
    };
    await this.write(topology, () => entries);
  }

  /** The phase that makes the namespaces starts now: when those still without identity can be made. */
  async openWindow(topology: string, now = Date.now()): Promise<void> {
    await this.write(topology, (e) => {
      const open = e.netns.filter((n) => n.id === undefined && n.window === undefined).length;
      // `ip netns add` takes a millisecond or two; the kernel's clock for inodes may lag a tick.
      const window = { from: now - 100, to: now + 2000 + 20 * open };
      return { ...e, netns: e.netns.map((n) => (n.id === undefined && n.window === undefined ? { ...n, window } : n)) };
    });
  }

  /** Records the identity of namespaces just made (by name); those not found stay without. */
  async noteNamespaces(topology: string, names: readonly string[]): Promise<void> {
    const ids = await Promise.all(names.map(async (name) => [name, await this.statNetns(name)] as const));
    const found = new Map(ids.flatMap(([name, id]) => (id === undefined ? [] : [[name, id] as const])));
    if (found.size === 0) return;
    await this.write(topology, (e) => ({
      ...e,
      netns: e.netns.map((n) => (n.id === undefined && found.has(n.name) ? { ...n, id: found.get(n.name) } : n)),
    }));
  }

  /** Records the ifindex of devices just made, where their entry has no proof yet. */
  async noteLinks(
    topology: string,
    found: readonly { netns: string | null; ifname: string; ifindex: number }[],
  ): Promise<void> {
    if (found.length === 0) return;
    await this.write(topology, (e) => ({
      ...e,
      links: e.links.map((l) => {
        const f = found.find((x) => x.netns === l.netns && x.ifname === l.ifname);
        return f === undefined || l.mac !== undefined || l.ifindex !== undefined ? l : { ...l, ifindex: f.ifindex };
      }),
    }));
  }

  /** Entries that carry no proof yet: devices made without a MAC, by namespace ('' is the root namespace). */
  async unproven(topology: string): Promise<{ netns: string[]; links: { netns: string | null; ifname: string }[] }> {
    const e = await this.read(topology);
    return {
      netns: e.netns.filter((n) => n.id === undefined).map((n) => n.name),
      links: e.links.filter((l) => l.mac === undefined && l.ifindex === undefined),
    };
  }

  async clear(topology: string): Promise<void> {
    await this.serialize(() => rm(this.file(topology), { force: true }));
  }

  private write(topology: string, change: (e: JournalEntries) => JournalEntries): Promise<void> {
    return this.serialize(async () => {
      const next = change(await this.read(topology));
      if (next.netns.length === 0 && next.links.length === 0) return rm(this.file(topology), { force: true });
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(this.file(topology), JSON.stringify({ version: 2, ...next }));
    });
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

function provesNetns(entry: z.infer<typeof NetnsEntry>, now: NetnsIdentity): boolean {
  if (entry.id !== undefined)
    return now.dev === entry.id.dev && now.ino === entry.id.ino && now.ctime === entry.id.ctime;
  const made = Number(BigInt(now.ctime) / 1_000_000n);
  const w = entry.window;
  return w !== undefined && w.to - w.from <= MAX_WINDOW_MS && made >= w.from && made <= w.to;
}

function provesLink(entry: LinkEntry, link: { ifindex: number; mac?: string | undefined }): boolean {
  if (entry.ifindex !== undefined) return link.ifindex === entry.ifindex;
  return entry.mac !== undefined && link.mac?.toLowerCase() === entry.mac.toLowerCase();
}

/** The namespaces and devices `steps` create, each device with the MAC it is created with, if any. */
function creations(steps: readonly Step[]): JournalEntries {
  const netns: JournalEntries['netns'] = [];
  const links: LinkEntry[] = [];
  const entry = (netns: string | null, ifname: string, mac: string | undefined): LinkEntry => ({
    netns,
    ifname,
    ...(mac !== undefined && { mac: mac.toLowerCase() }),
  });
  for (const step of steps) {
    if (step.op === 'netns.add') netns.push({ name: step.name });
    if (step.op !== 'link.add') continue;
    const d = step.device;
    if (d.kind === 'veth') links.push(entry(d.a.netns, d.a.ifname, d.a.mac), entry(d.b.netns, d.b.ifname, d.b.mac));
    // `tuntap add` takes no MAC: a tap's is set later, with its marker; a tun has none.
    else links.push(entry(d.iface.netns, d.iface.ifname, macAtCreation(d) ? d.iface.mac : undefined));
  }
  return { netns, links };
}
