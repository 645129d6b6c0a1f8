import fs from 'node:fs';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));

/** The views a mediator or grid worker uses offline: their chunks are precached by the service worker. */
const OFFLINE_VIEWS = /(MyCasesView|Report\w*View)\.tsx$/;

/**
 * Fills dist/sw.js (copied from public/) with the build id and the files to precache: index.html, the
 * manifest, an icon, and the JS/CSS of the entry and of the offline views (their static imports included).
 * The map library and the charts are not precached: they are fetched when a view draws them.
 */
function swPrecache(): Plugin {
  return {
    name: 'sw-precache',
    apply: 'build',
    writeBundle() {
      type Entry = { file: string; css?: string[]; imports?: string[]; isEntry?: boolean };
      const manifest = JSON.parse(fs.readFileSync(`${outDir}/.vite/manifest.json`, 'utf8')) as Record<string, Entry>;
      const files = new Set<string>(['/index.html', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png']);
      const add = (key: string, seen = new Set<string>()) => {
        if (seen.has(key) || !manifest[key]) return;
        seen.add(key);
        files.add(`/${manifest[key].file}`);
        for (const c of manifest[key].css ?? []) files.add(`/${c}`);
        for (const k of manifest[key].imports ?? []) add(k, seen);
      };
      for (const [key, m] of Object.entries(manifest)) if (m.isEntry || OFFLINE_VIEWS.test(key)) add(key);
      const list = [...files].sort();
      const build = crypto.createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 12);
      const sw = `${outDir}/sw.js`;
      const text = fs.readFileSync(sw, 'utf8');
      fs.writeFileSync(sw, text.replace('__BUILD_ID__', build).replace('[/*__PRECACHE__*/]', JSON.stringify(list)));
    },
  };
}

// The client is served by our own server from client/dist; in development Vite proxies /api to it.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), swPrecache()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    // dist/.vite/manifest.json: which chunks each view loads (scripts/bundle-sizes.mjs reads it).
    manifest: true,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
