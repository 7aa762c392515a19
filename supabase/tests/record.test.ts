import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../tests/helpers/clients.ts';
import { as, createAppointment, createUser } from './fixtures.ts';

/** A small real PDF, and the start of a Windows executable. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(128, 0)]);
const file = (bytes: Buffer, type: string) => new Blob([new Uint8Array(bytes)], { type });

/** The consultation record (issue #20): summaries, prescriptions, documents, chart and history. */
describe('consultation record', () => {
  let db: pg.Client;
  let patient = '';
  let otherPatient = '';
  let doctor = '';
  let otherDoctor = '';
  let admin = '';
  let visit = '';
  let pendingVisit = '';

  const count = async (sql: string, params: unknown[]) =>
    (await db.query<{ n: number }>(sql, params)).rows[0]!.n;

  beforeAll(async () => {
    db = await database();
    patient = await createUser(db, 'patient');
    otherPatient = await createUser(db, 'patient');
    doctor = await createUser(db, 'doctor', { full_name: 'Dr Record Keeper' });
    otherDoctor = await createUser(db, 'doctor');
    admin = await createUser(db, 'admin');
    visit = await createAppointment(db, { doctor, patient, startsInHours: -2, status: 'completed' });
    pendingVisit = await createAppointment(db, { doctor, patient, startsInHours: 50, status: 'pending' });
    // The other doctor has a patient of their own, not this one.
    await createAppointment(db, { doctor: otherDoctor, patient: otherPatient, startsInHours: 20 });
    await db.query(
      `insert into public.doctor_licences (doctor_id, registration_number, issuing_authority, country, year_licensed, document_path)
       values ($1::uuid, 'GMC 7000002', 'General Medical Council', 'GB', 2012, $1::text || '/licence.pdf')`,
      [doctor],
    );
  });
  afterAll(async () => {
    await db.end();
  });

  describe('visit summaries', () => {
    const summary = {
      complaint: 'Headache for three days',
      findings: 'Normal neurological exam',
      assessment: 'Tension-type headache',
      plan: 'Rest, fluids, paracetamol',
      follow_up: 'Come back if it lasts another week',
    };

    it('a draft is the doctor’s alone; finalising shares it; an edit is a new version, the old one kept', async () => {
      const draft = await as(doctor).rpc('save_summary_draft', { appointment_id: visit, ...summary });
      expect(draft.error).toBeNull();
      expect((await as(patient).from('visit_summary_drafts').select('*')).data).toEqual([]);
      expect(
        (await as(patient).from('visit_summary_versions').select('*').eq('appointment_id', visit)).data,
      ).toEqual([]);

      const first = await as(doctor).rpc('finalise_summary', { appointment_id: visit });
      expect(first.error).toBeNull();
      expect(first.data).toMatchObject({ version: 1, patient_id: patient, doctor_id: doctor, ...summary });
      expect(
        await count('select count(*)::int as n from public.visit_summary_drafts where appointment_id = $1', [
          visit,
        ]),
      ).toBe(0);

      await as(doctor).rpc('save_summary_draft', {
        appointment_id: visit,
        ...summary,
        plan: 'Ibuprofen instead',
      });
      const seenBeforeSecond = await as(patient)
        .from('visit_summary_versions')
        .select('version, plan')
        .eq('appointment_id', visit);
      expect(seenBeforeSecond.data).toEqual([{ version: 1, plan: summary.plan }]);
      expect((await as(doctor).rpc('finalise_summary', { appointment_id: visit })).error).toBeNull();

      const versions = await as(patient)
        .from('visit_summary_versions')
        .select('version, plan')
        .eq('appointment_id', visit)
        .order('version');
      expect(versions.data).toEqual([
        { version: 1, plan: summary.plan },
        { version: 2, plan: 'Ibuprofen instead' },
      ]);
    });

    it('nobody rewrites or deletes a version: not the API roles, not the database owner', async () => {
      for (const user of [doctor, patient]) {
        const update = await as(user)
          .from('visit_summary_versions')
          .update({ plan: 'rewritten' })
          .eq('appointment_id', visit)
          .select('id');
        expect(update.error?.code).toBe('42501');
        const remove = await as(user)
          .from('visit_summary_versions')
          .delete()
          .eq('appointment_id', visit)
          .select('id');
        expect(remove.error?.code).toBe('42501');
      }
      await expect(
        db.query(`update public.visit_summary_versions set plan = 'x' where appointment_id = $1`, [visit]),
      ).rejects.toThrow(/cannot be changed or deleted/);
      await expect(
        db.query(`delete from public.visit_summary_versions where appointment_id = $1`, [visit]),
      ).rejects.toThrow(/cannot be changed or deleted/);
      await expect(db.query('truncate public.visit_summary_versions')).rejects.toThrow(
        /cannot be changed or deleted/,
      );
      expect(
        await count(
          'select count(*)::int as n from public.visit_summary_versions where appointment_id = $1',
          [visit],
        ),
      ).toBe(2);
    });

    it('a summary over the length limit is refused with a sentence naming the part, and nothing is saved', async () => {
      const other = await createAppointment(db, { doctor, patient, startsInHours: -30, status: 'completed' });
      const { error, status } = await as(doctor).rpc('save_summary_draft', {
        appointment_id: other,
        complaint: 'ok',
        findings: 'x'.repeat(4001),
      });
      expect(status).toBe(400);
      expect(error).toMatchObject({ code: '22023', hint: 'invalid_input' });
      expect(error?.message).toBe('Keep the findings under 4000 characters (it has 4001).');
      expect(
        await count('select count(*)::int as n from public.visit_summary_drafts where appointment_id = $1', [
          other,
        ]),
      ).toBe(0);
    });

    it('finalising someone else’s visit is refused: another doctor, the patient, anon; an empty or a pending visit too', async () => {
      await as(doctor).rpc('save_summary_draft', { appointment_id: visit, complaint: 'pending change' });
      const stranger = await as(otherDoctor).rpc('finalise_summary', { appointment_id: visit });
      expect(stranger.status).toBe(404);
      expect(stranger.error).toMatchObject({
        code: 'PT404',
        hint: 'not_found',
        message: 'Appointment not found.',
      });
      const own = await as(patient).rpc('finalise_summary', { appointment_id: visit });
      expect(own.status).toBe(403);
      expect(own.error).toMatchObject({
        hint: 'not_allowed',
        message: 'Only the doctor of this visit can write its record.',
      });
      const anon = await as(null).rpc('finalise_summary', { appointment_id: visit });
      expect(anon.error?.code).toBe('42501');
      const draftByStranger = await as(otherDoctor).rpc('save_summary_draft', {
        appointment_id: visit,
        plan: 'mine now',
      });
      expect(draftByStranger.error?.hint).toBe('not_found');
      const pending = await as(doctor).rpc('save_summary_draft', {
        appointment_id: pendingVisit,
        plan: 'early',
      });
      expect(pending.error).toMatchObject({ code: 'PT409', hint: 'invalid_transition' });
      const empty = await createAppointment(db, { doctor, patient, startsInHours: -40, status: 'completed' });
      await as(doctor).rpc('save_summary_draft', { appointment_id: empty });
      const blank = await as(doctor).rpc('finalise_summary', { appointment_id: empty });
      expect(blank.error).toMatchObject({
        code: '22023',
        message: 'The summary is empty; write at least one part before finalising.',
      });
      expect(
        await count(
          'select count(*)::int as n from public.visit_summary_versions where appointment_id = any($1)',
          [[visit, empty]],
        ),
      ).toBe(2);
      expect(
        await count(
          `select count(*)::int as n from public.visit_summary_drafts where appointment_id = $1 and plan = 'mine now'`,
          [visit],
        ),
      ).toBe(0);
    });
  });

  describe('prescriptions', () => {
    const amoxicillin = {
      medication: 'Amoxicillin',
      strength: '500 mg',
      form: 'capsule',
      dose: '1 capsule',
      frequency: 'three times a day',
      duration_days: 7,
      quantity: 21,
      instructions: 'Take with food',
    };

    it('the visit’s doctor issues one with a unique id and the prescriber’s name and licence; the patient reads it', async () => {
      const { data, error } = await as(doctor).rpc('issue_prescription', {
        appointment_id: visit,
        ...amoxicillin,
      });
      expect(error).toBeNull();
      expect(data).toMatchObject({
        ...amoxicillin,
        patient_id: patient,
        doctor_id: doctor,
        prescriber_name: 'Dr Record Keeper',
        prescriber_licence: 'GMC 7000002, General Medical Council (GB)',
        cancelled_at: null,
      });
      expect(data!.code).toMatch(/^RX-[0-9A-F]{4}-[0-9A-F]{4}$/);
      const second = await as(doctor).rpc('issue_prescription', { appointment_id: visit, ...amoxicillin });
      expect(second.data!.code).not.toBe(data!.code);
      const seen = await as(patient).from('prescriptions').select('code').eq('id', data!.id);
      expect(seen.data).toEqual([{ code: data!.code }]);
      expect((await as(otherDoctor).from('prescriptions').select('id').eq('id', data!.id)).data).toEqual([]);
      expect((await as(admin).from('prescriptions').select('id').eq('id', data!.id)).data).toEqual([]);
    });

    it('a missing dose, a negative or zero duration, a zero quantity: each a sentence, nothing issued', async () => {
      const before = await count(
        'select count(*)::int as n from public.prescriptions where appointment_id = $1',
        [visit],
      );
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ dose: '' }, 'Please fill in the dose.'],
        [{ dose: null }, 'Please fill in the dose.'],
        [{ duration_days: -3 }, 'The duration must be a whole number of days from 1 to 365.'],
        [{ duration_days: 0 }, 'The duration must be a whole number of days from 1 to 365.'],
        [{ quantity: 0 }, 'The quantity must be a whole number from 1 to 1000.'],
        [{ medication: 'x'.repeat(201) }, 'Keep the medication under 200 characters (it has 201).'],
      ];
      for (const [change, message] of cases) {
        const { error, status } = await as(doctor).rpc('issue_prescription', {
          appointment_id: visit,
          ...amoxicillin,
          ...change,
        });
        expect(status).toBe(400);
        expect(error).toMatchObject({ code: '22023', hint: 'invalid_input', message });
      }
      expect(
        await count('select count(*)::int as n from public.prescriptions where appointment_id = $1', [visit]),
      ).toBe(before);
    });

    it('only the visit’s doctor prescribes on it', async () => {
      const stranger = await as(otherDoctor).rpc('issue_prescription', {
        appointment_id: visit,
        ...amoxicillin,
      });
      expect(stranger.error?.hint).toBe('not_found');
      const self = await as(patient).rpc('issue_prescription', { appointment_id: visit, ...amoxicillin });
      expect(self.error?.hint).toBe('not_allowed');
      const direct = await as(doctor)
        .from('prescriptions')
        .insert({
          ...amoxicillin,
          code: 'RX-0000-0000',
          appointment_id: visit,
          doctor_id: doctor,
          patient_id: patient,
          prescriber_name: 'Dr Forged',
        });
      expect(direct.error?.code).toBe('42501');
    });

    it('is cancelled by its prescriber with a reason, once, and never deleted or rewritten', async () => {
      const issued = (await as(doctor).rpc('issue_prescription', { appointment_id: visit, ...amoxicillin }))
        .data!;
      const byPatient = await as(patient).rpc('cancel_prescription', {
        prescription_id: issued.id,
        reason: 'I do not want it',
      });
      expect(byPatient.error).toMatchObject({
        hint: 'not_allowed',
        message: 'Only the prescriber can cancel a prescription.',
      });
      const byStranger = await as(otherDoctor).rpc('cancel_prescription', {
        prescription_id: issued.id,
        reason: 'Not mine',
      });
      expect(byStranger.error?.hint).toBe('not_found');
      const noReason = await as(doctor).rpc('cancel_prescription', {
        prescription_id: issued.id,
        reason: ' ',
      });
      expect(noReason.error).toMatchObject({
        code: '22023',
        message: 'Please give a reason (at least 3 characters).',
      });

      const cancelled = await as(doctor).rpc('cancel_prescription', {
        prescription_id: issued.id,
        reason: 'Allergy reported',
      });
      expect(cancelled.data).toMatchObject({ cancellation_reason: 'Allergy reported', cancelled_by: doctor });
      const again = await as(doctor).rpc('cancel_prescription', {
        prescription_id: issued.id,
        reason: 'Twice',
      });
      expect(again.error).toMatchObject({ code: 'PT409', hint: 'invalid_transition' });

      const rewrite = await as(doctor)
        .from('prescriptions')
        .update({ cancellation_reason: 'other' })
        .eq('id', issued.id)
        .select('id');
      expect(rewrite.error?.code).toBe('42501');
      await expect(
        db.query(`update public.prescriptions set dose = '2 capsules' where id = $1`, [issued.id]),
      ).rejects.toThrow(/cannot be changed after it is issued/);
      await expect(db.query(`delete from public.prescriptions where id = $1`, [issued.id])).rejects.toThrow(
        /never deleted/,
      );
      const kept = await as(patient)
        .from('prescriptions')
        .select('dose, cancellation_reason')
        .eq('id', issued.id);
      expect(kept.data).toEqual([{ dose: '1 capsule', cancellation_reason: 'Allergy reported' }]);
    });
  });

  describe('documents', () => {
    const bucket = (user: string | null) => as(user).storage.from('medical-documents');
    let labPath = '';
    let labId = '';

    beforeAll(async () => {
      labPath = `${patient}/${randomUUID()}.pdf`;
      expect((await bucket(patient).upload(labPath, file(PDF, 'application/pdf'))).error).toBeNull();
      const registered = await as(patient).rpc('register_document', {
        storage_path: labPath,
        title: 'Blood test March',
        kind: 'lab_result',
      });
      expect(registered.error).toBeNull();
      expect(registered.data).toMatchObject({
        patient_id: patient,
        uploaded_by: patient,
        mime_type: 'application/pdf',
        size_bytes: PDF.length,
      });
      labId = registered.data!.id;
    });

    it('a 21 MB file or an .exe is refused by the bucket, and nothing is stored', async () => {
      const big = `${patient}/${randomUUID()}.pdf`;
      const tooBig = await bucket(patient).upload(
        big,
        file(Buffer.alloc(21 * 1024 * 1024, 32), 'application/pdf'),
      );
      expect(tooBig.error).toMatchObject({ statusCode: '413' });
      const exe = `${patient}/${randomUUID()}.exe`;
      const program = await bucket(patient).upload(exe, file(EXE, 'application/x-msdownload'));
      expect(program.error).toMatchObject({ statusCode: '415' });
      expect(
        await count('select count(*)::int as n from storage.objects where name = any($1)', [[big, exe]]),
      ).toBe(0);
    });

    it('nobody uploads into a patient’s folder but the patient and their visit’s doctor', async () => {
      const intoOther = await bucket(otherPatient).upload(
        `${patient}/${randomUUID()}.pdf`,
        file(PDF, 'application/pdf'),
      );
      expect(intoOther.error).toMatchObject({ statusCode: '403' });
      const strangerLetter = await bucket(otherDoctor).upload(
        `${patient}/${visit}/${randomUUID()}.pdf`,
        file(PDF, 'application/pdf'),
      );
      expect(strangerLetter.error).toMatchObject({ statusCode: '403' });
      const anon = await bucket(null).upload(`${patient}/${randomUUID()}.pdf`, file(PDF, 'application/pdf'));
      expect(anon.error).not.toBeNull();
    });

    it('a share goes only to a doctor in the patient’s care, with a clear refusal otherwise', async () => {
      const toPatient = await as(patient)
        .from('document_shares')
        .insert({ document_id: labId, doctor_id: otherPatient });
      expect(toPatient.error).toMatchObject({
        code: '22023',
        message: 'A document can be shared only with a doctor.',
      });
      const toStranger = await as(patient)
        .from('document_shares')
        .insert({ document_id: labId, doctor_id: otherDoctor });
      expect(toStranger.error).toMatchObject({
        code: '42501',
        hint: 'not_in_care',
        message: 'You can share a document only with a doctor you have an appointment with.',
      });
      const byOther = await as(otherPatient)
        .from('document_shares')
        .insert({ document_id: labId, doctor_id: doctor });
      expect(byOther.error).toMatchObject({
        hint: 'not_allowed',
        message: 'Only the patient can share their own document.',
      });
      expect(
        await count('select count(*)::int as n from public.document_shares where document_id = $1', [labId]),
      ).toBe(0);

      expect((await as(doctor).from('documents').select('id').eq('id', labId)).data).toEqual([]);
      expect((await bucket(doctor).createSignedUrl(labPath, 60)).error).not.toBeNull();
      expect(
        (await as(patient).from('document_shares').insert({ document_id: labId, doctor_id: doctor })).error,
      ).toBeNull();
      expect((await as(doctor).from('documents').select('id').eq('id', labId)).data).toEqual([{ id: labId }]);
      const signed = await bucket(doctor).createSignedUrl(labPath, 60);
      expect(signed.error).toBeNull();
      const download = await fetch(signed.data!.signedUrl);
      expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);
    });

    it('the other doctor, the other patient, anon and the admin get nothing, by id, embed or signed URL', async () => {
      for (const user of [otherDoctor, otherPatient, admin, null]) {
        expect((await as(user).from('documents').select('id').eq('id', labId)).data ?? []).toEqual([]);
        expect(
          (await as(user).from('document_shares').select('doctor_id').eq('document_id', labId)).data ?? [],
        ).toEqual([]);
        const embed = await as(user).from('appointments').select('id, documents(id)').eq('id', visit);
        expect(JSON.stringify(embed.data ?? [])).not.toContain(labId);
        expect((await bucket(user).createSignedUrl(labPath, 60)).error).not.toBeNull();
        expect((await bucket(user).download(labPath)).error).not.toBeNull();
      }
    });

    it('a registered document cannot be removed from storage; an unregistered upload can', async () => {
      const removed = await bucket(patient).remove([labPath]);
      expect(removed.data ?? []).toEqual([]);
      expect(await count('select count(*)::int as n from storage.objects where name = $1', [labPath])).toBe(
        1,
      );
      const orphan = `${patient}/${randomUUID()}.pdf`;
      await bucket(patient).upload(orphan, file(PDF, 'application/pdf'));
      expect((await bucket(patient).remove([orphan])).data).toHaveLength(1);
    });

    it('a doctor attaches a letter to their visit, which the patient then reads; registering is checked', async () => {
      const letter = `${patient}/${visit}/${randomUUID()}.pdf`;
      expect((await bucket(doctor).upload(letter, file(PDF, 'application/pdf'))).error).toBeNull();
      const badKind = await as(doctor).rpc('register_document', {
        storage_path: letter,
        title: 'Referral',
        kind: 'selfie',
      });
      expect(badKind.error).toMatchObject({ code: '22023', hint: 'invalid_input' });
      const notMine = await as(otherDoctor).rpc('register_document', {
        storage_path: letter,
        title: 'Referral',
        kind: 'letter',
      });
      expect(notMine.error).toMatchObject({
        code: '22023',
        message: 'Upload the file before adding it to the record.',
      });
      const registered = await as(doctor).rpc('register_document', {
        storage_path: letter,
        title: 'Referral',
        kind: 'letter',
      });
      expect(registered.data).toMatchObject({
        patient_id: patient,
        uploaded_by: doctor,
        appointment_id: visit,
      });
      const twice = await as(doctor).rpc('register_document', {
        storage_path: letter,
        title: 'Referral',
        kind: 'letter',
      });
      expect(twice.error).toMatchObject({ code: 'PT409', message: 'This file is already on the record.' });
      expect(
        (await as(patient).from('documents').select('title').eq('id', registered.data!.id)).data,
      ).toEqual([{ title: 'Referral' }]);
      expect((await bucket(patient).createSignedUrl(letter, 60)).error).toBeNull();
      expect((await bucket(otherDoctor).createSignedUrl(letter, 60)).error).not.toBeNull();
    });
  });

  describe('the patient chart and the health history', () => {
    it('the doctor in care sees visits, summaries, prescriptions, notes, shared documents and the medical profile', async () => {
      await db.query(`update public.patients set allergies = 'Penicillin' where id = $1`, [patient]);
      await db.query(
        `insert into public.appointment_notes (appointment_id, doctor_id, body) values ($1, $2, 'private note')
        on conflict do nothing`,
        [visit, doctor],
      );
      const { data, error } = await as(doctor).rpc('patient_chart', { patient });
      expect(error).toBeNull();
      const chart = data as {
        patient: { id: string };
        medical_profile: { allergies: string };
        visits: Array<{ id: string; summaries: unknown[]; prescriptions: unknown[]; note: string | null }>;
        documents: Array<{ title: string }>;
      };
      expect(chart.patient.id).toBe(patient);
      expect(chart.medical_profile.allergies).toBe('Penicillin');
      const seen = chart.visits.find((v) => v.id === visit)!;
      expect(seen.summaries).toHaveLength(2);
      expect(seen.prescriptions.length).toBeGreaterThan(0);
      expect(seen.note).toBe('private note');
      expect(chart.documents.map((d) => d.title)).toEqual(
        expect.arrayContaining(['Blood test March', 'Referral']),
      );
    });

    it('a doctor who never saw the patient, the patient, anon and the admin are refused the chart', async () => {
      const stranger = await as(otherDoctor).rpc('patient_chart', { patient });
      expect(stranger.status).toBe(403);
      expect(stranger.error).toMatchObject({ code: '42501', hint: 'not_in_care' });
      expect(stranger.error?.message).toMatch(/^This patient is not in your care/);
      for (const user of [patient, admin, null]) {
        expect((await as(user).rpc('patient_chart', { patient })).error?.code).toBe('42501');
      }
    });

    it('the patient’s history has final summaries only, prescriptions, documents and a timeline; no private notes', async () => {
      await as(doctor).rpc('save_summary_draft', { appointment_id: visit, plan: 'draft nobody else reads' });
      const { data, error } = await as(patient).rpc('my_health_history');
      expect(error).toBeNull();
      const text = JSON.stringify(data);
      expect(text).not.toContain('draft nobody else reads');
      expect(text).not.toContain('private note');
      const history = data as {
        patient: { id: string; allergies: string };
        visits: Array<{ id: string; doctor_name: string; summaries: unknown[] }>;
        timeline: Array<{ type: string }>;
      };
      expect(history.patient).toMatchObject({ id: patient, allergies: 'Penicillin' });
      expect(history.visits.find((v) => v.id === visit)).toMatchObject({ doctor_name: 'Dr Record Keeper' });
      expect(new Set(history.timeline.map((entry) => entry.type))).toEqual(
        new Set(['visit', 'summary', 'prescription', 'document']),
      );
    });

    it('an export for another patient, or by a doctor or anon, is refused', async () => {
      const other = await as(patient).rpc('my_health_history', { patient: otherPatient });
      expect(other.status).toBe(403);
      expect(other.error).toMatchObject({
        code: '42501',
        message: 'You can export only your own health history.',
      });
      for (const user of [doctor, null]) {
        expect((await as(user).rpc('my_health_history')).error?.code).toBe('42501');
      }
    });
  });
});
