import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type pg from 'pg';
import { SERVICE_ROLE_KEY } from '../../stack/config/keys.ts';
import { freePort } from '../helpers/stack.ts';
import { halfHourFromNow, insertAppointment } from './support/appointments.ts';
import { buildApp } from './support/build.ts';
import { createDoctor, createUser, database, e2eEnv, expect, signIn, test } from './support/fixtures.ts';
import { serveSwitchable } from './support/serve.ts';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

/** Waits until a service worker is active and controls this page. */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  });
}

/** Gives `userId` a profile picture, stored as the app stores them (public `avatars` bucket). */
async function giveAvatar(db: pg.Client, userId: string): Promise<void> {
  const path = `${userId}/pwa-e2e.png`;
  const response = await fetch(`${e2eEnv().apiUrl}/storage/v1/object/avatars/${path}`, {
    method: 'POST',
    headers: {
      apikey: SERVICE_ROLE_KEY,
      authorization: `Bearer ${SERVICE_ROLE_KEY}`,
      'content-type': 'image/png',
    },
    body: readFileSync(join(import.meta.dirname, '../../static/icons/icon-192.png')),
  });
  expect(response.ok, await response.text()).toBe(true);
  await db.query('update public.profiles set avatar_path = $2 where id = $1', [userId, path]);
}

/** Every URL in this origin's Cache Storage, by cache name. */
function cachedUrls(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const result: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      result[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    }
    return result;
  });
}

/** The keys of the copies the app keeps in this origin's IndexedDB. */
function deviceCopies(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('health-connect-offline');
        open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
        open.onupgradeneeded = () => open.result.createObjectStore('copies');
        open.onsuccess = () => {
          const db = open.result;
          const keys = db.transaction('copies').objectStore('copies').getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve(keys.result.map(String));
          };
        };
      }),
  );
}

test('the web manifest is served, complete, and its icons and screenshots load', async ({
  page,
  request,
}) => {
  await page.goto('/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  await expect(page.locator('meta[name="apple-mobile-web-app-capable"]')).toHaveAttribute('content', 'yes');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', /^#/);

  const response = await request.get(href!);
  expect(response.ok()).toBe(true);
  expect(response.headers()['content-type']).toContain('application/manifest+json');
  const manifest = (await response.json()) as Record<string, unknown> & {
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
    screenshots: { src: string; sizes: string; form_factor: string }[];
    color_scheme_dark: { theme_color: string; background_color: string };
  };
  expect(manifest).toMatchObject({
    name: 'Health-Connect',
    short_name: 'Health-Connect',
    display: 'standalone',
    start_url: '/',
    scope: '/',
  });
  expect(manifest.description).toEqual(expect.any(String));
  for (const colour of [
    manifest.theme_color,
    manifest.background_color,
    manifest.color_scheme_dark.theme_color,
    manifest.color_scheme_dark.background_color,
  ]) {
    expect(colour).toMatch(/^#[0-9a-f]{6}$/i);
  }
  expect(manifest.color_scheme_dark.background_color).not.toBe(manifest.background_color);

  const sizes = (purpose: string) =>
    manifest.icons.filter((icon) => (icon.purpose ?? 'any').includes(purpose)).map((icon) => icon.sizes);
  expect(sizes('any')).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(sizes('maskable')).toContain('512x512');

  const images = [
    ...manifest.icons,
    ...manifest.screenshots,
    { src: '/apple-touch-icon.png', sizes: '180x180' },
  ];
  for (const image of images) {
    const file = await request.get(image.src);
    expect(file.ok(), image.src).toBe(true);
    expect(file.headers()['content-type'], image.src).toBe('image/png');
    expect(pngSize(await file.body()), image.src).toBe(image.sizes);
  }
  expect(manifest.screenshots.map((shot) => shot.form_factor).sort()).toEqual(['narrow', 'wide']);
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    'href',
    /\/apple-touch-icon\.png$/,
  );
});

test('when the browser offers installing, an Install button shows its dialog once', async ({ page }) => {
  await page.goto('/login');
  const install = page.getByRole('button', { name: 'Install app' });
  await expect(install).toBeHidden();
  // Chromium fires beforeinstallprompt by its own engagement rules; here it is fired as it would.
  await page.evaluate(() => {
    const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: () => {
        (window as unknown as { prompted: number }).prompted =
          ((window as unknown as { prompted?: number }).prompted ?? 0) + 1;
        return Promise.resolve();
      },
      userChoice: Promise.resolve({ outcome: 'accepted' }),
    });
    window.dispatchEvent(offer);
  });
  await install.click();
  await expect(install).toBeHidden();
  expect(await page.evaluate(() => (window as unknown as { prompted: number }).prompted)).toBe(1);
});

test('the service worker activates, controls the page and precaches the app shell', async ({ page }) => {
  await page.goto('/login');
  await waitForServiceWorker(page);
  const worker = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    // Precache keys carry a revision parameter.
    const cached = await caches.match('/200.html', { ignoreSearch: true });
    return {
      state: registration.active?.state,
      script: new URL(registration.active!.scriptURL).pathname,
      scope: new URL(registration.scope).pathname,
      controlled: navigator.serviceWorker.controller !== null,
      shell: cached ? await cached.text() : '',
    };
  });
  expect(worker).toMatchObject({ state: 'activated', script: '/sw.js', scope: '/', controlled: true });
  expect(worker.shell).toContain('<title>Health-Connect</title>');
});

test('a patient sees their appointments offline, read-only and labelled, until the network is back', async ({
  page,
  context,
}) => {
  const db = await database();
  const doctor = await createDoctor(db);
  await giveAvatar(db, doctor.id);
  const patient = await createUser(db, 'patient');
  const visitAt = halfHourFromNow(30);
  const visitId = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: visitAt,
    status: 'scheduled',
    mode: 'video',
  });
  const requestId = await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(54),
    status: 'pending',
    mode: 'chat',
  });

  await signIn(page, patient);
  await expect(page).toHaveURL(/\/appointments$/);
  const cards = page.getByTestId('appointment');
  await expect(cards).toHaveCount(2);
  await expect(cards.first()).toContainText(doctor.name);
  await waitForServiceWorker(page);
  // The copy is written right after the list arrives.
  await expect
    .poll(() => deviceCopies(page))
    .toEqual(expect.arrayContaining([`appointments:patient:${patient.id}`, `profile:${patient.id}`]));

  await context.setOffline(true);
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  const banner = page.getByTestId('offline-banner');
  await expect(banner).toContainText('Offline — last updated');
  await expect(banner).toContainText('need a connection');
  await expect(cards).toHaveCount(2);
  const video = page.locator(`[data-testid="appointment"][data-id="${visitId}"]`);
  await expect(video).toContainText(doctor.name);
  await expect(video).toContainText('Video call');
  await expect(video.getByTestId('status')).toHaveText('Confirmed');
  // The time as the browser (Europe/Berlin, en-GB) shows it.
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Berlin',
    hour: 'numeric',
    minute: '2-digit',
  });
  await expect(video.locator('time')).toContainText(clock.format(visitAt));
  // The doctor's picture comes from the service worker's avatar cache.
  await expect
    .poll(() => video.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(192);
  const request = page.locator(`[data-testid="appointment"][data-id="${requestId}"]`);
  await expect(request).toContainText('· Chat');
  await expect(request.getByTestId('status')).toHaveText('Waiting for the doctor');

  // Nothing that needs the server can be started, and the page says why.
  await expect(page.getByRole('button', { name: 'Book a new appointment' })).toBeDisabled();
  for (const name of ['Cancel', 'Reschedule']) {
    await expect(video.getByRole('button', { name })).toBeDisabled();
  }
  const chat = video.getByRole('link', { name: 'Open chat' });
  await expect(chat).toBeDisabled();
  await expect(video.getByRole('group')).toHaveAccessibleDescription(/need a connection/);
  await chat.click({ force: true });
  await expect(page).toHaveURL(/\/appointments$/);

  // The service worker keeps the app and avatars, never API or Auth answers.
  const cached = await cachedUrls(page);
  const all = Object.values(cached).flat();
  expect(all.some((url) => url.includes('/200.html'))).toBe(true);
  expect(cached.avatars).toEqual([
    expect.stringContaining(`/storage/v1/object/public/avatars/${doctor.id}/`),
  ]);
  expect(all.filter((url) => /\/(auth|rest|realtime|functions)\/v1\//.test(url))).toEqual([]);

  // Meanwhile the doctor confirms the request; back online, the page shows it by itself.
  await db.query(`update public.appointments set status = 'scheduled' where id = $1`, [requestId]);
  await context.setOffline(false);
  await expect(banner).toBeHidden();
  await expect(request.getByTestId('status')).toHaveText('Confirmed');
  await expect(video.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await expect(page.getByRole('link', { name: 'Book a new appointment' })).toBeVisible();

  // Signing out leaves nothing of theirs on the device.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(await deviceCopies(page)).toEqual([]);
  await context.setOffline(true);
  await page.goto('/appointments');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('appointment')).toHaveCount(0);
  await db.end();
});

test("a doctor's dashboard opens offline from the device copy", async ({ page, context }) => {
  const db = await database();
  const doctor = await createDoctor(db);
  const patient = await createUser(db, 'patient');
  await insertAppointment(db, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: halfHourFromNow(30),
    status: 'pending',
  });
  await db.end();

  await signIn(page, doctor);
  await expect(page).toHaveURL(/\/dashboard$/);
  const pending = page.getByTestId('pending').getByTestId('appointment');
  await expect(pending).toContainText(patient.name);
  await waitForServiceWorker(page);
  await expect
    .poll(() => deviceCopies(page))
    .toEqual(
      expect.arrayContaining([
        `appointments:doctor:${doctor.id}`,
        `profile:${doctor.id}`,
        'session:last-user',
      ]),
    );

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — last updated');
  await expect(pending).toContainText(patient.name);
  await expect(pending).toContainText('Video call');
  await expect(pending.getByRole('button', { name: 'Confirm' })).toBeDisabled();
  await expect(pending.getByRole('button', { name: 'Decline' })).toBeDisabled();

  // Hours later, still offline: the access token has expired and cannot be refreshed, but the
  // doctor never signed out, so the dashboard still opens from the device copy.
  await page.clock.install({ time: new Date(Date.now() + 3 * 3600_000) });
  await page.reload();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('offline-banner')).toContainText('Offline — last updated');
  await expect(pending).toContainText(patient.name);

  await context.setOffline(false);
  await expect(page.getByTestId('offline-banner')).toBeHidden();
  await expect(pending.getByRole('button', { name: 'Confirm' })).toBeEnabled();
});

test('a new deploy is offered as "Update available" and reloading switches to it', async ({ page }) => {
  test.setTimeout(240_000);
  const first = process.env.HC_E2E_BUILD_DIR!;
  const site = await serveSwitchable(first, await freePort());
  let second: string | undefined;
  try {
    await page.goto(`${site.url}/login`);
    await waitForServiceWorker(page);
    await expect(page.getByTestId('update-banner')).toBeHidden();

    second = buildApp(e2eEnv().apiUrl);
    site.setRoot(second);
    const newShell = readFileSync(join(second, '200.html'), 'utf8');
    expect(newShell).not.toBe(readFileSync(join(first, '200.html'), 'utf8'));

    // The browser looks for a new worker on navigation; it installs and waits for the user.
    await page.reload();
    const banner = page.getByTestId('update-banner');
    await expect(banner).toContainText('Update available — reload', { timeout: 30_000 });

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await expect(banner).toBeHidden();
    await expect(page.getByLabel('Email')).toBeVisible();
    const shell = await page.evaluate(async () =>
      (await caches.match('/200.html', { ignoreSearch: true }))?.text(),
    );
    expect(shell).toBe(newShell);
  } finally {
    await site.close();
    if (second) rmSync(second, { recursive: true, force: true });
  }
});
