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
      expect(rows[0]).toMatchObject({ patients: 6, medical_profiles: 6, identities: rows[0].doctors + 6 });
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
