/** Expected failures are values; exceptions are for bugs. */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** Ends every exhaustive `switch`: adding a union member breaks the build until it is handled. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/**
 * `T` with its fields writable: for a value built field by field in hot, cold-started code, where
 * `...(cond && { field })` would allocate and copy an object per field. Returned as `T`.
 */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
