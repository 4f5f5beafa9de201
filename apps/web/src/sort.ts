/**
 * Orders strings by their UTF-16 code units, as `Array.prototype.sort` does by default.
 *
 * Why not `localeCompare`: its first call builds the default locale's collator, about 20 ms of a
 * page load (bench:web); and an order that depends on the browser's language would lay the same
 * document out differently for two people. Ids, file names and kernel names are ASCII anyway.
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
