/** Test helpers for `@netloom/topology` and its users (`@netloom/topology/testing`). */
export * from './arbitraries';
export * from './builders';
export * from './edits';
export * from './simulate';
export * from './snapshots';
