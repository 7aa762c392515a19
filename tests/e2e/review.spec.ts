import { insertAppointment } from './support/appointments.ts';
import { createDoctor, createUser, database, expect, signIn, test } from './support/fixtures.ts';

test('the doctor marks a visit completed; the patient reviews it and the rating shows in the directory', async ({
  page,
  browser,
}) => {
  const tag = Date.now().toString(36);
  const db = await database();
  const doctor = await createDoctor(db, { full_name: `Dr. Rhea Stone ${tag}`, specialization: 'neurology' });
  const patient = await createUser(db, 'patient');
  // A video visit that began ten minutes ago and is still running.
  const visit = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: new Date(Date.now() - 10 * 60_000),
    status: 'scheduled',
    reason: 'Recurring headaches',
  });

  const doctorContext = await browser.newContext();
  const doctorPage = await doctorContext.newPage();
  await signIn(doctorPage, doctor);
  const today = doctorPage.getByTestId('today').locator(`[data-id="${visit}"]`);
  await expect(today).toContainText('Recurring headaches');
  await expect(today.getByRole('link', { name: 'Start video call' })).toBeVisible();
  await today.getByRole('button', { name: 'Mark completed' }).click();
  await expect(doctorPage.getByText('Marked as completed.')).toBeVisible();
  await expect(
    doctorPage.getByTestId('past').locator(`[data-id="${visit}"]`).getByTestId('status'),
  ).toHaveText('Completed');
  await doctorContext.close();

  await signIn(page, patient);
  const card = page.getByRole('region', { name: 'Past and cancelled' }).locator(`[data-id="${visit}"]`);
  await expect(card.getByTestId('status')).toHaveText('Completed');
  await card.getByRole('button', { name: 'Leave a review' }).click();
  const dialog = page.getByRole('dialog', { name: 'How was your visit?' });
  await dialog.getByRole('button', { name: 'Send review' }).click();
  await expect(dialog.getByText('Choose from 1 to 5 stars')).toBeVisible();
  await dialog.getByLabel('Comment (optional)').fill('y'.repeat(2001));
  await dialog.getByLabel('4 stars').check({ force: true });
  await dialog.getByRole('button', { name: 'Send review' }).click();
  await expect(dialog.getByText('Keep the comment under 2000 characters')).toBeVisible();
  expect((await db.query('select 1 from public.reviews where appointment_id = $1', [visit])).rowCount).toBe(
    0,
  );

  await dialog.getByLabel('Comment (optional)').fill('Listened carefully and explained the plan.');
  await dialog.getByRole('button', { name: 'Send review' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Thank you for your review.')).toBeVisible();
  await expect(card).toContainText('You rated this visit 4 of 5.');
  await expect(card.getByRole('button', { name: 'Leave a review' })).toHaveCount(0);

  // The review is on the doctor's page and the rating in the directory.
  await page.goto(`/doctors/${doctor.id}`);
  await expect(page.getByText('Listened carefully and explained the plan.')).toBeVisible();
  await expect(page.getByLabel('4 out of 5 stars')).toBeVisible();
  await page.goto(`/doctors?q=Stone+${tag}`);
  await expect(page.getByTestId('doctor-card')).toContainText('★ 4.0 (1 review)');

  const { rows } = await db.query(
    'select rating, comment, doctor_id from public.reviews where appointment_id = $1',
    [visit],
  );
  await db.end();
  expect(rows).toEqual([
    { rating: 4, comment: 'Listened carefully and explained the plan.', doctor_id: doctor.id },
  ]);
});
