import type { Document, Observed } from '@netloom/topology';

import type { AppliedRecord, AppliedSource } from './applied';
import { revisionOf } from './applied';
import type { ChangeSummary } from './types';

/** Which document an apply continues, as its caller knows it; see `needsConfirmation`. */
export type Lineage =
  /** The CLI: the file's absolute path. */
  | { readonly kind: 'file'; readonly path: string }
  /** The designer: the revision of the applied document the drawing continues (null: never applied). */
  | { readonly kind: 'designer'; readonly basedOn: string | null };

export type ConfirmReason = 'DELETES_ALL' | 'OTHER_DOCUMENT';

export type Confirmation = {
  readonly topology: string;
  readonly reasons: readonly ConfirmReason[];
  /** What the apply deletes or replaces of what the topology has. */
  readonly deletes: readonly ChangeSummary[];
  /** What the topology runs from now, for the message. */
  readonly applied: AppliedRecord | undefined;
};

/**
 * An apply the person must confirm, or null. Only a topology that has objects in the kernel is
 * at stake, and its apply must be confirmed when the document keeps none of them (an empty
 * document, or another drawing under the same name), or when it is not the document applied
 * last under that name: another content, and neither from the same file (CLI) nor based on that
 * document's revision (designer). Without a lineage (an engine caller that does not say), only
 * the first rule applies.
 */
export function needsConfirmation(
  doc: Document,
  observed: Observed,
  changes: readonly ChangeSummary[],
  applied: AppliedRecord | undefined,
  lineage: Lineage | undefined,
): Confirmation | null {
  if (observed.state.size === 0) return null;
  const removed = changes.filter((c) => c.op === 'delete' || c.op === 'replace');
  const gone = new Set(removed.map((c) => c.key));
  const reasons: ConfirmReason[] = [];
  if ([...observed.state.keys()].every((key) => gone.has(key))) reasons.push('DELETES_ALL');
  if (lineage !== undefined && !continues(doc, applied, lineage, changes)) reasons.push('OTHER_DOCUMENT');
  if (reasons.length === 0) return null;
  return { topology: doc.name, reasons, deletes: removed, applied };
}

function continues(
  doc: Document,
  applied: AppliedRecord | undefined,
  lineage: Lineage,
  changes: readonly ChangeSummary[],
): boolean {
  // Running from a document nobody recorded (made by an older netloom, or an exported script):
  // this one may only add to it.
  if (applied === undefined) return changes.every((c) => c.op === 'create');
  // The cheap test first: a revision writes out and hashes the whole document.
  const sameLine =
    lineage.kind === 'designer'
      ? lineage.basedOn === applied.revision
      : applied.source?.kind === 'file' && applied.source.path === lineage.path;
  return sameLine || applied.revision === revisionOf(doc);
}

const KIND_NAMES: Readonly<Record<string, string>> = { netns: 'namespace' };

/** One line: why, what it deletes, and what to do (`todo`: "pass --force …" or "confirm …"). */
export function confirmationMessage(c: Confirmation, todo: string): string {
  const parts: string[] = [];
  if (c.reasons.includes('DELETES_ALL'))
    parts.push(`applying this document deletes every object topology "${c.topology}" has in the kernel`);
  if (c.reasons.includes('OTHER_DOCUMENT'))
    parts.push(`topology "${c.topology}" runs from another document (${describeSource(c.applied)})`);
  const listed = c.deletes.slice(0, 10).map((d) => `${KIND_NAMES[d.kind] ?? d.kind} ${d.key}`);
  const more = c.deletes.length > listed.length ? `, and ${c.deletes.length - listed.length} more` : '';
  const deletes = c.deletes.length === 0 ? 'it deletes nothing' : `it deletes ${listed.join(', ')}${more}`;
  return `${parts.join('; ')}; ${deletes}; ${todo}`;
}

function describeSource(applied: AppliedRecord | undefined): string {
  if (applied === undefined) return 'netloom has no record of which, and this one changes what runs';
  const when = applied.appliedAt > 0 ? `, applied ${new Date(applied.appliedAt).toISOString()}` : '';
  const from: AppliedSource | undefined = applied.source;
  if (from?.kind === 'file') return `${from.path}${when}`;
  if (from?.kind === 'designer') return `applied from the designer${when.replace(', applied', '')}`;
  return `recorded without its origin${when}`;
}
