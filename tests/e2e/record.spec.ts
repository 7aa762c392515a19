import { halfHourFromNow, insertAppointment, newVisit } from './support/appointments.ts';
import { createDoctor, createUser, database, expect, signIn, signOut, test } from './support/fixtures.ts';

// The prescription is written as issue_prescription writes it; the next test issues one through the UI.
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

  await signOut(page);
  await signIn(page, stranger);
  await page.goto(`/prescriptions/${rx.id}`);
  await expect(page.getByText('There is no prescription of yours at this address.')).toBeVisible();
  await expect(page.getByText(rx.code)).toHaveCount(0);
});

test('the doctor writes, finalises and edits a summary and issues a prescription; the patient sees only what is final', async ({
  page,
}) => {
  const db = await database();
  const { doctor, patient, visit } = await newVisit(db, {
    startsAt: halfHourFromNow(-2),
    status: 'completed',
  });
  const otherDoctor = await createUser(db, 'doctor');
  await db.end();

  await signIn(page, doctor);
  await page.goto(`/visits/${visit}`);
  await page.getByLabel('Complaint').fill('Sore throat');
  await page.getByLabel('Plan').fill('Gargle with salt water');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Draft — the patient does not see this yet')).toBeVisible();

  const form = page.getByRole('form', { name: 'New prescription' });
  await form.getByRole('button', { name: 'Issue prescription' }).click();
  await expect(form.getByText('Please fill in the medication.')).toBeVisible();
  await form.getByLabel('Medication').fill('Amoxicillin');
  await form.getByLabel('Strength').fill('500 mg');
  await form.getByLabel('Form').fill('capsule');
  await form.getByLabel('Dose').fill('1 capsule');
  await form.getByLabel('Frequency').fill('three times a day');
  await form.getByLabel('Duration (days)').fill('7');
  await form.getByLabel('Quantity').fill('21');
  await form.getByRole('button', { name: 'Issue prescription' }).click();
  await expect(page.getByTestId('prescription')).toContainText('Amoxicillin 500 mg');

  await signOut(page);
  await signIn(page, patient);
  await page.goto(`/visits/${visit}`);
  await expect(page.getByTestId('prescription')).toContainText('Amoxicillin 500 mg');
  await expect(page.getByText('No summary has been shared yet.')).toBeVisible();
  await expect(page.getByText('Sore throat')).toHaveCount(0);

  await signOut(page);
  await signIn(page, doctor);
  await page.goto(`/visits/${visit}`);
  await page.getByRole('button', { name: 'Finalise and share with the patient' }).click();
  await expect(page.getByTestId('summary-version')).toContainText('Version 1');
  await page.getByLabel('Plan').fill('Gargle, and paracetamol for pain');
  await page.getByRole('button', { name: 'Finalise and share with the patient' }).click();
  await expect(page.getByTestId('summary-version')).toHaveCount(2);

  await signOut(page);
  await signIn(page, patient);
  await page.goto(`/visits/${visit}`);
  await expect(page.getByTestId('summary-version')).toHaveCount(2);
  await expect(page.getByTestId('summary-version').first()).toContainText('Gargle, and paracetamol for pain');
  await expect(page.getByTestId('summary-version').last()).toContainText('Gargle with salt water');
  await expect(page.getByRole('button', { name: 'Save draft' })).toHaveCount(0);

  await signOut(page);
  await signIn(page, otherDoctor);
  await page.goto(`/visits/${visit}`);
  await expect(page.getByText('There is no visit of yours at this address.')).toBeVisible();
});

test('a patient shares a lab PDF with one of their doctors; the other sees no document, a stranger no chart', async ({
  page,
}) => {
  const db = await database();
  const { doctor, patient } = await newVisit(db, { startsAt: halfHourFromNow(24), status: 'scheduled' });
  const secondDoctor = await createDoctor(db);
  await insertAppointment(db, {
    doctorId: secondDoctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(30),
    status: 'scheduled',
  });
  const stranger = await createUser(db, 'doctor');
  await db.end();

  await signIn(page, patient);
  await page.goto('/records');
  const form = page.getByRole('form', { name: 'Add to my record' });
  await form.getByLabel('File (PDF or picture, at most 20 MB)').setInputFiles({
    name: 'blood-test.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  });
  await form.getByLabel('Title').fill('Blood test March');
  await form.getByRole('button', { name: 'Add to my record' }).click();
  const card = page.getByTestId('document').filter({ hasText: 'Blood test March' });
  await expect(card).toBeVisible();
  await card.getByLabel(doctor.name).check();
  await expect(card.getByLabel(doctor.name)).toBeChecked();
  await expect(card.getByLabel(secondDoctor.name)).not.toBeChecked();

  await signOut(page);
  await signIn(page, doctor);
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByTestId('chart-document')).toHaveText('Blood test March');

  await signOut(page);
  await signIn(page, secondDoctor);
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByText('No documents shared with you.')).toBeVisible();
  await expect(page.getByText('Blood test March')).toHaveCount(0);

  await signOut(page);
  await signIn(page, stranger);
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByText(/^This patient is not in your care/)).toBeVisible();
});
