import { expect, test } from './support/fixtures.ts';

// The public pages are prerendered: their content is in the HTML, before any script runs.
test.describe('public pages without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the home page, the sign-in form and the reset form are there before the app boots', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Find a doctor');
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();

    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Email')).toBeVisible();
    await expect(page.getByLabel('Password', { exact: true })).toBeVisible();

    await page.goto('/reset-password');
    await expect(page.getByLabel('Email')).toBeVisible();
  });
});
