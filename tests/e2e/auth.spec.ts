import {
  createUser,
  database,
  DEMO_PASSWORD,
  expect,
  expectAccessible,
  mailedLink,
  setTheme,
  signIn,
  signOut,
  test,
} from './support/fixtures.ts';

test.describe('signing up, in and out', () => {
  test('a wrong password shows an error and keeps the person on the login page', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('patient1@demo.health-connect.local');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the login form names empty and invalid fields', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter your email address')).toBeVisible();
    await expect(page.getByText('Enter your password')).toBeVisible();
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByText('Enter a valid email address, like name@example.com')).toBeVisible();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  test('a patient signs up, lands on their appointments, signs out and back in', async ({ page }) => {
    const email = `new-patient-${Date.now()}@e2e.health-connect.local`;
    await page.goto('/signup');
    await page.getByLabel('Full name').fill('Nora Lind');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a-good-password');
    await page.getByLabel('Repeat the password').fill('a-different-one');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('The passwords do not match')).toBeVisible();

    await page.getByLabel('Repeat the password').fill('a-good-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
    await expect(page.getByText('No upcoming appointments')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page, { email, password: 'a-good-password' });
    await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
  });

  test('a doctor signs up with their practice details and is asked for their hours', async ({ page }) => {
    const email = `new-doctor-${Date.now()}@e2e.health-connect.local`;
    await page.goto('/signup');
    await page.getByLabel('A doctor').check();
    await page.getByLabel('Full name').fill('Dr. Ines Duarte');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('a-good-password');
    await page.getByLabel('Repeat the password').fill('a-good-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Choose your specialization')).toBeVisible();
    await expect(page.getByText('Enter your qualification, e.g. MD, MBBS')).toBeVisible();

    await page.getByLabel('Specialization').selectOption('neurology');
    await page.getByLabel('Qualification').fill('MD, PhD');
    await page.getByLabel('Years of experience').fill('11');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Availability' })).toBeVisible();

    const db = await database();
    const { rows } = await db.query(
      `select d.specialization, d.qualification, d.years_of_experience, d.time_zone from public.doctors d
       join auth.users u on u.id = d.id where u.email = $1`,
      [email],
    );
    await db.end();
    expect(rows).toEqual([
      {
        specialization: 'neurology',
        qualification: 'MD, PhD',
        years_of_experience: 11,
        time_zone: 'Europe/Berlin',
      },
    ]);
  });

  test('an existing email gets a clear message', async ({ page }) => {
    await page.goto('/signup');
    await page.getByLabel('Full name').fill('Priya Again');
    await page.getByLabel('Email').fill('patient1@demo.health-connect.local');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByLabel('Repeat the password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('alert')).toContainText('already exists');
  });

  test('a patient cannot open the doctor dashboard, and a visitor is sent to log in', async ({ page }) => {
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);

    const db = await database();
    const patient = await createUser(db, 'patient');
    await db.end();
    await signIn(page, patient);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { name: 'You cannot open this page.' })).toBeVisible();
    await expect(page.getByText('This page is for doctors.')).toBeVisible();
  });

  test('a password reset through the emailed link', async ({ page }) => {
    const db = await database();
    const patient = await createUser(db, 'patient');
    await db.end();
    await page.goto('/reset-password');
    await page.getByLabel('Email').fill(patient.email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByText('is on its way')).toBeVisible();

    await page.goto(await mailedLink(patient.email));
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill('brand-new-secret');
    await page.getByLabel('Repeat the new password').fill('brand-new-secret');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();

    await signOut(page);
    await signIn(page, { email: patient.email, password: 'brand-new-secret' });
  });

  test('the public pages are accessible in both themes', async ({ page }) => {
    for (const path of ['/', '/login', '/signup', '/reset-password', '/doctors']) {
      await page.goto(path);
      await expect(page.locator('h1')).toBeVisible();
      for (const theme of ['dark', 'light'] as const) {
        await setTheme(page, theme);
        await expectAccessible(page, `${path} (${theme})`);
      }
    }
  });
});
