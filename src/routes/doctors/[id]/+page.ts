import { error } from '@sveltejs/kit';
import { supabase } from '#lib/supabase.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params }) => {
  if (!/^[0-9a-f-]{36}$/i.test(params.id)) error(404, 'There is no doctor at this address.');
  const [doctor, reviews] = await Promise.all([
    supabase.from('doctor_directory').select('*').eq('id', params.id).maybeSingle(),
    supabase.rpc('doctor_reviews', { doctor: params.id, max_rows: 10 }),
  ]);
  if (doctor.error) error(503, 'The doctor could not be loaded. Check your connection and try again.');
  if (!doctor.data?.id) error(404, 'There is no doctor at this address.');
  return { doctor: { ...doctor.data, id: doctor.data.id }, reviews: reviews.data ?? [] };
};
