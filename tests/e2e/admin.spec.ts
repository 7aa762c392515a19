import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Page } from '@playwright/test';
import { SignJWT, decodeJwt } from 'jose';
import type pg from 'pg';
import { JWT_SECRET, PUBLISHABLE_KEY, SERVICE_ROLE_KEY } from '../../stack/config/keys.ts';
import { halfHourFromNow, insertAppointment } from './support/appointments.ts';
import {
  createDoctor,
  createUser,
  database,
  DEMO_PASSWORD,
  e2eEnv,
  expect,
  signIn,
  test,
  type E2eUser,
} from './support/fixtures.ts';

const ADMIN = { email: 'admin@demo.health-connect.local', password: DEMO_PASSWORD };
const NOOR = 'd0c70000-0000-4000-8000-000000000015';
// A minimal PDF, so the document a link opens can be compared byte for byte.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function service(): SupabaseClient {
  return createClient(e2eEnv().apiUrl, SERVICE_ROLE_KEY, { auth: { persistSession: false } });
}

async function signedInClient(user: { email: string; password: string }): Promise<SupabaseClient> {
  const client = createClient(e2eEnv().apiUrl, PUBLISHABLE_KEY, { auth: { persistSession: false } });
  const { error } = await client.auth.signInWithPassword(user);
  if (error) throw error;
  return client;
}

/**
 * A doctor (working every day) who has submitted a licence and waits in the queue, the way a
 * real one gets there: upload into their own folder, then submit_licence.
 */
async function pendingDoctor(db: pg.Client, name: string): Promise<E2eUser> {
  const doctor = await createDoctor(db, { full_name: name, specialization: 'dermatology' });
  await db.query(
    `update public.doctors set verification_state = 'unverified', verified_at = null, verified_authority = null
     where id = $1`,
    [doctor.id],
  );
  const client = await signedInClient(doctor);
  const path = `${doctor.id}/licence.pdf`;
  const upload = await client.storage
    .from('licence-documents')
    .upload(path, PDF, { contentType: 'application/pdf' });
  if (upload.error) throw upload.error;
  const submitted = await client.rpc('submit_licence', {
    registration_number: 'GMC 7654321',
    issuing_authority: 'General Medical Council',
    country: 'GB',
    year_licensed: 2015,
    document_path: path,
  });
  if (submitted.error) throw submitted.error;
  return doctor;
}

/** Seeded Dr. Noor Rahman's licence file, which the seed names but cannot upload. */
async function uploadNoorsLicence(): Promise<void> {
  const { error } = await service()
    .storage.from('licence-documents')
    .upload(`${NOOR}/licence.pdf`, PDF, { contentType: 'application/pdf', upsert: true });
  if (error) throw error;
}

async function bookAsPatient(page: Page, doctor: E2eUser, tag: string): Promise<void> {
  await page.goto(`/doctors?q=${encodeURIComponent(tag)}`);
  const card = page.getByTestId('doctor-card');
  await expect(card).toHaveCount(1);
  await card.getByRole('link', { name: doctor.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: doctor.name })).toBeVisible();
  await page.locator('input[name="slot"]').first().check({ force: true });
  await page.getByLabel('Chat').check();
  await page.getByLabel('Reason for the visit').fill('A rash that will not go away');
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
  await expect(
    page.getByTestId('appointment').filter({ hasText: doctor.name }).getByTestId('status'),
  ).toHaveText('Waiting for the doctor');
}

test.describe.configure({ timeout: 120_000 });

test('the admin checks a licence, approves a doctor who can then be booked, and suspends them', async ({
  page,
  browser,
}) => {
  const tag = Date.now().toString(36);
  const db = await database();
  const doctor = await pendingDoctor(db, `Dr. Vera Queue ${tag}`);
  const patient = await createUser(db, 'patient');
  await db.end();
  await uploadNoorsLicence();

  // Signing in takes the admin to the console, with its link in the main menu.
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin console' }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Verification queue' })).toBeVisible();

  // Oldest first: the seed's Dr. Noor Rahman (two days ago) comes before the doctor who just applied.
  const queue = page.getByTestId('queue-entry');
  const noor = queue.filter({ hasText: 'Dr. Noor Rahman' });
  await expect(noor).toContainText('DHA-P-0098123');
  await expect(noor).toContainText('Dubai Health Authority');
  await expect(noor).toContainText('AE');
  const ids = await queue.evaluateAll((items) => items.map((item) => item.getAttribute('data-id')));
  expect(ids.indexOf(NOOR)).toBeGreaterThanOrEqual(0);
  expect(ids.indexOf(NOOR)).toBeLessThan(ids.indexOf(doctor.id));

  // The document opens through a signed link that lives 60 seconds.
  await noor.getByRole('button', { name: 'Get a link to the document' }).click();
  const link = noor.getByRole('link', { name: 'Open the licence document' });
  await expect(link).toBeVisible();
  await expect(noor).toContainText('The link works for 60 seconds');
  const href = (await link.getAttribute('href'))!;
  const opened = await page.request.get(href);
  expect(opened.status()).toBe(200);
  expect(opened.headers()['content-type']).toContain('application/pdf');
  expect(Buffer.from(await opened.body())).toEqual(PDF);
  const url = new URL(href);
  const claims = decodeJwt(url.searchParams.get('token')!);
  expect(claims.exp! - claims.iat!).toBe(60);
  // The same link once its minute is over is refused by Storage.
  const expired = await new SignJWT({ ...claims, iat: claims.iat! - 120, exp: claims.exp! - 120 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(JWT_SECRET));
  url.searchParams.set('token', expired);
  const late = await page.request.get(url.toString());
  expect(late.status()).toBe(400);
  expect(await late.text()).toContain('expired');

  // Approve the new doctor, after a confirm dialog.
  const entry = queue.filter({ hasText: doctor.name });
  await expect(entry).toContainText('GMC 7654321');
  await entry.getByRole('button', { name: 'Approve' }).click();
  const approveDialog = page.getByRole('dialog', { name: `Approve ${doctor.name}?` });
  await expect(approveDialog).toContainText('verified by General Medical Council (GB)');
  await approveDialog.getByRole('button', { name: 'Approve and list' }).click();
  await expect(page.getByText(`${doctor.name} is verified and listed.`)).toBeVisible();
  await expect(entry).toHaveCount(0);
  const verified = page.getByTestId('verified-doctor').filter({ hasText: doctor.name });
  await expect(verified).toContainText('General Medical Council (GB)');

  // A patient now finds and books the doctor.
  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await signIn(patientPage, patient);
  await bookAsPatient(patientPage, doctor, tag);

  // Suspending asks for a reason first.
  await verified.getByRole('button', { name: 'Suspend' }).click();
  const suspendDialog = page.getByRole('dialog', { name: `Suspend ${doctor.name}?` });
  await suspendDialog.getByRole('button', { name: 'Suspend' }).click();
  await expect(suspendDialog.getByText('Give a short reason (at least 3 characters).')).toBeVisible();
  await suspendDialog
    .getByLabel('Reason (shown to the people whose visits are cancelled)')
    .fill('Licence withdrawn by the GMC');
  await suspendDialog.getByRole('button', { name: 'Suspend' }).click();
  await expect(
    page.getByText(`${doctor.name} is suspended. 1 future appointment was cancelled.`),
  ).toBeVisible();
  await expect(verified).toHaveCount(0);

  // The doctor leaves the directory; the patient's visit is cancelled with the reason.
  await patientPage.goto(`/doctors?q=${encodeURIComponent(tag)}`);
  await expect(patientPage.getByRole('heading', { name: /find a doctor/i })).toBeVisible();
  await expect(patientPage.getByTestId('doctor-card')).toHaveCount(0);
  await patientPage.goto('/appointments');
  const visit = patientPage.getByTestId('appointment').filter({ hasText: doctor.name });
  await expect(visit.getByTestId('status')).toHaveText('Cancelled');
  await expect(visit).toContainText('Reason: Cancelled by Health-Connect: Licence withdrawn by the GMC');
  await patientContext.close();

  // Both decisions are in the audit log, newest first, with who and why.
  await page
    .getByRole('navigation', { name: 'Admin sections' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  const entries = page.getByTestId('audit-entry').filter({ hasText: doctor.name });
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText(`Suspended ${doctor.name} · 1 future appointment cancelled`);
  await expect(entries.nth(0)).toContainText('Why: Licence withdrawn by the GMC');
  await expect(entries.nth(0)).toContainText('Alex Admin');
  await expect(entries.nth(1)).toContainText(`Approved doctor ${doctor.name}`);
});

test('the licence link is dropped from the page when it expires', async ({ page }) => {
  await uploadNoorsLicence();
  await page.clock.install();
  await signIn(page, ADMIN);
  const noor = page.getByTestId('queue-entry').filter({ hasText: 'Dr. Noor Rahman' });
  await noor.getByRole('button', { name: 'Get a link to the document' }).click();
  await expect(noor.getByRole('link', { name: 'Open the licence document' })).toBeVisible();
  await page.clock.fastForward(61_000);
  await expect(noor.getByRole('link', { name: 'Open the licence document' })).toHaveCount(0);
  await expect(noor).toContainText('The link has expired. Get a new one to look again.');
  await expect(noor.getByRole('button', { name: 'Get a link to the document' })).toBeVisible();
});

test('a rejection needs a reason, and a refusal from the database is shown as a sentence', async ({
  page,
}) => {
  const tag = Date.now().toString(36);
  const db = await database();
  const first = await pendingDoctor(db, `Dr. Rhea Reject ${tag}`);
  const second = await pendingDoctor(db, `Dr. Sol Stale ${tag}`);
  await signIn(page, ADMIN);

  const rejected = page.getByTestId('queue-entry').filter({ hasText: first.name });
  await rejected.getByRole('button', { name: 'Reject' }).click();
  const dialog = page.getByRole('dialog', { name: `Reject ${first.name}'s licence?` });
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(dialog.getByText('Give a short reason (at least 3 characters).')).toBeVisible();
  await dialog
    .getByLabel('Reason the doctor will read')
    .fill('The scan is unreadable; please upload a sharper one.');
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByText(`${first.name}'s licence is rejected; they can resubmit.`)).toBeVisible();
  await expect(rejected).toHaveCount(0);
  const { rows } = await db.query<{ verification_state: string; decision_reason: string }>(
    `select d.verification_state, l.decision_reason from public.doctors d join public.doctor_licences l on l.doctor_id = d.id
     where d.id = $1`,
    [first.id],
  );
  expect(rows[0]).toEqual({
    verification_state: 'rejected',
    decision_reason: 'The scan is unreadable; please upload a sharper one.',
  });

  // Another admin approved the second doctor while this page was open.
  await db.query(
    `update public.doctors set verification_state = 'verified', verified_at = now(), verified_authority = 'GMC (GB)' where id = $1`,
    [second.id],
  );
  await db.end();
  await page
    .getByTestId('queue-entry')
    .filter({ hasText: second.name })
    .getByRole('button', { name: 'Approve' })
    .click();
  const approve = page.getByRole('dialog', { name: `Approve ${second.name}?` });
  await approve.getByRole('button', { name: 'Approve and list' }).click();
  await expect(approve.getByRole('alert')).toHaveText(
    'This doctor is verified; only a doctor who is pending review can be approved.',
  );
});

test('the admin looks a patient up by email, suspends and reinstates them', async ({ page }) => {
  const db = await database();
  const patient = await createUser(db, 'patient');
  const doctor = await createDoctor(db);
  await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(48),
    status: 'scheduled',
  });
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Find a user' })).toBeVisible();

  const email = page.getByLabel('Email address');
  await email.fill('not-an-email');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('alert')).toHaveText('Enter a full email address, e.g. name@example.com.');
  await email.fill('nobody@e2e.health-connect.local');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByText('No account has the email nobody@e2e.health-connect.local.')).toBeVisible();

  await email.fill(patient.email.toUpperCase());
  await page.getByRole('button', { name: 'Look up' }).click();
  const found = page.getByTestId('found-user');
  await expect(found.getByRole('heading', { name: patient.name })).toBeVisible();
  await expect(found).toContainText('Patient');
  await expect(found.getByTestId('user-state')).toHaveText('active');

  await found.getByRole('button', { name: 'Suspend' }).click();
  const suspend = page.getByRole('dialog', { name: `Suspend ${patient.name}?` });
  await suspend
    .getByLabel('Reason (shown to the people whose visits are cancelled)')
    .fill('Abusive messages to doctors');
  await suspend.getByRole('button', { name: 'Suspend' }).click();
  await expect(
    page.getByText(`${patient.name} is suspended. 1 future appointment was cancelled.`),
  ).toBeVisible();
  await expect(found.getByTestId('user-state')).toHaveText('suspended');
  const banned = await db.query<{ banned: boolean }>(
    `select banned_until > now() as banned from auth.users where id = $1`,
    [patient.id],
  );
  expect(banned.rows[0]!.banned).toBe(true);

  await found.getByRole('button', { name: 'Reinstate' }).click();
  const reinstate = page.getByRole('dialog', { name: `Reinstate ${patient.name}?` });
  await reinstate.getByLabel('Reason for the audit log').fill('Apologised; warning given');
  await reinstate.getByRole('button', { name: 'Reinstate' }).click();
  await expect(page.getByText(`${patient.name} is reinstated.`)).toBeVisible();
  await expect(found.getByTestId('user-state')).toHaveText('active');
  const back = await db.query<{ banned: boolean | null }>(
    `select banned_until > now() as banned from auth.users where id = $1`,
    [patient.id],
  );
  await db.end();
  expect(back.rows[0]!.banned).toBeNull();

  // The admin account itself is not managed from here.
  await email.fill(ADMIN.email);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(found).toContainText('Admin accounts are managed with the service role');
  await expect(found.getByRole('button')).toHaveCount(0);
});

test('platform figures chart the seeded month, and an empty month shows empty states', async ({ page }) => {
  // The seed's visits in the window are completed or cancelled (its scheduled and pending ones
  // lie ahead); yesterday gets one visit in each status, so every stack colour has a bar.
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  const yesterday = new Date();
  yesterday.setUTCDate(yesterday.getUTCDate() - 1);
  yesterday.setUTCHours(10, 0, 0, 0);
  const statuses = ['completed', 'scheduled', 'pending', 'cancelled'] as const;
  for (const [index, status] of statuses.entries()) {
    await insertAppointment(db, {
      doctorId: doctor.id,
      patientId: patient.id,
      startsAt: new Date(yesterday.getTime() + index * 30 * 60_000),
      status,
    });
  }
  await db.end();
  const day = yesterday.toISOString().slice(0, 10);

  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Figures' }).click();
  const chart = page.getByTestId('per-day-chart');
  await expect(chart.getByRole('img', { name: /Appointments per day, by status/ })).toBeVisible();
  const bars = chart.locator(`g[data-day="${day}"]`);
  expect(Number(await bars.getAttribute('data-total'))).toBeGreaterThanOrEqual(4);
  for (const status of statuses) {
    await expect(bars.locator(`rect[data-status="${status}"]`)).toHaveCount(1);
  }
  // A scheduled visit whose time passed without being completed is a no-show.
  await expect(page.getByTestId('stat-no-show').locator('dd').first()).not.toHaveText(/^(0%|no data)$/);
  await expect(chart.getByText('Day the appointment starts')).toBeVisible();
  await chart.getByText('Show the numbers as a table').click();
  await expect(chart.getByRole('table').getByRole('row')).toHaveCount(31);
  await expect(page.getByTestId('stat-cancellation').locator('dd').first()).toHaveText(/^\d+(\.\d)?%$/);
  await expect(page.getByTestId('stat-median').locator('dd').first()).not.toHaveText('no data');
  const signups = page.getByTestId('signup-chart');
  await expect(signups.getByRole('img', { name: /New sign-ups by role/ })).toBeVisible();
  expect(
    Number(await signups.locator('rect[data-role="doctor"]').getAttribute('data-value')),
  ).toBeGreaterThan(0);

  // A month before the platform existed: nothing to chart.
  await page.getByLabel('Last day').fill('2001-01-31');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/until=2001-01-31/);
  await expect(page.getByTestId('figures-range')).toContainText('2 Jan – 31 Jan');
  await expect(page.getByTestId('per-day-empty')).toHaveText('No appointments start in these 30 days.');
  await expect(page.getByTestId('signups-empty')).toHaveText('Nobody signed up in these 30 days.');
  await expect(page.getByTestId('stat-cancellation').locator('dd').first()).toHaveText('no data');
  await expect(page.getByTestId('per-day-chart')).toHaveCount(0);
});

test('the audit log pages through every action once, newest first', async ({ page }) => {
  const tag = `paging-${Date.now().toString(36)}`;
  const db = await database();
  // 30 old actions; two share a timestamp, which keyset paging must neither skip nor repeat.
  await db.query(
    `insert into public.admin_actions (admin_id, admin_name, action, target_id, reason, created_at)
     select 'ad510000-0000-4000-8000-000000000001', 'Alex Admin', 'reject_doctor', gen_random_uuid(),
            $1 || '-' || lpad(n::text, 2, '0'), timestamptz '2001-01-01 00:00:00+00' + least(n, 29) * interval '1 second'
     from generate_series(1, 30) n`,
    [tag],
  );
  await db.end();
  await signIn(page, ADMIN);
  await page.goto('/admin/audit');
  const seen: string[] = [];
  for (let pages = 0; pages < 20; pages += 1) {
    await expect(page.getByTestId('audit-entry').first()).toBeVisible();
    const reasons = await page.getByTestId('audit-entry').filter({ hasText: tag }).allTextContents();
    seen.push(...reasons.map((text) => /paging-[a-z0-9]+-\d\d/.exec(text)![0]));
    const older = page.getByRole('link', { name: 'Older actions' });
    if ((await older.count()) === 0) break;
    const before = page.url();
    await older.click();
    await expect(page).not.toHaveURL(before);
  }
  const expected = Array.from({ length: 30 }, (_, index) => `${tag}-${String(30 - index).padStart(2, '0')}`);
  // 29 and 30 share a timestamp; within it the newer id (30) comes first.
  expect(seen).toEqual(expected);
  await expect(page.getByRole('link', { name: 'Back to the newest' })).toBeVisible();
});

test('patients, doctors and visitors cannot open the console, nor use its functions', async ({ page }) => {
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin/);

  const db = await database();
  const patient = await createUser(db, 'patient');
  const doctor = await createDoctor(db);
  await db.end();
  for (const user of [patient, doctor]) {
    await signIn(page, user);
    await expect(page.getByRole('link', { name: 'Admin console' })).toHaveCount(0);
    for (const path of ['/admin', '/admin/figures', '/admin/audit', '/admin/users']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: 'You cannot open this page.' })).toBeVisible();
      await expect(page.getByText('This page is for Health-Connect admins.')).toBeVisible();
    }
    // The page is not the thing that stops them: the database refuses the same calls.
    const client = await signedInClient(user);
    const approve = await client.rpc('approve_doctor', { doctor_id: NOOR });
    expect(approve.error?.message).toBe('Only an admin can do this.');
    const figures = await client.rpc('platform_figures', {});
    expect(figures.error?.message).toBe('Only an admin can do this.');
    const link = await client.storage.from('licence-documents').createSignedUrl(`${NOOR}/licence.pdf`, 60);
    expect(link.data).toBeNull();
    const log = await client.from('admin_actions').select('id').eq('target_id', NOOR);
    expect(log.data).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  }
});
