import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// `npm run dev -w @sinergi/web` serves the app with hot reload and sends /api to a running API
// (SINERGI_API, default http://127.0.0.1:8080). The production build is served by the API itself.
/**
 * packages/shared is plain declarations (enums, zod schemas, strings), so a page that imports one
 * constant from it need not carry the rest. Saying so lets Rollup drop the unused schemas, and zod
 * with them, from the main bundle; the pages that validate forms still get them.
 */
const sharedHasNoSideEffects = {
  name: 'sinergi-shared-has-no-side-effects',
  transform(_code, id) {
    return id.includes('/packages/shared/src/') ? { moduleSideEffects: false } : null;
  },
};

export default defineConfig({
  plugins: [react(), sharedHasNoSideEffects],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks each page loads (the JavaScript budget test reads it).
    manifest: true,
    rollupOptions: {
      // The app, the field report page (a small page of its own that works offline, src/offline), its
      // service worker, which must be served from the root (/sw.js) to control /field.html, and the
      // public report page (src/public, served at /lapor).
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        field: fileURLToPath(new URL('./field.html', import.meta.url)),
        lapor: fileURLToPath(new URL('./lapor.html', import.meta.url)),
        sw: fileURLToPath(new URL('./src/offline/sw.ts', import.meta.url)),
      },
      // zod's sources carry /* @__PURE__ */ comments where Rollup cannot use them; harmless noise.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        // Libraries change less often than the app: separate files stay cached across releases.
        manualChunks(id) {
          if (!id.includes('/node_modules/')) return undefined;
          if (/\/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (id.includes('/node_modules/react-router')) return 'router';
          if (/\/node_modules\/(@mantine|@floating-ui)\//.test(id)) return 'mantine';
          if (id.includes('/node_modules/@tanstack/')) return 'query';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: process.env.SINERGI_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
