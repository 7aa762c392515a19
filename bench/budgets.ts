// The budgets `npm run bench -- --check` holds the project to: the cheap, steady measurements
// (bytes a browser downloads, what the service worker precaches, how long the stack takes to
// start again), not the timing benchmarks a busy machine swings. A missed budget exits non-zero,
// so CI fails on it; `npm test` runs this check after the test tiers.
import { routesJs } from './app.ts';
import { precacheSize } from './pwa.ts';
import { withSite } from './site.ts';
import { benchStackStart } from './stack-start.ts';

export interface BudgetRow {
  budget: string;
  measured: number;
  limit: number;
  unit: string;
  met: boolean;
}

/**
 * Client JavaScript per route, gzip KiB, on a cold load. `/login` holds the budget; the
 * other routes hold today's size plus about 10 % so that growth is a decision, not an accident.
 */
export const ROUTE_JS_BUDGET_KIB: Record<string, number> = {
  // The budget was 100 KiB; with supabase-js loaded on first use the page needs about 52.
  '/login': 60,
  '/signup': 135,
  '/doctors': 120,
  '/doctors/[id]': 160,
  '/appointments': 135,
  '/profile': 160,
  '/dashboard': 135,
  '/availability': 160,
};
export const PRECACHE_BUDGET_KIB = 1024;
export const WARM_START_BUDGET_S = 3;
export const COLD_START_BUDGET_S = 15;

function row(budget: string, measured: number, limit: number, unit: string): BudgetRow {
  return { budget, measured, limit, unit, met: measured <= limit };
}

/** Measures every budgeted figure once and says which are met. */
export async function checkBudgets(): Promise<BudgetRow[]> {
  const rows: BudgetRow[] = [];
  const start = await benchStackStart(1);
  rows.push(row('stack cold start', start.cold_start_s_median!, COLD_START_BUDGET_S, 's'));
  rows.push(row('stack warm start', start.warm_start_s_median!, WARM_START_BUDGET_S, 's'));
  await withSite(async (site) => {
    const routes = await routesJs(site);
    for (const [route, limit] of Object.entries(ROUTE_JS_BUDGET_KIB)) {
      const measured = routes[route];
      if (!measured) throw new Error(`The route ${route} has a budget but was not measured.`);
      rows.push(row(`client JS ${route} (gzip)`, measured.js_kib_gzip, limit, 'KiB'));
    }
    const unbudgeted = Object.keys(routes).filter((route) => !(route in ROUTE_JS_BUDGET_KIB));
    if (unbudgeted.length) throw new Error(`Measured routes without a budget: ${unbudgeted.join(', ')}.`);
    rows.push(row('PWA precache', precacheSize(site.buildDir).kib, PRECACHE_BUDGET_KIB, 'KiB'));
  });
  return rows;
}
