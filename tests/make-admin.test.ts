import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { makeAdmin } from '../scripts/make-admin.ts';
import { ANON_KEY, database, SERVICE_ROLE_KEY, stackInfo } from './helpers/clients.ts';
import { createUser } from './helpers/users.ts';

describe('npm run make-admin', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = await database();
  });
  afterAll(async () => {
    await db.end();
  });
  const env = () => ({ SUPABASE_URL: stackInfo().apiUrl, SUPABASE_SERVICE_ROLE_KEY: SERVICE_ROLE_KEY });
  const roleOf = async (id: string) =>
    (await db.query<{ role: string }>('select role::text from public.profiles where id = $1', [id])).rows[0]
      ?.role;

  it('says how to call it when the email or the environment is missing', async () => {
    expect(await makeAdmin([], env())).toMatchObject({
      ok: false,
      message: expect.stringContaining('Usage: npm run make-admin -- <email>'),
    });
    expect(await makeAdmin(['a@b.c', 'd@e.f'], env())).toMatchObject({
      ok: false,
      message: expect.stringContaining('Usage'),
    });
    expect(await makeAdmin(['--force', 'a@b.c'], env())).toMatchObject({
      ok: false,
      message: expect.stringContaining("Unknown option '--force'"),
    });
    expect(await makeAdmin(['nobody'], env())).toMatchObject({
      ok: false,
      message: expect.stringContaining('"nobody" is not an email address'),
    });
    expect(await makeAdmin(['a@b.c'], {})).toMatchObject({
      ok: false,
      message: expect.stringContaining('Set SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY first'),
    });
    expect(await makeAdmin(['a@b.c'], { SUPABASE_URL: stackInfo().apiUrl })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Set SUPABASE_SERVICE_ROLE_KEY first/),
    });
  });

  it('promotes an account with the service-role key, and says so', async () => {
    const user = await createUser(db, 'patient', { full_name: 'Pat Promoted' });
    const outcome = await makeAdmin([user.email], env());
    expect(outcome).toEqual({ ok: true, message: `${user.email} (Pat Promoted) is an admin now.` });
    expect(await roleOf(user.id)).toBe('admin');
    // Again: already an admin, nothing changes.
    expect(await makeAdmin([user.email.toUpperCase()], env())).toMatchObject({ ok: true });
    const log = await db.query('select action from public.admin_actions where target_id = $1', [user.id]);
    expect(log.rows).toEqual([{ action: 'make_admin' }]);
  });

  it('refuses an unknown email and a key that is not the service role', async () => {
    expect(await makeAdmin(['nobody@test.health-connect.local'], env())).toEqual({
      ok: false,
      message: 'There is no user with the email nobody@test.health-connect.local.',
    });
    const user = await createUser(db, 'patient');
    const outcome = await makeAdmin([user.email], { ...env(), SUPABASE_SERVICE_ROLE_KEY: ANON_KEY });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/permission denied/i);
    expect(await roleOf(user.id)).toBe('patient');
  });

  it('says when the project cannot be reached', async () => {
    const outcome = await makeAdmin(['a@b.c'], { ...env(), SUPABASE_URL: 'http://127.0.0.1:9' });
    expect(outcome.ok).toBe(false);
    expect(outcome.message).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:9: /);
  });
});
