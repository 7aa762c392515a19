import type { Page } from '@playwright/test';
import { halfHourFromNow, insertAppointment, newVisit } from './support/appointments.ts';
import {
  createDoctor,
  createUser,
  database,
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  setTheme,
  signIn,
  test,
} from './support/fixtures.ts';

async function checkBothThemes(page: Page, label: string) {
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `${label} (${theme})`);
  }
}

// Each axe scan of a full page takes a few seconds on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 });

test('the patient appointments page and its dialogs are accessible in both themes', async ({ page }) => {
  const db = await database();
  const {
    doctor,
    patient,
    visit: upcoming,
  } = await newVisit(db, {
    startsAt: halfHourFromNow(30),
    status: 'scheduled',
  });
  await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: new Date(Date.now() - 3 * 86_400_000),
    status: 'completed',
  });
  await db.end();
  await signIn(page, patient);

  await page.goto('/appointments');
  await expect(page.getByTestId('appointment')).toHaveCount(2);
  // A modal dialog keeps the theme toggle out of reach, so each theme opens the dialogs anew.
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/appointments (${theme})`);
    await page.locator(`[data-id="${upcoming}"]`).getByRole('button', { name: 'Reschedule' }).click();
    await expect(page.getByRole('dialog').getByRole('radio').first()).toBeAttached();
    await expectAccessible(page, `/appointments reschedule dialog (${theme})`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Leave a review' }).click();
    await expect(page.getByRole('dialog', { name: 'How was your visit?' })).toBeVisible();
    await expectAccessible(page, `/appointments review dialog (${theme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
});

test('the directory, a doctor page and the patient profile are accessible in both themes', async ({
  page,
}) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  await db.end();
  await signIn(page, patient);

  await page.goto('/doctors');
  await expect(page.getByTestId('doctor-card').first()).toBeVisible();
  await checkBothThemes(page, '/doctors');

  await page.goto(`/doctors/${doctor.id}`);
  await expect(page.locator('input[name="slot"]').first()).toBeAttached();
  await checkBothThemes(page, '/doctors/[id]');

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'Medical profile' })).toBeVisible();
  await checkBothThemes(page, '/profile (patient)');
});

test('the doctor pages are accessible in both themes', async ({ page }) => {
  const db = await database();
  const {
    doctor,
    patient,
    visit: pending,
  } = await newVisit(db, {
    startsAt: halfHourFromNow(28),
  });
  await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(50),
    status: 'scheduled',
  });
  await db.end();
  await signIn(page, doctor);

  await page.goto('/dashboard');
  await expect(page.getByTestId('appointment')).toHaveCount(2);
  await page
    .locator(`[data-id="${pending}"]`)
    .getByRole('button', { name: 'Patient details and notes' })
    .click();
  await expect(page.getByText('Private notes')).toBeVisible();
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/dashboard (${theme})`);
    await page.locator(`[data-id="${pending}"]`).getByRole('button', { name: 'Decline' }).click();
    await expect(page.getByRole('dialog', { name: 'Decline this request?' })).toBeVisible();
    await expectAccessible(page, `/dashboard decline dialog (${theme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }

  await page.goto('/availability');
  await expect(page.getByTestId('weekday-1')).toBeVisible();
  await checkBothThemes(page, '/availability');

  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'Professional details' })).toBeVisible();
  await checkBothThemes(page, '/profile (doctor)');
});

test('the consultation record pages are accessible in both themes', async ({ page }) => {
  const db = await database();
  const { doctor, patient, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(-2),
    status: 'completed',
  });
  await db.query(
    `insert into public.visit_summary_versions (appointment_id, version, doctor_id, patient_id, complaint, findings,
       assessment, plan, follow_up)
     values ($1, 1, $2, $3, 'Sore throat', 'Red tonsils', 'Tonsillitis', 'Rest and fluids', 'Come back in a week')`,
    [visit, doctor.id, patient.id],
  );
  await db.query(
    `insert into public.prescriptions (code, appointment_id, doctor_id, patient_id, medication, strength, form, dose,
       frequency, duration_days, quantity, prescriber_name)
     values ('RX-' || upper(substr(md5(random()::text), 1, 4)) || '-' || upper(substr(md5(random()::text), 1, 4)),
       $1, $2, $3, 'Amoxicillin', '500 mg', 'capsule', '1 capsule', 'three times a day', 7, 21, $4)`,
    [visit, doctor.id, patient.id, doctor.name],
  );
  await db.end();

  await signIn(page, patient);
  await page.goto('/records');
  await expect(page.getByTestId('history-summary')).toContainText('Rest and fluids');
  await checkBothThemes(page, '/records');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, doctor);
  await page.goto(`/visits/${visit}`);
  await expect(page.getByTestId('prescription')).toContainText('Amoxicillin');
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/visits/[id] (doctor, ${theme})`);
    await page.getByRole('button', { name: 'Cancel prescription' }).click();
    await expect(page.getByRole('dialog', { name: 'Cancel this prescription?' })).toBeVisible();
    await expectAccessible(page, `/visits/[id] cancel prescription dialog (${theme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByRole('heading', { name: `Patient chart: ${patient.name}` })).toBeVisible();
  await checkBothThemes(page, '/patients/[id]');
});

test('error pages are accessible in both themes', async ({ page }) => {
  for (const path of ['/doctors/00000000-0000-0000-0000-000000000000', '/update-password', '/no-such-page']) {
    await page.goto(path);
    await expect(page.locator('h1')).toBeVisible();
    await checkBothThemes(page, path);
  }
});

test('the admin console, its charts and its dialogs are accessible in both themes', async ({ page }) => {
  await signIn(page, { email: 'admin@demo.health-connect.local', password: DEMO_PASSWORD });
  await expect(page.getByRole('heading', { name: 'Verification queue' })).toBeVisible();
  const noor = page.getByTestId('queue-entry').filter({ hasText: 'Dr. Noor Rahman' });
  for (const theme of ['dark', 'light'] as const) {
    await setTheme(page, theme);
    await expectAccessible(page, `/admin (${theme})`);
    await noor.getByRole('button', { name: 'Reject' }).click();
    const dialog = page.getByRole('dialog', { name: "Reject Dr. Noor Rahman's licence?" });
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await expect(dialog.getByText('Give a short reason')).toBeVisible();
    await expectAccessible(page, `/admin reject dialog with an error (${theme})`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  }

  await page.goto('/admin/users');
  await page.getByLabel('Email address').fill('patient1@demo.health-connect.local');
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByTestId('found-user')).toContainText('Priya Sharma');
  await checkBothThemes(page, '/admin/users');

  await page.goto('/admin/figures');
  await expect(page.getByTestId('per-day-chart')).toBeVisible();
  await page.getByText('Show the numbers as a table').first().click();
  await checkBothThemes(page, '/admin/figures');
  await page.goto('/admin/figures?until=2001-01-31');
  await expect(page.getByTestId('per-day-empty')).toBeVisible();
  await checkBothThemes(page, '/admin/figures (empty)');

  await page.goto('/admin/audit');
  await expect(page.getByTestId('audit-entry').first()).toBeVisible();
  await checkBothThemes(page, '/admin/audit');
});
