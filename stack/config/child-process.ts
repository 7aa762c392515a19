import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ChildSpec {
  /** Service name used in reports ("postgres", "rest", "functions:book-appointment"). */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  logFile: string;
  /** Signal the child receives when this process dies, even by SIGKILL (no orphans). */
  deathSignal: 'TERM' | 'INT';
  user?: { uid: number; gid: number };
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or signal) when the child ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Last lines the child wrote, for error reports. */
  tail(): string;
}

/**
 * Starts a child under `setpriv --pdeathsig`, so the kernel signals it if the stack process
 * is killed outright; output goes to its log file and a short in-memory tail.
 */
export function startChild(spec: ChildSpec): Child {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child = spawn('setpriv', [`--pdeathsig=${spec.deathSignal}`, '--', spec.command, ...spec.args], {
    env: spec.env,
    cwd: spec.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: spec.user?.uid,
    gid: spec.user?.gid,
  });
  const lines: string[] = [];
  const record = (chunk: Buffer) => {
    log.write(chunk);
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('error', (error) => {
      lines.push(error.message);
      done({ code: -1, signal: null });
    });
    child.once('exit', (code, signal) => {
      log.end();
      done({ code, signal });
    });
  });
  return { name: spec.name, process: child, exited, tail: () => lines.slice(-12).join('\n') };
}

/** Sends `signal`, waits up to `graceMs`, then kills. Resolves once the child is gone. */
export async function stopChild(child: Child, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill(signal);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}
