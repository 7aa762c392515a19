import { halfHourFromNow, insertAppointment } from './support/appointments.ts';
import { createDoctor, createUser, database, expect, signIn, test } from './support/fixtures.ts';

test('a patient cancels one appointment and moves another, giving reasons', async ({ page }) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  const toCancel = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(26),
    reason: 'Blood pressure review',
  });
  const toMove = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(50),
    status: 'scheduled',
    reason: 'Follow-up on medication',
  });

  await signIn(page, patient);
  const cancelCard = page.locator(`[data-id="${toCancel}"]`);
  await cancelCard.getByRole('button', { name: 'Cancel' }).click();
  const cancelDialog = page.getByRole('dialog', { name: 'Cancel this appointment?' });
  await cancelDialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(cancelDialog.getByText('Give a short reason (at least 3 characters)')).toBeVisible();
  await cancelDialog.getByLabel('Why are you cancelling?').fill('x'.repeat(501));
  await cancelDialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(cancelDialog.getByText('Keep the reason under 500 characters')).toBeVisible();
  await cancelDialog.getByLabel('Why are you cancelling?').fill('I feel better now');
  await cancelDialog.getByRole('button', { name: 'Cancel appointment' }).click();
  await expect(cancelDialog).toBeHidden();
  await expect(page.getByText('The appointment is cancelled.')).toBeVisible();
  await expect(cancelCard.getByTestId('status')).toHaveText('Cancelled');
  await expect(cancelCard).toContainText('Reason: I feel better now');
  await expect(
    page.getByRole('region', { name: 'Past and cancelled' }).locator(`[data-id="${toCancel}"]`),
  ).toBeVisible();

  const moveCard = page.locator(`[data-id="${toMove}"]`);
  await moveCard.getByRole('button', { name: 'Reschedule' }).click();
  const moveDialog = page.getByRole('dialog', { name: 'Move this appointment' });
  await moveDialog.getByLabel('Why are you moving it?').fill('A work meeting moved');
  await moveDialog.getByRole('button', { name: 'Move appointment' }).click();
  await expect(moveDialog.getByText('Choose a new time first.')).toBeVisible();
  const newSlot = moveDialog.getByRole('radio').nth(3);
  const newStart = (await newSlot.getAttribute('value'))!;
  await newSlot.check({ force: true });
  await moveDialog.getByRole('button', { name: 'Move appointment' }).click();
  await expect(moveDialog).toBeHidden();
  await expect(page.getByText(/^Moved to /)).toBeVisible();
  await expect(moveCard.getByTestId('status')).toHaveText('Moved');

  const { rows } = await db.query(
    `select id, status, starts_at, cancellation_reason, rescheduled_from from public.appointments
     where patient_id = $1 order by created_at`,
    [patient.id],
  );
  await db.end();
  expect(rows).toHaveLength(3);
  expect(rows[0]).toMatchObject({
    id: toCancel,
    status: 'cancelled',
    cancellation_reason: 'I feel better now',
  });
  expect(rows[1]).toMatchObject({
    id: toMove,
    status: 'rescheduled',
    cancellation_reason: 'A work meeting moved',
  });
  const replacement = rows[2] as { id: string; status: string; starts_at: Date; rescheduled_from: string };
  expect(replacement).toMatchObject({ status: 'pending', rescheduled_from: toMove });
  expect(replacement.starts_at.getTime()).toBe(Date.parse(newStart));
  await expect(page.locator(`[data-id="${replacement.id}"]`).getByTestId('status')).toHaveText(
    'Waiting for the doctor',
  );
});
