/** Keyboard shortcuts as menus show them (`label`) and announce them (aria-keyshortcuts). */
export const SHORTCUT = {
  undo: { label: 'Ctrl+Z', aria: 'Control+Z' },
  redo: { label: 'Ctrl+Shift+Z', aria: 'Control+Shift+Z' },
  copy: { label: 'Ctrl+C', aria: 'Control+C' },
  paste: { label: 'Ctrl+V', aria: 'Control+V' },
  delete: { label: 'Del', aria: 'Delete' },
  selectAll: { label: 'Ctrl+A', aria: 'Control+A' },
  fit: { label: 'F', aria: 'F' },
  presenter: { label: 'P', aria: 'P' },
  lessons: { label: 'L', aria: 'L' },
} as const;
