/** `obj` with `key` set to `value`, or without `key` when `value` is undefined (exactOptionalPropertyTypes). */
export function withField<T extends object, K extends string>(obj: T, key: K, value: unknown): T {
  const out = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out as T;
}

/** A field of any document object, read loosely (the inspector renders by field name). */
export function fieldOf(obj: object, key: string): unknown {
  return (obj as Record<string, unknown>)[key];
}
