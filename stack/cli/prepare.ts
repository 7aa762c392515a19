import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { configFlags, DENO_BINARY, DENO_CA_STORE } from '../functions/workers.ts';
import { DENO_DIR } from './supervisor.ts';

/**
 * Downloads every function's remote imports into the shared Deno cache, so functions boot
 * without network access (CI runs its tests with loopback only).
 */
export function prepareFunctions(supabaseDir: string, options: { quiet?: boolean } = {}): number {
  const functionsDir = join(supabaseDir, 'functions');
  if (!existsSync(functionsDir)) return 0;
  for (const entry of readdirSync(functionsDir, { withFileTypes: true })) {
    const index = join(functionsDir, entry.name, 'index.ts');
    if (!entry.isDirectory() || entry.name.startsWith('_') || !existsSync(index)) continue;
    if (!options.quiet) console.log(`Caching imports of ${entry.name}…`);
    const flags = configFlags(join(functionsDir, entry.name));
    execFileSync(DENO_BINARY, ['cache', ...flags, '--node-modules-dir=none', '--no-lock', index], {
      cwd: join(functionsDir, entry.name),
      env: {
        ...process.env,
        DENO_DIR,
        NO_COLOR: '1',
        DENO_NO_PACKAGE_JSON: '1',
        DENO_TLS_CA_STORE: DENO_CA_STORE,
      },
      stdio: options.quiet ? 'pipe' : 'inherit',
    });
  }
  return 0;
}
