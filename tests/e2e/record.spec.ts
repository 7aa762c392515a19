import { halfHourFromNow, newVisit } from './support/appointments.ts';
import { createUser, database, expect, signIn, test } from './support/fixtures.ts';

// The doctor's side of the record (writing summaries and prescriptions in the UI) is not built
// yet; the prescription is issued here as the database would issue it, through issue_prescription's
// own table, and the test covers the patient's printable page.
test('the patient prints their prescription with the doctor’s name and its id; another patient cannot open it', async ({
  page,
}) => {
  const db = await database();
  const { doctor, patient, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(-2),
    status: 'completed',
  });
  const stranger = await createUser(db, 'patient');
  const { rows } = await db.query<{ id: string; code: string }>(
    `insert into public.prescriptions (code, appointment_id, doctor_id, patient_id, medication, strength, form, dose,
       frequency, duration_days, quantity, instructions, prescriber_name, prescriber_licence)
     values ('RX-' || upper(substr(md5(random()::text), 1, 4)) || '-' || upper(substr(md5(random()::text), 1, 4)),
       $1, $2, $3, 'Amoxicillin', '500 mg', 'capsule', '1 capsule', 'three times a day', 7, 21, 'Take with food',
       $4, 'GMC 7000003, General Medical Council (GB)')
     returning id, code`,
    [visit, doctor.id, patient.id, doctor.name],
  );
  const rx = rows[0]!;
  await db.end();

  await signIn(page, patient);
  await page.goto(`/prescriptions/${rx.id}`);
  await expect(page.getByTestId('prescription-code')).toHaveText(rx.code);
  await expect(page.getByTestId('prescriber')).toHaveText(doctor.name);
  await expect(page.getByText('1 capsule, three times a day, for 7 days (21 × capsule)')).toBeVisible();
  await expect(page.getByText('Licence: GMC 7000003, General Medical Council (GB)')).toBeVisible();
  const print = page.getByRole('button', { name: 'Print or save as PDF' });
  await expect(print).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(print).toBeHidden();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeHidden();
  await expect(page.getByTestId('prescriber')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, stranger);
  await page.goto(`/prescriptions/${rx.id}`);
  await expect(page.getByText('There is no prescription of yours at this address.')).toBeVisible();
  await expect(page.getByText(rx.code)).toHaveCount(0);
});
