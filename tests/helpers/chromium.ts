import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The Chromium builds the tests accept, by the name they have on PATH (Debian's first). */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser'];

/** The path of an executable called `name` on PATH, if there is one. */
export function onPath(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

/**
 * The browser every Playwright test, benchmark and script launches: `CHROMIUM_PATH` when set,
 * otherwise Chromium from PATH, otherwise Debian's /usr/bin/chromium (which may not exist yet:
 * `scripts/prerequisites.ts` says so or installs it).
 */
export function chromiumPath(): string {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen) return chosen;
  for (const name of CHROMIUM_NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return '/usr/bin/chromium';
}
