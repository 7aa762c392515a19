import { createDoctor, database, expect, signIn, test } from './support/fixtures.ts';

test('a new patient finds a cardiologist and books; the doctor confirms and the patient sees it live', async ({
  page,
  browser,
}) => {
  const tag = Date.now().toString(36);
  const db = await database();
  const doctor = await createDoctor(db, { full_name: `Dr. Cora Vance ${tag}`, specialization: 'cardiology' });
  await db.end();

  // The doctor already has the dashboard open in another browser.
  const doctorContext = await browser.newContext();
  const doctorPage = await doctorContext.newPage();
  await signIn(doctorPage, doctor);
  await expect(doctorPage.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(doctorPage.getByTestId('pending')).toContainText('No new requests.');

  // Sign up as a new patient.
  const email = `booker-${tag}@e2e.health-connect.local`;
  await page.goto('/signup');
  await page.getByLabel('Full name').fill(`Pia Booker ${tag}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('a-good-password');
  await page.getByLabel('Repeat the password').fill('a-good-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();

  // Find the cardiologist: the filters go into the address, so the search can be shared.
  await page.getByRole('link', { name: 'Find a doctor' }).first().click();
  await page.getByLabel('Specialization').selectOption('cardiology');
  await expect(page).toHaveURL(/specialty=cardiology/);
  await page.getByLabel('Name').fill(`Vance ${tag}`);
  await expect(page).toHaveURL(new RegExp(`q=Vance\\+${tag}`));
  const card = page.getByTestId('doctor-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Cardiology');
  await expect(card).toContainText('9 yrs');
  await expect(card).toContainText('Next free:');
  await card.getByRole('link', { name: doctor.name }).click();

  // The doctor's page: times in the patient's zone, the doctor's zone named because it differs.
  await expect(page.getByRole('heading', { level: 1, name: doctor.name })).toBeVisible();
  await expect(page.getByText(`${doctor.name} works in UTC`)).toBeVisible();
  const slot = page.locator('input[name="slot"]').first();
  const slotStart = await slot.getAttribute('value');
  await slot.check({ force: true });
  await page.getByLabel('Chat').check();
  await page.getByLabel('Reason for the visit').fill('Chest tightness after exercise');
  await page.getByRole('button', { name: 'Request appointment' }).click();

  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
  const booked = page.getByTestId('appointment').filter({ hasText: doctor.name });
  await expect(booked).toContainText('Chest tightness after exercise');
  await expect(booked).toContainText('Chat');
  await expect(booked.getByTestId('status')).toHaveText('Waiting for the doctor');

  // The request reaches the doctor's open dashboard by itself; the doctor confirms it.
  const request = doctorPage.getByTestId('pending').getByTestId('appointment').filter({ hasText: tag });
  await expect(request).toContainText(`Pia Booker ${tag}`);
  await request.getByRole('button', { name: 'Confirm' }).click();
  await expect(doctorPage.getByText('Confirmed. The patient sees it now.')).toBeVisible();
  await expect(doctorPage.getByTestId('pending').getByTestId('appointment')).toHaveCount(0);

  // The patient's page updates by itself.
  await expect(booked.getByTestId('status')).toHaveText('Confirmed');
  await doctorContext.close();

  const check = await database();
  const { rows } = await check.query(
    `select a.status, a.mode, a.starts_at from public.appointments a join auth.users u on u.id = a.patient_id
     where u.email = $1`,
    [email],
  );
  await check.end();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ status: 'scheduled', mode: 'chat' });
  expect((rows[0] as { starts_at: Date }).starts_at.getTime()).toBe(Date.parse(slotStart!));
});
