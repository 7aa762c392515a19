import { halfHourFromNow, insertAppointment } from './support/appointments.ts';
import { createDoctor, createUser, database, expect, signIn, test } from './support/fixtures.ts';

test('join video only when it is time; chat is one click away', async ({ page }) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  const soon = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: new Date(Date.now() + 5 * 60_000),
    status: 'scheduled',
  });
  const later = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(48),
    status: 'scheduled',
  });
  const chatNow = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(2),
    mode: 'chat',
    status: 'scheduled',
  });
  await db.end();

  await signIn(page, patient);
  const soonCard = page.locator(`[data-id="${soon}"]`);
  await expect(soonCard.getByRole('link', { name: 'Join video call' })).toHaveAttribute(
    'href',
    `/call/${soon}`,
  );
  // Not started yet, so it can still be cancelled.
  await expect(soonCard.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(
    page.locator(`[data-id="${later}"]`).getByRole('link', { name: 'Join video call' }),
  ).toHaveCount(0);
  await expect(
    page.locator(`[data-id="${chatNow}"]`).getByRole('link', { name: 'Join video call' }),
  ).toHaveCount(0);
  for (const id of [soon, later, chatNow]) {
    await expect(page.locator(`[data-id="${id}"]`).getByRole('link', { name: 'Open chat' })).toHaveAttribute(
      'href',
      `/messages/${doctor.id}`,
    );
  }
  // Upcoming is soonest first.
  const order = await page
    .getByRole('region', { name: 'Upcoming' })
    .getByTestId('appointment')
    .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')));
  expect(order).toEqual([soon, chatNow, later]);
});
