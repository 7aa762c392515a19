import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../../../stack/config/instance.ts';
import { PUBLISHABLE_KEY } from '../../../stack/config/keys.ts';

/**
 * A production build of the app pointed at a stack, in its own directory. Builds share
 * `.svelte-kit/`, so concurrent ones (two test runs) take turns through a lock file.
 */
export function buildApp(apiUrl: string, extraEnv: Record<string, string> = {}): string {
  const outDir = mkdtempSync(join(tmpdir(), 'hc-build-'));
  const result = spawnSync(
    'flock',
    [join(tmpdir(), 'hc-app-build.lock'), 'npx', 'vite', 'build', '--logLevel', 'warn'],
    {
      cwd: REPO_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PUBLIC_SUPABASE_URL: apiUrl,
        PUBLIC_SUPABASE_ANON_KEY: PUBLISHABLE_KEY,
        HC_BUILD_DIR: outDir,
        ...extraEnv,
      },
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed (${result.status})`);
  return outDir;
}
