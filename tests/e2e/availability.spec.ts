import { createUser, database, expect, signIn, test } from './support/fixtures.ts';

/** The weekday (0 = Sunday) and date of the day after tomorrow in UTC, the doctor's zone here. */
function dayAfterTomorrow() {
  const day = new Date(Date.now() + 2 * 86_400_000);
  return { weekday: day.getUTCDay(), date: day.toISOString().slice(0, 10) };
}

/** "11:00" / "2:00"-style times the patient sees (Europe/Berlin, en-GB) for UTC wall times on `date`. */
function berlinTimes(date: string, utcTimes: string[]): string[] {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    hour: 'numeric',
    minute: '2-digit',
  });
  return utcTimes.map((time) => format.format(new Date(`${date}T${time}:00Z`)));
}

test('a doctor sets weekly hours, slot length and a day off; patients see the slots change', async ({
  page,
  browser,
}) => {
  const db = await database();
  const doctor = await createUser(db, 'doctor', {
    specialization: 'dermatology',
    qualification: 'MD',
    years_of_experience: 4,
    time_zone: 'UTC',
  });
  const patient = await createUser(db, 'patient');
  await db.end();
  const { weekday, date } = dayAfterTomorrow();
  const dayName = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );

  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await signIn(patientPage, patient);
  await patientPage.goto(`/doctors/${doctor.id}`);
  await expect(patientPage.getByText('No free times in the next 14 days.')).toBeVisible();

  await signIn(page, doctor);
  await page.goto('/availability');
  await expect(page.getByRole('heading', { name: 'Availability' })).toBeVisible();
  const day = page.getByTestId(`weekday-${weekday}`);
  await expect(day).toContainText('Not working');

  // A range that ends before it starts is refused next to the day.
  await day.getByLabel(`${dayName} from`).fill('12:00');
  await day.getByLabel(`${dayName} to`).fill('10:00');
  await day.getByRole('button', { name: `Add hours on ${dayName}` }).click();
  await expect(day.getByRole('alert')).toHaveText('The end must be after the start');

  await day.getByLabel(`${dayName} from`).fill('10:00');
  await day.getByLabel(`${dayName} to`).fill('11:00');
  await day.getByRole('button', { name: `Add hours on ${dayName}` }).click();
  await expect(day.getByRole('button', { name: `Remove ${dayName} 10:00–11:00` })).toBeVisible();

  // An overlapping range is refused too.
  await day.getByLabel(`${dayName} from`).fill('10:30');
  await day.getByLabel(`${dayName} to`).fill('12:00');
  await day.getByRole('button', { name: `Add hours on ${dayName}` }).click();
  await expect(day.getByRole('alert')).toHaveText('This overlaps 10:00–11:00');

  // The weekday comes round twice in the 14 days shown: once the day after tomorrow, once a week later.
  const slots = patientPage.locator('label:has(input[name="slot"])');
  await patientPage.reload();
  await expect(slots).toHaveText([
    ...berlinTimes(date, ['10:00', '10:30']),
    ...berlinTimes(date, ['10:00', '10:30']),
  ]);

  // Shorter slots.
  await page.getByLabel('Slot length (minutes)').fill('20');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Slot length and time zone saved.')).toBeVisible();
  await patientPage.reload();
  const shorter = berlinTimes(date, ['10:00', '10:20', '10:40']);
  await expect(slots).toHaveText([...shorter, ...shorter]);

  // A day off empties that day only.
  await page.getByLabel('Date').fill(date);
  await page.getByLabel('Note (optional)').fill('Conference');
  await page.getByRole('button', { name: 'Add day off' }).click();
  await expect(page.getByText(`${date} — Conference`)).toBeVisible();
  await patientPage.reload();
  await expect(slots).toHaveCount(3);
  const firstSlot = await patientPage.locator('input[name="slot"]').first().getAttribute('value');
  expect(Date.parse(firstSlot!)).toBe(Date.parse(`${date}T10:00:00Z`) + 7 * 86_400_000);

  // Taking the day off back and removing the hours: still nothing, and the page says so.
  await page.getByRole('button', { name: `Remove ${date}` }).click();
  await expect(page.getByText('No days off planned.')).toBeVisible();
  await patientPage.reload();
  await expect(slots).toHaveCount(6);
  await day.getByRole('button', { name: `Remove ${dayName} 10:00–11:00` }).click();
  await expect(day).toContainText('Not working');
  await patientPage.reload();
  await expect(patientPage.getByText('No free times in the next 14 days.')).toBeVisible();

  // What the page showed is what is stored.
  const check = await database();
  const { rows } = await check.query(
    `select slot_minutes, (select count(*)::int from public.doctor_availability where doctor_id = $1) as ranges
     from public.doctors where id = $1`,
    [doctor.id],
  );
  await check.end();
  expect(rows).toEqual([{ slot_minutes: 20, ranges: 0 }]);
  await patientContext.close();
});

test("moving the doctor's time zone moves the slots patients see", async ({ page, browser }) => {
  const db = await database();
  const doctor = await createUser(db, 'doctor', {
    specialization: 'neurology',
    qualification: 'MD',
    years_of_experience: 6,
    time_zone: 'UTC',
  });
  const patient = await createUser(db, 'patient');
  const { weekday, date } = dayAfterTomorrow();
  await db.query(
    `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, $2, '10:00', '10:30')`,
    [doctor.id, weekday],
  );
  await db.end();

  const patientContext = await browser.newContext();
  const patientPage = await patientContext.newPage();
  await signIn(patientPage, patient);
  await patientPage.goto(`/doctors/${doctor.id}`);
  const slots = patientPage.locator('label:has(input[name="slot"])');
  await expect(slots.first()).toHaveText(berlinTimes(date, ['10:00'])[0]!);

  await signIn(page, doctor);
  await page.goto('/availability');
  await expect(page.getByLabel('Your time zone')).toHaveValue('UTC');
  await page.getByLabel('Your time zone').selectOption('Asia/Tokyo');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Slot length and time zone saved.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Weekly hours (Asia/Tokyo)' })).toBeVisible();

  // 10:00 in Tokyo is 01:00 UTC the same day.
  await patientPage.reload();
  await expect(patientPage.getByText('works in Asia/Tokyo')).toBeVisible();
  const first = await patientPage.locator('input[name="slot"]').first().getAttribute('value');
  expect(Date.parse(first!)).toBe(Date.parse(`${date}T01:00:00Z`));
  await expect(slots.first()).toHaveText(berlinTimes(date, ['01:00'])[0]!);
  await patientContext.close();
});
