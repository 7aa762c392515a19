import { createDoctor, database, expect, test } from './support/fixtures.ts';

test('filters and sort order live in the address and survive a reload', async ({ page }) => {
  await page.goto('/doctors?specialty=cardiology&mode=video&sort=next_available');
  await expect(page.getByLabel('Specialization')).toHaveValue('cardiology');
  await expect(page.getByLabel('Consultation')).toHaveValue('video');
  await expect(page.getByLabel('Sort by')).toHaveValue('next_available');
  const cards = page.getByTestId('doctor-card');
  await expect(cards.first()).toBeVisible();
  for (const text of await cards.allTextContents()) {
    expect(text).toContain('Cardiology');
    expect(text).toContain('Video');
  }
  // Soonest first: the next free slots never go back in time down the list.
  const slots = await cards
    .locator('time')
    .evaluateAll((nodes) => nodes.map((node) => Date.parse(node.getAttribute('datetime')!)));
  expect(slots.length).toBeGreaterThan(1);
  expect(slots).toEqual([...slots].sort((a, b) => a - b));

  await page.getByLabel('Sort by').selectOption('rating');
  await expect(page).toHaveURL(/[?&]specialty=cardiology&mode=video$/);
  await page.reload();
  await expect(page.getByLabel('Sort by')).toHaveValue('rating');
  await expect(cards.first()).toBeVisible();
  const ratings = (await cards.allTextContents()).map((text) => Number(/★ (\d\.\d)/.exec(text)?.[1] ?? 0));
  expect(ratings).toEqual([...ratings].sort((a, b) => b - a));
});

test('the mode filter, an empty result and clearing the filters', async ({ page }) => {
  const tag = Date.now().toString(36);
  const db = await database();
  await createDoctor(db, {
    full_name: `Dr. Ola Chatwell ${tag}`,
    modes: ['chat'],
    specialization: 'psychiatry',
  });
  await db.end();

  await page.goto(`/doctors?q=Chatwell+${tag}&mode=video`);
  await expect(page.getByText('No doctors match these filters.')).toBeVisible();
  await expect(page.getByText('0 doctors found')).toBeVisible();
  await page.getByLabel('Consultation').selectOption('chat');
  await expect(page.getByTestId('doctor-card')).toHaveCount(1);
  await expect(page.getByTestId('doctor-card')).toContainText('Psychiatry');
  await expect(page.getByText('1 doctor found')).toBeVisible();

  await page.goto(`/doctors?q=Chatwell+${tag}&mode=video`);
  await page.getByRole('link', { name: 'Clear all filters' }).click();
  await expect(page).toHaveURL(/\/doctors$/);
  await expect(page.getByLabel('Name')).toHaveValue('');
  await expect(page.getByTestId('doctor-card').first()).toBeVisible();
});

test('the directory is paginated, twelve doctors a page', async ({ page }) => {
  await page.goto('/doctors?sort=name');
  const cards = page.getByTestId('doctor-card');
  await expect(cards).toHaveCount(12);
  const firstPage = await cards.getByRole('heading').allTextContents();
  expect(firstPage).toEqual([...firstPage].sort((a, b) => a.localeCompare(b, 'en')));
  await expect(page.getByText(/^Page 1 of \d+$/)).toBeVisible();
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/[?&]page=2/);
  await expect(page.getByText(/^Page 2 of \d+$/)).toBeVisible();
  // The page number follows the address at once; the cards follow when page 2 has arrived.
  await expect(cards.first().getByRole('heading')).not.toHaveText(firstPage[0]!);
  const secondPage = await cards.getByRole('heading').allTextContents();
  expect(secondPage.length).toBeGreaterThan(0);
  expect(secondPage.filter((name) => firstPage.includes(name))).toEqual([]);
  await page.getByRole('link', { name: 'Previous' }).click();
  await expect(page.getByText(/^Page 1 of \d+$/)).toBeVisible();

  // A broken address still opens the directory with the defaults.
  await page.goto('/doctors?page=-4&sort=bogus&mode=fax');
  await expect(page.getByLabel('Sort by')).toHaveValue('rating');
  await expect(cards.first()).toBeVisible();
});
