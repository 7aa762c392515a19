import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_DIR } from '../../stack/config/instance.ts';

export const CLI = join(REPO_DIR, 'stack', 'cli', 'main.ts');

/** A port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `stack/cli/main.ts` as a user would, with the same Node. */
export function runCli(
  args: string[],
  timeoutMs = 120_000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { timeout: timeoutMs, cwd: REPO_DIR, env },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export interface TestStack {
  apiUrl: string;
  apiPort: number;
  dbPort: number;
  mailPort: number;
  dataDir: string;
  supabaseDir: string;
  mailUrl: string;
  /** The CLI flags that address this instance. */
  flags: string[];
  /** Environment the stack starts with (config overrides, as `supabase start` reads them). */
  env: NodeJS.ProcessEnv;
  dbUrl(role?: string): string;
}

/**
 * Test runs sign up and sign in hundreds of times from 127.0.0.1 within minutes; config.toml's
 * per-IP limits are the hosted ones, so test stacks raise them the way the Supabase CLI lets any
 * config.toml key be overridden: `SUPABASE_` + its path (stack/config/project.ts). The
 * per-account sign-in back-off stays on.
 */
export const TEST_RATE_LIMITS: Record<string, string> = {
  SUPABASE_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: '1000000',
  SUPABASE_AUTH_RATE_LIMIT_TOKEN_REFRESH: '1000000',
  SUPABASE_AUTH_RATE_LIMIT_TOKEN_VERIFICATIONS: '1000000',
};

/** Picks free ports and a throwaway data dir for a stack serving `supabaseDir`. */
export async function testStackOptions(supabaseDir = join(REPO_DIR, 'supabase')): Promise<TestStack> {
  const apiPort = await freePort();
  let dbPort = await freePort();
  while (dbPort === apiPort) dbPort = await freePort();
  let mailPort = await freePort();
  while (mailPort === apiPort || mailPort === dbPort) mailPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hc-test-'));
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`,
    apiPort,
    dbPort,
    mailPort,
    dataDir,
    supabaseDir,
    flags: [
      '--api-port',
      String(apiPort),
      '--db-port',
      String(dbPort),
      '--mail-port',
      String(mailPort),
      '--data-dir',
      dataDir,
      '--supabase-dir',
      supabaseDir,
    ],
    env: { ...process.env, ...TEST_RATE_LIMITS },
    mailUrl: `http://127.0.0.1:${mailPort}`,
    dbUrl: (role = 'postgres') => `postgresql://${role}:postgres@127.0.0.1:${dbPort}/postgres`,
  };
}

/** Starts a stack and fails loudly with the CLI's output if it does not come up. */
export async function startStack(stack: TestStack): Promise<CliResult> {
  const result = await runCli(['start', ...stack.flags], undefined, stack.env);
  if (result.code !== 0)
    throw new Error(`stack start failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

export async function stopStack(stack: TestStack): Promise<void> {
  await runCli(['stop', ...stack.flags]);
}
