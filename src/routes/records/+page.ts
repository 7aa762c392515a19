import { error } from '@sveltejs/kit';
import { requireUser } from '#lib/auth/guard.ts';
import { recordCopy } from '#lib/record/copy.ts';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url }) => {
  const session = await requireUser(url, 'patient');
  const me = session.user!.id;
  const [documents, visits] = await Promise.all([
    supabase
      .from('documents')
      .select('id, title, kind, storage_path, created_at, document_shares(doctor_id)')
      .eq('patient_id', me)
      .order('created_at', { ascending: false }),
    supabase
      .from('appointments')
      .select('doctor_id, doctor:doctors(profile:profiles(full_name))')
      .eq('patient_id', me)
      .in('status', ['pending', 'scheduled', 'completed']),
  ]);
  if (documents.error || visits.error) error(503, recordCopy.documents.failed);
  // One entry per doctor the patient is seeing: the ones a document can be shared with.
  const doctors = new Map<string, string>();
  for (const visit of visits.data) doctors.set(visit.doctor_id, visit.doctor?.profile?.full_name ?? '');
  return {
    patientId: me,
    documents: documents.data,
    doctors: [...doctors].map(([id, name]) => ({ id, name })),
  };
};
