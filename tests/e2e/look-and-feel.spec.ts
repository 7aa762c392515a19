import { createDoctor, createUser, database, expect, signIn, test } from './support/fixtures.ts';

test('dark by default; the chosen theme is kept across visits', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.goto('/doctors');
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'false');
});

test('keyboard: skip link first, visible focus, the login form works without a mouse', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);

  await page.getByLabel('Email').focus();
  const outline = await page.getByLabel('Email').evaluate((node) => getComputedStyle(node).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.type('patient1@demo.health-connect.local');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type('HealthConnect!2026');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
});

test('reduced motion turns the loading shimmer off', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  // Hold the directory's answer so the skeleton stays on screen.
  await page.route('**/rest/v1/rpc/search_doctors*', async () => {});
  await page.goto(`${test.info().project.use.baseURL ?? ''}/doctors`);
  const skeleton = page.locator('.animate-pulse').first();
  await expect(skeleton).toBeAttached();
  const duration = await skeleton.evaluate((node) => getComputedStyle(node).animationDuration);
  expect(Number.parseFloat(duration)).toBeLessThan(0.001);
  await context.close();
});

test('booking works from the keyboard alone, with the focused time visibly marked', async ({ page }) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  await db.end();
  await signIn(page, patient);
  await page.goto(`/doctors/${doctor.id}`);
  const slots = page.locator('input[name="slot"]');
  await expect(slots.first()).toBeAttached();

  // Tab from the page's heading area into the times, then arrow to the second one.
  await page.getByRole('heading', { level: 1 }).click();
  for (let i = 0; i < 10 && !(await slots.first().evaluate((node) => node === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(slots.first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(slots.nth(1)).toBeChecked();
  const label = page.locator('label:has(input[name="slot"])').nth(1);
  expect(await label.evaluate((node) => getComputedStyle(node).outlineStyle)).not.toBe('none');

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Show more days' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Video call')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Reason for the visit')).toBeFocused();
  await page.keyboard.type('Booked without a mouse');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Request appointment' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
  await expect(page.getByTestId('appointment')).toContainText('Booked without a mouse');
});
