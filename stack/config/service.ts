import type { InstancePaths } from './instance.ts';
import type { ProjectConfig } from './project.ts';

/**
 * What the stack hands a Node service (auth, realtime, storage) at start. Each service
 * listens on its own unix socket; the gateway routes to it.
 */
export interface ServiceContext {
  /** Unix socket to listen on (HTTP and, for realtime, WebSocket upgrades). */
  socket: string;
  apiPort: number;
  dbPort: number;
  /** Port of the local mail outbox (the CLI's Mailpit on 54324); used by auth. */
  mailPort: number;
  dataDir: string;
  paths: InstancePaths;
  supabaseDir: string;
  project: ProjectConfig;
  /** Writes a line to the stack's log. */
  log(line: string): void;
}

export interface RunningService {
  stop(): Promise<void>;
}

/** The contract of `stack/<service>/index.ts`. */
export type StartService = (context: ServiceContext) => Promise<RunningService>;
