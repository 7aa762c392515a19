import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../stack/config/instance.ts';
import { listMigrations } from '../../stack/postgres/migrate.ts';
import { client, database, SERVICE_ROLE_KEY, stackInfo } from '../../tests/helpers/clients.ts';

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve('supabase/package.json')), 'dist', 'supabase.js');

interface Run {
  code: number;
  out: string;
}

/**
 * The project's pinned Supabase CLI, run against this test run's stack. `--local` reads the ports
 * from config.toml; the CLI lets the environment override any config key (SUPABASE_DB_PORT …),
 * which points it at the test stack's free ports.
 */
function supabase(workdir: string, args: string[]): Promise<Run> {
  const { apiPort, dbPort } = stackInfo();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      {
        cwd: workdir,
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          HOME: workdir,
          SUPABASE_DB_PORT: String(dbPort),
          SUPABASE_API_PORT: String(apiPort),
          DO_NOT_TRACK: '1',
          SUPABASE_TELEMETRY_DISABLED: '1',
          NO_COLOR: '1',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

const PROBE = `cli_probe_${process.pid}`;
const PROBE_VERSION = '29991231000000';

describe('the real Supabase CLI (2.117, pinned) against the stack', () => {
  let workdir: string;
  let db: pg.Client;
  const dbUrl = () =>
    `postgresql://postgres:postgres@127.0.0.1:${stackInfo().dbPort}/postgres?sslmode=disable`;

  beforeAll(async () => {
    // A copy of the project, so the probe migration and bucket never touch supabase/.
    workdir = mkdtempSync(join(tmpdir(), 'hc-cli-'));
    cpSync(join(REPO_DIR, 'supabase', 'config.toml'), join(workdir, 'supabase', 'config.toml'));
    cpSync(join(REPO_DIR, 'supabase', 'migrations'), join(workdir, 'supabase', 'migrations'), {
      recursive: true,
    });
    cpSync(join(REPO_DIR, 'supabase', 'seed.sql'), join(workdir, 'supabase', 'seed.sql'));
    cpSync(join(REPO_DIR, 'supabase', 'seed'), join(workdir, 'supabase', 'seed'), { recursive: true });
    db = await database();
  });

  afterAll(async () => {
    await db.query(`drop table if exists public.${PROBE}`);
    await db.query('delete from supabase_migrations.schema_migrations where version = $1', [PROBE_VERSION]);
    await db.end();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('reads config.toml without a warning', async () => {
    const run = await supabase(workdir, ['migration', 'list', '--local']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).not.toMatch(/WARN/);
  });

  it('`migration list --local` shows every migration applied', async () => {
    const run = await supabase(workdir, ['migration', 'list', '--local']);
    expect(run.code, run.out).toBe(0);
    for (const migration of listMigrations(join(REPO_DIR, 'supabase'))) {
      // Local | Remote | Time: both columns carry the version when it is applied.
      expect(run.out).toMatch(new RegExp(`${migration.version}\\W+\\|\\W+${migration.version}`));
    }
  });

  it('`db push --dry-run` finds the database up to date, seed included', async () => {
    const run = await supabase(workdir, ['db', 'push', '--dry-run', '--include-seed', '--db-url', dbUrl()]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/database is up to date/i);
    expect(run.out).not.toMatch(/seed/i);
  });

  it('`db push` applies a new migration that REST then serves', async () => {
    writeFileSync(
      join(workdir, 'supabase', 'migrations', `${PROBE_VERSION}_cli_probe.sql`),
      `create table public.${PROBE} (id int primary key, said text not null);
       alter table public.${PROBE} enable row level security;
       create policy "anyone reads the probe" on public.${PROBE} for select to anon using (true);
       grant select on public.${PROBE} to anon;
       insert into public.${PROBE} values (1, 'pushed by the CLI');`,
    );
    const run = await supabase(workdir, ['db', 'push', '--yes', '--db-url', dbUrl()]);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`${PROBE_VERSION}_cli_probe.sql`);
    const recorded = await db.query(
      'select name from supabase_migrations.schema_migrations where version = $1',
      [PROBE_VERSION],
    );
    expect(recorded.rows).toEqual([{ name: 'cli_probe' }]);
    // PostgREST reloads its schema cache on DDL; poll until the new table is served.
    const anon = client();
    await expect
      .poll(async () => (await anon.from(PROBE as never).select('id, said')).data, { timeout: 15_000 })
      .toEqual([{ id: 1, said: 'pushed by the CLI' }]);
  });

  it('`seed buckets --local` creates the buckets config.toml declares', async () => {
    const bucket = `cli-probe-${process.pid}`;
    appendFileSync(
      join(workdir, 'supabase', 'config.toml'),
      `\n[storage.buckets.${bucket}]\npublic = false\nfile_size_limit = "1MiB"\nallowed_mime_types = ["application/octet-stream"]\n`,
    );
    const run = await supabase(workdir, ['seed', 'buckets', '--local']);
    expect(run.code, run.out).toBe(0);
    // The CLI uploads objects_path under the names stack/cli/seed-buckets.ts gives them.
    expect(run.out).toContain('licence-documents/d0c70000-0000-4000-8000-000000000015/licence.pdf');
    const seeded = await db.query(`select metadata ->> 'mimetype' as type from storage.objects
      where bucket_id = 'licence-documents' and name = 'd0c70000-0000-4000-8000-000000000015/licence.pdf'`);
    expect(seeded.rows).toEqual([{ type: 'application/pdf' }]);
    const admin = client(SERVICE_ROLE_KEY);
    const { data, error } = await admin.storage.getBucket(bucket);
    expect(error).toBeNull();
    expect(data).toMatchObject({
      id: bucket,
      public: false,
      allowed_mime_types: ['application/octet-stream'],
    });
    expect(Number(data?.file_size_limit)).toBe(1024 * 1024);

    // `storage cp` both ways keeps the bytes.
    const bytes = randomBytes(64 * 1024);
    writeFileSync(join(workdir, 'up.bin'), bytes);
    const up = await supabase(workdir, [
      'storage',
      'cp',
      'up.bin',
      `ss:///${bucket}/dir/up.bin`,
      '--local',
      '--experimental',
    ]);
    expect(up.code, up.out).toBe(0);
    const down = await supabase(workdir, [
      'storage',
      'cp',
      `ss:///${bucket}/dir/up.bin`,
      'down.bin',
      '--local',
      '--experimental',
    ]);
    expect(down.code, down.out).toBe(0);
    expect(readFileSync(join(workdir, 'down.bin')).equals(bytes)).toBe(true);
    const listed = await supabase(workdir, [
      'storage',
      'ls',
      `ss:///${bucket}/dir/`,
      '--local',
      '--experimental',
    ]);
    expect(listed.code, listed.out).toBe(0);
    expect(listed.out).toContain('up.bin');
  });

  it('`inspect db table-stats --local` reports the project tables', async () => {
    const run = await supabase(workdir, ['inspect', 'db', 'table-stats', '--local']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain('public.appointments');
  });

  // pg_stat_statements is preloaded and postgres is a pg_monitor member, as in the Supabase image.
  it.each([
    'db-stats',
    'replication-slots',
    'locks',
    'blocking',
    'outliers',
    'calls',
    'index-stats',
    'long-running-queries',
    'bloat',
    'role-stats',
    'vacuum-stats',
    'traffic-profile',
  ])('`inspect db %s --local` runs', async (report) => {
    const run = await supabase(workdir, ['inspect', 'db', report, '--local']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).not.toMatch(/ERROR/);
  });
});
