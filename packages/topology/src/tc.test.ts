import { impairSpec } from './impair';
import type { Step } from './step';
import { describe, expect, it } from 'vitest';

import { batchLine, renderCommand, summarize } from './commands';

const set = (i: Parameters<typeof impairSpec>[0]): Step => ({
  op: 'qdisc.set',
  netns: 'red',
  object: 'l',
  ifname: 'v0',
  impair: impairSpec(i),
});

describe('qdisc steps', () => {
  it('render one tc command as argv, in the namespace, with netloom handle', () => {
    const step = set({ delayMs: 50, jitterMs: 10, lossPercent: 1, duplicatePercent: 0.5, reorderPercent: 25 });
    expect(renderCommand(step)).toEqual(
      'ip netns exec red tc qdisc replace dev v0 root handle 4e4c: netem delay 50ms 10ms loss 1% duplicate 0.5% reorder 25%'.split(
        ' ',
      ),
    );
    expect(batchLine(step)).toBe(renderCommand(step).slice(1).join(' '));
    expect(summarize(step)).toBe('impair v0 (red): 50 ms ± 10 ms · 1% loss · 0.5% dup · 25% reorder');
  });

  it('use netem with its own rate beside the rest, and tbf for a rate alone', () => {
    expect(
      renderCommand(set({ lossPercent: 100, rateKbit: 1000 }))
        .slice(5)
        .join(' '),
    ).toBe('qdisc replace dev v0 root handle 4e4c: netem loss 100% rate 1000kbit');
    expect(
      renderCommand(set({ rateKbit: 1000 }))
        .slice(5)
        .join(' '),
    ).toBe('qdisc replace dev v0 root handle 4e4c: tbf rate 1000kbit burst 16384 latency 100ms');
    expect(
      renderCommand(set({ rateKbit: 1_000_000 }))
        .slice(5)
        .join(' '),
    ).toBe('qdisc replace dev v0 root handle 4e4c: tbf rate 1000000kbit burst 1250000 latency 100ms');
    expect(renderCommand(set({ delayMs: 12345.678 })).at(-1)).toBe('12345.7ms');
  });

  it('delete the root qdisc only', () => {
    const del: Step = { op: 'qdisc.del', netns: 'red', object: 'l', ifname: 'v0' };
    expect(renderCommand(del).join(' ')).toBe('ip netns exec red tc qdisc del dev v0 root');
    expect(summarize(del)).toBe('remove the impairments of v0 (red)');
  });
});
