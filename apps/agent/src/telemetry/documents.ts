import type { Document } from '@netloom/topology';

import { AppliedStore } from '../engine/applied';

/**
 * The last document applied per topology, kept so drift can be judged against what the user
 * asked for, across agent restarts. The engine records it (applied/<topology>.json, shared with
 * the CLI); this is the agent's copy in memory, brought in line with the records before each
 * drift check (`refresh`): the CLI may have taken the topology down or applied another document
 * meanwhile. It is never trusted over the kernel: plans always re-observe; this only says what
 * "drifted" means.
 */
export class AppliedDocuments {
  private readonly store: AppliedStore;
  /** With the version of the record it was read from; undefined until asked (the agent wrote it itself). */
  private readonly docs = new Map<string, { doc: Document; version?: string }>();
  private readonly onProblem: (message: string, file: string) => void;

  /** `onProblem` hears of a record that cannot be used (empty, cut short, not a document): it is ignored. */
  constructor(dir: string, onProblem: (message: string, file: string) => void = () => undefined) {
    this.store = new AppliedStore(dir);
    this.onProblem = onProblem;
  }

  /** Loads what earlier runs recorded, keeping only topologies that still exist in the kernel. */
  async load(owned: ReadonlySet<string>): Promise<void> {
    const { records, problems } = await this.store.readAll();
    for (const { file, problem } of problems) this.onProblem(`ignoring an unusable applied document: ${problem}`, file);
    for (const r of records) if (owned.has(r.document.name)) this.docs.set(r.document.name, { doc: r.document });
  }

  /**
   * Follows the records: a topology whose record is gone (`netloom down` from the CLI) is
   * dropped, one whose record was replaced (`netloom apply` of another document) read again.
   * Returns the topologies dropped.
   */
  async refresh(): Promise<string[]> {
    const dropped: string[] = [];
    for (const [name, entry] of [...this.docs]) {
      const version = await this.store.version(name);
      if (version === undefined) {
        this.docs.delete(name);
        dropped.push(name);
        continue;
      }
      if (entry.version === undefined || entry.version === version) {
        this.docs.set(name, { ...entry, version });
        continue;
      }
      const record = await this.store.read(name);
      if (record === undefined || 'problem' in record) {
        if (record !== undefined) this.onProblem(`ignoring an unusable applied document: ${record.problem}`, name);
        this.docs.delete(name);
        dropped.push(name);
      } else this.docs.set(name, { doc: record.document, version });
    }
    return dropped;
  }

  get(name: string): Document | undefined {
    return this.docs.get(name)?.doc;
  }

  all(): Document[] {
    return [...this.docs.values()].map((e) => e.doc);
  }

  /** After an apply (the engine has recorded it). */
  set(doc: Document): void {
    this.docs.set(doc.name, { doc });
  }

  /** After a down (the engine has removed its record). */
  delete(name: string): void {
    this.docs.delete(name);
  }
}
