import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { adminConfig } from './cluster.ts';

const DIR = join(import.meta.dirname, 'bootstrap');

function bootstrapFiles(): { name: string; sql: string }[] {
  return readdirSync(DIR)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(DIR, name), 'utf8') }));
}

/**
 * Brings the database to what the Supabase image provides before any app migration: roles,
 * schemas, auth/storage/realtime tables, grants. Idempotent; skipped when the same bootstrap
 * already ran (its hash is kept in `_stack.bootstrap`, a schema no API exposes).
 */
export async function bootstrap(port: number): Promise<{ applied: boolean }> {
  const files = bootstrapFiles();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.name).update(file.sql);
  const digest = hash.digest('hex');
  const client = new pg.Client(adminConfig(port));
  await client.connect();
  try {
    await client.query(
      'create schema if not exists _stack; create table if not exists _stack.bootstrap (hash text primary key, applied_at timestamptz not null default now())',
    );
    const done = await client.query('select 1 from _stack.bootstrap where hash = $1', [digest]);
    if (done.rowCount) return { applied: false };
    await client.query('begin');
    for (const file of files) {
      try {
        await client.query(file.sql);
      } catch (error) {
        throw new Error(`bootstrap ${file.name}: ${(error as Error).message}`, { cause: error });
      }
    }
    await client.query('insert into _stack.bootstrap (hash) values ($1)', [digest]);
    await client.query('commit');
    return { applied: true };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
