import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { validateDocument, type Document } from '@netloom/topology';

/**
 * The last document applied per topology, kept so drift can be judged against what the user
 * asked for, across agent restarts. It is never trusted over the kernel: plans always re-observe;
 * this only says what "drifted" means.
 */
export class AppliedDocuments {
  private readonly dir: string;
  private readonly docs = new Map<string, Document>();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Loads what earlier runs recorded, keeping only topologies that still exist in the kernel. */
  async load(owned: ReadonlySet<string>): Promise<void> {
    const files = await readdir(this.dir).catch(() => [] as string[]); // no directory yet: nothing recorded
    for (const file of files) {
      const name = file.replace(/\.json$/, '');
      if (!file.endsWith('.json') || !owned.has(name)) continue;
      const parsed = validateDocument(
        JSON.parse(await readFile(join(this.dir, file), 'utf8').catch(() => 'null')) as unknown,
      );
      if (parsed.ok && parsed.value.name === name) this.docs.set(name, parsed.value);
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
    await writeFile(join(this.dir, `${doc.name}.json`), JSON.stringify(doc), { mode: 0o600 });
  }

  async delete(name: string): Promise<void> {
    this.docs.delete(name);
    await rm(join(this.dir, `${name}.json`), { force: true });
  }
}
