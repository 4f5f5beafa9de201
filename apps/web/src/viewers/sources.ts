import type { PresenterView } from '@netloom/protocol';

/**
 * Extension points for what the presenter's other panels know: the Lessons panel (the lesson
 * and step shown), the step-through apply (its progress) and the lesson's check results. A
 * panel registers a source once; the presenter's page then sends its value to the viewers on
 * every change, and a viewer's page sets it to what the presenter shows. Until a panel
 * registers, the value is null (or no checks) and viewers show what the document alone says.
 */
export type FollowedValues = {
  readonly lesson: PresenterView['lesson'];
  readonly stepThrough: PresenterView['stepThrough'];
  readonly checks: PresenterView['checks'];
};

export type FollowedSource<T> = {
  /** The current value on this page. */
  get(): T;
  /** Calls `listener` after each change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /** On a viewer's page: show the presenter's value (absent: the viewer shows it itself, see ViewerBar). */
  set?(value: T): void;
};

const sources: { [K in keyof FollowedValues]?: FollowedSource<FollowedValues[K]> } = {};
const changed = new Set<() => void>();
const notify = () => {
  for (const listener of changed) listener();
};

/** Registers a panel's value (once, at module load or when the panel's store is made). */
export function registerFollowedSource<K extends keyof FollowedValues>(
  key: K,
  source: FollowedSource<FollowedValues[K]>,
): void {
  (sources as Record<K, FollowedSource<FollowedValues[K]>>)[key] = source;
  source.subscribe(notify);
  notify();
}

/** The values this page has now (the presenter's page sends them). */
export function followedValues(): FollowedValues {
  return {
    lesson: sources.lesson?.get() ?? null,
    stepThrough: sources.stepThrough?.get() ?? null,
    checks: sources.checks?.get() ?? [],
  };
}

/** Calls `listener` whenever any registered source changes (or a source is registered). */
export function subscribeFollowed(listener: () => void): () => void {
  changed.add(listener);
  return () => changed.delete(listener);
}

/** On a viewer's page: hands each registered panel the presenter's value. */
export function setFollowed(values: FollowedValues): void {
  sources.lesson?.set?.(values.lesson);
  sources.stepThrough?.set?.(values.stepThrough);
  sources.checks?.set?.(values.checks);
}
