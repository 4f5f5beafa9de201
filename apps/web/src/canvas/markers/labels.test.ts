import { describe, expect, it } from 'vitest';

import { labelledPills, type Pill } from './labels';

/** A "VNI 42 · UDP 4789" pill at 12 px: about 150 wide, 23 high; bare, 23 wide. */
const pill = (x: number, y = 0): Pill => ({ x, y, width: 150, bareWidth: 23, height: 23 });

describe('labelledPills', () => {
  it('labels only the leading marker of a bunch on one line', () => {
    expect(labelledPills([pill(300), pill(290), pill(280), pill(270)], 4)).toEqual([true, false, false, false]);
  });

  it('labels every marker when they are a pill and a gap apart', () => {
    expect(labelledPills([pill(400), pill(240), pill(80)], 4)).toEqual([true, true, true]);
  });

  it('keeps a label off a bare marker behind the leader, not only off the leader', () => {
    // 155 behind the leader: its label clears the leader's pill (75 + 4 + 75 apart), but not the
    // bare marker 70 behind the leader.
    expect(labelledPills([pill(300), pill(230), pill(145)], 4)).toEqual([true, false, false]);
    // Alone behind the leader at the same distance, it is labelled.
    expect(labelledPills([pill(300), pill(145)], 4)).toEqual([true, true]);
  });

  it('stacks labels on a vertical line, where pills one above the other do not meet', () => {
    expect(labelledPills([pill(0, 100), pill(0, 70), pill(0, 40), pill(0, 35)], 4)).toEqual([true, true, true, false]);
  });

  it('gives the label to the first marker when two cross going opposite ways', () => {
    expect(labelledPills([pill(200), pill(210)], 4)).toEqual([true, false]);
    expect(labelledPills([pill(210), pill(200)], 4)).toEqual([true, false]);
  });

  it('labels nothing when there is nothing', () => {
    expect(labelledPills([], 4)).toEqual([]);
  });
});
