import type { AddableKind } from '../editor/commands';

/** The drag-and-drop type of a palette item; its data is the node kind. */
export const PALETTE_MIME = 'application/x-netloom-kind';

const KINDS: readonly string[] = [
  'namespace',
  'root',
  'bridge',
  'tap',
  'tun',
  'vxlan',
] satisfies readonly AddableKind[];

export const isAddableKind = (s: string): s is AddableKind => KINDS.includes(s);
