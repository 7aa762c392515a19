// The whole product for a browser benchmark: a local stack with the demo seed on free ports, a
// production build of the app served as static files, a database connection to arrange data,
// and headless Chromium. Everything is torn down afterwards, whatever the benchmark did.
import { chromium, type Browser } from '@playwright/test';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { buildApp } from '../tests/e2e/support/build.ts';
import { serveStatic } from '../tests/e2e/support/serve.ts';
import { freePort, startStack, stopStack, testStackOptions } from '../tests/helpers/stack.ts';
import { chromiumPath } from '../tests/helpers/chromium.ts';

export interface Site {
  baseUrl: string;
  db: pg.Client;
  browser: Browser;
  /** The production build being served (its sw.js, chunks and manifest). */
  buildDir: string;
}

/** Runs `measure` against a fresh stack and build, and cleans both up. */
export async function withSite<T>(measure: (site: Site) => Promise<T>): Promise<T> {
  const stack = await testStackOptions();
  await startStack(stack);
  const buildDir = buildApp(stack.apiUrl);
  const port = await freePort();
  const server = await serveStatic(buildDir, port);
  const db = new pg.Client({ connectionString: stack.dbUrl() });
  await db.connect();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    return await measure({ baseUrl: `http://127.0.0.1:${port}`, db, browser, buildDir });
  } finally {
    await browser.close();
    await db.end();
    await new Promise((done) => server.close(done));
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
}
