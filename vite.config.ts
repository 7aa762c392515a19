import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import type { Plugin } from 'vite';
import { VitePWA, type VitePWAOptions } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

/** Where adapter-static writes the site (tests and benchmarks build into their own dirs). */
const buildDir = process.env.HC_BUILD_DIR ?? 'build';

/** The page background per theme (slate-50 / slate-950), as THEME_COLORS in src/lib/theme. */
const LIGHT = '#f8fafc';
const DARK = '#020617';

/** Supabase's API paths: never precached, never answered with the app shell, never cached. */
const API_PATHS = /^\/(auth|rest|realtime|storage|functions|graphql)\/v1\//;

/**
 * Web manifest and Workbox settings. The service worker caches only the app itself (and
 * avatars); appointments offline come from IndexedDB (src/lib/offline), labelled as such, so
 * the SW never answers an API or Auth request with an old response.
 */
function pwaOptions(outDir: string): Partial<VitePWAOptions> {
  return {
    outDir,
    registerType: 'prompt', // src/lib/pwa asks before a new version takes over
    injectRegister: false, // registered lazily by src/lib/pwa, via workbox-window
    includeManifestIcons: false, // globPatterns below decide what is precached
    manifest: {
      id: '/',
      name: 'Health-Connect',
      short_name: 'Health-Connect',
      description: 'Find a doctor, book a time, and consult by chat or video.',
      lang: 'en',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      orientation: 'any',
      categories: ['health', 'medical'],
      theme_color: LIGHT,
      background_color: LIGHT,
      // W3C manifest `color_scheme_dark` (w3c/manifest#1207): the colours under a dark OS theme
      // (spread in: the plugin's manifest type does not know the member yet).
      ...{ color_scheme_dark: { theme_color: DARK, background_color: DARK } },
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
      screenshots: [
        {
          src: '/screenshots/appointments-narrow.png',
          sizes: '390x844',
          type: 'image/png',
          form_factor: 'narrow',
          label: 'Your appointments on a phone',
        },
        {
          src: '/screenshots/appointments-wide.png',
          sizes: '1280x800',
          type: 'image/png',
          form_factor: 'wide',
          label: 'Your appointments on a desktop',
        },
      ],
    },
    workbox: {
      // The shell and every hashed chunk (the plugin adds the manifest); install-time images
      // (large icons, screenshots) are fetched by the browser when it installs, not by every visitor.
      globPatterns: ['**/*.{html,js,css,svg,woff2,mp3,wav}', 'icons/icon-192.png'],
      globIgnores: ['_app/version.json', 'sw.js', 'workbox-*.js'],
      // Hashed file names are their own revision.
      dontCacheBustURLsMatching: /^_app\/immutable\//,
      navigateFallback: '/200.html',
      navigateFallbackDenylist: [API_PATHS],
      inlineWorkboxRuntime: true,
      // A first visit is controlled at once, so it works offline without a reload; a new version
      // still waits for the user (skipWaiting only on their "reload" message).
      clientsClaim: true,
      skipWaiting: false,
      runtimeCaching: [
        {
          // Public avatar URLs are versioned by their path, so a cached one is never outdated.
          urlPattern: ({ url }) => url.pathname.includes('/storage/v1/object/public/avatars/'),
          handler: 'CacheFirst',
          options: {
            cacheName: 'avatars',
            // <img> without CORS gives opaque responses (status 0).
            cacheableResponse: { statuses: [0, 200] },
            expiration: { maxEntries: 60, maxAgeSeconds: 30 * 24 * 3600, purgeOnQuotaError: true },
          },
        },
      ],
    },
  };
}

/**
 * The service worker is generated from the finished site, not from the client bundle.
 * SvelteKit writes the client build to `.svelte-kit/output/client` and only afterwards, in
 * its own `buildApp` hook, has the adapter copy it to `buildDir` and render `200.html`. So
 * vite-plugin-pwa's usual `closeBundle` step (which globs the client build) is dropped and the
 * plugin's `generateSW()` runs from a `buildApp` hook placed after SvelteKit's, when every
 * file the precache lists — the fallback page included — is in `buildDir`.
 */
function serviceWorker(): Plugin[] {
  const options = pwaOptions(buildDir);
  const plugins = VitePWA(options)
    // The asset generator is unused (the icons are committed in static/).
    .filter((plugin) => plugin.name !== 'vite-plugin-pwa:pwa-assets')
    // SvelteKit has no index.html to inject into; app.html links the manifest itself.
    .map((plugin) => ({ ...plugin, transformIndexHtml: undefined }))
    .map((plugin) =>
      plugin.name === 'vite-plugin-pwa:build' ? { ...plugin, closeBundle: undefined } : plugin,
    );
  const api = plugins.find((plugin) => plugin.name === 'vite-plugin-pwa')?.api as
    { generateSW(): Promise<void> } | undefined;
  if (!api) throw new Error('vite-plugin-pwa: main plugin not found');
  const afterAdapter: Plugin = {
    name: 'health-connect:service-worker',
    apply: 'build',
    buildApp: { order: 'post', handler: () => api.generateSW() },
  };
  // `vite dev` has no service worker, but app.html links the manifest: serve it there too.
  const devManifest: Plugin = {
    name: 'health-connect:dev-manifest',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/manifest.webmanifest', (_request, response) => {
        response.setHeader('content-type', 'application/manifest+json');
        response.end(JSON.stringify(options.manifest));
      });
    },
  };
  return [...plugins, afterAdapter, devManifest];
}

export default defineConfig({
  plugins: [
    tailwindcss(),
    // SPA: static files any CDN can serve; unknown paths fall back to the app shell.
    sveltekit({
      adapter: adapter({ pages: buildDir, assets: buildDir, fallback: '200.html' }),
      // Prerendered pages link their assets from the root, like the 200.html shell served at any depth.
      paths: { relative: false },
    }),
    // After sveltekit(): its adapter hook must have run before the service worker is generated.
    ...serviceWorker(),
  ],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts', 'stack/**/*.test.ts', 'supabase/tests/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/global-setup.ts'],
  },
});
