import { REALTIME_SUBSCRIBE_STATES, type SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '../database.types.ts';

/** What to watch: one patient's whole record, or one visit's. */
export type RecordScope = { patient_id: string } | { appointment_id: string };

/** The tables whose new rows a patient reads (their publication: the consultation record migration). */
const TABLES = ['visit_summary_versions', 'prescriptions'] as const;

/**
 * Calls `onChange` when a summary is finalised or a prescription is issued or cancelled within
 * `scope`, and whenever the subscription (re)starts (changes meanwhile were missed). Realtime
 * delivers only rows the subscriber may read under RLS. Returns the function that stops it.
 * @example const stop = watchRecord(supabase, { patient_id: me }, () => void history.load());
 */
export function watchRecord(
  client: SupabaseClient<Database>,
  scope: RecordScope,
  onChange: () => void,
): () => void {
  const [column, value] = Object.entries(scope)[0] as [string, string];
  let channel = client.channel(`record:${column}:${value}`);
  for (const table of TABLES) {
    channel = channel.on(
      'postgres_changes',
      { event: '*', schema: 'public', table, filter: `${column}=eq.${value}` },
      () => onChange(),
    );
  }
  // Also on the first subscription: a change between the page's read and this moment would
  // otherwise be missed.
  channel.subscribe((status) => {
    if (status === REALTIME_SUBSCRIBE_STATES.SUBSCRIBED) onChange();
  });
  return () => void client.removeChannel(channel);
}
