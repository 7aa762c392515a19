import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './cluster.ts';

/** The embedded Postgres' extension folder (control and SQL files). */
export const EXTENSION_DIR = join(BIN, '..', 'share', 'postgresql', 'extension');

/** Debian's pgTAP: pure SQL, so the build for Debian's Postgres 15 serves Postgres 17 too. */
const PGTAP_PACKAGE = 'postgresql-15-pgtap';

export function hasPgTap(dir = EXTENSION_DIR): boolean {
  return existsSync(join(dir, 'pgtap.control'));
}

/**
 * Copies pgTAP's extension files out of Debian's package (downloaded, not installed: it would
 * pull in a second Postgres) into the embedded Postgres. Its control file says `superuser = false`,
 * so `postgres` may create it, as on Supabase (`supabase test db` runs
 * `create extension if not exists pgtap with schema extensions`). Returns an error sentence, or
 * undefined when pgTAP is in place.
 */
export function installPgTap(dir = EXTENSION_DIR): string | undefined {
  if (hasPgTap(dir)) return undefined;
  const work = mkdtempSync(join(tmpdir(), 'hc-pgtap-'));
  try {
    let download = spawnSync('apt-get', ['download', '-q', PGTAP_PACKAGE], { cwd: work, encoding: 'utf8' });
    if (download.status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore' });
      download = spawnSync('apt-get', ['download', '-q', PGTAP_PACKAGE], { cwd: work, encoding: 'utf8' });
    }
    const deb = readdirSync(work).find((name) => name.endsWith('.deb'));
    if (download.status !== 0 || !deb) return `apt-get could not download ${PGTAP_PACKAGE}.`;
    const unpacked = join(work, 'x');
    if (spawnSync('dpkg-deb', ['-x', join(work, deb), unpacked]).status !== 0) {
      return `dpkg-deb could not unpack ${deb}.`;
    }
    const from = join(unpacked, 'usr', 'share', 'postgresql', '15', 'extension');
    // The control file last, so a half-finished copy never looks installed.
    for (const name of readdirSync(from)) {
      if (/^pgtap(--[\w.]+)*\.sql$/.test(name)) copyFileSync(join(from, name), join(dir, name));
    }
    copyFileSync(join(from, 'pgtap.control'), join(dir, 'pgtap.control'));
    return undefined;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
