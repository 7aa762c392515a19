import { halfHourFromNow, insertAppointment, newVisit } from './support/appointments.ts';
import { createDoctor, createUser, database, expect, signIn, test } from './support/fixtures.ts';

test("the doctor sees the patient's medical profile and keeps private notes", async ({ page }) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient', { full_name: 'Lena Brandt' });
  await db.query(
    `update public.patients set date_of_birth = '1979-06-30', blood_group = 'O-', allergies = 'Peanuts',
       emergency_contact_name = 'Kai Brandt', emergency_contact_phone = '+49 30 1234567',
       emergency_contact_relation = 'Husband' where id = $1`,
    [patient.id],
  );
  const later = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(30),
    status: 'scheduled',
    reason: 'Asthma review',
  });

  await signIn(page, doctor);
  const card = page.getByTestId('upcoming').locator(`[data-id="${later}"]`);
  await expect(card).toContainText('Lena Brandt');
  await expect(page.getByTestId('pending')).toContainText('No new requests.');
  await card.getByRole('button', { name: 'Patient details and notes' }).click();
  await expect(card).toContainText('Peanuts');
  await expect(card).toContainText('O-');
  await expect(card).toContainText('Kai Brandt (Husband) · +49 30 1234567');
  await expect(card).toContainText('born 1979-06-30');

  const notes = card.getByLabel('Private notes');
  await expect(card.getByRole('button', { name: 'Save note' })).toBeDisabled();
  await notes.fill('n'.repeat(10_001));
  await card.getByRole('button', { name: 'Save note' }).click();
  await expect(card.getByText('Keep notes under 10000 characters')).toBeVisible();
  await notes.fill('Inhaler twice daily; check peak flow next time.');
  await card.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Note saved.')).toBeVisible();

  await page.reload();
  await card.getByRole('button', { name: 'Patient details and notes' }).click();
  await expect(card.getByLabel('Private notes')).toHaveValue(
    'Inhaler twice daily; check peak flow next time.',
  );
  await card.getByLabel('Private notes').fill('Inhaler twice daily.');
  await card.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Note saved.').last()).toBeVisible();

  // An earlier "Note saved." may still be on screen: wait on the stored note itself.
  await expect
    .poll(
      async () =>
        (await db.query('select body from public.appointment_notes where appointment_id = $1', [later])).rows,
    )
    .toEqual([{ body: 'Inhaler twice daily.' }]);
  await db.end();
});

test('the doctor cancels a confirmed appointment with a reason the patient then sees', async ({
  page,
  browser,
}) => {
  const db = await database();
  const { doctor, patient, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(40),
    status: 'scheduled',
  });
  await db.end();

  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await signIn(patientPage, patient);
  await expect(patientPage.locator(`[data-id="${visit}"]`).getByTestId('status')).toHaveText('Confirmed');

  await signIn(page, doctor);
  await page.locator(`[data-id="${visit}"]`).getByRole('button', { name: 'Cancel' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await dialog.getByLabel('Reason (the patient sees it)').fill('I am ill that day');
  await dialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(page.getByText('The appointment is cancelled; the patient sees your reason.')).toBeVisible();
  await expect(page.getByTestId('past').locator(`[data-id="${visit}"]`)).toContainText(
    'Reason: I am ill that day',
  );

  const seen = patientPage.locator(`[data-id="${visit}"]`);
  await expect(seen.getByTestId('status')).toHaveText('Cancelled');
  await expect(seen).toContainText('Reason: I am ill that day');
  await patientContext.close();
});
