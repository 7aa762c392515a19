// Chat as people meet it: a production build in headless Chromium against a local stack.
// Send → render: one person presses Enter, the other's thread shows the message (Realtime
// postgres changes, RLS-checked). Thread load: opening a conversation with 1,000 messages of
// history until its newest page is on screen.
import { type Browser, type Page } from '@playwright/test';
import { createDoctor, createUser, type E2eUser } from '../tests/e2e/support/fixtures.ts';
import { percentile, round } from './lib.ts';
import { withSite } from './site.ts';

const MESSAGES = 200;
/** Both people take turns, each sending one message every 2 × this: under the 20-per-10-s limit. */
const SEND_INTERVAL_MS = 260;
const HISTORY = 1000;
const LOADS = 10;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function signIn(browser: Browser, baseUrl: string, user: E2eUser): Promise<Page> {
  const page = await (await browser.newContext({ baseURL: baseUrl })).newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

async function openThread(page: Page, other: E2eUser): Promise<void> {
  await page.goto(`/messages/${other.id}`);
  await page.getByLabel('Message', { exact: true }).waitFor();
  await page.getByRole('log').waitFor({ state: 'attached' });
  // Each page notes when a "bench-N" message first appears in its thread.
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    Object.assign(window, { benchSeen: seen });
    const log = document.querySelector('[role="log"]')!;
    new MutationObserver(() => {
      const now = Date.now();
      for (const match of log.textContent?.matchAll(/bench-(\d+)\b/g) ?? []) seen[match[1]!] ??= now;
    }).observe(log, { childList: true, subtree: true, characterData: true });
  });
}

/** Types `text` and presses Enter inside the page, returning the wall-clock time of the press. */
function sendFrom(page: Page, text: string): Promise<number> {
  return page.evaluate((body) => {
    const box = document.querySelector<HTMLTextAreaElement>('#message-body')!;
    box.value = body;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    const at = Date.now();
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    return at;
  }, text);
}

async function sendToRender(patientPage: Page, doctorPage: Page): Promise<number[]> {
  const sentAt: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    sentAt.push(await sendFrom(i % 2 === 0 ? patientPage : doctorPage, `bench-${i}`));
    await pause(SEND_INTERVAL_MS);
  }
  await pause(2000);
  const seenBy = async (page: Page) =>
    page.evaluate(() => (window as unknown as { benchSeen: Record<string, number> }).benchSeen);
  const [byPatient, byDoctor] = await Promise.all([seenBy(patientPage), seenBy(doctorPage)]);
  const latencies: number[] = [];
  sentAt.forEach((at, i) => {
    const seen = (i % 2 === 0 ? byDoctor : byPatient)[String(i)];
    if (seen !== undefined) latencies.push(seen - at);
  });
  return latencies;
}

async function threadLoad(page: Page, other: E2eUser): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await page.goto('/messages');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const started = Date.now();
    await page.getByRole('link', { name: new RegExp(other.name) }).click();
    await page.getByText(`history ${HISTORY - 1}`, { exact: true }).waitFor();
    times.push(Date.now() - started);
  }
  return times;
}

export async function benchChat(): Promise<Record<string, number>> {
  return withSite(async ({ baseUrl, db, browser }) => {
    const doctor = await createDoctor(db);
    const patient = await createUser(db, 'patient');
    const reader = await createUser(db, 'patient');
    await db.query(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() + interval '1 day', now() + interval '1 day 30 minutes', 'scheduled', 'chat'),
              ($1, $3, now() + interval '2 days', now() + interval '2 days 30 minutes', 'scheduled', 'chat')`,
      [doctor.id, patient.id, reader.id],
    );
    // 1,000 messages of history between `reader` and the doctor, one a minute, already read.
    await db.query(
      `insert into public.messages (sender_id, receiver_id, body, created_at, read_at)
       select case when n % 2 = 0 then $1::uuid else $2::uuid end,
              case when n % 2 = 0 then $2::uuid else $1::uuid end,
              'history ' || n, now() - ($3 - n) * interval '1 minute', now()
       from generate_series(0, $3 - 1) n`,
      [reader.id, doctor.id, HISTORY],
    );

    const patientPage = await signIn(browser, baseUrl, patient);
    const doctorPage = await signIn(browser, baseUrl, doctor);
    await openThread(patientPage, doctor);
    await openThread(doctorPage, patient);
    const latencies = await sendToRender(patientPage, doctorPage);

    const readerPage = await signIn(browser, baseUrl, reader);
    const loads = await threadLoad(readerPage, doctor);
    return {
      messages_sent: MESSAGES,
      messages_rendered: latencies.length,
      send_to_render_p50_ms: round(percentile(latencies, 50), 1),
      send_to_render_p95_ms: round(percentile(latencies, 95), 1),
      send_to_render_max_ms: round(Math.max(...latencies), 1),
      thread_load_1000_history_p50_ms: round(percentile(loads, 50), 1),
      thread_load_1000_history_p95_ms: round(percentile(loads, 95), 1),
    };
  });
}

if (import.meta.main) {
  console.log('Chat (production build in headless Chromium, local stack):');
  console.table(await benchChat());
  process.exit(0);
}
