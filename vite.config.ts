import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    tailwindcss(),
    // SPA: static files any CDN can serve; unknown paths fall back to the app shell.
    sveltekit({
      adapter: adapter({
        pages: process.env.HC_BUILD_DIR ?? 'build',
        assets: process.env.HC_BUILD_DIR ?? 'build',
        fallback: '200.html',
      }),
    }),
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
