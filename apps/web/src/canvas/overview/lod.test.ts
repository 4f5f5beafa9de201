import { describe, expect, it } from 'vitest';

import { DETAIL_ZOOM, drawsOverview, OVERVIEW_FRAMES } from './lod';

describe('drawsOverview (which views are painted into one canvas)', () => {
  const large = { presenter: false, exporting: false, frames: 330 };

  it('is the overview below the zoom where canvas text is readable, the DOM from it up', () => {
    expect(drawsOverview(0.11, large)).toBe(true);
    expect(drawsOverview(DETAIL_ZOOM - 0.001, large)).toBe(true);
    expect(drawsOverview(DETAIL_ZOOM, large)).toBe(false);
    expect(drawsOverview(1, large)).toBe(false);
  });

  it('is never the overview for a small drawing, in presenter view or while exporting (the export renders the DOM)', () => {
    expect(drawsOverview(0.05, { ...large, frames: OVERVIEW_FRAMES - 1 })).toBe(false);
    expect(drawsOverview(0.05, { ...large, frames: OVERVIEW_FRAMES })).toBe(true);
    expect(drawsOverview(0.05, { ...large, presenter: true })).toBe(false);
    expect(drawsOverview(0.05, { ...large, exporting: true })).toBe(false);
  });
});
