// The PWA: what the service worker precaches (target ≤ 1 MB), and how long the login page takes
// to show its form on a first visit, on a repeat visit served by the service worker, and on a
// repeat visit with only the HTTP cache — on loopback and with 100 ms of emulated round-trip
// latency. Headless Chromium. (JS per route and the login budget are bench/app.ts.)
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { freePort } from '../tests/helpers/stack.ts';
import { buildApp } from '../tests/e2e/support/build.ts';
import { serveStatic } from '../tests/e2e/support/serve.ts';
import { percentile, round } from './lib.ts';
import { chromiumPath } from '../tests/helpers/chromium.ts';

const RUNS = 9;
const KiB = 1024;

/** The URLs in the service worker's precache manifest, as generated into sw.js. */
export function precacheUrls(swSource: string): string[] {
  return [...swSource.matchAll(/\{url:"([^"]+)",revision:/g)].map((match) => match[1]!);
}

function gzipBytes(file: string): number {
  return gzipSync(readFileSync(file)).length;
}

/** Opens `/login` in a new page and returns ms until the sign-in form is visible. */
async function timeLogin(context: BrowserContext, baseUrl: string, rttMs: number): Promise<number> {
  const page = await context.newPage();
  if (rttMs > 0) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: rttMs,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  const started = performance.now();
  await page.goto(`${baseUrl}/login`, { waitUntil: 'commit' });
  await page.getByLabel('Email').waitFor();
  const ms = performance.now() - started;
  await page.close();
  return ms;
}

async function controlled(context: BrowserContext, baseUrl: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  });
  await page.close();
}

async function visits(browser: Browser, baseUrl: string, rttMs: number) {
  const first: number[] = [];
  const repeatSw: number[] = [];
  const repeatHttp: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const fresh = await browser.newContext();
    first.push(await timeLogin(fresh, baseUrl, rttMs));
    await fresh.close();

    const withSw = await browser.newContext();
    await controlled(withSw, baseUrl);
    repeatSw.push(await timeLogin(withSw, baseUrl, rttMs));
    await withSw.close();

    const httpOnly = await browser.newContext({ serviceWorkers: 'block' });
    await timeLogin(httpOnly, baseUrl, 0);
    repeatHttp.push(await timeLogin(httpOnly, baseUrl, rttMs));
    await httpOnly.close();
  }
  const p50 = (values: number[]) => round(percentile(values, 50), 1);
  return { first: p50(first), repeatSw: p50(repeatSw), repeatHttp: p50(repeatHttp) };
}

/** What the service worker precaches from a production build in `site`: entries, raw and gzip KiB. */
export function precacheSize(site: string): { entries: number; kib: number; gzipKib: number } {
  const urls = precacheUrls(readFileSync(join(site, 'sw.js'), 'utf8'));
  const files = urls.map((url) => join(site, url));
  return {
    entries: urls.length,
    kib: round(files.reduce((sum, file) => sum + statSync(file).size, 0) / KiB, 1),
    gzipKib: round(files.reduce((sum, file) => sum + gzipBytes(file), 0) / KiB, 1),
  };
}

export async function benchPwa(): Promise<Record<string, number | string>> {
  // The login page needs no API answer to render; nothing listens on this port.
  const site = buildApp(`http://127.0.0.1:${await freePort()}`);
  const port = await freePort();
  const server = await serveStatic(site, port);
  const baseUrl = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const precache = precacheSize(site);
    const loopback = await visits(browser, baseUrl, 0);
    const slow = await visits(browser, baseUrl, 100);
    return {
      precache_entries: precache.entries,
      precache_KiB: precache.kib,
      precache_gzip_KiB: precache.gzipKib,
      'precache_≤_1_MB': precache.kib <= 1024 ? 'yes' : 'NO',
      first_visit_ms: loopback.first,
      repeat_visit_sw_ms: loopback.repeatSw,
      repeat_visit_http_cache_ms: loopback.repeatHttp,
      rtt100_first_visit_ms: slow.first,
      rtt100_repeat_visit_sw_ms: slow.repeatSw,
      rtt100_repeat_visit_http_cache_ms: slow.repeatHttp,
      // Page-load times mean little on a busy machine; this says how busy it was.
      load_average_1m: round(loadavg()[0]!, 1),
    };
  } finally {
    await browser.close();
    server.close();
    rmSync(site, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchPwa());
