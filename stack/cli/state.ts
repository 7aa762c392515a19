import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** What a running stack records in `<data-dir>/stack.json` for `status` and `stop`. */
export interface StackState {
  pid: number;
  phase: 'starting' | 'running';
  apiPort: number;
  dbPort: number;
  mailPort: number;
  dataDir: string;
  supabaseDir: string;
  startedAt: string;
  sockets: Record<string, string>;
}

export function readState(file: string): StackState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export function writeState(file: string, state: StackState): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function clearState(file: string): void {
  rmSync(file, { force: true });
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its parent) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

/** The state of a stack whose process is still alive, or undefined (stale files are ignored). */
export function liveState(file: string): StackState | undefined {
  const state = readState(file);
  return state && isAlive(state.pid) ? state : undefined;
}
