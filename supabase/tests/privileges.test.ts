import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';

/**
 * Functions anon may execute: what the public directory and booking page need before sign-in.
 * A new function in public must be granted to anon on purpose and listed here.
 */
const ANON_FUNCTIONS = [
  'available_slots(uuid,timestamp with time zone,timestamp with time zone)',
  'booking_horizon()',
  'booking_min_notice()',
  'call_closes_after()',
  'call_opens_before()',
  'call_window(timestamp with time zone,timestamp with time zone)',
  'doctor_reviews(uuid,integer)',
  'is_valid_time_zone(text)',
  'parse_instant(text,text)',
  'search_doctors(text,text,consultation_mode,text,integer,integer)',
];

describe('function privileges', () => {
  let db: pg.Client;
  beforeAll(async () => {
    db = await database();
  });
  afterAll(async () => {
    await db.end();
  });

  async function executableBy(role: string): Promise<string[]> {
    const { rows } = await db.query<{ signature: string }>(
      `select replace(replace(p.oid::regprocedure::text, 'public.', ''), ', ', ',') as signature
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and has_function_privilege($1, p.oid, 'execute') order by 1`,
      [role],
    );
    return rows.map((row) => row.signature);
  }

  it('anon executes exactly the allow-listed functions in public', async () => {
    expect(await executableBy('anon')).toEqual(ANON_FUNCTIONS);
  });

  it('anon holds no appointment lifecycle or medical record RPC', async () => {
    const lifecycle = await executableBy('anon');
    for (const name of [
      'request_appointment',
      'confirm_appointment',
      'decline_appointment',
      'cancel_appointment',
      'reschedule_appointment',
      'complete_appointment',
      'record_call_event',
      'contact_phone',
      'in_care_with',
      'save_summary_draft',
      'finalise_summary',
      'issue_prescription',
      'cancel_prescription',
      'register_document',
      'patient_chart',
      'my_health_history',
      'can_read_medical_document',
      'can_upload_medical_document',
    ]) {
      expect(lifecycle.filter((fn) => fn.startsWith(`${name}(`))).toEqual([]);
    }
  });

  it('the record’s internal helpers are not executable by the API roles', async () => {
    const callable = [...(await executableBy('anon')), ...(await executableBy('authenticated'))];
    for (const name of [
      'visit_for_record',
      'record_text',
      'refuse_record_change',
      'guard_prescription_change',
    ]) {
      expect(callable.filter((fn) => fn.startsWith(`${name}(`))).toEqual([]);
    }
  });

  it('a function a later migration creates in public is not executable by anon or PUBLIC unless granted', async () => {
    await db.query('begin');
    try {
      await db.query('set local role postgres');
      await db.query(`create function public.privileges_probe() returns int language sql as 'select 1'`);
      const { rows } = await db.query(
        `select has_function_privilege('anon', 'public.privileges_probe()', 'execute') as anon,
                has_function_privilege('authenticated', 'public.privileges_probe()', 'execute') as authenticated,
                exists (select 1 from pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                        where p.oid = 'public.privileges_probe()'::regprocedure and a.grantee = 0) as public`,
      );
      expect(rows[0]).toEqual({ anon: false, authenticated: true, public: false });
    } finally {
      await db.query('rollback');
    }
  });
});
