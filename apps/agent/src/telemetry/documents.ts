import type { Document } from '@netloom/topology';

import { AppliedStore } from '../engine/applied';

/**
 * The last document applied per topology, kept so drift can be judged against what the user
 * asked for, across agent restarts. The engine records it (applied/<topology>.json, shared with
 * the CLI); this is the agent's copy in memory. It is never trusted over the kernel: plans
 * always re-observe; this only says what "drifted" means.
 */
export class AppliedDocuments {
  private readonly store: AppliedStore;
  private readonly docs = new Map<string, Document>();
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
    for (const r of records) if (owned.has(r.document.name)) this.docs.set(r.document.name, r.document);
  }

  get(name: string): Document | undefined {
    return this.docs.get(name);
  }

  all(): Document[] {
    return [...this.docs.values()];
  }

  /** After an apply (the engine has recorded it). */
  set(doc: Document): void {
    this.docs.set(doc.name, doc);
  }

  /** After a down (the engine has removed its record). */
  delete(name: string): void {
    this.docs.delete(name);
  }
}
