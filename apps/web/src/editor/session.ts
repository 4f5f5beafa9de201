import { createStore } from 'zustand/vanilla';

import type { Fragment } from './clipboard';
import type { AddableKind } from './commands';

export type Theme = 'light' | 'dark';
export type DockTab = 'problems' | 'plan' | 'commands' | 'ping' | 'reachability';

/** What the canvas offers to panels (set by the canvas while it is mounted). */
export type CanvasApi = {
  fitView(): void;
  focus(id: string): void;
  exportImage(format: 'svg' | 'png'): Promise<void>;
  autoLayout(): Promise<void>;
  selectAll(): void;
  /** Adds a node in a free spot (a device goes into the selected box); returns its id. */
  add(kind: AddableKind): string | undefined;
};

/** Session state: not undoable, not persisted with the document (theme excepted, in localStorage). */
export type SessionState = {
  readonly selected: readonly string[];
  readonly clipboard: Fragment | null;
  readonly theme: Theme;
  readonly dock: DockTab;
  readonly canvasApi: CanvasApi | null;
  /** A refused connection's reason, shown at the pointer for a moment. */
  readonly notice: { readonly text: string; readonly x: number; readonly y: number; readonly at: number } | null;
  select(ids: readonly string[]): void;
  set(patch: Partial<Omit<SessionState, 'select' | 'set'>>): void;
};

const initialTheme = (): Theme => {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('netloom.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
};

export const sessionStore = createStore<SessionState>()((set) => ({
  selected: [],
  clipboard: null,
  theme: initialTheme(),
  dock: 'problems',
  canvasApi: null,
  notice: null,
  select: (ids) => set({ selected: ids }),
  set: (patch) => set(patch),
}));
