import { createClient } from '@supabase/supabase-js';
import { SERVICE_ROLE_KEY } from '../../stack/config/keys.ts';
import { EXIF_MARKER, hasMetadata, photoWithGps } from './support/exif.ts';
import { createUser, database, e2eEnv, expect, signIn, test } from './support/fixtures.ts';

test('a patient fills in the medical profile; bad values are named next to the field', async ({ page }) => {
  const db = await database();
  const patient = await createUser(db, 'patient');
  await signIn(page, patient);
  await page.goto('/profile');
  await expect(page.getByRole('heading', { name: 'Medical profile' })).toBeVisible();

  const medical = page.getByRole('form', { name: 'Medical profile' });
  const nextYear = `${new Date().getFullYear() + 1}-01-15`;
  await medical.getByLabel('Date of birth').fill(nextYear);
  await medical.getByLabel('Phone').fill('call me');
  await medical.getByRole('button', { name: 'Save medical profile' }).click();
  await expect(medical.getByText('The date of birth cannot be in the future')).toBeVisible();
  await expect(medical.getByLabel('Date of birth')).toHaveAttribute('aria-invalid', 'true');
  await expect(medical.getByText('Enter a phone number like +44 20 7946 0958')).toBeVisible();
  const untouched = await db.query('select date_of_birth from public.patients where id = $1', [patient.id]);
  expect(untouched.rows).toEqual([{ date_of_birth: null }]);

  await medical.getByLabel('Date of birth').fill('1988-04-02');
  await medical.getByLabel('Gender').selectOption('female');
  await medical.getByLabel('Blood group').selectOption('AB-');
  await medical.getByLabel('Allergies').fill('Penicillin');
  await medical.getByLabel('Name').fill('Jonas Lind');
  await medical.getByLabel('Phone').fill('+46 70 123 45 67');
  await medical.getByLabel('Relation').fill('Brother');
  await medical.getByRole('button', { name: 'Save medical profile' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();

  const personal = page.getByRole('form', { name: 'Personal details' });
  await personal.getByLabel('Full name').fill('');
  await personal.getByRole('button', { name: 'Save details' }).click();
  await expect(personal.getByText('Enter your name')).toBeVisible();
  await personal.getByLabel('Full name').fill('x'.repeat(121));
  await personal.getByRole('button', { name: 'Save details' }).click();
  await expect(personal.getByText('Keep your name under 120 characters')).toBeVisible();
  await personal.getByLabel('Full name').fill('Nora Lind-Berg');
  // The phone column is not selectable through the API; the page reads it back through contact_phone().
  await personal.getByLabel('Phone (optional)').fill('+46 70 765 43 21');
  await personal.getByRole('button', { name: 'Save details' }).click();
  await expect(page.getByText('Saved.').first()).toBeVisible();

  await page.reload();
  await expect(personal.getByLabel('Phone (optional)')).toHaveValue('+46 70 765 43 21');
  await expect(medical.getByLabel('Date of birth')).toHaveValue('1988-04-02');
  await expect(medical.getByLabel('Blood group')).toHaveValue('AB-');
  await expect(medical.getByLabel('Allergies')).toHaveValue('Penicillin');
  await expect(personal.getByLabel('Full name')).toHaveValue('Nora Lind-Berg');

  const { rows } = await db.query(
    `select p.full_name, pt.date_of_birth::text, pt.gender, pt.blood_group, pt.allergies,
       pt.emergency_contact_name, pt.emergency_contact_phone, pt.emergency_contact_relation
     from public.profiles p join public.patients pt using (id) where p.id = $1`,
    [patient.id],
  );
  await db.end();
  expect(rows).toEqual([
    {
      full_name: 'Nora Lind-Berg',
      date_of_birth: '1988-04-02',
      gender: 'female',
      blood_group: 'AB-',
      allergies: 'Penicillin',
      emergency_contact_name: 'Jonas Lind',
      emergency_contact_phone: '+46 70 123 45 67',
      emergency_contact_relation: 'Brother',
    },
  ]);
});

test('an avatar is stored resized and without EXIF or GPS; non-pictures and huge files are refused', async ({
  page,
}) => {
  const db = await database();
  const patient = await createUser(db, 'patient');
  await signIn(page, patient);
  await page.goto('/profile');
  const picker = page.getByLabel('Choose a photo');

  await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toHaveText(/“notes\.txt” is not a picture/);
  await picker.setInputFiles({
    name: 'huge.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.alloc(30 * 1024 * 1024, 0xff),
  });
  await expect(page.getByRole('alert')).toHaveText(/“huge\.jpg” is 30 MB; pictures can be at most 20 MB/);
  await picker.setInputFiles({
    name: 'broken.jpg',
    mimeType: 'image/jpeg',
    buffer: Buffer.from('not really a jpeg'),
  });
  await expect(page.getByRole('alert')).toHaveText('This picture could not be read. Try a JPEG or PNG.');
  const before = await db.query('select avatar_path from public.profiles where id = $1', [patient.id]);
  expect(before.rows).toEqual([{ avatar_path: null }]);

  const photo = await photoWithGps(page);
  expect(photo.toString('latin1')).toContain(EXIF_MARKER);
  await picker.setInputFiles({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByText('Your photo is updated.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Your profile' }).locator('img')).toBeVisible();

  const { rows } = await db.query<{ avatar_path: string }>(
    'select avatar_path from public.profiles where id = $1',
    [patient.id],
  );
  const path = rows[0]!.avatar_path;
  expect(path).toMatch(new RegExp(`^${patient.id}/[0-9a-f-]{36}\\.(webp|jpg)$`));
  const stored = await fetch(`${e2eEnv().apiUrl}/storage/v1/object/public/avatars/${path}`);
  expect(stored.status).toBe(200);
  const bytes = Buffer.from(await stored.arrayBuffer());
  expect(hasMetadata(bytes)).toBe(false);
  expect(bytes.length).toBeLessThan(photo.length);
  const size = await page.evaluate(async (base64) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/webp;base64,${base64}`)).blob());
    return { width: bitmap.width, height: bitmap.height };
  }, bytes.toString('base64'));
  expect(size).toEqual({ width: 512, height: 341 });

  // A picture left behind by an earlier change that was cut off (the tab closed between the
  // profile update and the removal) goes too.
  const admin = createClient(e2eEnv().apiUrl, SERVICE_ROLE_KEY, { auth: { persistSession: false } });
  const leftover = await admin.storage
    .from('avatars')
    .upload(`${patient.id}/left-behind.webp`, bytes, { contentType: 'image/webp' });
  expect(leftover.error).toBeNull();

  // A second photo replaces the first, which is removed from storage. The first upload's toast
  // may still be on screen, so wait on the stored state itself: one object, the new one.
  await picker.setInputFiles({ name: 'again.jpg', mimeType: 'image/jpeg', buffer: photo });
  const avatarState = async () => {
    const profile = await db.query<{ avatar_path: string | null }>(
      'select avatar_path from public.profiles where id = $1',
      [patient.id],
    );
    const objects = await db.query<{ name: string }>(
      `select name from storage.objects where bucket_id = 'avatars' and name like $1 order by name`,
      [`${patient.id}/%`],
    );
    return { current: profile.rows[0]!.avatar_path, stored: objects.rows.map((row) => row.name) };
  };
  await expect.poll(async () => (await avatarState()).current).not.toBe(path);
  const { current } = await avatarState();
  await expect.poll(async () => (await avatarState()).stored).toEqual([current]);
  await db.end();
});

test('a doctor edits the professional details; the public page shows them', async ({ page }) => {
  const db = await database();
  const doctor = await createUser(db, 'doctor', {
    specialization: 'dermatology',
    qualification: 'MD',
    years_of_experience: 3,
    time_zone: 'UTC',
  });
  await signIn(page, doctor);
  await page.goto('/profile');
  const practice = page.getByRole('form', { name: 'Professional details' });
  await expect(practice.getByLabel('Specialization')).toHaveValue('dermatology');

  await practice.getByLabel('Video').uncheck();
  await practice.getByLabel('Chat').uncheck();
  await practice.getByLabel('Years of experience').fill('71');
  await practice.getByLabel('About you').fill('a'.repeat(2001));
  await practice.getByRole('button', { name: 'Save professional details' }).click();
  await expect(practice.getByText('Offer at least one kind of consultation')).toBeVisible();
  await expect(practice.getByText('Enter at most 70 years')).toBeVisible();
  await expect(practice.getByText('Keep the description under 2000 characters')).toBeVisible();
  const unchanged = await db.query('select years_of_experience from public.doctors where id = $1', [
    doctor.id,
  ]);
  expect(unchanged.rows).toEqual([{ years_of_experience: 3 }]);

  await practice.getByLabel('Specialization').selectOption('pediatrics');
  await practice.getByLabel('Qualification').fill('MD, FAAP');
  await practice.getByLabel('Years of experience').fill('12');
  await practice.getByLabel('About you').fill('Children and teenagers, from colds to asthma.');
  await practice.getByLabel('Chat').check();
  await practice.getByRole('button', { name: 'Save professional details' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();

  await page.goto(`/doctors/${doctor.id}`);
  await expect(page.getByText('Pediatrics · MD, FAAP · 12 years')).toBeVisible();
  await expect(page.getByText('Children and teenagers, from colds to asthma.')).toBeVisible();
  const { rows } = await db.query(
    'select specialization, qualification, years_of_experience, consultation_modes::text[] as modes from public.doctors where id = $1',
    [doctor.id],
  );
  await db.end();
  expect(rows).toEqual([
    { specialization: 'pediatrics', qualification: 'MD, FAAP', years_of_experience: 12, modes: ['chat'] },
  ]);
});
