/** A hash of @netloom/topology's source, given to a build by vite.config.ts (files/autosave-check.ts). */
declare const __NETLOOM_CHECKS__: string | undefined;
