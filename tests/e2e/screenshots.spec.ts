import { mkdirSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { database, DEMO_PASSWORD, expect, signIn, test } from './support/fixtures.ts';

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
] as const;

/** Full-page shots into test-results/screenshots/, also attached to the test's report. */
async function shoot(page: Page, testInfo: TestInfo, name: string) {
  const { width } = page.viewportSize()!;
  // Let live regions, skeletons and images settle before the picture.
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[aria-hidden="true"].animate-pulse')).toHaveCount(0);
  mkdirSync('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}-${width}.png`;
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(`${name}-${width}`, { path, contentType: 'image/png' });
}

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('public pages', async ({ page }, testInfo) => {
      for (const [name, path] of [
        ['home', '/'],
        ['login', '/login'],
        ['signup', '/signup'],
        ['directory', '/doctors'],
      ] as const) {
        await page.goto(path);
        await expect(page.locator('h1')).toBeVisible();
        await shoot(page, testInfo, name);
      }
      await page.getByRole('button', { name: 'Dark mode' }).click();
      await shoot(page, testInfo, 'directory-light');
    });

    test('patient pages', async ({ page }, testInfo) => {
      await signIn(page, { email: 'patient1@demo.health-connect.local', password: DEMO_PASSWORD });
      await expect(page.getByTestId('appointment').first()).toBeVisible();
      await shoot(page, testInfo, 'appointments');
      const db = await database();
      const { rows } = await db.query<{ id: string }>(
        `select d.id from public.doctors d join auth.users u on u.id = d.id
         where u.email = 'dr.ada.cardio@demo.health-connect.local'`,
      );
      await db.end();
      await page.goto(`/doctors/${rows[0]!.id}`);
      await expect(page.locator('h1')).toBeVisible();
      await shoot(page, testInfo, 'doctor-page');
      await page.goto('/profile');
      await expect(page.getByRole('heading', { name: 'Medical profile' })).toBeVisible();
      await shoot(page, testInfo, 'profile-patient');
    });

    test('doctor pages', async ({ page }, testInfo) => {
      await signIn(page, { email: 'dr.ada.cardio@demo.health-connect.local', password: DEMO_PASSWORD });
      await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
      await expect(page.getByTestId('appointment').first()).toBeVisible();
      await shoot(page, testInfo, 'dashboard');
      await page.goto('/availability');
      await expect(page.getByTestId('weekday-1')).toBeVisible();
      await shoot(page, testInfo, 'availability');
    });
  });
}
