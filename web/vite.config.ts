// Builds the app into dist/, which `ly serve --web-root web/dist` serves. The dev server proxies the API and the
// WebSocket to a `ly serve` on LY_API (default :8080), so `npm run dev` works against the real backend.
import { defineConfig } from 'vitest/config';
import { VitePWA } from 'vite-plugin-pwa';

const api = process.env.LY_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { target: 'es2022', sourcemap: false, assetsInlineLimit: 0 },
  server: {
    proxy: {
      '/api': { target: api },
      '/ws': { target: api, ws: true },
    },
  },
  plugins: [
    VitePWA({
      // The CSP allows no inline script: registerSW.js is a file of its own, loaded by a <script src>.
      injectRegister: 'script',
      registerType: 'autoUpdate',
      strategies: 'generateSW',
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Learning Yogi Timetables',
        short_name: 'Timetables',
        description: 'Turn a timetable document into a week you can use.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f5f6fb',
        theme_color: '#3b3fb6',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The app shell is precached; every route falls back to index.html offline. The API is never cached by
        // the service worker: timetables kept for offline use live in IndexedDB, read by the app itself.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/ws/],
      },
    }),
  ],
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
