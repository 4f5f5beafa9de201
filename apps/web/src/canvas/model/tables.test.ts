import { describe, expect, it } from 'vitest';

import { fitRows, tablesLines, tablesSize } from './tables';
import { NORMAL_TEXT, PRESENTER_TEXT, textWidth } from './text';

describe('the kernel tables on the canvas', () => {
  it('keep a size set by the text style alone: rows of a set number of characters, a set number of rows', () => {
    const ns = tablesSize('namespace', NORMAL_TEXT);
    expect(ns.width).toBeGreaterThanOrEqual(textWidth('192.168.42.2 ee:7d:ef:e7:70:bb REACHABLE', 12));
    expect(tablesLines('namespace')).toBe(8);
    expect(tablesLines('fdb')).toBe(6);
    expect(tablesSize('fdb', NORMAL_TEXT).height).toBeLessThan(ns.height);
    // Presenter view's larger text: a larger block, for the same rows.
    expect(tablesSize('namespace', PRESENTER_TEXT).width).toBeGreaterThan(ns.width);
  });

  it('show every row that fits, or one row fewer and how many more the inspector has, or none', () => {
    expect(fitRows(['a', 'b'], 3)).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(fitRows(['a', 'b', 'c'], 3)).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    expect(fitRows(['a', 'b', 'c', 'd'], 3)).toEqual([
      { text: 'a' },
      { text: 'b' },
      { text: '+2 more (inspector)', muted: true },
    ]);
    expect(fitRows([], 3)).toEqual([{ text: 'none', muted: true }]);
  });
});
