// Takes the web manifest's screenshots (static/screenshots/) of the real app: a throwaway stack
// with the demo seed, a production build, the demo patient's appointments, phone and desktop.
// `node scripts/gen-screenshots.ts`. The PNGs are committed; run this again when the UI changes.
import { chromium } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, stopStack, testStackOptions } from '../tests/helpers/stack.ts';
import { freePort } from '../tests/helpers/stack.ts';
import { buildApp } from '../tests/e2e/support/build.ts';
import { serveStatic } from '../tests/e2e/support/serve.ts';
import { chromiumPath } from '../tests/helpers/chromium.ts';

const OUT = join(import.meta.dirname, '..', 'static', 'screenshots');
const SHOTS = [
  { file: 'appointments-narrow.png', width: 390, height: 844 },
  { file: 'appointments-wide.png', width: 1280, height: 800 },
];

const stack = await testStackOptions();
await startStack(stack);
const site = buildApp(stack.apiUrl);
const port = await freePort();
const server = await serveStatic(site, port);
const browser = await chromium.launch({ executablePath: chromiumPath() });
try {
  mkdirSync(OUT, { recursive: true });
  for (const shot of SHOTS) {
    const page = await browser.newPage({
      viewport: { width: shot.width, height: shot.height },
      locale: 'en-GB',
      timezoneId: 'Europe/London',
    });
    await page.goto(`http://127.0.0.1:${port}/login`);
    await page.getByLabel('Email').fill('patient1@demo.health-connect.local');
    await page.getByLabel('Password', { exact: true }).fill('HealthConnect!2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('appointment').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: join(OUT, shot.file) });
    await page.close();
    console.log(`${join(OUT, shot.file)} (${shot.width}×${shot.height})`);
  }
} finally {
  await browser.close();
  server.close();
  await stopStack(stack);
  rmSync(stack.dataDir, { recursive: true, force: true });
  rmSync(site, { recursive: true, force: true });
}
