// Auth latency: sign-up, password sign-in and refresh p50/p99 (sequential), and 100 concurrent
// sign-ins: throughput overall and per core (bcrypt cost 10 is the bound, by design).
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';

const PASSWORD = 'correct-horse-battery';

export async function benchAuth(): Promise<Record<string, number>> {
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  const call = async (path: string, body: unknown) => {
    const t = performance.now();
    const res = await fetch(`${stack.apiUrl}/auth/v1${path}`, {
      method: 'POST',
      headers: {
        apikey: PUBLISHABLE_KEY,
        'content-type': 'application/json',
        'x-supabase-api-version': '2024-01-01',
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { refresh_token?: string };
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    return { ms: performance.now() - t, json };
  };
  try {
    const signUps: number[] = [];
    const signIns: number[] = [];
    const refreshes: number[] = [];
    for (let i = 0; i < 40; i++) {
      const email = `bench-${i}@example.test`;
      signUps.push(
        (await call('/signup', { email, password: PASSWORD, data: { role: 'patient', full_name: 'Bench' } }))
          .ms,
      );
      const signIn = await call('/token?grant_type=password', { email, password: PASSWORD });
      signIns.push(signIn.ms);
      refreshes.push(
        (await call('/token?grant_type=refresh_token', { refresh_token: signIn.json.refresh_token })).ms,
      );
    }
    const t = performance.now();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call('/token?grant_type=password', { email: `bench-${i % 40}@example.test`, password: PASSWORD }),
      ),
    );
    const seconds = (performance.now() - t) / 1000;
    return {
      signup_p50_ms: round(percentile(signUps, 50), 1),
      signup_p99_ms: round(percentile(signUps, 99), 1),
      signin_p50_ms: round(percentile(signIns, 50), 1),
      signin_p99_ms: round(percentile(signIns, 99), 1),
      refresh_p50_ms: round(percentile(refreshes, 50), 1),
      refresh_p99_ms: round(percentile(refreshes, 99), 1),
      concurrent_signins_per_s: round(100 / seconds, 1),
      concurrent_signins_per_s_per_core: round(100 / seconds / availableParallelism(), 1),
    };
  } finally {
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchAuth());
