// The staff console's build (docs/console.md). JSX goes through Vite's own oxc transform (automatic
// runtime), so no React plugin is needed; the bundle is served by the API at `/` (R-UI-1).
// Run from the repository root with `npm run build:console` (root: web/).
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be one more script; every browser the console supports has modulepreload.
    modulePreload: { polyfill: false },
    // Small assets stay files: data: URLs in CSS are fine, but images and fonts cache better as files.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    rolldownOptions: {
      // React Server Components' "use client" marks mean nothing in a client-only bundle.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/console': 'http://127.0.0.1:3000' } },
});
