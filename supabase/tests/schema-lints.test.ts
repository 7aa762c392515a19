import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';

/** Tables whose rows are about a person's health or private conversations. */
const PERSONAL_DATA = [
  'patients',
  'appointments',
  'appointment_notes',
  'messages',
  'reviews',
  'visit_summary_drafts',
  'visit_summary_versions',
  'prescriptions',
  'documents',
  'document_shares',
];

describe('schema lints', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = await database();
  });
  afterAll(async () => {
    await db.end();
  });

  it('every table in public has row-level security enabled', async () => {
    const { rows } = await db.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity order by 1`,
    );
    expect(rows.map((row) => row.relname)).toEqual([]);
  });

  it('every table in public has at least one policy', async () => {
    const { rows } = await db.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and not exists (select 1 from pg_policy p where p.polrelid = c.oid) order by 1`,
    );
    expect(rows.map((row) => row.relname)).toEqual([]);
  });

  it('every SECURITY DEFINER function in public pins search_path', async () => {
    const { rows } = await db.query<{ signature: string }>(
      `select p.oid::regprocedure::text as signature from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prosecdef
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`,
    );
    expect(rows.map((row) => row.signature)).toEqual([]);
    const definers =
      await db.query(`select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prosecdef`);
    expect(definers.rows[0].n).toBeGreaterThan(3);
  });

  it('anon holds no privilege on tables with personal data', async () => {
    const { rows } = await db.query<{ table_name: string; privilege_type: string }>(
      `select table_name, privilege_type from information_schema.role_table_grants
       where grantee = 'anon' and table_schema = 'public' and table_name = any($1)
       union
       select table_name, privilege_type from information_schema.role_column_grants
       where grantee = 'anon' and table_schema = 'public' and table_name = any($1)`,
      [PERSONAL_DATA],
    );
    expect(rows).toEqual([]);
  });

  it('anon can read only the public face of profiles (no phone numbers)', async () => {
    const { rows } = await db.query<{ column_name: string }>(
      `select column_name from information_schema.role_column_grants
       where grantee = 'anon' and table_schema = 'public' and table_name = 'profiles' and privilege_type = 'SELECT'
       order by 1`,
    );
    expect(rows.map((row) => row.column_name)).toEqual(['avatar_path', 'full_name', 'id', 'role']);
  });

  it('no API role selects profiles.phone (contact_phone() decides who sees it)', async () => {
    const { rows } = await db.query(
      `select grantee from information_schema.column_privileges
       where table_schema = 'public' and table_name = 'profiles' and column_name = 'phone'
         and privilege_type = 'SELECT' and grantee in ('anon', 'authenticated', 'PUBLIC')`,
    );
    expect(rows).toEqual([]);
  });

  it('the API roles cannot write appointment status, profile role or message content', async () => {
    const { rows } = await db.query<{
      grantee: string;
      table_name: string;
      column_name: string;
      privilege_type: string;
    }>(
      `select grantee, table_name, column_name, privilege_type from information_schema.column_privileges
       where table_schema = 'public' and grantee in ('anon', 'authenticated') and privilege_type = 'UPDATE'
         and (table_name, column_name) in (('appointments', 'status'), ('profiles', 'role'), ('messages', 'body'),
           ('messages', 'sender_id'), ('doctors', 'rating_avg'), ('reviews', 'patient_id'))`,
    );
    expect(rows).toEqual([]);
  });

  it('the API roles cannot write the record’s versions or prescriptions, nor document paths', async () => {
    const { rows } = await db.query(
      `select grantee, table_name, privilege_type from information_schema.role_table_grants
       where table_schema = 'public' and grantee in ('anon', 'authenticated')
         and table_name in ('visit_summary_drafts', 'visit_summary_versions', 'prescriptions', 'documents')
         and privilege_type <> 'SELECT'
       union
       select grantee, table_name, privilege_type from information_schema.column_privileges
       where table_schema = 'public' and grantee in ('anon', 'authenticated')
         and table_name in ('visit_summary_drafts', 'visit_summary_versions', 'prescriptions', 'documents')
         and privilege_type <> 'SELECT'`,
    );
    expect(rows).toEqual([]);
  });

  it('the medical-documents bucket is private, 20 MB, PDFs and pictures', async () => {
    const { rows } = await db.query(
      `select public, file_size_limit, allowed_mime_types from storage.buckets where id = 'medical-documents'`,
    );
    expect(rows).toEqual([
      {
        public: false,
        file_size_limit: '20971520',
        allowed_mime_types: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
      },
    ]);
  });

  it('the directory view runs with the caller’s privileges', async () => {
    const { rows } = await db.query(
      `select reloptions from pg_class where oid = 'public.doctor_directory'::regclass`,
    );
    expect(rows[0].reloptions).toContain('security_invoker=true');
  });

  it('messages and appointments are published to Realtime; both buckets exist with limits', async () => {
    const published = await db.query<{ tablename: string }>(
      `select tablename from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' order by 1`,
    );
    expect(published.rows.map((row) => row.tablename)).toEqual(
      expect.arrayContaining(['appointments', 'messages', 'prescriptions', 'visit_summary_versions']),
    );
    expect(published.rows.map((row) => row.tablename)).not.toContain('visit_summary_drafts');
    const buckets =
      await db.query(`select id, public, file_size_limit, allowed_mime_types from storage.buckets
      where id in ('avatars', 'chat-images') order by id`);
    expect(buckets.rows).toEqual([
      {
        id: 'avatars',
        public: true,
        file_size_limit: '5242880',
        allowed_mime_types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif'],
      },
      {
        id: 'chat-images',
        public: false,
        file_size_limit: '10485760',
        allowed_mime_types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/heic'],
      },
    ]);
  });
});
