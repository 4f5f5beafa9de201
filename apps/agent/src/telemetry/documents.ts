import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { validateDocument, type Document } from '@netloom/topology';

import { readFileNoFollow, writeFileAtomic } from '../state/safe-files';

/**
 * The last document applied per topology, kept so drift can be judged against what the user
 * asked for, across agent restarts. It is never trusted over the kernel: plans always re-observe;
 * this only says what "drifted" means.
 */
export class AppliedDocuments {
  private readonly dir: string;
  private readonly docs = new Map<string, Document>();

  /** `onProblem` hears of a record that cannot be used (empty, cut short, not a document): it is ignored. */
  constructor(dir: string, onProblem: (message: string, file: string) => void = () => undefined) {
    this.dir = dir;
    this.onProblem = onProblem;
  }

  private readonly onProblem: (message: string, file: string) => void;

  /** Loads what earlier runs recorded, keeping only topologies that still exist in the kernel. */
  async load(owned: ReadonlySet<string>): Promise<void> {
    const files = await readdir(this.dir).catch(() => [] as string[]); // no directory yet: nothing recorded
    for (const file of files) {
      const name = file.replace(/\.json$/, '');
      if (!file.endsWith('.json') || !owned.has(name)) continue;
      const path = join(this.dir, file);
      try {
        const parsed = validateDocument(JSON.parse((await readFileNoFollow(path)) ?? 'null') as unknown);
        if (parsed.ok && parsed.value.name === name) this.docs.set(name, parsed.value);
        else this.onProblem('ignoring an applied document that is not a valid document of its topology', path);
      } catch (e: unknown) {
        // A kill during an older netloom's write could leave it empty or cut short.
        this.onProblem(`ignoring an unreadable applied document (${e instanceof Error ? e.message : String(e)})`, path);
      }
    }
  }

  get(name: string): Document | undefined {
    return this.docs.get(name);
  }

  all(): Document[] {
    return [...this.docs.values()];
  }

  async set(doc: Document): Promise<void> {
    this.docs.set(doc.name, doc);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(this.dir, `${doc.name}.json`), JSON.stringify(doc));
  }

  async delete(name: string): Promise<void> {
    this.docs.delete(name);
    await rm(join(this.dir, `${name}.json`), { force: true });
  }
}
