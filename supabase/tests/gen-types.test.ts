import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackInfo } from '../../tests/helpers/clients.ts';
import { REPO_DIR } from '../../stack/config/instance.ts';
import { listMigrations } from '../../stack/postgres/migrate.ts';
import { generate } from '../../scripts/gen-types.ts';

const SCRATCH = `typegen_${process.pid}`;
const connect = async (user: string, database: string) => {
  const db = new pg.Client({
    host: '127.0.0.1',
    port: stackInfo().dbPort,
    user,
    password: 'postgres',
    database,
  });
  await db.connect();
  return db;
};

/**
 * Other test files add throwaway tables to the shared database while they run, so the types
 * are generated from a scratch database holding only the bootstrap and supabase/migrations.
 */
describe('generated database types', () => {
  beforeAll(async () => {
    const admin = await connect('supabase_admin', 'postgres');
    await admin.query(`create database ${SCRATCH} owner postgres`);
    await admin.end();
    const boot = await connect('supabase_admin', SCRATCH);
    const dir = join(REPO_DIR, 'stack', 'postgres', 'bootstrap');
    for (const file of readdirSync(dir)
      .filter((name) => name.endsWith('.sql'))
      .sort()) {
      await boot.query(readFileSync(join(dir, file), 'utf8'));
    }
    await boot.end();
    const owner = await connect('postgres', SCRATCH);
    for (const migration of listMigrations(join(REPO_DIR, 'supabase'))) {
      await owner.query(readFileSync(migration.path, 'utf8'));
    }
    await owner.end();
  });

  afterAll(async () => {
    const admin = await connect('supabase_admin', 'postgres');
    await admin.query(`drop database if exists ${SCRATCH} with (force)`);
    await admin.end();
  });

  it('src/lib/database.types.ts matches supabase/migrations (run `npm run gen:types` after a migration)', async () => {
    const live = await generate(`postgresql://postgres:postgres@127.0.0.1:${stackInfo().dbPort}/${SCRATCH}`);
    const committed = readFileSync(join(REPO_DIR, 'src', 'lib', 'database.types.ts'), 'utf8');
    expect(committed).toBe(live);
    expect(live).toContain('export const Constants = {');
    expect(live).toMatch(/doctor_directory: \{\n\s+Row: \{/);
  });
});
