import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../stack/config/instance.ts';
import { database } from '../../tests/helpers/clients.ts';

const DIR = join(REPO_DIR, 'supabase', 'tests', 'database');

/** The TAP lines a file's statements returned (pgTAP answers each assertion with a row). */
async function runTap(file: string): Promise<string[]> {
  const db = await database('postgres');
  try {
    const results = await db.query<Record<string, unknown>>(readFileSync(join(DIR, file), 'utf8'));
    const lines: string[] = [];
    for (const result of Array.isArray(results) ? results : [results]) {
      for (const row of result.rows ?? []) {
        for (const value of Object.values(row)) {
          if (typeof value === 'string') lines.push(...value.split('\n'));
        }
      }
    }
    return lines;
  } finally {
    await db.end();
  }
}

// What `supabase test db` (pg_prove) reports, read from the same files: each file's plan is met
// and no assertion failed. pgTAP is copied into the embedded Postgres by `npm run prerequisites`.
describe('pgTAP tests (supabase/tests/database, as `supabase test db` runs them)', () => {
  const files = readdirSync(DIR).filter((name) => name.endsWith('.sql'));

  it('there are pgTAP files to run', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s passes', async (file) => {
    const lines = await runTap(file);
    const plan = lines.map((line) => /^1\.\.(\d+)$/.exec(line.trim())).find(Boolean);
    expect(plan, `no plan in ${file}:\n${lines.join('\n')}`).toBeTruthy();
    const failed = lines.filter((line) => /^not ok\b/.test(line.trim()));
    expect(failed, lines.join('\n')).toEqual([]);
    const passed = lines.filter((line) => /^ok\b/.test(line.trim()));
    expect(passed).toHaveLength(Number(plan![1]));
  });
});
