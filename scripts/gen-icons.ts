// Renders the app icons in static/icons/ from static/favicon.svg with headless Chromium:
// `node scripts/gen-icons.ts`. The PNGs are committed; run this again when the logo changes.
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumPath } from '../tests/helpers/chromium.ts';

const STATIC = join(import.meta.dirname, '..', 'static');
const BRAND = '#0e9f9a';

interface Icon {
  file: string;
  size: number;
  /** Share of the canvas the logo fills. */
  scale: number;
  /** Page colour behind the logo; transparent when unset. */
  background?: string;
  /** Draw the logo in white on the background (for full-bleed icons). */
  inverted?: boolean;
}

const ICONS: Icon[] = [
  { file: 'icon-192.png', size: 192, scale: 1 },
  { file: 'icon-512.png', size: 512, scale: 1 },
  // Maskable: full-bleed background; the logo stays inside the 80% safe circle.
  { file: 'icon-maskable-512.png', size: 512, scale: 0.56, background: BRAND, inverted: true },
  // iOS fills transparency with black, so the touch icon is opaque.
  { file: 'apple-touch-icon.png', size: 180, scale: 0.66, background: BRAND, inverted: true },
];

function logo(icon: Icon): string {
  const svg = readFileSync(join(STATIC, 'favicon.svg'), 'utf8');
  if (!icon.inverted) return svg;
  // White speech bubble, brand-coloured cross.
  return svg
    .replace('fill="#0e9f9a"', 'fill="#fff"')
    .replace('fill="#fff"/>\n</svg>', `fill="${BRAND}"/>\n</svg>`);
}

const browser = await chromium.launch({ executablePath: chromiumPath() });
mkdirSync(join(STATIC, 'icons'), { recursive: true });
for (const icon of ICONS) {
  const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
  const inner = Math.round(icon.size * icon.scale);
  await page.setContent(
    `<html><body style="margin:0;display:grid;place-items:center;width:${icon.size}px;height:${icon.size}px;background:${icon.background ?? 'transparent'}">
      <div style="width:${inner}px;height:${inner}px">${logo(icon).replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div>
    </body></html>`,
  );
  const target =
    icon.file === 'apple-touch-icon.png' ? join(STATIC, icon.file) : join(STATIC, 'icons', icon.file);
  await page.screenshot({ path: target, omitBackground: !icon.background });
  await page.close();
  console.log(`${target} (${icon.size}×${icon.size})`);
}
await browser.close();
