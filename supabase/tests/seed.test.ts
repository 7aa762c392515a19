import { describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';
import { as } from './fixtures.ts';

describe('seed.sql', () => {
  it('loaded the demo doctors, patients, appointments in every status, reviews and chats', async () => {
    const db = await database();
    try {
      const { rows } = await db.query(`select
        (select count(*)::int from public.doctors d join auth.users u on u.id = d.id where u.email like '%@demo.health-connect.local') as doctors,
        (select count(distinct d.specialization)::int from public.doctors d join auth.users u on u.id = d.id where u.email like '%@demo.health-connect.local') as specializations,
        (select count(distinct d.time_zone)::int from public.doctors d join auth.users u on u.id = d.id where u.email like '%@demo.health-connect.local') as time_zones,
        (select count(*)::int from public.patients p join auth.users u on u.id = p.id where u.email like 'patient_@demo.health-connect.local') as patients,
        (select count(*)::int from public.patients p join auth.users u on u.id = p.id where u.email like 'patient_@demo.health-connect.local' and p.blood_group is not null) as medical_profiles,
        (select array_agg(distinct status::text order by status::text) from public.appointments a join auth.users u on u.id = a.patient_id where u.email like '%@demo.health-connect.local') as statuses,
        (select count(*)::int from auth.identities i join auth.users u on u.id = i.user_id where u.email like '%@demo.health-connect.local') as identities`);
      // Every doctor and patient, plus the admin.
      expect(rows[0]).toMatchObject({ patients: 6, medical_profiles: 6, identities: rows[0].doctors + 7 });
      expect(rows[0].doctors).toBeGreaterThanOrEqual(12);
      expect(rows[0].specializations).toBeGreaterThanOrEqual(6);
      expect(rows[0].time_zones).toBeGreaterThanOrEqual(4);
      expect(rows[0].statuses).toEqual(['cancelled', 'completed', 'pending', 'rescheduled', 'scheduled']);
      const password =
        await db.query(`select count(*)::int as n from auth.users where email = 'patient1@demo.health-connect.local'
        and encrypted_password = extensions.crypt('HealthConnect!2026', encrypted_password)`);
      expect(password.rows[0].n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('has verified doctors, one waiting for review, one rejected with a reason, and one admin', async () => {
    const db = await database();
    try {
      const { rows } = await db.query(`select d.verification_state::text as state, count(*)::int as n,
          count(*) filter (where l.doctor_id is not null)::int as licences,
          count(*) filter (where l.decision_reason is not null)::int as reasons
        from public.doctors d join auth.users u on u.id = d.id left join public.doctor_licences l on l.doctor_id = d.id
        where u.email like '%@demo.health-connect.local' group by 1 order by 1`);
      expect(rows).toEqual([
        { state: 'pending_review', n: 1, licences: 1, reasons: 0 },
        { state: 'rejected', n: 1, licences: 1, reasons: 1 },
        { state: 'verified', n: 14, licences: 14, reasons: 0 },
      ]);
      const admins = await db.query(`select u.email from public.profiles p join auth.users u on u.id = p.id
        where p.role = 'admin' and u.email like '%@demo.health-connect.local'`);
      expect(admins.rows).toEqual([{ email: 'admin@demo.health-connect.local' }]);
    } finally {
      await db.end();
    }
  });

  it("stores every demo licence's document, readable by the admin through a signed URL and by nobody else", async () => {
    const db = await database();
    try {
      // config.toml [storage.buckets.licence-documents] uploads supabase/seed/licence-documents.
      const { rows } = await db.query(`select l.document_path, o.metadata ->> 'mimetype' as type
        from public.doctor_licences l join auth.users u on u.id = l.doctor_id
        left join storage.objects o on o.bucket_id = 'licence-documents' and o.name = l.document_path
        where u.email like '%@demo.health-connect.local' order by 1`);
      expect(rows.length).toBe(16);
      expect(rows.filter((row) => row.type !== 'application/pdf')).toEqual([]);
    } finally {
      await db.end();
    }
    const admin = as(null);
    const signIn = await admin.auth.signInWithPassword({
      email: 'admin@demo.health-connect.local',
      password: 'HealthConnect!2026',
    });
    expect(signIn.error).toBeNull();
    for (const n of ['15', '16']) {
      const path = `d0c70000-0000-4000-8000-0000000000${n}/licence.pdf`;
      const signed = await admin.storage.from('licence-documents').createSignedUrl(path, 60);
      expect(signed.error).toBeNull();
      const response = await fetch(signed.data!.signedUrl);
      expect(response.status).toBe(200);
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const anon = await as(null).storage.from('licence-documents').createSignedUrl(path, 60);
      expect(anon.data).toBeNull();
    }
  });

  it('lists only the verified doctors to anonymous visitors', async () => {
    const { data, error } = await as(null)
      .from('doctor_directory')
      .select('id, full_name, verified_at, verified_authority');
    expect(error).toBeNull();
    // Other test files add doctors of their own to this database; the seed's are the demo accounts.
    const db = await database();
    const demo = await db
      .query<{ id: string }>(`select id from auth.users where email like '%@demo.health-connect.local'`)
      .finally(() => db.end());
    const demoIds = new Set(demo.rows.map((row) => row.id));
    expect(data!.map((d) => d.full_name)).not.toContain('Dr. Noor Rahman');
    expect(data!.map((d) => d.full_name)).not.toContain('Dr. Oscar Lind');
    const seeded = data!.filter((d) => demoIds.has(d.id));
    expect(seeded).toHaveLength(14);
    expect(seeded.every((d) => d.verified_at && d.verified_authority)).toBe(true);
  });

  it('shows anonymous visitors a rated directory', async () => {
    const { data, error } = await as(null)
      .from('doctor_directory')
      .select('full_name, specialization, rating_avg, rating_count')
      .gt('rating_count', 0)
      .order('rating_avg', { ascending: false });
    expect(error).toBeNull();
    expect(data!.length).toBeGreaterThanOrEqual(5);
    expect(data![0]!.rating_avg).toBeGreaterThanOrEqual(data![data!.length - 1]!.rating_avg);
  });
});
