import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database, PUBLISHABLE_KEY, stackInfo, userToken } from '../../tests/helpers/clients.ts';
import { createAppointment, createUser } from './fixtures.ts';

/**
 * Realtime as an attacker sees it: presence only between people who share care, nobody
 * tracking as someone else, and a call channel that a cancelled visit's people lose.
 */
const clients: SupabaseClient[] = [];

/** A client whose channels join with `token` (supabase-js asks `accessToken` on every join). */
async function connect(token?: () => string): Promise<SupabaseClient> {
  const client = createClient(stackInfo().apiUrl, PUBLISHABLE_KEY, {
    ...(token ? { accessToken: () => Promise.resolve(token()) } : {}),
  });
  clients.push(client);
  await client.realtime.setAuth();
  return client;
}

/** Subscribes; resolves with the first outcome. Every status is kept in `statuses`. */
function joined(
  channel: RealtimeChannel,
  statuses: string[] = [],
): Promise<{ status: string; error?: Error }> {
  return new Promise((done) =>
    channel.subscribe((status, error) => {
      statuses.push(String(status));
      if (String(status) !== 'CLOSED') done({ status: String(status), error });
    }),
  );
}

function systemError(channel: RealtimeChannel): Promise<string> {
  return new Promise((done) =>
    channel.on('system', {}, (payload: { status: string; message: string }) => {
      if (payload.status === 'error') done(payload.message);
    }),
  );
}

let db: pg.Client;
let patientA: string;
let patientB: string;
let doctorX: string;
let cancelledOnly: string;

beforeAll(async () => {
  db = await database();
  patientA = await createUser(db, 'patient');
  patientB = await createUser(db, 'patient');
  doctorX = await createUser(db, 'doctor', { specialization: 'cardiology' });
  cancelledOnly = await createUser(db, 'patient');
  await createAppointment(db, { doctor: doctorX, patient: patientA, startsInHours: 24 });
  await createAppointment(db, {
    doctor: doctorX,
    patient: cancelledOnly,
    startsInHours: 30,
    status: 'cancelled',
  });
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.removeAllChannels()));
  await db.end();
});

describe('presence follows care', () => {
  it('shows A online to the doctor A shares care with, under whatever key A picked', async () => {
    const own = (await connect(() => userToken(patientA))).channel(`presence:${patientA}`, {
      config: { private: true, presence: { key: 'any-key-A-likes' } },
    });
    expect((await joined(own)).status).toBe('SUBSCRIBED');
    expect(await own.track({ since: 1 })).toBe('ok');
    const watcher = (await connect(() => userToken(doctorX))).channel(`presence:${patientA}`, {
      config: { private: true },
    });
    watcher.on('presence', { event: 'sync' }, () => undefined);
    expect((await joined(watcher)).status).toBe('SUBSCRIBED');
    await expect.poll(() => Object.keys(watcher.presenceState())).toEqual(['any-key-A-likes']);
  });

  it('refuses a stranger, someone whose only visit was cancelled, and anon', async () => {
    for (const [who, token] of [
      ['other patient', () => userToken(patientB)],
      ['cancelled visit', () => userToken(cancelledOnly)],
      ['anon', undefined],
    ] as const) {
      const channel = (await connect(token)).channel(`presence:${doctorX}`, {
        config: { private: true },
      });
      const result = await joined(channel);
      expect(result.status, who).toBe('CHANNEL_ERROR');
      expect(result.error?.message, who).toContain(
        `Unauthorized: You do not have permissions to read from this Channel topic: presence:${doctorX}`,
      );
    }
  });

  it('lets nobody track on somebody else’s presence channel', async () => {
    const forged = (await connect(() => userToken(doctorX))).channel(`presence:${patientA}`, {
      config: { private: true, presence: { key: patientA } },
    });
    expect((await joined(forged)).status).toBe('SUBSCRIBED');
    expect(await forged.track({ since: 2, forged: true })).toBe('error');
    // And the old shared channel is gone for everyone.
    const shared = (await connect(() => userToken(patientB))).channel('presence:online', {
      config: { private: true },
    });
    expect((await joined(shared)).status).toBe('CHANNEL_ERROR');
  });
});

describe('a call channel after the visit is cancelled', () => {
  async function openCall() {
    const doctor = await createUser(db, 'doctor', { specialization: 'cardiology' });
    const patient = await createUser(db, 'patient');
    const id = await createAppointment(db, { doctor, patient, startsInHours: 0 });
    return { id, doctor, patient, topic: `call:${id}` };
  }

  it('is shut down for a participant at their next token refresh, and they receive nothing more', async () => {
    const call = await openCall();
    let patientToken = userToken(call.patient);
    const patientClient = await connect(() => patientToken);
    const patientSide = patientClient.channel(call.topic, { config: { private: true } });
    const got: unknown[] = [];
    patientSide.on('broadcast', { event: 'signal' }, ({ payload }) => got.push(payload));
    const shutDown = systemError(patientSide);
    const statuses: string[] = [];
    expect((await joined(patientSide, statuses)).status).toBe('SUBSCRIBED');
    const doctorSide = (await connect(() => userToken(call.doctor))).channel(call.topic, {
      config: { private: true, broadcast: { ack: true } },
    });
    expect((await joined(doctorSide)).status).toBe('SUBSCRIBED');
    expect(await doctorSide.send({ type: 'broadcast', event: 'signal', payload: { n: 1 } })).toBe('ok');
    await expect.poll(() => got).toEqual([{ n: 1 }]);

    await db.query(`update public.appointments set status = 'cancelled' where id = $1`, [call.id]);
    patientToken = userToken(call.patient, { iat: Math.floor(Date.now() / 1000) + 1 });
    await patientClient.realtime.setAuth();
    expect(await shutDown).toBe(`You do not have permissions to read from this Channel topic: ${call.topic}`);
    await expect.poll(() => statuses).toContain('CLOSED');
    // Nor can they come back.
    const again = patientClient.channel(`${call.topic}`, { config: { private: true } });
    expect((await joined(again)).status).toBe('CHANNEL_ERROR');
  });

  it('is shut down when the join token expires for a client that never refreshes', async () => {
    const call = await openCall();
    const exp = Math.floor(Date.now() / 1000) + 2;
    // One token for the whole test: ES256 signatures differ on every signing, so a fresh token per
    // heartbeat would look like a refresh to the server.
    const token = userToken(call.patient, { exp });
    const channel = (await connect(() => token)).channel(call.topic, {
      config: { private: true },
    });
    const shutDown = systemError(channel);
    expect((await joined(channel)).status).toBe('SUBSCRIBED');
    await db.query(`update public.appointments set status = 'cancelled' where id = $1`, [call.id]);
    expect(await shutDown).toMatch(/^Token has expired \d+ seconds ago$/);
  });
});
