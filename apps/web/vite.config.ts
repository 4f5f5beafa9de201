import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Builds to apps/web/dist, which the agent serves on the same origin as `/ws`. In dev, Vite
 * proxies `/ws` to a local agent so the token and origin checks see one origin.
 */
export default defineConfig({
  plugins: [react()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: {
    // examples/*.yaml live at the repository root.
    fs: { allow: ['../..'] },
    proxy: { '/ws': { target: 'ws://127.0.0.1:7878', ws: true } },
  },
});
