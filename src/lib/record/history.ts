import type { Json } from '../database.types.ts';
import type { Prescription } from './prescription.ts';
import type { SummaryVersion } from './summary.ts';

/** One visit in the patient's history (visit_json in the record functions' migration). */
export interface HistoryVisit {
  id: string;
  starts_at: string;
  status: string;
  mode: string;
  doctor_id: string;
  doctor_name: string | null;
  summaries: SummaryVersion[];
  prescriptions: Prescription[];
}

/** One document in the history (documents_json), with the doctors it is shared with. */
export interface HistoryDocument {
  id: string;
  title: string;
  kind: string;
  storage_path: string;
  created_at: string;
  shared_with: string[];
}

/** What my_health_history returns, as /records reads it; the export keeps all of it. */
export interface HealthHistory {
  exported_at: string;
  patient: { id: string; full_name: string } | null;
  visits: HistoryVisit[];
  documents: HistoryDocument[];
  timeline: Json[];
}

/** my_health_history's JSON, checked for the parts the page needs. */
export function historyOf(json: Json): HealthHistory {
  const value = json as unknown as Partial<HealthHistory> | null;
  if (!value || !Array.isArray(value.visits) || !Array.isArray(value.documents)) {
    throw new Error('my_health_history returned an unexpected shape');
  }
  return value as HealthHistory;
}

/** The statuses with which a doctor shares care with the patient: the ones a document can go to. */
const IN_CARE = ['pending', 'scheduled', 'completed'];

/** The patient's doctors, once each, from their visits (newest first). */
export function doctorsOf(history: HealthHistory): Array<{ id: string; name: string }> {
  const doctors = new Map<string, string>();
  for (const visit of history.visits) {
    if (IN_CARE.includes(visit.status) && !doctors.has(visit.doctor_id)) {
      doctors.set(visit.doctor_id, visit.doctor_name ?? '');
    }
  }
  return [...doctors].map(([id, name]) => ({ id, name }));
}

/** The visits that have something to read: a final summary or a prescription. */
export function visitsWithRecord(history: HealthHistory): HistoryVisit[] {
  return history.visits.filter((visit) => visit.summaries.length > 0 || visit.prescriptions.length > 0);
}
