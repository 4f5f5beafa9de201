import type { Step } from '@netloom/topology';

/** Where a plan's commands made changes: the root namespace (null) and named namespaces. */
export type Touched = { readonly root: boolean; readonly names: ReadonlySet<string> };

/**
 * Every namespace a step runs in or reaches: its own `netns`, and any other a field of it names
 * (the peer of a veth made from elsewhere, a device moved). Read generically from the step, so
 * a new kind of step cannot be missed; `netns add` and `netns del` run in the root namespace.
 */
export function namespacesTouched(steps: readonly Step[]): Touched {
  let root = false;
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if (key === 'netns' && v === null) root = true;
      else if (key === 'netns' && typeof v === 'string') names.add(v);
      else visit(v);
    }
  };
  steps.forEach(visit);
  return { root, names };
}
