import type { Patch } from '../../editor/history';
import { editorStore } from '../../editor/store';

/** Typing in a field is one undo step per field visit: squash while typing, settle on blur. */
export const editLive = (patch: Patch): void => editorStore.getState().commit(patch, 'squash');
export const endEdit = (): void => editorStore.getState().settle();

/** `''` → undefined (the field is omitted), a number → the number, anything else stays text so validation can say why. */
export function parseNumber(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

export const parseText = (text: string): string | undefined => (text === '' ? undefined : text);

export const parseList = (text: string): string[] | undefined => {
  const items = text.split(/[\s,]+/).filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
};
