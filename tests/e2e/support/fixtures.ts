import { MailpitClient } from 'mailpit-api';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import bcrypt from 'bcryptjs';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export { expect };

/** The seed's shared demo password (docs/demo-logins.md). */
export const DEMO_PASSWORD = 'HealthConnect!2026';

export function e2eEnv() {
  const baseURL = process.env.HC_E2E_BASE_URL;
  if (!baseURL) throw new Error('HC_E2E_BASE_URL is unset: run through playwright.config.ts');
  return {
    baseURL,
    apiUrl: process.env.HC_E2E_API_URL!,
    dbPort: Number(process.env.HC_E2E_DB_PORT),
    mailUrl: process.env.HC_E2E_MAIL_URL!,
  };
}

/** A direct database connection, to arrange what a test needs and to check what it left. */
export async function database(): Promise<pg.Client> {
  const db = new pg.Client({
    host: '127.0.0.1',
    port: e2eEnv().dbPort,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await db.connect();
  return db;
}

export interface E2eUser {
  id: string;
  email: string;
  password: string;
  name: string;
}

/**
 * A user with a password, created as Auth stores them, so a test can sign in through the UI
 * without touching the demo accounts other tests use.
 */
export async function createUser(
  db: pg.Client,
  role: 'patient' | 'doctor',
  meta: Record<string, unknown> = {},
  { verified = true }: { verified?: boolean } = {},
): Promise<E2eUser> {
  const id = randomUUID();
  const email = `${role}-${id.slice(0, 8)}@e2e.health-connect.local`;
  const password = `Pw-${id.slice(0, 12)}`;
  const name =
    typeof meta.full_name === 'string'
      ? meta.full_name
      : `${role === 'doctor' ? 'Dr. ' : ''}Test ${id.slice(0, 4)}`;
  await db.query(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data,
       raw_user_meta_data, created_at, updated_at, confirmation_token, recovery_token, email_change_token_new, email_change)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, $3, now(),
       '{"provider":"email","providers":["email"]}', $4, now(), now(), '', '', '', '')`,
    [id, email, bcrypt.hashSync(password, 4), JSON.stringify({ role, ...meta, full_name: name })],
  );
  await db.query(
    `insert into auth.identities (id, user_id, provider_id, provider, identity_data, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'email', $3, now(), now())`,
    [id, id, JSON.stringify({ sub: id, email })],
  );
  // Doctors made here have passed the licence check (tests/e2e/admin.spec.ts goes through it).
  if (role === 'doctor' && verified) {
    await db.query(
      `update public.doctors set verification_state = 'verified', verified_at = now(),
         verified_authority = 'General Medical Council (GB)' where id = $1`,
      [id],
    );
  }
  return { id, email, password, name };
}

/** A doctor who works every day 00:00–23:30 in `timeZone`, so slots exist whenever a test runs. */
export async function createDoctor(
  db: pg.Client,
  options: {
    timeZone?: string;
    modes?: ('video' | 'chat')[];
    specialization?: string;
    full_name?: string;
  } = {},
): Promise<E2eUser> {
  const doctor = await createUser(db, 'doctor', {
    specialization: options.specialization ?? 'cardiology',
    qualification: 'MD',
    years_of_experience: 9,
    time_zone: options.timeZone ?? 'UTC',
    ...(options.full_name ? { full_name: options.full_name } : {}),
  });
  await db.query(
    `update public.doctors set consultation_modes = $2::public.consultation_mode[] where id = $1`,
    [doctor.id, `{${(options.modes ?? ['video', 'chat']).join(',')}}`],
  );
  for (let weekday = 0; weekday < 7; weekday += 1) {
    await db.query(
      `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, $2, '00:00', '23:30')`,
      [doctor.id, weekday],
    );
  }
  return doctor;
}

/** Signs in through the login form and waits for the user's home page. */
export async function signIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * Signs out from the header and waits until it is done (the app is on the sign-in page), so the
 * next page load cannot cut the sign-out short and find the old session still stored.
 */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
}

/** No serious or critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(
    bad.map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
    ),
    `${label}: serious or critical accessibility violations`,
  ).toEqual([]);
}

/** Switches the app's theme through its toggle, so both themes get checked. */
export async function setTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  // A prerendered page paints before it hydrates; a click before then would be lost.
  await page.locator('html[data-app-ready]').waitFor({ state: 'attached' });
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  const pressed = (await toggle.getAttribute('aria-pressed')) === 'true';
  if (pressed !== (theme === 'dark')) await toggle.click();
  await expect(page.locator('html')).toHaveClass(theme === 'dark' ? /dark/ : /^(?!.*dark)/);
  // Colours fade between themes; a contrast check in the middle of the fade would measure
  // neither theme.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
}

/** The test's base URL comes from the global setup, which picks a free port. */
export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
  baseURL: async ({}, use) => {
    await use(e2eEnv().baseURL);
  },
});

/**
 * The first link in the newest mail to `email` in the local mail catcher, waiting for it to
 * arrive. Mailpit's API (the CLI's mail catcher; `stack/` answers the same), so this works
 * against `supabase start` unchanged.
 */
export async function mailedLink(email: string, timeoutMs = 10_000): Promise<string> {
  const mailpit = new MailpitClient(e2eEnv().mailUrl);
  const newest = await mailpit.waitForMessage(
    { query: `to:"${email.toLowerCase()}"` },
    { timeout: timeoutMs, interval: 200 },
  );
  const link = /https?:\/\/\S+/.exec(newest.Text)?.[0];
  if (!link) throw new Error(`the newest mail to ${email} has no link`);
  return link;
}
