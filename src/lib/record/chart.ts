import type { Json } from '../database.types.ts';

/** One document in a chart or history (documents_json in the record functions' migration). */
export interface ChartDocument {
  id: string;
  title: string;
  kind: string;
  storage_path: string;
  created_at: string;
}

export interface ChartVisit {
  id: string;
  starts_at: string;
  status: string;
  mode: string;
  summaries: Array<{ version: number; assessment: string; plan: string }>;
  prescriptions: Array<{ id: string; code: string; medication: string; strength: string }>;
}

/** What patient_chart returns, as the page reads it. */
export interface Chart {
  patient: { id: string; full_name: string };
  medical_profile: {
    allergies: string | null;
    blood_group: string | null;
    date_of_birth: string | null;
  } | null;
  visits: ChartVisit[];
  documents: ChartDocument[];
}

/** patient_chart's JSON, checked for the parts the page needs. */
export function chartOf(json: Json): Chart {
  const value = json as unknown as Partial<Chart> | null;
  if (!value?.patient || !Array.isArray(value.visits) || !Array.isArray(value.documents)) {
    throw new Error('patient_chart returned an unexpected shape');
  }
  return value as Chart;
}
