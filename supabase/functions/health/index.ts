// GET /functions/v1/health — is the API reachable from Edge Functions? Public (verify_jwt = false).
import { z } from 'npm:zod@4';

const Query = z.object({ verbose: z.enum(['true', 'false']).default('false') });

Deno.serve(async (req) => {
  const query = Query.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!query.success) {
    return Response.json({ error: 'verbose must be true or false' }, { status: 422 });
  }
  const started = performance.now();
  const url = Deno.env.get('SUPABASE_URL');
  const key = Deno.env.get('SUPABASE_ANON_KEY');
  let api = 'unreachable';
  try {
    const res = await fetch(`${url}/rest/v1/`, { headers: { apikey: key ?? '' } });
    await res.body?.cancel();
    api = res.ok ? 'ok' : `http ${res.status}`;
  } catch {
    // Reported below as unreachable.
  }
  const body: Record<string, unknown> = { status: api === 'ok' ? 'ok' : 'degraded', api };
  if (query.data.verbose === 'true') body.latency_ms = Math.round(performance.now() - started);
  return Response.json(body, { status: api === 'ok' ? 200 : 503 });
});
