import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from '@playwright/test';
import { SERVICE_ROLE_KEY } from '../../stack/config/keys.ts';
import { chromiumPath } from '../helpers/chromium.ts';
import { halfHourFromNow, insertAppointment, newVisit } from './support/appointments.ts';
import { hasMetadata, photoWithGps } from './support/exif.ts';
import {
  createDoctor,
  createUser,
  database,
  e2eEnv,
  expect,
  expectAccessible,
  signIn,
  signOut,
  test,
  type E2eUser,
} from './support/fixtures.ts';

// A fake camera and microphone for the video visit (as in call.spec.ts).
test.use({
  launchOptions: {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

async function open(browser: Browser, user: E2eUser) {
  const context = await browser.newContext({ baseURL: e2eEnv().baseURL });
  contexts.push(context);
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

test('in a video visit the doctor writes the summary and a prescription in the chart panel; the patient’s open records show both live, offline too, and download them', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const db = await database();
  const { doctor, patient, visit } = await newVisit(db, {
    startsAt: new Date(Date.now() - 5 * 60_000),
    status: 'scheduled',
  });
  await db.end();
  const { page: d } = await open(browser, doctor);
  const { context, page: records } = await open(browser, patient);
  await records.goto('/records');
  await expect(records.getByRole('heading', { name: 'My health records' })).toBeVisible();
  await expect(records.getByText('Nothing here yet.')).toBeVisible();

  // The patient answers in a second tab; the records tab stays open.
  const call = await context.newPage();
  await call.goto('/appointments');
  await d.goto(`/call/${visit}`);
  await d.getByRole('button', { name: 'Call', exact: true }).click();
  await call
    .getByRole('alertdialog', { name: 'Incoming video call' })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect(d.getByTestId('call-status')).toHaveText(`Connected with ${patient.name}.`);
  await expect(call.getByRole('button', { name: 'Patient chart' })).toHaveCount(0);

  await d.getByRole('button', { name: 'Patient chart' }).click();
  const panel = d.getByTestId('chart-panel');
  await expect(panel.getByRole('heading', { name: `Patient chart: ${patient.name}` })).toBeVisible();
  await panel.getByLabel('Complaint').fill('Sore throat for three days');
  await panel.getByLabel('Plan').fill('Gargle with salt water');
  const form = panel.getByRole('form', { name: 'New prescription' });
  await form.getByLabel('Medication').fill('Amoxicillin');
  await form.getByLabel('Strength').fill('500 mg');
  await form.getByLabel('Form').fill('capsule');
  await form.getByLabel('Dose').fill('1 capsule');
  await form.getByLabel('Frequency').fill('three times a day');
  await form.getByLabel('Duration (days)').fill('7');
  await form.getByLabel('Quantity').fill('21');
  await form.getByRole('button', { name: 'Issue prescription' }).click();
  await expect(panel.getByTestId('prescription')).toContainText('Amoxicillin 500 mg');
  await panel.getByRole('button', { name: 'Finalise and share with the patient' }).click();
  await expect(panel.getByTestId('summary-version')).toContainText('Version 1');
  await expectAccessible(d, 'call with the chart panel');

  // Without a reload, the patient's records tab shows both.
  const visitCard = records.getByTestId('history-visit');
  await expect(visitCard.getByTestId('history-summary')).toContainText('Gargle with salt water');
  await expect(visitCard.getByTestId('history-prescription')).toContainText('Amoxicillin 500 mg');
  await expect(visitCard).toContainText(doctor.name);

  // The doctor cancels the prescription with a reason; that arrives live too.
  await panel.getByRole('button', { name: 'Cancel prescription' }).click();
  const dialog = d.getByRole('dialog', { name: 'Cancel this prescription?' });
  await dialog.getByRole('button', { name: 'Cancel prescription' }).click();
  await expect(dialog.getByText('Give a short reason (at least 3 characters)')).toBeVisible();
  await dialog.getByLabel('Why are you cancelling it?').fill('Allergy to penicillin reported');
  await dialog.getByRole('button', { name: 'Cancel prescription' }).click();
  await expect(panel.getByTestId('prescription')).toContainText('Cancelled: Allergy to penicillin reported');
  await expect(visitCard.getByTestId('history-prescription')).toContainText(
    'Cancelled: Allergy to penicillin reported',
  );
  await expectAccessible(records, '/records with a visit record');

  const [download] = await Promise.all([
    records.waitForEvent('download'),
    records.getByRole('button', { name: 'Download my data' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^health-history-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as {
    patient: { id: string };
    visits: Array<{ id: string; summaries: Array<{ plan: string }>; prescriptions: Array<{ code: string }> }>;
  };
  expect(exported.patient.id).toBe(patient.id);
  const exportedVisit = exported.visits.find((v) => v.id === visit)!;
  expect(exportedVisit.summaries[0]!.plan).toBe('Gargle with salt water');
  expect(exportedVisit.prescriptions).toHaveLength(1);

  await records.emulateMedia({ media: 'print' });
  await expect(records.getByRole('button', { name: 'Download my data' })).toBeHidden();
  await expect(records.getByRole('form', { name: 'Add to my record' })).toBeHidden();
  await expect(visitCard.getByTestId('history-summary')).toBeVisible();
  await records.emulateMedia({ media: 'screen' });

  await call.close();
  await context.setOffline(true);
  await records.reload();
  const banner = records.getByTestId('offline-banner');
  await expect(banner).toContainText('Offline — last updated');
  await expect(banner).toContainText('This is the copy saved on this device.');
  await expect(visitCard.getByTestId('history-summary')).toContainText('Gargle with salt water');
  await expect(visitCard.getByTestId('history-prescription')).toContainText('Amoxicillin 500 mg');
  await expect(records.getByRole('button', { name: 'Add to my record' })).toBeDisabled();
  await context.setOffline(false);
  await expect(banner).toBeHidden();
});

test('a picture added to the record is stored resized and without EXIF or GPS; the Records link fits the phone header', async ({
  page,
}) => {
  const db = await database();
  const { patient } = await newVisit(db, { startsAt: halfHourFromNow(24), status: 'scheduled' });
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, patient);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Records' }).click();
  await expect(page).toHaveURL(/\/records$/);
  expect(await nav.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);

  const photo = await photoWithGps(page);
  const form = page.getByRole('form', { name: 'Add to my record' });
  await form.getByLabel('File (PDF or picture, at most 20 MB)').setInputFiles({
    name: 'rash.jpg',
    mimeType: 'image/jpeg',
    buffer: photo,
  });
  await form.getByLabel('Title').fill('Rash on the arm');
  await form.getByLabel('Kind').selectOption('photo');
  await form.getByRole('button', { name: 'Add to my record' }).click();
  await expect(page.getByTestId('document').filter({ hasText: 'Rash on the arm' })).toBeVisible();

  const { rows } = await db.query<{ storage_path: string; mime_type: string }>(
    'select storage_path, mime_type from public.documents where patient_id = $1',
    [patient.id],
  );
  await db.end();
  expect(rows).toHaveLength(1);
  expect(rows[0]!.storage_path).toMatch(/rash\.(webp|jpg)$/);
  const stored = await fetch(
    `${e2eEnv().apiUrl}/storage/v1/object/medical-documents/${rows[0]!.storage_path}`,
    {
      headers: { authorization: `Bearer ${SERVICE_ROLE_KEY}`, apikey: SERVICE_ROLE_KEY },
    },
  );
  expect(stored.status).toBe(200);
  const bytes = Buffer.from(await stored.arrayBuffer());
  expect(hasMetadata(bytes)).toBe(false);
  expect(bytes.length).toBeLessThan(photo.length);
});

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
