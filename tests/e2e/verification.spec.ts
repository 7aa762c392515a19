import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { PUBLISHABLE_KEY } from '../../stack/config/keys.ts';
import {
  createUser,
  database,
  DEMO_PASSWORD,
  e2eEnv,
  expect,
  expectAccessible,
  setTheme,
  test,
  type E2eUser,
} from './support/fixtures.ts';

/** A real licence PDF from the demo seed, to upload as a doctor would. */
const PDF = readFileSync(
  new URL(
    '../../supabase/seed/licence-documents/d0c70000-0000-4000-8000-000000000015/licence.pdf',
    import.meta.url,
  ),
);
const ELEVEN_MB = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(11 * 1024 * 1024)]);

/** "2 December 2026", as the app writes a date for the tests' en-GB Berlin browser. */
const longDate = (instant: Date | string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Berlin' }).format(
    new Date(instant),
  );

function apiClient(): SupabaseClient {
  return createClient(e2eEnv().apiUrl, PUBLISHABLE_KEY, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
}

/** The seeded admin, signed in through Auth, to decide as the admin console would. */
async function adminClient(): Promise<SupabaseClient> {
  const admin = apiClient();
  const { error } = await admin.auth.signInWithPassword({
    email: 'admin@demo.health-connect.local',
    password: DEMO_PASSWORD,
  });
  expect(error).toBeNull();
  return admin;
}

async function signedInAs(user: { email: string; password: string }): Promise<SupabaseClient> {
  const api = apiClient();
  const { error } = await api.auth.signInWithPassword(user);
  expect(error).toBeNull();
  return api;
}

/** What the database holds of a doctor's verification: state, licence and documents. */
async function stored(db: pg.Client, doctorId: string) {
  const { rows } = await db.query<{ state: string; licences: number; documents: string[] }>(
    `select d.verification_state::text as state,
       (select count(*)::int from public.doctor_licences l where l.doctor_id = d.id) as licences,
       array(select o.metadata ->> 'mimetype' from storage.objects o
             where o.bucket_id = 'licence-documents' and o.name like d.id::text || '/%' order by o.created_at) as documents
     from public.doctors d where d.id = $1`,
    [doctorId],
  );
  return rows[0]!;
}

async function doctorIdFor(db: pg.Client, email: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('select id from auth.users where email = $1', [email]);
  return rows[0]!.id;
}

test('a new doctor is unlisted until an admin accepts their licence, and sees each decision', async ({
  page,
}) => {
  test.slow();
  const tag = Date.now().toString(36);
  const name = `Dr. Noa Verity ${tag}`;
  const email = `verify-${tag}@e2e.health-connect.local`;
  const password = 'a-good-password';
  const db = await database();

  // Sign-up through the UI, without the licence for now.
  await page.goto('/signup');
  await page.getByLabel('A doctor').check();
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByLabel('Specialization').selectOption('dermatology');
  await page.getByLabel('Qualification').fill('MD');
  await page.getByLabel('Years of experience').fill('6');
  await expect(
    page.getByText('Patients can find and book you only after an admin has checked'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Availability' })).toBeVisible();
  const doctorId = await doctorIdFor(db, email);

  // Not listed: not in the directory, and no public page.
  await page.goto(`/doctors?q=${encodeURIComponent(name)}`);
  await expect(page.getByText('0 doctors found')).toBeVisible();

  // The dashboard says why and what to do; the verification page explains it.
  await page.goto('/dashboard');
  const notice = page.getByTestId('verification-notice');
  await expect(notice).toContainText('Patients cannot find you yet');
  await notice.getByRole('link', { name: 'See your verification' }).click();
  await expect(page.getByRole('heading', { name: 'Licence verification' })).toBeVisible();
  const state = page.getByTestId('verification-state');
  await expect(state).toContainText('Not verified');
  await expect(state).toContainText('Enter your licence details below and upload the licence document');
  await expect(page.getByText('Specialty: Dermatology (from your profile).')).toBeVisible();

  // Bad input: a text file and an 11 MB file are refused before anything is written.
  await page.getByLabel('Registration number').fill('DHA-P-77123');
  await page.getByLabel('Issuing authority').fill('Dubai Health Authority');
  await page.getByLabel('Country').fill('ae');
  await page.getByLabel('Year licensed').fill('2019');
  const picker = page.getByLabel('Licence document');
  await picker.setInputFiles({
    name: 'licence.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('my licence'),
  });
  await expect(page.getByText('“licence.txt” is not a PDF or a picture.')).toBeVisible();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText('“licence.txt” is not a PDF or a picture.')).toBeVisible();
  // The same words in a file that calls itself a PDF are no PDF either (its first bytes say so).
  await picker.setInputFiles({
    name: 'licence.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('my licence'),
  });
  await expect(page.getByText('“licence.pdf” is not a PDF or a picture.')).toBeVisible();
  await picker.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: ELEVEN_MB });
  await expect(
    page.getByText('“scan.pdf” is 11 MB; the licence document can be at most 10 MB.'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(page.getByText('“scan.pdf” is 11 MB')).toBeVisible();
  expect(await stored(db, doctorId)).toEqual({ state: 'unverified', licences: 0, documents: [] });

  // A real PDF goes through: the licence is in review.
  await picker.setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(state).toContainText('In review');
  await expect(state).toContainText('Your licence is being checked');
  await expect(state).toContainText(`Submitted on ${longDate(new Date())}.`);
  await expect(state).toContainText('DHA-P-77123');
  await expect(state).toContainText('Dubai Health Authority (AE)');
  expect(await stored(db, doctorId)).toEqual({
    state: 'pending_review',
    licences: 1,
    documents: ['application/pdf'],
  });
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `verification page (${theme})`);
  }

  // The admin rejects it: the doctor sees the reason on the dashboard and resubmits.
  const admin = await adminClient();
  const reason = `The scan is cut off at the registration number (${tag}).`;
  const rejected = await admin.rpc('reject_doctor', { doctor_id: doctorId, reason });
  expect(rejected.error).toBeNull();
  await page.goto('/dashboard');
  await expect(notice).toContainText('Your licence was not accepted');
  await expect(notice).toContainText(reason);
  await notice.getByRole('link', { name: 'Submit your licence again' }).click();
  await expect(state).toContainText('Not accepted');
  await expect(page.getByTestId('verification-reason')).toHaveText(reason);
  // The form starts from what is on file; only the document changes.
  await expect(page.getByLabel('Registration number')).toHaveValue('DHA-P-77123');
  await page.getByLabel('Licence document').setInputFiles({
    name: 'licence-full.pdf',
    mimeType: 'application/pdf',
    buffer: PDF,
  });
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await expect(state).toContainText('In review');
  await expect(page.getByTestId('verification-reason')).toHaveCount(0);
  await page.goto('/dashboard');
  await expect(notice).toContainText('Your licence is being checked');

  // The admin approves: the doctor sees it, and patients find them with the badge.
  const approved = await admin.rpc('approve_doctor', { doctor_id: doctorId });
  expect(approved.error).toBeNull();
  const { rows } = await db.query<{ verified_at: Date }>(
    'select verified_at from public.doctors where id = $1',
    [doctorId],
  );
  const checked = longDate(rows[0]!.verified_at);
  await page.reload();
  await expect(notice).toContainText('Your licence is verified');
  await expect(notice).toContainText(`An admin approved your licence on ${checked}.`);
  await page.goto('/verification');
  await expect(state).toContainText(`Licence checked on ${checked} with Dubai Health Authority (AE).`);
  await expect(page.getByRole('button', { name: 'Submit for review' })).toHaveCount(0);

  await page.goto(`/doctors?q=${encodeURIComponent(name)}`);
  const card = page.getByTestId('doctor-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('verified-badge')).toContainText('Verified');
  await expect(card.getByTestId('verified-badge')).toContainText(
    `Licence checked ${checked} · Dubai Health Authority (AE)`,
  );
  await card.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByTestId('verified-badge')).toContainText(
    `Health-Connect checked this doctor's medical licence, issued by Dubai Health Authority (AE), on ${checked}.`,
  );
  // The registration number and the document are never public.
  await expect(page.getByText('DHA-P-77123')).toHaveCount(0);
  await db.end();
});

test('a doctor can give the licence at sign-up, and it goes straight to review', async ({ page }) => {
  const tag = Date.now().toString(36);
  const email = `signup-licence-${tag}@e2e.health-connect.local`;
  await page.goto('/signup');
  await page.getByLabel('A doctor').check();
  await page.getByLabel('Full name').fill(`Dr. Lea Early ${tag}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a-good-password');
  await page.getByLabel('Repeat the password').fill('a-good-password');
  await page.getByLabel('Specialization').selectOption('neurology');
  await page.getByLabel('Qualification').fill('MD');
  await page.getByLabel('Years of experience').fill('4');
  await page.getByLabel('Add my licence now').check();
  // A wrong licence field stops the sign-up before any account exists.
  await page.getByLabel('Registration number').fill('HPR 5512');
  await page.getByLabel('Issuing authority').fill('Norwegian Directorate of Health');
  await page.getByLabel('Country').fill('N1');
  await page.getByLabel('Year licensed').fill('2021');
  await page
    .getByLabel('Licence document')
    .setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Give the country as a two-letter code, e.g. GB or IN')).toBeVisible();
  const db = await database();
  const before = await db.query('select 1 from auth.users where email = $1', [email]);
  expect(before.rowCount).toBe(0);

  await page.getByLabel('Country').fill('NO');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Availability' })).toBeVisible();
  await expect(page.getByText('Your licence is submitted. An admin will check it.')).toBeVisible();
  const doctorId = await doctorIdFor(db, email);
  expect(await stored(db, doctorId)).toEqual({
    state: 'pending_review',
    licences: 1,
    documents: ['application/pdf'],
  });
  await db.end();
  await page.goto('/verification');
  await expect(page.getByTestId('verification-state')).toContainText('Your licence is being checked');
});

test.describe('bad input reaches the server and changes nothing', () => {
  let doctor: E2eUser;
  let other: E2eUser;
  let db: pg.Client;

  test.beforeAll(async () => {
    db = await database();
    doctor = await createUser(
      db,
      'doctor',
      { specialization: 'cardiology', qualification: 'MD', years_of_experience: 3 },
      { verified: false },
    );
    other = await createUser(
      db,
      'doctor',
      { specialization: 'cardiology', qualification: 'MD', years_of_experience: 3 },
      { verified: false },
    );
  });

  test.afterAll(async () => {
    await db.end();
  });

  test('a doctor cannot set their own verification through REST', async () => {
    const api = await signedInAs(doctor);
    for (const change of [
      { verification_state: 'verified' },
      { verified_at: new Date().toISOString() },
      { verified_authority: 'Myself (XX)' },
    ]) {
      const { error } = await api.from('doctors').update(change).eq('id', doctor.id).select('id');
      expect(error, JSON.stringify(change)).not.toBeNull();
      expect(error!.code).toBe('42501');
    }
    // Nor by writing a licence row or an audit entry of their own.
    const licence = await api.from('doctor_licences').insert({
      doctor_id: doctor.id,
      registration_number: 'GMC 1',
      issuing_authority: 'General Medical Council',
      country: 'GB',
      year_licensed: 2010,
      document_path: `${doctor.id}/x.pdf`,
    });
    expect(licence.error?.code).toBe('42501');
    const audit = await api.from('admin_actions').insert({
      admin_id: doctor.id,
      admin_name: 'me',
      action: 'approve_doctor',
      target_id: doctor.id,
    });
    expect(audit.error?.code).toBe('42501');
    const approve = await api.rpc('approve_doctor', { doctor_id: doctor.id });
    expect(approve.error?.message).toBe('Only an admin can do this.');
    expect(await stored(db, doctor.id)).toEqual({ state: 'unverified', licences: 0, documents: [] });
    const listed = await apiClient().from('doctor_directory').select('id').eq('id', doctor.id);
    expect(listed.data).toEqual([]);
  });

  test("Storage refuses a text file and an 11 MB file, whatever the client's checks", async () => {
    const api = await signedInAs(doctor);
    const bucket = api.storage.from('licence-documents');
    const text = await bucket.upload(`${doctor.id}/notes.txt`, Buffer.from('my licence'), {
      contentType: 'text/plain',
    });
    expect(text.error).not.toBeNull();
    expect(String((text.error as { statusCode?: string }).statusCode)).toBe('415');
    const big = await bucket.upload(`${doctor.id}/big.pdf`, ELEVEN_MB, { contentType: 'application/pdf' });
    expect(big.error).not.toBeNull();
    expect(String((big.error as { statusCode?: string }).statusCode)).toBe('413');
    // Not into another doctor's folder either.
    const elsewhere = await bucket.upload(`${other.id}/licence.pdf`, PDF, { contentType: 'application/pdf' });
    expect(elsewhere.error).not.toBeNull();
    expect(await stored(db, doctor.id)).toEqual({ state: 'unverified', licences: 0, documents: [] });
    expect(await stored(db, other.id)).toEqual({ state: 'unverified', licences: 0, documents: [] });

    // submit_licence wants a document that is really in the doctor's folder.
    const submit = await api.rpc('submit_licence', {
      registration_number: 'GMC 7012345',
      issuing_authority: 'General Medical Council',
      country: 'GB',
      year_licensed: 2016,
      document_path: `${doctor.id}/never-uploaded.pdf`,
    });
    expect(submit.error?.message).toBe('Upload your licence document (PDF or picture) before submitting.');
    expect(await stored(db, doctor.id)).toEqual({ state: 'unverified', licences: 0, documents: [] });
  });

  test("another doctor, a patient and a visitor cannot read a doctor's licence or its document", async () => {
    const mine = await signedInAs(doctor);
    const uploaded = await mine.storage
      .from('licence-documents')
      .upload(`${doctor.id}/licence.pdf`, PDF, { contentType: 'application/pdf' });
    expect(uploaded.error).toBeNull();
    const submitted = await mine.rpc('submit_licence', {
      registration_number: 'GMC 7012345',
      issuing_authority: 'General Medical Council',
      country: 'GB',
      year_licensed: 2016,
      document_path: `${doctor.id}/licence.pdf`,
    });
    expect(submitted.error).toBeNull();
    const patient = await createUser(db, 'patient');
    for (const [who, api] of [
      ['other doctor', await signedInAs(other)],
      ['patient', await signedInAs(patient)],
      ['visitor', apiClient()],
    ] as const) {
      const licence = await api
        .from('doctor_licences')
        .select('registration_number')
        .eq('doctor_id', doctor.id);
      expect(licence.data ?? [], who).toEqual([]);
      const signed = await api.storage
        .from('licence-documents')
        .createSignedUrl(`${doctor.id}/licence.pdf`, 60);
      expect(signed.data, who).toBeNull();
      const download = await api.storage.from('licence-documents').download(`${doctor.id}/licence.pdf`);
      expect(download.data, who).toBeNull();
      const actions = await api.from('admin_actions').select('id').eq('target_id', doctor.id);
      expect(actions.data ?? [], who).toEqual([]);
    }
    // The doctor themself can open their own document.
    const own = await mine.storage.from('licence-documents').createSignedUrl(`${doctor.id}/licence.pdf`, 60);
    expect(own.error).toBeNull();
    expect((await fetch(own.data!.signedUrl)).status).toBe(200);
  });
});

test('the home page promises only what verification checks', async ({ page }) => {
  await page.goto('/');
  await expect(
    page.getByText(
      'Every doctor you can book has had their medical licence reviewed by a Health-Connect admin: the registration number and the licence document.',
    ),
  ).toBeVisible();
  await expect(page.getByText('verified doctors one tap away')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Checked licences' })).toBeVisible();
});
