import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';
import {
  as,
  asRoleInRollback,
  conversationKey,
  createAppointment,
  createUser,
  setVerification,
  succeeds,
} from './fixtures.ts';

type Actor = 'anon' | 'patientA' | 'patientB' | 'doctorX' | 'doctorY' | 'admin';
type Op = 'select' | 'insert' | 'update' | 'delete';
const ACTORS: Actor[] = ['anon', 'patientA', 'patientB', 'doctorX', 'doctorY', 'admin'];

/**
 * The access matrix: what each role may do to the rows of patient A and doctor X, who share
 * appointments. Patient B and doctor Y share nothing with them; Y is not verified yet. Row =
 * subject × operation; the six letters are anon, A, B, X, Y and the admin ("y" allowed, "-"
 * refused). The admin column shows what checking licences needs, and no medical data.
 */
const MATRIX: Array<[subject: string, op: Op, allowed: string]> = [
  ['specializations', 'select', 'yyyyyy'],
  ['specializations', 'insert', '------'],
  ['specializations', 'update', '------'],
  ['specializations', 'delete', '------'],
  ["profiles (patient A's)", 'select', '-y-y--'],
  ["profiles (patient A's)", 'insert', '------'],
  ["profiles (patient A's)", 'update', '-y----'],
  ["profiles (patient A's)", 'delete', '------'],
  ["profiles (doctor X's)", 'select', 'yyyyyy'],
  ["profiles (doctor X's)", 'update', '---y--'],
  // Phone numbers: the owner and the other side of an open appointment (care-based access migration).
  ["phone (doctor X's)", 'select', '-y-y--'],
  ["phone (patient A's)", 'select', '-y-y--'],
  ["doctors (doctor X's)", 'select', 'yyyyyy'],
  ["doctors (doctor X's)", 'insert', '------'],
  ["doctors (doctor X's)", 'update', '---y--'],
  ["doctors (doctor X's)", 'delete', '------'],
  ['doctor_directory', 'select', 'yyyyyy'],
  ["doctor_availability (doctor X's)", 'select', 'yyyyyy'],
  ["doctor_availability (doctor X's)", 'insert', '---y--'],
  ["doctor_availability (doctor X's)", 'update', '---y--'],
  ["doctor_availability (doctor X's)", 'delete', '---y--'],
  ["doctor_availability_exceptions (doctor X's)", 'select', 'yyyyyy'],
  ["doctor_availability_exceptions (doctor X's)", 'insert', '---y--'],
  ["doctor_availability_exceptions (doctor X's)", 'update', '---y--'],
  ["doctor_availability_exceptions (doctor X's)", 'delete', '---y--'],
  ["patients (patient A's)", 'select', '-y-y--'],
  ["patients (patient A's)", 'insert', '------'],
  ["patients (patient A's)", 'update', '-y----'],
  ["patients (patient A's)", 'delete', '------'],
  ['appointments (A with X)', 'select', '-y-y--'],
  ['appointments (A with X)', 'insert', '------'],
  ['appointments (A with X)', 'update', '-y----'],
  ['appointments (A with X)', 'delete', '------'],
  ["appointment_notes (X's on A)", 'select', '---y--'],
  ["appointment_notes (X's on A)", 'insert', '---y--'],
  ["appointment_notes (X's on A)", 'update', '---y--'],
  ["appointment_notes (X's on A)", 'delete', '---y--'],
  ["reviews (A's of X)", 'select', '-y-y--'],
  ["reviews (A's of X)", 'insert', '-y----'],
  ["reviews (A's of X)", 'update', '-y----'],
  ["reviews (A's of X)", 'delete', '-y----'],
  ['messages (A to X)', 'select', '-y-y--'],
  ['messages (A to X)', 'insert', '-y-y--'],
  ['messages (A to X)', 'update', '---y--'],
  ['messages (A to X)', 'delete', '------'],
  ["storage avatars (A's folder)", 'select', '-y----'],
  ["storage avatars (A's folder)", 'insert', '-y----'],
  ["storage avatars (A's folder)", 'update', '-y----'],
  ["storage avatars (A's folder)", 'delete', '-y----'],
  ['storage chat-images (A–X folder, uploaded by A)', 'select', '-y-y--'],
  ['storage chat-images (A–X folder, uploaded by A)', 'insert', '-y-y--'],
  ['storage chat-images (A–X folder, uploaded by A)', 'update', '-y----'],
  ['storage chat-images (A–X folder, uploaded by A)', 'delete', '-y----'],
  ['realtime call:<A–X appointment>', 'select', '-y-y--'],
  ['realtime call:<A–X appointment>', 'insert', '-y-y--'],
  ["realtime presence:<A> (A's own online status)", 'select', '-y-y--'],
  ["realtime presence:<A> (A's own online status)", 'insert', '-y----'],

  // Verification (20260307000200_doctor_verification.sql). Doctor Y is waiting for review;
  // doctor S was suspended after a past visit with A. Only verified doctors are public.
  ["doctors (doctor Y's, pending review)", 'select', '----yy'],
  ["doctors (doctor S's, suspended, past visit with A)", 'select', '-y---y'],
  ["profiles (doctor Y's, pending review)", 'select', '----yy'],
  ["doctor_availability (doctor Y's, pending review)", 'select', '----yy'],
  ['embeds of doctor Y (specializations→doctors, appointments→doctors)', 'select', '----yy'],
  ['listing of doctor Y (doctor_directory, search_doctors, doctor_reviews)', 'select', '------'],
  ["verification fields (doctor Y's own: state, verified_at, authority)", 'update', '------'],
  ["doctor_licences (doctor Y's)", 'select', '----yy'],
  ["doctor_licences (doctor Y's)", 'insert', '------'],
  ["doctor_licences (doctor Y's)", 'update', '------'],
  ["doctor_licences (doctor Y's)", 'delete', '------'],
  ['admin_actions (on doctor Y)', 'select', '----yy'],
  ['admin_actions (on doctor Y)', 'insert', '------'],
  ['admin_actions (on doctor Y)', 'update', '------'],
  ['admin_actions (on doctor Y)', 'delete', '------'],
  // Internal tables the directory reads through search_doctors (security definer): no API role
  // reads or writes them directly.
  ["doctor_next_slots (doctor X's)", 'select', '------'],
  ["doctor_next_slots (doctor X's)", 'insert', '------'],
  ["doctor_next_slots (doctor X's)", 'update', '------'],
  ["doctor_next_slots (doctor X's)", 'delete', '------'],
  ['time_zone_names', 'select', '------'],
  ['time_zone_names', 'insert', '------'],
  ['time_zone_names', 'update', '------'],
  ['time_zone_names', 'delete', '------'],
  ["storage licence-documents (Y's folder)", 'select', '----yy'],
  ["storage licence-documents (Y's folder)", 'insert', '----y-'],
  ["storage licence-documents (Y's folder)", 'update', '----y-'],
  ["storage licence-documents (Y's folder)", 'delete', '------'],
  ["rpc find_user (patient A's email)", 'select', '-----y'],
  ['rpc platform_figures', 'select', '-----y'],
  ['rpc approve_doctor (doctor Y)', 'update', '-----y'],
  ['rpc suspend_user (patient B)', 'update', '-----y'],

  // The consultation record (20260314000100_consultation_record.sql). The admin reads none of it.
  ["visit_summary_drafts (X's on the A–X visit)", 'select', '---y--'],
  ["visit_summary_drafts (X's on the A–X visit)", 'insert', '------'],
  ["visit_summary_drafts (X's on the A–X visit)", 'update', '------'],
  ["visit_summary_drafts (X's on the A–X visit)", 'delete', '------'],
  ['visit_summary_versions (A–X visit, final)', 'select', '-y-y--'],
  ['visit_summary_versions (A–X visit, final)', 'insert', '------'],
  ['visit_summary_versions (A–X visit, final)', 'update', '------'],
  ['visit_summary_versions (A–X visit, final)', 'delete', '------'],
  ["prescriptions (X's for A)", 'select', '-y-y--'],
  ["prescriptions (X's for A)", 'insert', '------'],
  ["prescriptions (X's for A)", 'update', '------'],
  ["prescriptions (X's for A)", 'delete', '------'],
  ["documents (A's, shared with X)", 'select', '-y-y--'],
  ["documents (A's, shared with X)", 'insert', '------'],
  ["documents (A's, shared with X)", 'update', '------'],
  ["documents (A's, shared with X)", 'delete', '------'],
  ["document_shares (A's document → X)", 'select', '-y-y--'],
  ["document_shares (A's document → X)", 'insert', '-y----'],
  ["document_shares (A's document → X)", 'delete', '-y----'],
  ["storage medical-documents (A's folder, registered, shared with X)", 'select', '-y-y--'],
  ["storage medical-documents (A's folder, registered, shared with X)", 'insert', '-y----'],
  ["storage medical-documents (A's folder, registered, shared with X)", 'update', '------'],
  ["storage medical-documents (A's folder, registered, shared with X)", 'delete', '------'],
  ['storage medical-documents (A–X visit folder)', 'insert', '---y--'],
  ['record rpc patient_chart (patient A)', 'select', '---y--'],
  ["record rpc my_health_history (patient A's)", 'select', '-y----'],
  ['record rpc finalise_summary (A–X visit)', 'update', '---y--'],
  ["record rpc cancel_prescription (X's for A)", 'update', '---y--'],

  // Notifications (20260318000100_notifications.sql): written only by triggers; the recipient
  // reads theirs and may only mark them read. Settings change only through the RPC.
  ["notifications (patient A's)", 'select', '-y----'],
  ["notifications (patient A's)", 'insert', '------'],
  ["notifications (patient A's)", 'update', '-y----'],
  ["notifications (patient A's)", 'delete', '------'],
  ["notification_preferences (patient A's)", 'select', '-y----'],
  ["notification_preferences (patient A's)", 'insert', '------'],
  ["notification_preferences (patient A's)", 'update', '------'],
  ["notification_preferences (patient A's)", 'delete', '------'],
  ["notification rpc mark_notifications_read (patient A's)", 'update', '-y----'],
  ["notification rpc my_notification_preferences (patient A's)", 'select', '-y----'],
];

describe('RLS matrix: anon, patients A/B, doctors X/Y × every table, bucket and call topic', () => {
  let db: pg.Client;
  const id = {} as Record<Actor, string | null>;
  let appointment = '';
  /** A–X's video appointment under way now: its call topic is open to them (calls.test.ts covers when not). */
  let callable = '';
  let completedReviewed = '';
  let completedUnreviewed = '';
  let message = '';
  let slot = 0;
  /** Doctor S: suspended after a completed visit with patient A (and reviewed by A). */
  let suspended = '';
  /** The A–X visit's record: a draft, a final summary, a prescription, a document shared with X. */
  let recordVisit = '';
  let prescription = '';
  let document = '';
  let documentPath = '';

  beforeAll(async () => {
    db = await database();
    id.anon = null;
    id.patientA = await createUser(db, 'patient');
    id.patientB = await createUser(db, 'patient');
    id.doctorX = await createUser(db, 'doctor', { specialization: 'cardiology' });
    id.doctorY = await createUser(db, 'doctor', { specialization: 'cardiology' }, 'pending_review');
    id.admin = await createUser(db, 'admin');
    suspended = await createUser(db, 'doctor', { specialization: 'cardiology' }, 'suspended');
    const pastWithSuspended = await createAppointment(db, {
      doctor: suspended,
      patient: id.patientA,
      startsInHours: -100,
      status: 'completed',
    });
    await db.query(`insert into public.reviews (appointment_id, rating, comment) values ($1, 5, 'kind')`, [
      pastWithSuspended,
    ]);
    await db.query(
      `insert into public.doctor_licences (doctor_id, registration_number, issuing_authority, country, year_licensed, document_path)
       values ($1::uuid, 'GMC 7000001', 'General Medical Council', 'GB', 2015, $1::text || '/licence.pdf')`,
      [id.doctorY],
    );
    await db.query(
      `insert into public.admin_actions (admin_id, admin_name, action, target_id, reason)
       values ($1, 'Admin', 'reject_doctor', $2, 'An earlier review')`,
      [id.admin, id.doctorY],
    );
    await db.query(
      `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, 2, '09:00', '12:00')`,
      [id.doctorY],
    );
    appointment = await createAppointment(db, {
      doctor: id.doctorX,
      patient: id.patientA,
      startsInHours: 48,
    });
    callable = await createAppointment(db, { doctor: id.doctorX, patient: id.patientA, startsInHours: 0 });
    completedReviewed = await createAppointment(db, {
      doctor: id.doctorX,
      patient: id.patientA,
      startsInHours: -48,
      status: 'completed',
    });
    completedUnreviewed = await createAppointment(db, {
      doctor: id.doctorX,
      patient: id.patientA,
      startsInHours: -72,
      status: 'completed',
    });
    await db.query(`update public.profiles set phone = '+1 555 0100' where id in ($1, $2)`, [
      id.doctorX,
      id.patientA,
    ]);
    await db.query(
      `insert into public.appointment_notes (appointment_id, doctor_id, body) values ($1, $2, 'private')`,
      [appointment, id.doctorX],
    );
    await db.query(`insert into public.reviews (appointment_id, rating, comment) values ($1, 4, 'good')`, [
      completedReviewed,
    ]);
    message = (
      await db.query<{ id: string }>(
        `insert into public.messages (sender_id, receiver_id, body) values ($1, $2, 'hello') returning id`,
        [id.patientA, id.doctorX],
      )
    ).rows[0]!.id;
    await db.query(
      `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, 1, '09:00', '12:00')`,
      [id.doctorX],
    );
    await db.query(
      `insert into public.doctor_availability_exceptions (doctor_id, date, kind) values ($1, current_date + 30, 'day_off')`,
      [id.doctorX],
    );
    recordVisit = completedUnreviewed;
    await db.query(
      `insert into public.visit_summary_versions (appointment_id, version, doctor_id, patient_id, complaint, findings,
         assessment, plan, follow_up) values ($1, 1, $2, $3, 'cough', 'clear chest', 'cold', 'rest', 'none')`,
      [recordVisit, id.doctorX, id.patientA],
    );
    await db.query(
      `insert into public.visit_summary_drafts (appointment_id, doctor_id, plan) values ($1, $2, 'draft plan')`,
      [recordVisit, id.doctorX],
    );
    prescription = (
      await db.query<{ id: string }>(
        `insert into public.prescriptions (code, appointment_id, doctor_id, patient_id, medication, strength, form, dose,
           frequency, duration_days, quantity, prescriber_name)
         values ('RX-AAAA-' || upper(substr(md5(random()::text), 1, 4)), $1, $2, $3, 'Ibuprofen', '200 mg', 'tablet',
           '1 tablet', 'twice a day', 5, 10, 'Dr X') returning id`,
        [recordVisit, id.doctorX, id.patientA],
      )
    ).rows[0]!.id;
    ({ id: document, path: documentPath } = await medicalDocument('Blood test'));
    await db.query('insert into public.document_shares (document_id, doctor_id) values ($1, $2)', [
      document,
      id.doctorX,
    ]);
  });

  /** A registered document of patient A's, stored as the database owner (no bytes on disk). */
  async function medicalDocument(title: string): Promise<{ id: string; path: string }> {
    const path = `${id.patientA}/${randomUUID()}.pdf`;
    await db.query(
      `insert into storage.objects (bucket_id, name, owner_id, metadata)
       values ('medical-documents', $1, $2, '{"size": 100, "mimetype": "application/pdf"}')`,
      [path, id.patientA],
    );
    const row = await db.query<{ id: string }>(
      `insert into public.documents (patient_id, uploaded_by, title, kind, storage_path, mime_type, size_bytes)
       values ($1, $1, $2, 'lab_result', $3, 'application/pdf', 100) returning id`,
      [id.patientA, title, path],
    );
    return { id: row.rows[0]!.id, path };
  }

  afterAll(async () => {
    await db.end();
  });

  const rows = (result: { data: unknown[] | null; error: unknown }) =>
    !result.error && (result.data?.length ?? 0) > 0;

  /** A row only the owner creates, for delete checks that must not eat shared fixtures. */
  const disposable = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: string }>(sql, params)).rows[0]!.id;

  /** medical-documents: the shared, registered document; inserts into A's folder or the A–X visit's. */
  async function medicalStorageCheck(subject: string, actor: Actor, op: Op): Promise<boolean> {
    return asRoleInRollback(
      db,
      id[actor],
      async (c) => {
        const where = ['medical-documents', documentPath];
        if (op === 'select') {
          return (
            (await c.query('select 1 from storage.objects where bucket_id = $1 and name = $2', where))
              .rowCount === 1
          );
        }
        if (op === 'insert') {
          const folder = subject.includes('visit folder') ? `${id.patientA}/${recordVisit}` : id.patientA!;
          return succeeds(() =>
            c.query(
              `insert into storage.objects (bucket_id, name, owner_id) values ('medical-documents', $1, $2)`,
              [`${folder}/new-${randomUUID()}.pdf`, id[actor]],
            ),
          );
        }
        if (op === 'update') {
          return (
            (
              await c.query(
                `update storage.objects set metadata = '{"size":1}' where bucket_id = $1 and name = $2`,
                where,
              )
            ).rowCount === 1
          );
        }
        return (
          (await c.query('delete from storage.objects where bucket_id = $1 and name = $2', where))
            .rowCount === 1
        );
      },
      undefined,
      { 'storage.allow_delete_query': 'true' },
    );
  }

  /** The record's tables and functions, through the API as each actor. */
  async function recordCheck(subject: string, op: Op, actor: Actor): Promise<boolean> {
    const api = as(id[actor]);
    const table = subject.split(' ')[0]!;
    if (subject.startsWith('record rpc patient_chart')) {
      const { data, error } = await api.rpc('patient_chart', { patient: id.patientA! });
      return !error && JSON.stringify(data).includes('draft plan');
    }
    if (subject.startsWith('record rpc my_health_history')) {
      const { data, error } = await api.rpc('my_health_history', { patient: id.patientA! });
      return !error && JSON.stringify(data).includes('Ibuprofen');
    }
    if (subject.startsWith('record rpc finalise_summary')) {
      const { error } = await api.rpc('finalise_summary', { appointment_id: recordVisit });
      if (!error) {
        // Put the draft back for the rows that read it.
        await db.query(
          `insert into public.visit_summary_drafts (appointment_id, doctor_id, plan) values ($1, $2, 'draft plan')`,
          [recordVisit, id.doctorX],
        );
      }
      return !error;
    }
    if (subject.startsWith('record rpc cancel_prescription')) {
      const fresh = (
        await db.query<{ id: string }>(
          `insert into public.prescriptions (code, appointment_id, doctor_id, patient_id, medication, strength, form, dose,
             frequency, duration_days, quantity, prescriber_name)
           select 'RX-BBBB-' || upper(substr(md5(random()::text), 1, 4)), appointment_id, doctor_id, patient_id, medication,
             strength, form, dose, frequency, duration_days, quantity, prescriber_name
           from public.prescriptions where id = $1 returning id`,
          [prescription],
        )
      ).rows[0]!.id;
      return !(await api.rpc('cancel_prescription', { prescription_id: fresh, reason: 'matrix check' }))
        .error;
    }
    const key: Record<string, [column: string, value: string]> = {
      visit_summary_drafts: ['appointment_id', recordVisit],
      visit_summary_versions: ['appointment_id', recordVisit],
      prescriptions: ['id', prescription],
      documents: ['id', document],
      document_shares: ['document_id', document],
    };
    const [column, value] = key[table]!;
    const from = () => api.from(table as 'documents');
    if (op === 'select')
      return rows(
        await from()
          .select('*')
          .eq(column as 'id', value),
      );
    if (op === 'update') {
      const change: Record<string, Record<string, string>> = {
        visit_summary_drafts: { plan: 'edited' },
        visit_summary_versions: { plan: 'edited' },
        prescriptions: { dose: '9 tablets' },
        documents: { title: 'edited' },
      };
      return rows(
        await from()
          .update(change[table]!)
          .eq(column as 'id', value)
          .select('*'),
      );
    }
    if (op === 'insert') {
      if (table === 'document_shares') {
        const fresh = await medicalDocument('Disposable');
        return !(await api.from('document_shares').insert({ document_id: fresh.id, doctor_id: id.doctorX! }))
          .error;
      }
      const copy = (await db.query(`select * from public.${table} where ${column} = $1 limit 1`, [value]))
        .rows[0] as Record<string, unknown>;
      delete copy.id;
      if (table === 'visit_summary_versions') copy.version = 99;
      if (table === 'prescriptions') copy.code = 'RX-CCCC-0000';
      if (table === 'documents') copy.storage_path = `${id.patientA}/${randomUUID()}.pdf`;
      if (table === 'visit_summary_drafts') {
        copy.appointment_id = await createAppointment(db, {
          doctor: id.doctorX!,
          patient: id.patientA!,
          startsInHours: -700 - slot++,
          status: 'completed',
        });
      }
      return !(await from().insert(copy as never)).error;
    }
    if (table === 'document_shares') {
      const fresh = await medicalDocument('Disposable');
      await db.query('insert into public.document_shares (document_id, doctor_id) values ($1, $2)', [
        fresh.id,
        id.doctorX,
      ]);
      return rows(await api.from('document_shares').delete().eq('document_id', fresh.id).select('*'));
    }
    return rows(
      await from()
        .delete()
        .eq(column as 'id', value)
        .select('*'),
    );
  }

  /** Patient A's notifications and settings, through the API as each actor. */
  async function notificationCheck(subject: string, op: Op, actor: Actor): Promise<boolean> {
    const api = as(id[actor]);
    const fresh = () =>
      disposable(
        `insert into public.notifications (recipient_id, kind, actor_id, appointment_id, payload)
         values ($1, 'confirmed', $2, $3, '{"actor_name": "Dr X"}') returning id`,
        [id.patientA, id.doctorX, appointment],
      );
    if (subject.includes('mark_notifications_read')) {
      const target = await fresh();
      const { data, error } = await api.rpc('mark_notifications_read', { ids: [target] });
      return !error && data === 1;
    }
    if (subject.includes('my_notification_preferences')) {
      await db.query(
        `insert into public.notification_preferences (user_id, kind, in_app, email, push)
         values ($1, 'cancelled', true, false, true) on conflict do nothing`,
        [id.patientA],
      );
      const { data, error } = await api.rpc('my_notification_preferences');
      const cancelled = (data as Record<string, { email: boolean }> | null)?.cancelled;
      return !error && cancelled?.email === false;
    }
    if (subject.startsWith('notification_preferences')) {
      await db.query(
        `insert into public.notification_preferences (user_id, kind, in_app, email, push)
         values ($1, 'message', true, false, true) on conflict do nothing`,
        [id.patientA],
      );
      const mine = () => api.from('notification_preferences');
      if (op === 'select') return rows(await mine().select('kind').eq('user_id', id.patientA!));
      if (op === 'insert') {
        return !(
          await mine().insert({
            user_id: id.patientA!,
            kind: 'declined',
            in_app: false,
            email: false,
            push: false,
          })
        ).error;
      }
      if (op === 'update') {
        return rows(await mine().update({ email: true }).eq('user_id', id.patientA!).select('kind'));
      }
      return rows(await mine().delete().eq('user_id', id.patientA!).select('kind'));
    }
    const target = await fresh();
    const table = () => api.from('notifications');
    if (op === 'select') return rows(await table().select('id').eq('id', target));
    if (op === 'insert') {
      return !(await table().insert({ recipient_id: id.patientA!, kind: 'confirmed', payload: {} })).error;
    }
    if (op === 'update') {
      return rows(await table().update({ read_at: new Date().toISOString() }).eq('id', target).select('id'));
    }
    return rows(await table().delete().eq('id', target).select('id'));
  }

  async function storageCheck(actor: Actor, bucket: string, op: Op): Promise<boolean> {
    const folder =
      bucket === 'avatars'
        ? id.patientA!
        : bucket === 'licence-documents'
          ? id.doctorY!
          : conversationKey(id.patientA!, id.doctorX!);
    const owner = bucket === 'licence-documents' ? id.doctorY : id.patientA;
    const existing = `${folder}/existing.png`;
    const setup = (c: pg.Client) =>
      c.query(`insert into storage.objects (bucket_id, name, owner_id) values ($1, $2, $3)`, [
        bucket,
        existing,
        owner,
      ]);
    return asRoleInRollback(
      db,
      id[actor],
      async (c) => {
        if (op === 'select') {
          return (
            (
              await c.query('select 1 from storage.objects where bucket_id = $1 and name = $2', [
                bucket,
                existing,
              ])
            ).rowCount === 1
          );
        }
        if (op === 'insert') {
          return succeeds(() =>
            c.query(`insert into storage.objects (bucket_id, name, owner_id) values ($1, $2, $3)`, [
              bucket,
              `${folder}/new-${randomUUID()}.png`,
              id[actor],
            ]),
          );
        }
        if (op === 'update') {
          return (
            (
              await c.query(
                `update storage.objects set metadata = '{"size":1}' where bucket_id = $1 and name = $2`,
                [bucket, existing],
              )
            ).rowCount === 1
          );
        }
        return (
          (
            await c.query('delete from storage.objects where bucket_id = $1 and name = $2', [
              bucket,
              existing,
            ])
          ).rowCount === 1
        );
      },
      setup,
      { 'storage.allow_delete_query': 'true' },
    );
  }

  async function realtimeCheck(subject: string, actor: Actor, op: Op): Promise<boolean> {
    const presence = subject.includes('presence');
    const topic = presence ? `presence:${id.patientA}` : `call:${callable}`;
    const extension = presence ? 'presence' : 'broadcast';
    const probe = (c: pg.Client) =>
      c.query(`insert into realtime.messages (topic, extension, private) values ($1, $2, true)`, [
        topic,
        extension,
      ]);
    return asRoleInRollback(
      db,
      id[actor],
      async (c) => {
        if (op === 'select')
          return (await c.query('select 1 from realtime.messages where topic = $1', [topic])).rowCount! > 0;
        return succeeds(() =>
          c.query(
            `insert into realtime.messages (topic, extension, private, event, payload)
        values ($1, $2, true, 'offer', '{}')`,
            [topic, extension],
          ),
        );
      },
      probe,
      { 'realtime.topic': topic },
    );
  }

  /** The verification rows: unlisted doctors, licences, the audit log and the admin's RPCs. */
  async function verificationCheck(subject: string, op: Op, actor: Actor): Promise<boolean> {
    const api = as(id[actor]);
    const me = id[actor];
    const doctorY = id.doctorY!;
    const has = (data: unknown, needle: string) => JSON.stringify(data ?? null).includes(needle);
    if (subject.startsWith('doctors (doctor Y')) {
      return rows(await api.from('doctors').select('id').eq('id', doctorY));
    }
    if (subject.startsWith('doctors (doctor S')) {
      const direct = await api.from('doctors').select('id').eq('id', suspended);
      const embed = await api.from('appointments').select('doctor:doctors(id)').eq('doctor_id', suspended);
      return [direct.data, embed.data].some((data) => has(data, suspended));
    }
    if (subject.startsWith('profiles (doctor Y')) {
      return rows(await api.from('profiles').select('id, full_name').eq('id', doctorY));
    }
    if (subject.startsWith('doctor_availability (doctor Y')) {
      return rows(await api.from('doctor_availability').select('id').eq('doctor_id', doctorY));
    }
    if (subject.startsWith('embeds of doctor Y')) {
      const fromSpecialty = await api
        .from('specializations')
        .select('slug, doctors(id)')
        .eq('slug', 'cardiology');
      const withProfile = await api
        .from('doctors')
        .select('id, profile:profiles(full_name)')
        .eq('id', doctorY);
      return [fromSpecialty.data, withProfile.data].some((data) => has(data, doctorY));
    }
    if (subject.startsWith('listing of doctor Y')) {
      const directory = await api.from('doctor_directory').select('id').in('id', [doctorY, suspended]);
      const search = await api.rpc('search_doctors', { search: 'doctor', page_size: 50 });
      const reviews = await api.rpc('doctor_reviews', { doctor: suspended });
      return (
        [directory.data, search.data].some((data) => has(data, doctorY) || has(data, suspended)) ||
        (reviews.data?.length ?? 0) > 0
      );
    }
    if (subject.startsWith('verification fields')) {
      const changes = [
        { verification_state: 'verified' as const },
        { verified_at: new Date().toISOString() },
        { verified_authority: 'Self-certified' },
      ];
      const results = await Promise.all(
        changes.map((change) => api.from('doctors').update(change).eq('id', doctorY).select('id')),
      );
      return results.some(rows);
    }
    if (subject.startsWith('doctor_licences')) {
      const table = api.from('doctor_licences');
      if (op === 'select') return rows(await table.select('registration_number').eq('doctor_id', doctorY));
      if (op === 'insert') {
        return !(
          await table.insert({
            doctor_id: me ?? doctorY,
            registration_number: 'AB12345',
            issuing_authority: 'General Medical Council',
            country: 'GB',
            year_licensed: 2010,
            document_path: `${me ?? doctorY}/mine.pdf`,
          })
        ).error;
      }
      if (op === 'update') {
        return rows(
          await table.update({ registration_number: 'ZZ99999' }).eq('doctor_id', doctorY).select('doctor_id'),
        );
      }
      return rows(await table.delete().eq('doctor_id', doctorY).select('doctor_id'));
    }
    if (subject.startsWith('admin_actions')) {
      const table = api.from('admin_actions');
      if (op === 'select') return rows(await table.select('action, reason').eq('target_id', doctorY));
      if (op === 'insert') {
        return !(
          await table.insert({
            admin_id: me ?? doctorY,
            admin_name: 'x',
            action: 'approve_doctor',
            target_id: doctorY,
          })
        ).error;
      }
      if (op === 'update')
        return rows(await table.update({ reason: 'rewritten' }).eq('target_id', doctorY).select('id'));
      return rows(await table.delete().eq('target_id', doctorY).select('id'));
    }
    if (subject.startsWith('rpc find_user')) {
      const email = `patient-${id.patientA}@tests.health-connect.local`;
      return rows(await api.rpc('find_user', { email_address: email }));
    }
    if (subject.startsWith('rpc platform_figures')) {
      const { data, error } = await api.rpc('platform_figures');
      return !error && has(data, 'per_day');
    }
    if (subject.startsWith('rpc approve_doctor')) {
      const { error } = await api.rpc('approve_doctor', { doctor_id: doctorY });
      await setVerification(db, doctorY, 'pending_review');
      return !error;
    }
    if (subject.startsWith('rpc suspend_user')) {
      const { error } = await api.rpc('suspend_user', { user_id: id.patientB!, reason: 'matrix check' });
      await db.query('update auth.users set banned_until = null where id = $1', [id.patientB]);
      return !error;
    }
    throw new Error(`no check for ${subject} ${op}`);
  }

  /** The directory's internal tables: each operation tried on a row that exists. */
  async function internalCheck(
    table: 'doctor_next_slots' | 'time_zone_names',
    op: Op,
    api: ReturnType<typeof as>,
  ) {
    if (table === 'time_zone_names') {
      const zone = api.from('time_zone_names');
      if (op === 'select') return rows(await zone.select('name').eq('name', 'Europe/London'));
      if (op === 'insert') return !(await zone.insert({ name: `Test/${randomUUID().slice(0, 8)}` })).error;
      if (op === 'update')
        return rows(await zone.update({ name: 'Europe/London' }).eq('name', 'Europe/London').select('name'));
      return rows(await zone.delete().eq('name', 'Etc/UTC').select('name'));
    }
    const slots = api.from('doctor_next_slots');
    if (op === 'select') return rows(await slots.select('doctor_id').eq('doctor_id', id.doctorX!));
    if (op === 'insert') return !(await slots.insert({ doctor_id: id.doctorX!, next_slot: null })).error;
    if (op === 'update') {
      return rows(
        await slots
          .update({ computed_at: new Date().toISOString() })
          .eq('doctor_id', id.doctorX!)
          .select('doctor_id'),
      );
    }
    return rows(await slots.delete().eq('doctor_id', id.doctorX!).select('doctor_id'));
  }

  async function check(subject: string, op: Op, actor: Actor): Promise<boolean> {
    const api = as(id[actor]);
    const me = id[actor];
    const table = subject.split(' ')[0]!;
    if (subject.startsWith('storage medical-documents')) return medicalStorageCheck(subject, actor, op);
    if (table.startsWith('notification')) return notificationCheck(subject, op, actor);
    if (table === 'storage') return storageCheck(actor, subject.split(' ')[1]!, op);
    if (/^(visit_summary|prescriptions|documents|document_shares|record rpc)/.test(subject)) {
      return recordCheck(subject, op, actor);
    }
    if (/doctor [YS]\b|doctors Y|doctor_licences|admin_actions|^rpc |verification fields/.test(subject)) {
      return verificationCheck(subject, op, actor);
    }
    if (table === 'realtime') return realtimeCheck(subject, actor, op);
    if (table === 'doctor_next_slots' || table === 'time_zone_names') return internalCheck(table, op, api);
    switch (`${table}:${op}`) {
      case 'specializations:select':
        return rows(await api.from('specializations').select('slug').eq('slug', 'cardiology'));
      case 'specializations:insert':
        return !(
          await api
            .from('specializations')
            .insert({ slug: `x-${randomUUID().slice(0, 8)}`, name: randomUUID() })
        ).error;
      case 'specializations:update':
        return rows(
          await api
            .from('specializations')
            .update({ description: 'x' })
            .eq('slug', 'cardiology')
            .select('slug'),
        );
      case 'specializations:delete':
        return rows(await api.from('specializations').delete().eq('slug', 'neurology').select('slug'));
      case 'profiles:select': {
        const owner = subject.includes('patient') ? id.patientA : id.doctorX;
        return rows(await api.from('profiles').select('id, full_name').eq('id', owner!));
      }
      case 'phone:select': {
        // Any path that hands out the number counts: the column, an embed, or the RPC.
        const owner = subject.includes('patient') ? id.patientA! : id.doctorX!;
        const column = await api.from('profiles').select('phone').eq('id', owner);
        const embed = await api.from('appointments').select('doctor:doctors(profile:profiles(phone))');
        const rpc = await api.rpc('contact_phone', { person: owner });
        return [column.data, embed.data, rpc.data].some((data) =>
          JSON.stringify(data ?? null).includes('555 0100'),
        );
      }
      case 'profiles:insert':
        return !(
          await api.from('profiles').insert({ id: me ?? randomUUID(), role: 'doctor', full_name: 'x' })
        ).error;
      case 'profiles:update': {
        const owner = subject.includes('patient') ? id.patientA : id.doctorX;
        return rows(
          await api.from('profiles').update({ full_name: 'Renamed' }).eq('id', owner!).select('id'),
        );
      }
      case 'profiles:delete':
        return rows(await api.from('profiles').delete().eq('id', id.patientA!).select('id'));
      case 'doctors:select':
        return rows(await api.from('doctors').select('id').eq('id', id.doctorX!));
      case 'doctors:insert':
        return !(await api.from('doctors').insert({ id: me ?? randomUUID() })).error;
      case 'doctors:update':
        return rows(
          await api
            .from('doctors')
            .update({ about: `edited by ${actor}` })
            .eq('id', id.doctorX!)
            .select('id'),
        );
      case 'doctors:delete':
        return rows(await api.from('doctors').delete().eq('id', id.doctorX!).select('id'));
      case 'doctor_directory:select':
        return rows(
          await api.from('doctor_directory').select('id, full_name, rating_avg').eq('id', id.doctorX!),
        );
      case 'doctor_availability:select':
        return rows(await api.from('doctor_availability').select('id').eq('doctor_id', id.doctorX!));
      case 'doctor_availability:insert': {
        slot += 1;
        return !(
          await api.from('doctor_availability').insert({
            doctor_id: id.doctorX!,
            weekday: 0,
            start_time: `${String(slot).padStart(2, '0')}:00`,
            end_time: `${String(slot).padStart(2, '0')}:30`,
          })
        ).error;
      }
      case 'doctor_availability:update':
        return rows(
          await api
            .from('doctor_availability')
            .update({ end_time: '12:30' })
            .eq('doctor_id', id.doctorX!)
            .eq('weekday', 1)
            .select('id'),
        );
      case 'doctor_availability:delete': {
        const row = await disposable(
          `insert into public.doctor_availability (doctor_id, weekday, start_time, end_time) values ($1, 6, '18:00', '19:00') returning id`,
          [id.doctorX],
        );
        const deleted = rows(await api.from('doctor_availability').delete().eq('id', row).select('id'));
        await db.query('delete from public.doctor_availability where id = $1', [row]);
        return deleted;
      }
      case 'doctor_availability_exceptions:select':
        return rows(
          await api.from('doctor_availability_exceptions').select('id').eq('doctor_id', id.doctorX!),
        );
      case 'doctor_availability_exceptions:insert':
        return !(
          await api
            .from('doctor_availability_exceptions')
            .insert({ doctor_id: id.doctorX!, date: '2030-01-01', kind: 'day_off' })
        ).error;
      case 'doctor_availability_exceptions:update':
        return rows(
          await api
            .from('doctor_availability_exceptions')
            .update({ note: 'moved' })
            .eq('doctor_id', id.doctorX!)
            .select('id'),
        );
      case 'doctor_availability_exceptions:delete': {
        const row = await disposable(
          `insert into public.doctor_availability_exceptions (doctor_id, date, kind) values ($1, current_date + 60, 'day_off') returning id`,
          [id.doctorX],
        );
        return rows(await api.from('doctor_availability_exceptions').delete().eq('id', row).select('id'));
      }
      case 'patients:select':
        return rows(await api.from('patients').select('id, allergies').eq('id', id.patientA!));
      case 'patients:insert':
        return !(await api.from('patients').insert({ id: me ?? randomUUID() })).error;
      case 'patients:update':
        return rows(
          await api
            .from('patients')
            .update({ allergies: `set by ${actor}` })
            .eq('id', id.patientA!)
            .select('id'),
        );
      case 'patients:delete':
        return rows(await api.from('patients').delete().eq('id', id.patientA!).select('id'));
      case 'appointments:select':
        return rows(await api.from('appointments').select('id').eq('id', appointment));
      case 'appointments:insert': {
        const starts = new Date(Date.now() + 400 * 3600_000);
        return !(
          await api.from('appointments').insert({
            doctor_id: id.doctorX!,
            patient_id: me ?? id.patientA!,
            starts_at: starts.toISOString(),
            ends_at: new Date(starts.getTime() + 1800_000).toISOString(),
            mode: 'video',
          })
        ).error;
      }
      case 'appointments:update':
        return rows(
          await api
            .from('appointments')
            .update({ patient_comment: `from ${actor}` })
            .eq('id', appointment)
            .select('id'),
        );
      case 'appointments:delete':
        return rows(await api.from('appointments').delete().eq('id', appointment).select('id'));
      case 'appointment_notes:select':
        return rows(await api.from('appointment_notes').select('body').eq('appointment_id', appointment));
      case 'appointment_notes:insert':
        return !(
          await api.from('appointment_notes').insert({ appointment_id: completedUnreviewed, body: 'note' })
        ).error;
      case 'appointment_notes:update':
        return rows(
          await api
            .from('appointment_notes')
            .update({ body: 'edited' })
            .eq('appointment_id', appointment)
            .select('appointment_id'),
        );
      case 'appointment_notes:delete': {
        const visit = await createAppointment(db, {
          doctor: id.doctorX!,
          patient: id.patientA!,
          startsInHours: -500 - slot++,
          status: 'completed',
        });
        await db.query(
          `insert into public.appointment_notes (appointment_id, doctor_id, body) values ($1, $2, 'x')`,
          [visit, id.doctorX],
        );
        return rows(
          await api.from('appointment_notes').delete().eq('appointment_id', visit).select('appointment_id'),
        );
      }
      case 'reviews:select':
        return rows(await api.from('reviews').select('id').eq('appointment_id', completedReviewed));
      case 'reviews:insert':
        return !(await api.from('reviews').insert({ appointment_id: completedUnreviewed, rating: 5 })).error;
      case 'reviews:update':
        return rows(
          await api
            .from('reviews')
            .update({ comment: `by ${actor}` })
            .eq('appointment_id', completedReviewed)
            .select('id'),
        );
      case 'reviews:delete': {
        const visit = await createAppointment(db, {
          doctor: id.doctorX!,
          patient: id.patientA!,
          startsInHours: -600 - slot++,
          status: 'completed',
        });
        await db.query(`insert into public.reviews (appointment_id, rating) values ($1, 3)`, [visit]);
        return rows(await api.from('reviews').delete().eq('appointment_id', visit).select('id'));
      }
      case 'messages:select':
        return rows(await api.from('messages').select('id').eq('id', message));
      case 'messages:insert': {
        // Each actor writes to the other side of the A–X conversation (or to A when outside it).
        const to = me === id.patientA ? id.doctorX : me === id.doctorX ? id.patientA : id.patientA;
        return !(
          await api.from('messages').insert({ sender_id: me ?? id.doctorX!, receiver_id: to!, body: 'hi' })
        ).error;
      }
      case 'messages:update':
        return rows(
          await api
            .from('messages')
            .update({ read_at: new Date().toISOString() })
            .eq('id', message)
            .select('id'),
        );
      case 'messages:delete':
        return rows(await api.from('messages').delete().eq('id', message).select('id'));
    }
    throw new Error(`no check for ${subject} ${op}`);
  }

  /**
   * Every table and view in `public` and every bucket the project's migrations create has rows
   * above. Other test files create throwaway tables and buckets in the same database meanwhile;
   * what a migration created carries, in `xmin`, a transaction no later than the one that
   * recorded the newest migration in supabase_migrations.schema_migrations (migrate.ts runs each
   * migration and its record in one transaction, as the CLI does).
   */
  it('covers every public table and view and every bucket the migrations create', async () => {
    const versions = readdirSync(new URL('../migrations/', import.meta.url))
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.split('_')[0]!);
    const created = async (sql: string) =>
      (
        await db.query<{ name: string }>(
          `with migrated as (
             select max(xmin::text::bigint) as xid from supabase_migrations.schema_migrations where version = any($1)
           ) ${sql}`,
          [versions],
        )
      ).rows.map((row) => row.name);
    const relations = await created(
      `select c.relname as name from pg_catalog.pg_class c
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace, migrated
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm') and c.xmin::text::bigint <= migrated.xid`,
    );
    const buckets = await created(
      'select b.id as name from storage.buckets b, migrated where b.xmin::text::bigint <= migrated.xid',
    );
    expect(relations).toContain('appointments');
    expect(buckets).toContain('avatars');
    const subjects = MATRIX.map(([subject]) => subject);
    const covered = (name: string) => subjects.some((subject) => subject.split(' ')[0] === name);
    expect(relations.filter((name) => !covered(name)).sort()).toEqual([]);
    const coveredBucket = (bucket: string) =>
      subjects.some((subject) => subject.startsWith(`storage ${bucket} `));
    expect(buckets.filter((bucket) => !coveredBucket(bucket)).sort()).toEqual([]);
  });

  for (const [subject, op, allowed] of MATRIX) {
    it(`${subject} · ${op}: ${allowed}`, async () => {
      const expected = Object.fromEntries(ACTORS.map((actor, i) => [actor, allowed[i] === 'y']));
      const actual: Record<string, boolean> = {};
      for (const actor of ACTORS) actual[actor] = await check(subject, op, actor);
      expect(actual).toEqual(expected);
    });
  }
});
