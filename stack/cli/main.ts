// `npm run stack -- start|stop|status|reset|prepare [--api-port N] [--db-port N] [--data-dir PATH]`
import { fork } from 'node:child_process';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { instancePaths, type StackOptions } from '../config/instance.ts';
import { stopStaleCluster } from '../postgres/cluster.ts';
import { parseArgs, toArgs, UsageError } from './args.ts';
import { statusTable } from './format.ts';
import { prepareFunctions } from './prepare.ts';
import { probeServices } from './probe.ts';
import { isAlive, liveState, readState, clearState } from './state.ts';
import { runStack } from './supervisor.ts';

const USAGE = `Usage: npm run stack -- <command> [options]

Commands:
  start     start the local Supabase stack (returns when every service answers)
  stop      stop it
  status    show URLs and keys; exits 0 only when every service answers
  reset     stop, delete the instance's data, and start fresh (migrations and seed again)
  prepare   download the Edge Functions' npm: and jsr: imports into Deno's cache

Options:
  --api-port N       API gateway port (default 54321)
  --db-port N        Postgres port (default 54322)
  --mail-port N      local mail outbox (default api-port + 3, i.e. 54324)
  --data-dir PATH    instance directory (default .stack/default)
  --supabase-dir P   Supabase project directory (default supabase)
  --foreground       with start: stay attached; Ctrl-C stops the stack`;

async function start(options: StackOptions, foreground: boolean): Promise<number> {
  const paths = instancePaths(options.dataDir);
  const running = liveState(paths.state);
  if (running) {
    console.log(`The stack is already ${running.phase} (data dir ${running.dataDir}, pid ${running.pid}).`);
    if (running.phase === 'running')
      console.log(`\n${statusTable(running.apiPort, running.dbPort, running.mailPort)}`);
    return 0;
  }
  if (foreground) return startForeground(options);
  mkdirSync(paths.logs, { recursive: true });
  const log = openSync(join(paths.logs, 'stack.log'), 'a');
  const daemon = fork(join(import.meta.dirname, 'daemon.ts'), toArgs(options), {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  const interrupt = () => {
    console.error('\nInterrupted; stopping the stack…');
    daemon.kill('SIGTERM');
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const code = await new Promise<number>((done) => {
    daemon.on('message', (message: { type: string; line?: string; message?: string }) => {
      if (message.type === 'progress') console.log(message.line);
      if (message.type === 'failed') console.error(`\nStart failed: ${message.message}\nLogs: ${paths.logs}`);
      if (message.type === 'ready') {
        console.log(
          `\nHealth-Connect local stack is running.\n\n${statusTable(options.apiPort, options.dbPort, options.mailPort)}`,
        );
        done(0);
      }
    });
    daemon.once('exit', () => done(1));
  });
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  if (code === 0) {
    daemon.disconnect();
    daemon.unref();
  }
  return code;
}

async function startForeground(options: StackOptions): Promise<number> {
  const stack = await runStack(options, { progress: (line) => console.log(line) });
  console.log(
    `\nHealth-Connect local stack is running. Press Ctrl-C to stop.\n\n${statusTable(options.apiPort, options.dbPort, options.mailPort)}`,
  );
  return new Promise<number>((done) => {
    const shutdown = () => {
      console.log('\nStopping…');
      void stack.stop().then(() => done(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    void stack.crashed.then((message) => {
      console.error(message);
      done(1);
    });
  });
}

async function stop(options: StackOptions): Promise<number> {
  const paths = instancePaths(options.dataDir);
  const state = readState(paths.state);
  if (!state || !isAlive(state.pid)) {
    clearState(paths.state);
    await stopStaleCluster(paths.pgData);
    console.log(`The stack is not running (data dir ${options.dataDir}).`);
    return 0;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  await stopStaleCluster(paths.pgData);
  clearState(paths.state);
  console.log('Stopped the stack.');
  return 0;
}

async function status(options: StackOptions): Promise<number> {
  const state = liveState(instancePaths(options.dataDir).state);
  if (!state) {
    console.log(`The stack is not running (data dir ${options.dataDir}).`);
    return 1;
  }
  const results = await probeServices(state);
  const width = Math.max(...results.map((r) => r.name.length));
  for (const result of results)
    console.log(
      `${result.name.padEnd(width)}  ${result.ok ? 'running' : `NOT ANSWERING${result.detail ? ` (${result.detail})` : ''}`}`,
    );
  console.log(`\n${statusTable(state.apiPort, state.dbPort, state.mailPort)}`);
  return results.every((r) => r.ok) ? 0 : 1;
}

async function main(): Promise<number> {
  const { command, options, foreground } = parseArgs(process.argv.slice(2));
  switch (command) {
    case 'start':
      return start(options, foreground);
    case 'stop':
      return stop(options);
    case 'status':
      return status(options);
    case 'reset':
      await stop(options);
      rmSync(options.dataDir, { recursive: true, force: true });
      console.log(`Deleted ${options.dataDir}.`);
      return start(options, foreground);
    case 'prepare':
      return prepareFunctions(options.supabaseDir);
    default:
      console.error(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
      return 2;
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof UsageError ? `${error.message}\n\n${USAGE}` : (error as Error).message);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
