// REST read latency through the gateway versus straight to PostgREST's socket: the gateway's
// own overhead. Sequential requests on keep-alive connections, after a warm-up.
import { Agent, request } from 'node:http';
import pg from 'pg';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { instancePaths } from '../stack/config/instance.ts';
import { ANON_KEY, PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);

function timeRequests(options: {
  socketPath?: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
}) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((done, fail) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', agent, ...options }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? done(performance.now() - started)
            : fail(new Error(`HTTP ${res.statusCode}`)),
        );
      });
      req.on('error', fail);
      req.end();
    });
  return async (count: number) => {
    const samples: number[] = [];
    for (let i = 0; i < count; i++) samples.push(await once());
    agent.destroy();
    return samples;
  };
}

export async function benchRestLatency(): Promise<Record<string, number>> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  try {
    const db = new pg.Client({ connectionString: stack.dbUrl() });
    await db.connect();
    await db.query(`create table public.bench_items (id int primary key, name text not null);
      insert into public.bench_items select i, 'item ' || i from generate_series(1, 100) i;
      alter table public.bench_items enable row level security;
      create policy "readable" on public.bench_items for select using (true);`);
    await db.end();
    await new Promise((done) => setTimeout(done, 1500));
    const socket = join(instancePaths(stack.dataDir).run, 'rest.sock');
    const path = '/bench_items?select=id,name&order=id&limit=10';
    const body = { path, headers: { authorization: `Bearer ${ANON_KEY}`, 'accept-profile': 'public' } };
    const direct = timeRequests({ socketPath: socket, ...body });
    const gateway = timeRequests({
      port: stack.apiPort,
      path: `/rest/v1${path}`,
      headers: { apikey: PUBLISHABLE_KEY, 'accept-profile': 'public' },
    });
    await direct(200);
    await gateway(200);
    const d = await direct(REQUESTS);
    const g = await gateway(REQUESTS);
    return {
      requests: REQUESTS,
      direct_p50_ms: round(percentile(d, 50), 3),
      direct_p99_ms: round(percentile(d, 99), 3),
      gateway_p50_ms: round(percentile(g, 50), 3),
      gateway_p99_ms: round(percentile(g, 99), 3),
      overhead_p50_ms: round(percentile(g, 50) - percentile(d, 50), 3),
    };
  } finally {
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchRestLatency());
