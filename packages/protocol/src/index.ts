export * from './agent';
export * from './client';
export * from './codec';
export * from './common';
export * from './errors';
export * from './examples';
export * from './results';
export * from './version';
