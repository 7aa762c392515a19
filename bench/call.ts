// Video call set-up time: from the doctor's click on "Call" until both sides show "connected",
// over CALLS calls between two Chromium contexts with fake camera and microphone on loopback,
// against a fresh stack and a production build of the app.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../tests/e2e/support/build.ts';
import { serveStatic } from '../tests/e2e/support/serve.ts';
import { freePort, startStack, stopStack, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';
import { chromiumPath } from '../tests/helpers/chromium.ts';

const CALLS = 20;
const CHROMIUM = chromiumPath();
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

interface Person {
  id: string;
  email: string;
  password: string;
}

/** A user as Auth stores one (bcrypt cost 4: sign-in speed is not what is measured here). */
async function person(db: pg.Client, role: 'doctor' | 'patient'): Promise<Person> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@bench.health-connect.local`;
  const password = `Pw-${id.slice(0, 12)}`;
  const meta = { role, full_name: `Bench ${role}`, specialization: 'cardiology', time_zone: 'UTC' };
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token,
       email_change_token_new, email_change)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
       extensions.crypt($3, extensions.gen_salt('bf', 4)), now(), '{"provider":"email","providers":["email"]}',
       $4, now(), now(), '', '', '', '')`,
    [id, email, password, JSON.stringify(meta)],
  );
  await db.query(
    `insert into auth.identities (id, user_id, provider_id, provider, identity_data, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'email', $3, now(), now())`,
    [id, id, JSON.stringify({ sub: id, email })],
  );
  return { id, email, password };
}

/**
 * Each page notes (in its own clock, which is the machine's) when the doctor clicked "Call" and
 * when its status line first said "connected"; the patient's page answers a ring at once, as a
 * person with the app open would.
 */
function instrument(answer: boolean): void {
  const marks = { clickedAt: 0, connectedAt: 0 };
  (window as unknown as { __marks: typeof marks }).__marks = marks;
  addEventListener(
    'click',
    (event) => {
      if ((event.target as HTMLElement).textContent?.trim().startsWith('Call')) marks.clickedAt = Date.now();
    },
    true,
  );
  new MutationObserver(() => {
    const phase = document.querySelector('[data-testid="call-status"]')?.getAttribute('data-phase');
    if (phase === 'connected' && !marks.connectedAt) marks.connectedAt = Date.now();
    if (phase !== 'connected') marks.connectedAt = 0;
    const accept = [...document.querySelectorAll('dialog[open] button')].find(
      (button) => button.textContent?.trim() === 'Accept',
    );
    if (answer && accept instanceof HTMLButtonElement) accept.click();
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

async function signedIn(
  browser: Browser,
  baseURL: string,
  user: Person,
  path: string,
  answer = false,
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await context.addInitScript(instrument, answer);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto(path);
  return page;
}

const marks = (page: Page) =>
  page.evaluate(() => (window as unknown as { __marks: { clickedAt: number; connectedAt: number } }).__marks);

async function phase(page: Page, value: string): Promise<void> {
  await page.locator(`[data-testid="call-status"][data-phase="${value}"]`).waitFor({ timeout: 20_000 });
}

async function measureCalls(baseURL: string, dbUrl: string): Promise<{ setups: number[]; first: number }> {
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  let appointment: string;
  let doctor: Person;
  let patient: Person;
  try {
    doctor = await person(db, 'doctor');
    patient = await person(db, 'patient');
    const { rows } = await db.query<{ id: string }>(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() - interval '5 minutes', now() + interval '235 minutes', 'scheduled', 'video')
       returning id`,
      [doctor.id, patient.id],
    );
    appointment = rows[0]!.id;
  } finally {
    await db.end();
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const d = await signedIn(browser, baseURL, doctor, `/call/${appointment}`);
    // The patient waits on another page; the incoming-call dialog brings them to the call.
    const p = await signedIn(browser, baseURL, patient, '/appointments', true);
    const setups: number[] = [];
    let first = 0;
    for (let i = 0; i < CALLS + 1; i++) {
      const button = d.getByRole('button', { name: i === 0 ? 'Call' : 'Call again', exact: true });
      await button.and(d.locator(':enabled')).waitFor();
      await button.click();
      await Promise.all([phase(d, 'connected'), phase(p, 'connected')]).catch(async (error: unknown) => {
        const say = async (page: Page) =>
          `${page.url()} ${await page
            .locator('[data-testid="call-status"]')
            .textContent()
            .catch(() => '-')}`;
        throw new Error(`call ${i} did not connect: doctor ${await say(d)}; patient ${await say(p)}`, {
          cause: error,
        });
      });
      const [a, b] = [await marks(d), await marks(p)];
      const setup = Math.max(a.connectedAt, b.connectedAt) - a.clickedAt;
      // The first call also takes the patient from another page to the call and opens their
      // camera: reported on its own.
      if (i === 0) first = setup;
      else setups.push(setup);
      await d.getByRole('button', { name: 'Hang up' }).click();
      await Promise.all([phase(d, 'ended'), phase(p, 'ended')]);
    }
    return { setups, first };
  } finally {
    await browser.close();
  }
}

export async function benchCall(): Promise<Record<string, number>> {
  const stack = await testStackOptions();
  await startStack(stack);
  const buildDir = buildApp(stack.apiUrl);
  const server = await serveStatic(buildDir, await freePort());
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const { setups, first } = await measureCalls(`http://127.0.0.1:${port}`, stack.dbUrl());
    return {
      calls: setups.length,
      first_call_ms: first,
      setup_p50_ms: round(percentile(setups, 50), 0),
      setup_p95_ms: round(percentile(setups, 95), 0),
      setup_min_ms: Math.min(...setups),
      setup_max_ms: Math.max(...setups),
      // Set-up time is mostly the two browsers' CPU: read it next to the machine's load.
      load_avg_1m: round(loadavg()[0]!, 1),
    };
  } finally {
    await new Promise((done) => server.close(done));
    await stopStack(stack);
    rmSync(stack.dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  console.table(await benchCall());
  process.exit(0);
}
