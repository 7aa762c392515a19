import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANON_KEY, database, stackInfo, userToken } from '../../tests/helpers/clients.ts';
import { conversationKey, createAppointment, createUser } from './fixtures.ts';

interface Rpc {
  name: string;
  args: Array<{ name: string; type: string }>;
}

interface Answer {
  status: number;
  body: unknown;
}

/** A small deterministic generator, so a failure names a call that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Every RPC in public, called with hostile arguments by everyone around: refusals are 4xx with
 * a sentence, never a 5xx (supabase/migrations/20260305000200_care_based_access.sql).
 */
describe('hostile calls to every RPC', () => {
  let db: pg.Client;
  let rpcs: Rpc[] = [];
  const actors: Record<string, string | null> = { anon: null };
  const ids: string[] = [];
  const texts: unknown[] = [];

  beforeAll(async () => {
    db = await database();
    const patient = await createUser(db, 'patient');
    const otherPatient = await createUser(db, 'patient');
    const doctor = await createUser(db, 'doctor');
    const otherDoctor = await createUser(db, 'doctor');
    Object.assign(actors, { patient, otherPatient, doctor, otherDoctor });
    await db.query(
      `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time)
       select $1, d, '00:00', '23:30' from generate_series(0, 6) d`,
      [doctor],
    );
    const visits: string[] = [];
    for (const [status, startsInHours, mode] of [
      ['pending', 30, 'video'],
      ['scheduled', 40, 'video'],
      ['scheduled', 0, 'video'],
      ['scheduled', 1, 'chat'],
      ['completed', -48, 'video'],
      ['cancelled', 50, 'chat'],
      ['rescheduled', 60, 'video'],
    ] as const) {
      visits.push(await createAppointment(db, { doctor, patient, status, startsInHours, mode }));
    }
    ids.push(patient, otherPatient, doctor, otherDoctor, ...visits, randomUUID());
    const key = conversationKey(patient, doctor);
    const soon = new Date(Date.now() + 3 * 3600_000);
    soon.setUTCMinutes(0, 0, 0);
    texts.push(
      '',
      '   ',
      'x'.repeat(100_000),
      "'; drop table public.appointments; --",
      'not-a-uuid',
      'started',
      'ended',
      'rating',
      '\u0000',
      '2030-01-01T10:00:00',
      soon.toISOString(),
      '9999-12-31T23:59:59Z',
      key,
      `call:${visits[2]}`,
      `typing:${key}`,
      { nested: true },
      ['array'],
    );
    const { rows } = await db.query<{ name: string; names: string[] | null; types: string[] }>(
      `select p.proname as name, p.proargnames as names,
              array(select format_type(t, null) from unnest(p.proargtypes) t) as types
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prorettype <> 'trigger'::regtype
         and (has_function_privilege('anon', p.oid, 'execute')
              or has_function_privilege('authenticated', p.oid, 'execute'))
       order by 1`,
    );
    rpcs = rows.map((row) => ({
      name: row.name,
      args: row.types.map((type, i) => ({ name: row.names?.[i] ?? `arg${i}`, type })),
    }));
  });
  afterAll(async () => {
    await db.end();
  });

  /** Hostile values for one argument type; every list starts with null and includes a wrong type. */
  function values(type: string): unknown[] {
    switch (type) {
      case 'uuid':
        return [null, ...ids, 'not-a-uuid', 42];
      case 'timestamp with time zone':
        return [
          null,
          'garbage',
          '-infinity',
          'infinity',
          '1900-01-01T00:00Z',
          '9999-12-31T23:59:59Z',
          new Date().toISOString(),
          new Date(Date.now() + 86_400_000).toISOString(),
          7,
        ];
      case 'integer':
        return [null, -1, 0, 1, 50, 10_001, 2_147_483_647, 2_147_483_648, 'abc', 1.5];
      case 'consultation_mode':
        return [null, 'video', 'chat', 'phone', ''];
      default:
        return [null, ...texts];
    }
  }

  async function call(rpc: Rpc, body: Record<string, unknown>, actor: string | null): Promise<Answer> {
    const response = await fetch(`${stackInfo().apiUrl}/rest/v1/rpc/${rpc.name}`, {
      method: 'POST',
      headers: {
        apikey: ANON_KEY,
        authorization: `Bearer ${actor ? userToken(actor) : ANON_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return { status: response.status, body: parsed };
  }

  /** Argument sets for one RPC: all null, each value of each argument, random mixes, and junk keys. */
  function argumentSets(rpc: Rpc, seed: number): Array<Record<string, unknown>> {
    const next = random(seed);
    const pools = rpc.args.map((arg) => values(arg.type));
    const sets: Array<Record<string, unknown>> = [
      Object.fromEntries(rpc.args.map((arg) => [arg.name, null])),
      {},
      { unexpected: 'x' },
    ];
    rpc.args.forEach((arg, i) => {
      for (const value of pools[i]!) {
        sets.push(
          Object.fromEntries(
            rpc.args.map((other, j) => [
              other.name,
              j === i ? value : pools[j]![Math.floor(next() * pools[j]!.length)],
            ]),
          ),
        );
      }
    });
    for (let n = 0; n < 10; n += 1) {
      sets.push(
        Object.fromEntries(
          rpc.args.map((arg, j) => [arg.name, pools[j]![Math.floor(next() * pools[j]!.length)]]),
        ),
      );
    }
    return sets;
  }

  it('finds the RPCs to attack', () => {
    expect(rpcs.map((rpc) => rpc.name)).toEqual(
      expect.arrayContaining([
        'request_appointment',
        'cancel_appointment',
        'record_call_event',
        'contact_phone',
      ]),
    );
  });

  it('ordinary refusals answer 404, 403 or 409 with the catalogue code in hint and the same sentence', async () => {
    const [patient, doctor] = [actors.patient!, actors.doctor!];
    const pending = ids[4]!;
    const completed = ids[8]!;
    const rpc = (name: string) => rpcs.find((candidate) => candidate.name === name)!;
    expect(
      await call(
        rpc('cancel_appointment'),
        { appointment_id: randomUUID(), reason: 'Feeling better' },
        patient,
      ),
    ).toMatchObject({
      status: 404,
      body: { code: 'PT404', hint: 'not_found', message: 'Appointment not found.' },
    });
    expect(
      await call(rpc('confirm_appointment'), { appointment_id: pending }, actors.otherDoctor!),
    ).toMatchObject({ status: 404, body: { hint: 'not_found' } });
    expect(await call(rpc('confirm_appointment'), { appointment_id: pending }, patient)).toMatchObject({
      status: 403,
      body: { code: '42501', hint: 'not_allowed', message: 'Only the doctor can do this.' },
    });
    expect(await call(rpc('confirm_appointment'), { appointment_id: completed }, doctor)).toMatchObject({
      status: 409,
      body: {
        code: 'PT409',
        hint: 'invalid_transition',
        message: 'Only pending requests can be confirmed; this appointment is completed.',
      },
    });
    expect(await call(rpc('confirm_appointment'), { appointment_id: pending }, null)).toMatchObject({
      status: 401,
      body: { code: '42501' },
    });
  });

  it('no call answers 5xx, and every refusal carries a sentence', { timeout: 240_000 }, async () => {
    const failures: string[] = [];
    let calls = 0;
    for (const [r, rpc] of rpcs.entries()) {
      for (const [actorName, actor] of Object.entries(actors)) {
        const sets = argumentSets(rpc, r * 31 + actorName.length);
        // A few at a time: enough to race, not enough to starve the other engineers' stacks.
        for (let i = 0; i < sets.length; i += 4) {
          const batch = sets.slice(i, i + 4);
          const answers = await Promise.all(batch.map((body) => call(rpc, body, actor)));
          answers.forEach((answer, k) => {
            calls += 1;
            const message = (answer.body as { message?: unknown } | null)?.message;
            const refused = answer.status >= 400;
            if (answer.status >= 500 || (refused && (typeof message !== 'string' || message.length === 0))) {
              const shown = JSON.stringify(batch[k], (_, v: unknown) =>
                typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v,
              );
              failures.push(
                `${actorName} ${rpc.name}(${shown}) → ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
              );
            }
          });
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
    expect(failures).toEqual([]);
  });
});
