import type { Browser, BrowserContext, Page } from '@playwright/test';
import {
  createDoctor,
  createUser,
  database,
  e2eEnv,
  expect,
  expectAccessible,
  setTheme,
  signIn,
  test,
  type E2eUser,
} from './support/fixtures.ts';

const TOO_FAST = 'You are sending messages too fast. Wait a few seconds.';

/** A patient and their doctor with a scheduled appointment (arranged directly in the database). */
async function careTeam(): Promise<{ patient: E2eUser; doctor: E2eUser }> {
  const db = await database();
  try {
    const doctor = await createDoctor(db);
    const patient = await createUser(db, 'patient');
    await db.query(
      `insert into public.appointments (doctor_id, patient_id, starts_at, ends_at, status, mode)
       values ($1, $2, now() + interval '1 day', now() + interval '1 day 30 minutes', 'scheduled', 'chat')`,
      [doctor.id, patient.id],
    );
    return { patient, doctor };
  } finally {
    await db.end();
  }
}

/** A separate browser (context) signed in as `user`. */
async function open(browser: Browser, user: E2eUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: e2eEnv().baseURL });
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

async function openThread(page: Page, other: E2eUser): Promise<void> {
  await page.goto(`/messages/${other.id}`);
  await expect(page.getByRole('heading', { name: other.name })).toBeVisible();
  // The history has loaded (an empty log has no height, so it is attached rather than visible).
  await expect(page.getByRole('log')).toBeAttached();
}

async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Message', { exact: true }).fill(text);
  await page.getByLabel('Message', { exact: true }).press('Enter');
}

/** A real PNG drawn by the browser, so the picture path runs on genuine image data. */
async function drawnPng(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 96;
    canvas.height = 64;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#0e7490';
    context.fillRect(0, 0, 96, 64);
    context.fillStyle = '#fde047';
    context.fillRect(24, 16, 48, 32);
    return canvas.toDataURL('image/png');
  });
  return Buffer.from(dataUrl.split(',')[1]!, 'base64');
}

async function countMessages(sender: string): Promise<{ total: number; distinct: number }> {
  const db = await database();
  try {
    const { rows } = await db.query<{ total: number; distinct: number }>(
      'select count(*)::int as total, count(distinct body)::int as distinct from public.messages where sender_id = $1',
      [sender],
    );
    return rows[0]!;
  } finally {
    await db.end();
  }
}

test('a patient and their doctor chat live both ways, with a picture and read receipts', async ({
  browser,
}) => {
  const { patient, doctor } = await careTeam();
  const asPatient = await open(browser, patient);
  const asDoctor = await open(browser, doctor);
  const { page: p } = asPatient;
  const { page: d } = asDoctor;

  await p.getByRole('link', { name: 'Messages' }).click();
  const entry = p.getByRole('link', { name: new RegExp(doctor.name) });
  await expect(entry).toContainText('No messages yet');
  await expectAccessible(p, 'conversations list');
  await entry.click();
  await expect(p.getByRole('heading', { name: doctor.name })).toBeVisible();
  await openThread(d, patient);

  await send(p, 'Hello doctor, my rash is back.');
  await expect(d.getByRole('log')).toContainText('Hello doctor, my rash is back.');
  await send(d, 'Please send me a photo.\nIn daylight if you can.');
  await expect(p.getByRole('log')).toContainText('Please send me a photo.');
  // The doctor had the patient's message on screen: the patient sees it was read.
  await expect(p.getByText('Seen')).toBeVisible();

  await p
    .getByLabel('Add picture')
    .setInputFiles({ name: 'rash.png', mimeType: 'image/png', buffer: await drawnPng(p) });
  await expect(p.getByAltText('Attached, not sent yet')).toBeVisible();
  await p.getByRole('button', { name: 'Send' }).click();
  const mine = p.getByRole('img', { name: 'Attachment from you' });
  const theirs = d.getByRole('img', { name: `Attachment from ${patient.name}` });
  await expect(mine).toBeVisible();
  await expect(theirs).toBeVisible();
  await expect.poll(() => theirs.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(96);
  await expect(theirs).toHaveAttribute('src', /\/storage\/v1\/object\/sign\/chat-images\//);
  await d.getByRole('button', { name: 'Open picture in full size' }).click();
  const viewer = d.getByRole('dialog', { name: 'Picture' });
  await expect(viewer.getByRole('img')).toBeVisible();
  await expectAccessible(d, 'thread with picture viewer');
  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect(viewer).toBeHidden();

  await expectAccessible(p, 'thread (light)');
  await setTheme(p, 'dark');
  await expectAccessible(p, 'thread (dark)');

  // The doctor's list shows the conversation with the newest message first.
  await d.getByRole('link', { name: 'Messages' }).click();
  await expect(d.getByRole('link', { name: new RegExp(patient.name) })).toContainText('Photo');
  await expectAccessible(d, 'conversations list with a conversation');
  await asPatient.context.close();
  await asDoctor.context.close();
});

test('presence and typing show up, and clear when the other person leaves', async ({ browser }) => {
  const { patient, doctor } = await careTeam();
  const asPatient = await open(browser, patient);
  const asDoctor = await open(browser, doctor);
  const d = asDoctor.page;
  await d.goto('/messages');
  await openThread(asPatient.page, doctor);
  await expect(
    d.getByRole('link', { name: new RegExp(patient.name) }).getByTestId('online-dot'),
  ).toBeVisible();
  await d.getByRole('link', { name: new RegExp(patient.name) }).click();
  const status = d.getByTestId('presence');
  await expect(status).toHaveText('Online');

  await asPatient.page.getByLabel('Message', { exact: true }).pressSequentially('I was wonder');
  await expect(status).toHaveText('typing…');
  // No more keystrokes: the indicator times out by itself.
  await expect(status).toHaveText('Online', { timeout: 6_000 });
  await asPatient.page.getByLabel('Message', { exact: true }).pressSequentially('ing whether');
  await expect(status).toHaveText('typing…');
  await asPatient.context.close();
  await expect(status).toHaveText('Offline');
  await expect(d.getByTestId('online-dot')).toHaveCount(0);
  await asDoctor.context.close();
});

test('a patient who was offline catches up when the connection returns', async ({ browser }) => {
  const { patient, doctor } = await careTeam();
  const asPatient = await open(browser, patient);
  const asDoctor = await open(browser, doctor);
  await openThread(asPatient.page, doctor);
  await openThread(asDoctor.page, patient);
  await send(asDoctor.page, 'Before the tunnel');
  await expect(asPatient.page.getByRole('log')).toContainText('Before the tunnel');

  await asPatient.context.setOffline(true);
  await send(asPatient.page, 'Sent without a connection');
  await expect(asPatient.page.getByText('Not sent', { exact: true })).toBeVisible();
  await expect(asPatient.page.locator('#message-error')).toContainText('offline');
  await send(asDoctor.page, 'While you were away');
  await expect(asDoctor.page.getByRole('log')).toContainText('While you were away');
  await asPatient.context.setOffline(false);
  await expect(asPatient.page.getByRole('log')).toContainText('While you were away');
  await asPatient.page.getByRole('button', { name: 'Retry' }).click();
  await expect(asDoctor.page.getByRole('log')).toContainText('Sent without a connection');
  await expect(asPatient.page.getByText('Not sent', { exact: true })).toHaveCount(0);
  expect(await countMessages(patient.id)).toEqual({ total: 1, distinct: 1 });
  await asPatient.context.close();
  await asDoctor.context.close();
});

test('someone without a shared appointment gets a clear refusal, not a chat', async ({ page }) => {
  const { patient } = await careTeam();
  const db = await database();
  const outsider = await createDoctor(db);
  await db.end();
  await signIn(page, outsider);
  await page.goto(`/messages/${patient.id}`);
  await expect(page.getByRole('alert')).toContainText(
    'You can only message people you have an appointment with',
  );
  await expect(page.getByLabel('Message', { exact: true })).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to your conversations' }).click();
  await expect(page.getByText('Chats open once you have an appointment')).toBeVisible();
  await expectAccessible(page, 'empty conversations list');
  await page.goto('/messages/not-a-user');
  await expect(page.getByRole('alert')).toContainText(
    'You can only message people you have an appointment with',
  );
});

test('bad input is explained inline and rapid fire is stopped without duplicates', async ({ page }) => {
  const { patient, doctor } = await careTeam();
  await signIn(page, patient);
  await openThread(page, doctor);
  const box = page.getByLabel('Message', { exact: true });
  const error = page.locator('#message-error');

  await box.press('Enter');
  await expect(error).toHaveText('Write a message or add a picture first.');
  await box.fill('   ');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(error).toHaveText('Write a message or add a picture first.');

  await box.fill('x'.repeat(4001));
  await expect(page.getByText('1 characters over the limit')).toBeVisible();
  await box.press('Enter');
  await expect(error).toContainText('Messages can be at most 4,000 characters');
  await box.fill('x'.repeat(3900));
  await expect(page.getByText('100 characters left')).toBeVisible();
  await box.fill('');

  const picker = page.getByLabel('Add picture');
  await picker.setInputFiles({
    name: 'notes.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('not a picture'),
  });
  await expect(error).toContainText('“notes.txt” is not a picture');
  await picker.setInputFiles({
    name: 'huge.png',
    mimeType: 'image/png',
    buffer: Buffer.alloc(21 * 1024 * 1024, 1),
  });
  await expect(error).toContainText('pictures can be at most 20 MB');
  expect(await countMessages(patient.id)).toEqual({ total: 0, distinct: 0 });

  for (let i = 1; i <= 23; i++) await send(page, `Quick ${i}`);
  await expect(error).toHaveText(TOO_FAST);
  await expect(page.getByText('Sending…')).toHaveCount(0);
  await expect(page.getByText('Not sent', { exact: true })).toHaveCount(3);
  expect(await countMessages(patient.id)).toEqual({ total: 20, distinct: 20 });
  await expect(page.getByRole('log').getByText(/^Quick \d+$/)).toHaveCount(23);
});
