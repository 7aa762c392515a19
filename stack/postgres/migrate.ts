import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import pg from 'pg';

/** A migration or seed file that Postgres rejected; nothing of it was kept. */
export class MigrationError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, message: string) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'MigrationError';
    this.file = file;
    this.line = line;
  }
}

const MIGRATION_NAME = /^(\d+)_(.+)\.sql$/;

export interface Migration {
  version: string;
  name: string;
  path: string;
}

/** Migrations in `<supabaseDir>/migrations`, named `<timestamp>_<name>.sql` as the CLI requires. */
export function listMigrations(supabaseDir: string): Migration[] {
  const dir = join(supabaseDir, 'migrations');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((file) => ({ file, match: MIGRATION_NAME.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({ version: match[1]!, name: match[2]!, path: join(dir, file) }))
    .sort((a, b) => a.version.localeCompare(b.version));
}

function lineOf(sql: string, position: string | undefined): number | undefined {
  const offset = Number(position);
  if (!Number.isInteger(offset) || offset <= 0) return undefined;
  return sql.slice(0, offset - 1).split('\n').length;
}

async function runFile(client: pg.Client, path: string, label: string, record: () => Promise<unknown>) {
  const sql = readFileSync(path, 'utf8');
  await client.query('begin');
  try {
    await client.query(sql);
    await record();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    const pgError = error as pg.DatabaseError;
    throw new MigrationError(label, lineOf(sql, pgError.position), pgError.message);
  }
}

export interface MigrateResult {
  applied: string[];
  seeded: string[];
}

/**
 * Applies pending migrations in order, each in its own transaction, recorded in
 * `supabase_migrations.schema_migrations` as the CLI does; then runs seed files that have never
 * run successfully. Connects as `postgres`, the role the CLI uses, so a migration that needs
 * more privilege than hosted Supabase grants fails here too.
 */
export async function migrate(
  port: number,
  supabaseDir: string,
  seedPaths: string[],
): Promise<MigrateResult> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await client.connect();
  const label = (path: string) => relative(join(supabaseDir, '..'), path);
  try {
    const done = await client.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations',
    );
    const applied = new Set(done.rows.map((row) => row.version));
    const result: MigrateResult = { applied: [], seeded: [] };
    for (const migration of listMigrations(supabaseDir)) {
      if (applied.has(migration.version)) continue;
      await runFile(client, migration.path, label(migration.path), () =>
        client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [migration.version, migration.name, [readFileSync(migration.path, 'utf8')]],
        ),
      );
      result.applied.push(migration.version);
    }
    for (const seedPath of seedPaths) {
      const path = join(supabaseDir, seedPath);
      if (!existsSync(path)) continue;
      // The CLI records a seed by its path from the project root ("supabase/seed.sql") and its
      // sha256, so `supabase db push --include-seed` skips what already ran here.
      const recorded = posix.join('supabase', seedPath);
      await client.query('update supabase_migrations.seed_files set path = $1 where path = $2', [
        recorded,
        seedPath,
      ]);
      const seeded = await client.query('select 1 from supabase_migrations.seed_files where path = $1', [
        recorded,
      ]);
      if (seeded.rowCount) continue;
      const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
      await runFile(client, path, label(path), () =>
        client.query(
          'insert into supabase_migrations.seed_files (path, hash) values ($1, $2) on conflict (path) do update set hash = excluded.hash',
          [recorded, hash],
        ),
      );
      result.seeded.push(seedPath);
    }
    // PostgREST reloads on DDL through the event triggers; one explicit reload covers the rest.
    await client.query(`notify pgrst, 'reload schema'`);
    return result;
  } finally {
    await client.end();
  }
}
