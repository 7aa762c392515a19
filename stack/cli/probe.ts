import { request } from 'node:http';
import pg from 'pg';
import { ANON_KEY } from '../config/keys.ts';
import { probeRest } from '../rest/index.ts';
import type { StackState } from './state.ts';

export interface Probe {
  name: string;
  ok: boolean;
  detail?: string;
}

function httpStatus(options: {
  socketPath?: string;
  port?: number;
  path: string;
  headers?: Record<string, string>;
}) {
  return new Promise<number>((done) => {
    const req = request({ host: '127.0.0.1', timeout: 2000, ...options }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function probeDatabase(port: number): Promise<Probe> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return { name: 'postgres', ok: true };
  } catch (error) {
    return { name: 'postgres', ok: false, detail: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Asks every service of a running stack whether it answers. */
export async function probeServices(state: StackState): Promise<Probe[]> {
  const [database, rest, functions, gateway] = await Promise.all([
    probeDatabase(state.dbPort),
    probeRest(state.sockets.rest ?? ''),
    httpStatus({ socketPath: state.sockets.functions, path: '/_internal/health' }),
    httpStatus({ port: state.apiPort, path: '/rest/v1/', headers: { apikey: ANON_KEY } }),
  ]);
  return [
    database,
    { name: 'rest', ok: rest },
    { name: 'functions', ok: functions === 200 },
    { name: 'gateway', ok: gateway === 200, detail: gateway ? `HTTP ${gateway}` : 'no answer' },
  ];
}
