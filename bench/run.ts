// `npm run bench`: every benchmark, one table each. Numbers, not pass/fail.
// `npm run bench -- --check`: only the budgets in bench/budgets.ts; exits 1 when one is missed.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkBudgets } from './budgets.ts';
import { benchApp } from './app.ts';
import { benchAuth } from './auth.ts';
import { benchBooking } from './booking.ts';
import { benchCall } from './call.ts';
import { benchChat } from './chat.ts';
import { benchJwt } from './jwt.ts';
import { benchPwa } from './pwa.ts';
import { benchRealtime } from './realtime.ts';
import { benchRealtimeChanges } from './realtime-changes.ts';
import { benchRealtimeFairness } from './realtime-fairness.ts';
import { benchRestLatency } from './rest-latency.ts';
import { benchScale } from './scale.ts';
import { benchStackStart } from './stack-start.ts';
import { benchStorage } from './storage.ts';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
if (values.check) {
  const rows = await checkBudgets();
  if (process.env.HC_BUDGET_REPORT) writeFileSync(process.env.HC_BUDGET_REPORT, JSON.stringify(rows));
  console.log('Budgets (npm run bench -- --check):');
  console.table(rows.map(({ met, ...row }) => ({ ...row, result: met ? 'met' : 'MISSED' })));
  const missed = rows.filter((row) => !row.met);
  if (missed.length)
    console.error(`${missed.length} budget(s) missed: ${missed.map((row) => row.budget).join('; ')}.`);
  process.exit(missed.length ? 1 : 0);
}

console.log('Stack start-up (2 cores):');
console.table(await benchStackStart());
console.log('REST read latency, gateway vs direct PostgREST:');
console.table(await benchRestLatency());
console.log('Token verification, ES256 user tokens vs HS256 legacy tokens:');
console.table(await benchJwt());
console.log('Booking (book-appointment function, available_slots):');
console.table(await benchBooking());
console.log(
  'Growth with the platform: 14 → 50,000 doctors, 10 → 5,000 conversations, 1k → 1M messages (p50 of 15):',
);
console.table(await benchScale());
console.log('Auth (bcrypt cost 10 on worker threads):');
console.table(await benchAuth());
console.log('Storage throughput (through the gateway) vs a plain file copy:');
console.table(await benchStorage());
console.log('Realtime: broadcast fan-out vs Socket.IO, Postgres changes to RLS-checked subscribers:');
console.table(await benchRealtime());
console.log(
  'Realtime postgres_changes: 100 RLS-checked subscribers; 100 on their own conversation at 10/s and 50/s:',
);
console.table(await benchRealtimeChanges());
console.log(
  "Realtime fairness: a patient's chat delivery while another user holds 500 subscriptions (target p99 < 200 ms):",
);
console.table(await benchRealtimeFairness());
console.log('Chat (production build in headless Chromium): send → render, thread load with 1,000 messages:');
console.table(await benchChat());
console.log('Video call set-up, click on Call → connected on both sides (two Chromium contexts, loopback):');
console.table(await benchCall());
const app = await benchApp();
console.log('App (production build in headless Chromium): client JavaScript per route, gzip:');
console.table(app.routes);
console.log('Directory /doctors, cold loads: time to the first doctor card and LCP:');
console.table(app.directory);
console.log('PWA: precache, login page first vs repeat visit (service worker / HTTP cache only):');
console.table(await benchPwa());
process.exit(0);
