// Token verification cost, ES256 user tokens (what Auth issues) against HS256 legacy tokens:
// in-process through stack/config/jwt.ts, and per request through the gateway to a service
// that verifies in this stack's code (Storage) and to PostgREST (its own JWKS verification).
// Sequential requests on one keep-alive connection, after a warm-up.
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signJwt, signUserJwt, verifyJwt } from '../stack/config/jwt.ts';
import { JWT_SECRET, PUBLISHABLE_KEY } from '../stack/config/keys.ts';
import { runCli, testStackOptions } from '../tests/helpers/stack.ts';
import { percentile, round } from './lib.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const VERIFICATIONS = 5000;

function gatewayTimer(port: number, path: string, token: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { apikey: PUBLISHABLE_KEY, authorization: `Bearer ${token}` };
  const once = () =>
    new Promise<number>((done, fail) => {
      const started = performance.now();
      const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
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
    return samples;
  };
}

async function verifySamples(token: string): Promise<number[]> {
  for (let i = 0; i < 500; i++) await verifyJwt(token);
  const samples: number[] = [];
  for (let i = 0; i < VERIFICATIONS; i++) {
    const started = performance.now();
    const result = await verifyJwt(token);
    samples.push(performance.now() - started);
    if (!result.ok) throw new Error(`token refused: ${result.reason}`);
  }
  return samples;
}

export async function benchJwt(): Promise<Record<string, string | number>[]> {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: randomUUID(),
    role: 'authenticated',
    aud: 'authenticated',
    iat: now,
    exp: now + 3600,
  };
  const tokens = { HS256: await signJwt(claims, JWT_SECRET), ES256: await signUserJwt(claims) };
  const rows: Record<string, string | number>[] = [];
  for (const [alg, token] of Object.entries(tokens)) {
    const samples = await verifySamples(token);
    rows.push({
      what: `verifyJwt in-process, ${alg}`,
      p50_ms: round(percentile(samples, 50), 4),
      p99_ms: round(percentile(samples, 99), 4),
    });
  }
  const stack = await testStackOptions(join(import.meta.dirname, '..', 'supabase'));
  const started = await runCli(['start', ...stack.flags]);
  if (started.code !== 0) throw new Error(started.stderr);
  try {
    for (const [label, path] of [
      ['Storage GET /bucket', '/storage/v1/bucket'],
      ['PostgREST GET /doctors', '/rest/v1/doctors?select=id&limit=1'],
    ] as const) {
      for (const [alg, token] of Object.entries(tokens)) {
        const timer = gatewayTimer(stack.apiPort, path, token);
        await timer(100);
        const samples = await timer(REQUESTS);
        rows.push({
          what: `${label} via gateway, ${alg}`,
          p50_ms: round(percentile(samples, 50), 3),
          p99_ms: round(percentile(samples, 99), 3),
        });
      }
    }
    return rows;
  } finally {
    await runCli(['stop', ...stack.flags]);
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) console.table(await benchJwt());
