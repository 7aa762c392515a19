import { halfHourFromNow, insertAppointment, newVisit } from './support/appointments.ts';
import { createDoctor, createUser, database, expect, signIn, test } from './support/fixtures.ts';

test('a slot taken by someone else after the page showed it: a clear message and fresh times', async ({
  page,
}) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  const rival = await createUser(db, 'patient');
  await signIn(page, patient);
  await page.goto(`/doctors/${doctor.id}`);
  const slot = page.locator('input[name="slot"]').first();
  const startsAt = (await slot.getAttribute('value'))!;
  await slot.check({ force: true });
  await page.getByLabel('Reason for the visit').fill('Palpitations at night');

  await insertAppointment(db, { doctorId: doctor.id, patientId: rival.id, startsAt: new Date(startsAt) });
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'Someone else just booked this time. Please pick another slot.',
  );
  await expect(page.locator(`input[name="slot"][value="${startsAt}"]`)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Request appointment' })).toBeDisabled();
  await expect(page.getByLabel('Reason for the visit')).toHaveValue('Palpitations at night');
  const mine = await db.query('select 1 from public.appointments where patient_id = $1', [patient.id]);
  expect(mine.rowCount).toBe(0);

  // Another time books fine.
  await page.locator('input[name="slot"]').first().check({ force: true });
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
  expect(
    (await db.query('select 1 from public.appointments where patient_id = $1', [patient.id])).rowCount,
  ).toBe(1);
  await db.end();
});

test('booking with an empty or over-long reason is refused next to the field', async ({ page }) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  await signIn(page, patient);
  await page.goto(`/doctors/${doctor.id}`);
  await page.locator('input[name="slot"]').first().check({ force: true });
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByText('Tell the doctor why you are booking (at least 3 characters)')).toBeVisible();
  await expect(page.getByLabel('Reason for the visit')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Reason for the visit').fill('z'.repeat(501));
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByText('Keep the reason under 500 characters')).toBeVisible();
  expect(
    (await db.query('select 1 from public.appointments where patient_id = $1', [patient.id])).rowCount,
  ).toBe(0);
  await db.end();
});

test('going offline mid-booking: nothing is booked, and the same request works once back online', async ({
  page,
  context,
}) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  await signIn(page, patient);
  await page.goto(`/doctors/${doctor.id}`);
  await page.locator('input[name="slot"]').first().check({ force: true });
  await page.getByLabel('Reason for the visit').fill('Follow-up on blood tests');

  await context.setOffline(true);
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'You seem to be offline. Nothing was booked; try again when you are connected.',
  );
  expect(
    (await db.query('select 1 from public.appointments where patient_id = $1', [patient.id])).rowCount,
  ).toBe(0);

  await context.setOffline(false);
  await page.getByRole('button', { name: 'Request appointment' }).click();
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
  expect(
    (await db.query('select 1 from public.appointments where patient_id = $1', [patient.id])).rowCount,
  ).toBe(1);
  await db.end();
});

test('going offline before cancelling or saving the profile: a clear message and nothing changed', async ({
  page,
  context,
}) => {
  const db = await database();
  const { patient, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(30),
  });
  await signIn(page, patient);
  const card = page.locator(`[data-id="${visit}"]`);
  await card.getByRole('button', { name: 'Cancel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await dialog.getByLabel('Why are you cancelling?').fill('Travelling that week');
  await context.setOffline(true);
  await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'You seem to be offline. Nothing was changed; try again when you are connected.',
  );
  expect((await db.query('select status from public.appointments where id = $1', [visit])).rows).toEqual([
    { status: 'pending' },
  ]);
  await context.setOffline(false);
  await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(card.getByTestId('status')).toHaveText('Cancelled');

  await page.goto('/profile');
  const medical = page.getByRole('form', { name: 'Medical profile' });
  await medical.getByLabel('Allergies').fill('Latex');
  await context.setOffline(true);
  await medical.getByRole('button', { name: 'Save medical profile' }).click();
  await expect(
    page.getByText('You seem to be offline. Nothing was changed; try again when you are connected.'),
  ).toBeVisible();
  const photo = page.getByLabel('Choose a photo');
  await photo.setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    // A 1×1 PNG.
    buffer: Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      'base64',
    ),
  });
  await expect(page.getByRole('alert')).toHaveText('You seem to be offline. The picture was not changed.');
  await context.setOffline(false);
  const { rows } = await db.query(
    `select pt.allergies, p.avatar_path,
       (select count(*)::int from storage.objects where bucket_id = 'avatars' and name like p.id || '/%') as objects
     from public.patients pt join public.profiles p using (id) where p.id = $1`,
    [patient.id],
  );
  await db.end();
  expect(rows).toEqual([{ allergies: null, avatar_path: null, objects: 0 }]);
});

test('sign-up names an invalid email, a too-long name and a short password next to each field', async ({
  page,
}) => {
  await page.goto('/signup');
  await page.getByLabel('Full name').fill('n'.repeat(121));
  await page.getByLabel('Email').fill('nobody@');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Repeat the password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Keep your name under 120 characters')).toBeVisible();
  await expect(page.getByText('Enter a valid email address, like name@example.com')).toBeVisible();
  await expect(page.getByText(/^Use at least \d+ characters$/)).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/signup$/);

  await page.goto('/reset-password');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('Enter your email address')).toBeVisible();
});

test('a doctor going offline while declining keeps the request pending and says why', async ({
  page,
  context,
}) => {
  const db = await database();
  const { doctor, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(30),
  });
  await signIn(page, doctor);
  const card = page.locator(`[data-id="${visit}"]`);
  await card.getByRole('button', { name: 'Decline' }).click();
  const dialog = page.getByRole('dialog', { name: 'Decline this request?' });
  await dialog.getByRole('button', { name: 'Decline request' }).click();
  await expect(dialog.getByText('Give a short reason (at least 3 characters)')).toBeVisible();
  await dialog.getByLabel('Reason (the patient sees it)').fill('Fully booked that day');
  await context.setOffline(true);
  await dialog.getByRole('button', { name: 'Decline request' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(
    'You seem to be offline. Nothing was changed; try again when you are connected.',
  );
  await context.setOffline(false);
  expect((await db.query('select status from public.appointments where id = $1', [visit])).rows).toEqual([
    { status: 'pending' },
  ]);
  await dialog.getByRole('button', { name: 'Decline request' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('status')).toHaveText('Cancelled');
  expect(
    (await db.query('select status, cancellation_reason from public.appointments where id = $1', [visit]))
      .rows,
  ).toEqual([{ status: 'cancelled', cancellation_reason: 'Fully booked that day' }]);
  await db.end();
});

test('a new time taken while moving an appointment: a clear message, fresh times, nothing moved', async ({
  page,
}) => {
  const db = await database();
  const { doctor, patient, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(60),
    status: 'scheduled',
  });
  const rival = await createUser(db, 'patient');
  await signIn(page, patient);
  await page.locator(`[data-id="${visit}"]`).getByRole('button', { name: 'Reschedule' }).click();
  const dialog = page.getByRole('dialog', { name: 'Move this appointment' });
  const slot = dialog.locator('input[name="slot"]').nth(2);
  const wanted = (await slot.getAttribute('value'))!;
  await slot.check({ force: true });
  await dialog.getByLabel('Why are you moving it?').fill('Clashes with school pick-up');

  await insertAppointment(db, { doctorId: doctor.id, patientId: rival.id, startsAt: new Date(wanted) });
  await dialog.getByRole('button', { name: 'Move appointment' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('That time was just taken. Please pick another slot.');
  await expect(dialog.locator(`input[name="slot"][value="${wanted}"]`)).toHaveCount(0);
  await expect(dialog.getByText('Choose a new time first.')).toHaveCount(0);
  const { rows } = await db.query('select status from public.appointments where patient_id = $1', [
    patient.id,
  ]);
  await db.end();
  expect(rows).toEqual([{ status: 'scheduled' }]);
});
