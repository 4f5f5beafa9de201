import { createStore } from 'zustand/vanilla';

import type { Fragment } from './clipboard';
import type { AddableKind } from './commands';

export type Theme = 'light' | 'dark';
export type DockTab = 'problems' | 'plan' | 'step' | 'commands' | 'ping' | 'reachability' | 'packets';
/** The panels around the canvas that fold away (their state is kept in localStorage). */
export type PanelName = 'palette' | 'inspector' | 'dock';
export type Folded = Readonly<Record<PanelName, boolean>>;

/** What the canvas offers to panels (set by the canvas while it is mounted). */
export type CanvasApi = {
  fitView(): void;
  focus(id: string): void;
  exportImage(format: 'svg' | 'png'): Promise<void>;
  autoLayout(): Promise<void>;
  selectAll(): void;
  /** Adds a node in a free spot (a device goes into the selected box); returns its id. */
  add(kind: AddableKind): string | undefined;
  /** Pans and zooms to a viewport (a viewer follows the presenter's). */
  setViewport(viewport: Viewport): void;
  /**
   * Something floating over the canvas changed size (the legend grew a row for packets): a view
   * still fitted to the whole drawing is fitted again, clear of it.
   */
  overlayResized(): void;
};

/** Where the canvas looks: React Flow's pan (px) and zoom. */
export type Viewport = { readonly x: number; readonly y: number; readonly zoom: number };

/** Session state: not undoable, not persisted with the document (theme excepted, in localStorage). */
export type SessionState = {
  readonly selected: readonly string[];
  readonly clipboard: Fragment | null;
  readonly theme: Theme;
  readonly dock: DockTab;
  readonly folded: Folded;
  readonly minimap: boolean;
  /** Presenter view: panels hidden, every canvas text at least 18 px, high contrast. */
  readonly presenter: boolean;
  /** The kernel's tables in each namespace, bridge and VXLAN frame on the canvas (View menu). */
  readonly tablesOverlay: boolean;
  readonly canvasApi: CanvasApi | null;
  /** Where the canvas came to rest after the last pan or zoom (the presenter may share it). */
  readonly viewport: Viewport | null;
  /** A viewer's page: the drawing follows the presenter and cannot be edited, dragged or selected. */
  readonly readOnly: boolean;
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

const FOLDED_KEY = 'netloom.folded';
const initialFolded = (): Folded => {
  const none: Folded = { palette: false, inspector: false, dock: false };
  try {
    const saved: unknown = JSON.parse(
      (typeof localStorage === 'undefined' ? null : localStorage.getItem(FOLDED_KEY)) ?? 'null',
    );
    if (typeof saved !== 'object' || saved === null) return none;
    const get = (k: PanelName) => (saved as Record<string, unknown>)[k] === true;
    return { palette: get('palette'), inspector: get('inspector'), dock: get('dock') };
  } catch {
    return none;
  }
};

/** Folds or unfolds a panel, and remembers it. */
export function setFolded(panel: PanelName, folded: boolean): void {
  const next = { ...sessionStore.getState().folded, [panel]: folded };
  localStorage.setItem(FOLDED_KEY, JSON.stringify(next));
  sessionStore.getState().set({ folded: next });
}

/** Shows a dock tab, unfolding the dock if it was folded (a plan asked for is shown). */
export function showDock(tab: DockTab): void {
  if (sessionStore.getState().folded.dock) setFolded('dock', false);
  sessionStore.getState().set({ dock: tab });
}

export function setTheme(theme: Theme): void {
  localStorage.setItem('netloom.theme', theme);
  sessionStore.getState().set({ theme });
}

export const sessionStore = createStore<SessionState>()((set) => ({
  selected: [],
  clipboard: null,
  theme: initialTheme(),
  dock: 'problems',
  folded: initialFolded(),
  minimap: false,
  presenter: false,
  tablesOverlay: false,
  canvasApi: null,
  viewport: null,
  readOnly: false,
  notice: null,
  select: (ids) => set({ selected: ids }),
  set: (patch) => set(patch),
}));
