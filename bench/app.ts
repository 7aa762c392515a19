// The app as a visitor meets it: a production build in headless Chromium against a local stack
// with the demo seed. JS per route: every script a cold load of the route fetches (entry, the
// route's nodes and whatever they import), gzip-compressed as a CDN would serve it. Directory:
// from navigation start to the first doctor card on screen, and the page's largest contentful
// paint, over fresh browser contexts (empty cache, no service worker).
import { type Browser, type BrowserContext } from '@playwright/test';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import { createDoctor, DEMO_PASSWORD, type E2eUser } from '../tests/e2e/support/fixtures.ts';
import { percentile, round } from './lib.ts';
import { withSite, type Site } from './site.ts';

const DIRECTORY_LOADS = 15;
/** The budgets from the issue. */
export const LOGIN_JS_BUDGET_KIB = 100;
export const FIRST_CARD_BUDGET_MS = 1000;

type Login = { email: string; password: string };

/** A context with the user's session already stored, so the route itself is the first load. */
async function contextFor(browser: Browser, baseUrl: string, user: Login | null): Promise<BrowserContext> {
  const options = { baseURL: baseUrl, serviceWorkers: 'block' as const };
  if (!user) return browser.newContext(options);
  const login = await browser.newContext(options);
  const page = await login.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  const storageState = await login.storageState();
  await login.close();
  return browser.newContext({ ...options, storageState });
}

/** Gzip bytes of every script a cold load of `path` fetches, and how many files that is. */
async function routeJs(browser: Browser, baseUrl: string, path: string, user: Login | null, ready: string) {
  const context = await contextFor(browser, baseUrl, user);
  const page = await context.newPage();
  const scripts = new Map<string, Promise<number>>();
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith(baseUrl) || !/\.m?js(\?|$)/.test(url) || scripts.has(url)) return;
    scripts.set(
      url,
      response.body().then((body) => gzipSync(body, { level: 9 }).length),
    );
  });
  await page.goto(path);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  const sizes = await Promise.all(scripts.values());
  await context.close();
  if (process.env.HC_BENCH_VERBOSE) {
    const urls = [...scripts.keys()];
    const rows = sizes.map((size, index) => ({
      file: urls[index]!.slice(baseUrl.length),
      kib: round(size / 1024, 1),
    }));
    console.log(path);
    console.table(rows.sort((a, b) => b.kib - a.kib));
  }
  return { js_kib_gzip: round(sizes.reduce((sum, size) => sum + size, 0) / 1024, 1), files: sizes.length };
}

/** One cold load of the directory: ms to the first card, and LCP in ms. */
async function directoryLoad(browser: Browser, baseUrl: string) {
  const context = await browser.newContext({ baseURL: baseUrl, serviceWorkers: 'block' });
  await context.addInitScript(() => {
    const marks = { firstCard: NaN, lcp: NaN };
    Object.assign(window, { benchMarks: marks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) marks.lcp = entry.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-testid="doctor-card"]')) {
        // The card is in the DOM; the next frame is when it is painted.
        requestAnimationFrame(() => (marks.firstCard = performance.now()));
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto('/doctors');
  await page.getByTestId('doctor-card').first().waitFor();
  // LCP is final once the page has settled; a short pause lets the last candidate arrive.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(200);
  const marks = await page.evaluate(
    () => (window as unknown as { benchMarks: { firstCard: number; lcp: number } }).benchMarks,
  );
  await context.close();
  return marks;
}

/** The routes whose client JavaScript is measured: path to load, who is signed in, what marks it ready. */
async function routeList(db: Site['db']) {
  const doctor: E2eUser = await createDoctor(db);
  const patient: Login = { email: 'patient1@demo.health-connect.local', password: DEMO_PASSWORD };
  return [
    ['/login', '/login', null, 'form'],
    ['/signup', '/signup', null, 'form'],
    ['/doctors', '/doctors', null, '[data-testid="doctor-card"]'],
    ['/doctors/[id]', `/doctors/${doctor.id}`, patient, 'input[name="slot"]'],
    ['/appointments', '/appointments', patient, '[data-testid="appointment"]'],
    ['/profile', '/profile', patient, '#date_of_birth'],
    ['/dashboard', '/dashboard', doctor, '[data-testid="pending"]'],
    ['/availability', '/availability', doctor, '[data-testid="weekday-1"]'],
  ] as const;
}

/** Client JavaScript of every measured route, gzip KiB and file count. */
export async function routesJs({
  baseUrl,
  db,
  browser,
}: Site): Promise<Record<string, { js_kib_gzip: number; files: number }>> {
  const routes: Record<string, { js_kib_gzip: number; files: number }> = {};
  for (const [route, path, user, ready] of await routeList(db)) {
    routes[route] = await routeJs(browser, baseUrl, path, user, ready);
  }
  return routes;
}

export async function benchApp(): Promise<{
  routes: Record<string, { js_kib_gzip: number; files: number }>;
  directory: Record<string, number | string>;
}> {
  return withSite(async (site) => {
    const { baseUrl, browser } = site;
    const routes = await routesJs(site);

    // One warm-up load (the stack's first queries plan and cache), then measured cold loads.
    await directoryLoad(browser, baseUrl);
    const firstCard: number[] = [];
    const lcp: number[] = [];
    for (let i = 0; i < DIRECTORY_LOADS; i++) {
      const marks = await directoryLoad(browser, baseUrl);
      firstCard.push(marks.firstCard);
      lcp.push(marks.lcp);
    }
    const login = routes['/login']!.js_kib_gzip;
    return {
      routes,
      directory: {
        loads: DIRECTORY_LOADS,
        // Other work on the machine slows every load; the figure says how busy it was.
        machine_load_1m: round(loadavg()[0]!, 1),
        first_card_p50_ms: round(percentile(firstCard, 50), 0),
        first_card_p90_ms: round(percentile(firstCard, 90), 0),
        lcp_p50_ms: round(percentile(lcp, 50), 0),
        lcp_p90_ms: round(percentile(lcp, 90), 0),
        first_card_target: `< ${FIRST_CARD_BUDGET_MS} ms: ${percentile(firstCard, 90) < FIRST_CARD_BUDGET_MS ? 'met' : 'MISSED'}`,
        login_js_target: `≤ ${LOGIN_JS_BUDGET_KIB} KiB: ${login <= LOGIN_JS_BUDGET_KIB ? 'met' : 'MISSED'}`,
      },
    };
  });
}

// `node bench/app.ts` runs this benchmark alone.
if (import.meta.main) {
  const { routes, directory } = await benchApp();
  console.log('Client JavaScript per route (cold load, gzip -9):');
  console.table(routes);
  console.log('Directory /doctors, cold loads in headless Chromium:');
  console.table(directory);
  process.exit(0);
}
